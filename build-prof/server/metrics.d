build-prof/server/metrics.o: server/metrics.c server/metrics.h \
 server/util.h
server/metrics.h:
server/util.h:
