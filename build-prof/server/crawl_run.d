build-prof/server/crawl_run.o: server/crawl_run.c server/crawl_run.h \
 server/store.h server/error.h client/catalog.h server/ptype.h \
 server/util.h server/crawl_file.h server/ops.h server/parquet.h \
 server/partition.h server/table.h
server/crawl_run.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/util.h:
server/crawl_file.h:
server/ops.h:
server/parquet.h:
server/partition.h:
server/table.h:
