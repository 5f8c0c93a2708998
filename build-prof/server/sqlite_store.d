build-prof/server/sqlite_store.o: server/sqlite_store.c \
 server/sqlite_int.h server/store.h server/error.h client/catalog.h \
 server/ptype.h server/migrate.h server/tcache.h server/util.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/migrate.h:
server/tcache.h:
server/util.h:
