build-prof/server/token.o: server/token.c server/token.h server/error.h \
 client/catalog.h server/util.h
server/token.h:
server/error.h:
client/catalog.h:
server/util.h:
