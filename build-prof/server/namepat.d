build-prof/server/namepat.o: server/namepat.c server/namepat.h \
 server/error.h client/catalog.h server/util.h
server/namepat.h:
server/error.h:
client/catalog.h:
server/util.h:
