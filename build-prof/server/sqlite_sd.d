build-prof/server/sqlite_sd.o: server/sqlite_sd.c server/sqlite_int.h \
 server/store.h server/error.h client/catalog.h server/ptype.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
