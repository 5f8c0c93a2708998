build-prof/server/pindex.o: server/pindex.c server/pindex.h server/ops.h \
 server/error.h client/catalog.h server/store.h server/ptype.h \
 server/util.h
server/pindex.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
