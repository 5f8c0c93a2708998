build-prof/server/crawler.o: server/crawler.c server/crawler.h \
 server/ops.h server/error.h client/catalog.h server/store.h \
 server/ptype.h server/util.h server/crawl_run.h server/cron.h \
 server/store_crawler.h server/token.h
server/crawler.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/crawl_run.h:
server/cron.h:
server/store_crawler.h:
server/token.h:
