build-prof/server/rest.o: server/rest.c server/rest.h server/http.h \
 server/error.h client/catalog.h server/auth.h server/metrics.h \
 server/util.h server/registry.h server/ops.h server/store.h \
 server/ptype.h
server/rest.h:
server/http.h:
server/error.h:
client/catalog.h:
server/auth.h:
server/metrics.h:
server/util.h:
server/registry.h:
server/ops.h:
server/store.h:
server/ptype.h:
