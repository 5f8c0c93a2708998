build-prof/server/sqlite_tcache.o: server/sqlite_tcache.c server/tcache.h \
 server/error.h client/catalog.h server/store.h server/ptype.h \
 server/sqlite_int.h server/util.h
server/tcache.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/sqlite_int.h:
server/util.h:
