build-prof/server/colstats.o: server/colstats.c server/colstats.h \
 server/ops.h server/error.h client/catalog.h server/store.h \
 server/ptype.h server/util.h
server/colstats.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
