build-prof/server/sqlite_udf.o: server/sqlite_udf.c server/sqlite_int.h \
 server/store.h server/error.h client/catalog.h server/ptype.h \
 server/util.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/util.h:
