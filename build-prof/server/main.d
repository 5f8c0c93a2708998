build-prof/server/main.o: server/main.c server/auth.h server/error.h \
 client/catalog.h server/crawler.h server/ops.h server/store.h \
 server/ptype.h server/util.h server/hivetype.h server/http.h
server/auth.h:
server/error.h:
client/catalog.h:
server/crawler.h:
server/ops.h:
server/store.h:
server/ptype.h:
server/util.h:
server/hivetype.h:
server/http.h:
