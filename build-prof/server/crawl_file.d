build-prof/server/crawl_file.o: server/crawl_file.c server/crawl_file.h \
 server/parquet.h server/ptype.h server/util.h
server/crawl_file.h:
server/parquet.h:
server/ptype.h:
server/util.h:
