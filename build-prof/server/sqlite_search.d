build-prof/server/sqlite_search.o: server/sqlite_search.c \
 server/sqlite_int.h server/store.h server/error.h client/catalog.h \
 server/ptype.h server/util.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/util.h:
