build-prof/server/search.o: server/search.c server/search.h server/ops.h \
 server/error.h client/catalog.h server/store.h server/ptype.h \
 server/util.h server/present.h server/token.h
server/search.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/present.h:
server/token.h:
