build-prof/server/typecheck.o: server/typecheck.c server/typecheck.h \
 server/error.h client/catalog.h server/hivetype.h
server/typecheck.h:
server/error.h:
client/catalog.h:
server/hivetype.h:
