build-prof/server/database.o: server/database.c server/database.h \
 server/ops.h server/error.h client/catalog.h server/store.h \
 server/ptype.h server/util.h server/token.h
server/database.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/token.h:
