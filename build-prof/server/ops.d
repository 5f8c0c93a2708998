build-prof/server/ops.o: server/ops.c server/ops.h server/error.h \
 client/catalog.h server/store.h server/ptype.h server/util.h
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
