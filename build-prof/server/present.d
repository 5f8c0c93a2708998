build-prof/server/present.o: server/present.c server/present.h \
 server/store.h server/error.h client/catalog.h server/ptype.h \
 server/util.h
server/present.h:
server/store.h:
server/error.h:
client/catalog.h:
server/ptype.h:
server/util.h:
