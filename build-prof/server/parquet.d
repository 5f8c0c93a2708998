build-prof/server/parquet.o: server/parquet.c server/parquet.h \
 server/util.h
server/parquet.h:
server/util.h:
