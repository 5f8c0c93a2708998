build-prof/server/sqlite_crawler.o: server/sqlite_crawler.c \
 server/sqlite_int.h server/store.h server/error.h client/catalog.h \
 server/ptype.h server/store_crawler.h
server/sqlite_int.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/store_crawler.h:
