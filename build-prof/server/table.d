build-prof/server/table.o: server/table.c server/table.h server/ops.h \
 server/error.h client/catalog.h server/store.h server/ptype.h \
 server/util.h server/colstats.h server/namepat.h server/pindex.h \
 server/present.h server/tcache.h server/token.h server/typecheck.h
server/table.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/colstats.h:
server/namepat.h:
server/pindex.h:
server/present.h:
server/tcache.h:
server/token.h:
server/typecheck.h:
