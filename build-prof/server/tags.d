build-prof/server/tags.o: server/tags.c server/tags.h server/ops.h \
 server/error.h client/catalog.h server/store.h server/ptype.h \
 server/util.h
server/tags.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
