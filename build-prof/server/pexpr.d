build-prof/server/pexpr.o: server/pexpr.c server/pexpr.h server/error.h \
 client/catalog.h server/ptype.h
server/pexpr.h:
server/error.h:
client/catalog.h:
server/ptype.h:
