build-prof/server/sqlite_row.o: server/sqlite_row.c server/sqlite_int.h \
 server/store.h server/error.h client/catalog.h server/ptype.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
