build-prof/server/http.o: server/http.c server/http.h server/error.h \
 client/catalog.h server/auth.h server/glue.h server/metrics.h \
 server/util.h server/rest.h
server/http.h:
server/error.h:
client/catalog.h:
server/auth.h:
server/glue.h:
server/metrics.h:
server/util.h:
server/rest.h:
