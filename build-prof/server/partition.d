build-prof/server/partition.o: server/partition.c server/partition.h \
 server/ops.h server/error.h client/catalog.h server/store.h \
 server/ptype.h server/util.h server/colstats.h server/present.h \
 server/token.h
server/partition.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/colstats.h:
server/present.h:
server/token.h:
