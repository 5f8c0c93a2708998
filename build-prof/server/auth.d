build-prof/server/auth.o: server/auth.c server/auth.h server/error.h \
 client/catalog.h server/util.h
server/auth.h:
server/error.h:
client/catalog.h:
server/util.h:
