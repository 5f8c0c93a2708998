build-prof/server/glue.o: server/glue.c server/glue.h server/http.h \
 server/error.h client/catalog.h server/auth.h server/registry.h \
 server/ops.h server/store.h server/ptype.h server/util.h server/sigv4.h
server/glue.h:
server/http.h:
server/error.h:
client/catalog.h:
server/auth.h:
server/registry.h:
server/ops.h:
server/store.h:
server/ptype.h:
server/util.h:
server/sigv4.h:
