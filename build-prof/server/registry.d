build-prof/server/registry.o: server/registry.c server/registry.h \
 server/ops.h server/error.h client/catalog.h server/store.h \
 server/ptype.h server/util.h server/auth.h server/colstats.h \
 server/crawler.h server/database.h server/extension.h server/partition.h \
 server/pindex.h server/search.h server/table.h server/tags.h \
 server/udf.h server/validate.h server/registry.def
server/registry.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/auth.h:
server/colstats.h:
server/crawler.h:
server/database.h:
server/extension.h:
server/partition.h:
server/pindex.h:
server/search.h:
server/table.h:
server/tags.h:
server/udf.h:
server/validate.h:
server/registry.def:
