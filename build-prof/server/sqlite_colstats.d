build-prof/server/sqlite_colstats.o: server/sqlite_colstats.c \
 server/sqlite_int.h server/store.h server/error.h client/catalog.h \
 server/ptype.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
