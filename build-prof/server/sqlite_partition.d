build-prof/server/sqlite_partition.o: server/sqlite_partition.c \
 server/pexpr.h server/error.h client/catalog.h server/ptype.h \
 server/sqlite_int.h server/store.h server/util.h
server/pexpr.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/sqlite_int.h:
server/store.h:
server/util.h:
