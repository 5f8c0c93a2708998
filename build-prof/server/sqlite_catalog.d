build-prof/server/sqlite_catalog.o: server/sqlite_catalog.c \
 server/sqlite_int.h server/store.h server/error.h client/catalog.h \
 server/ptype.h server/tcache.h server/util.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/tcache.h:
server/util.h:
