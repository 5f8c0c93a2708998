build-prof/server/error.o: server/error.c server/error.h client/catalog.h
server/error.h:
client/catalog.h:
