build-prof/server/extension.o: server/extension.c server/extension.h \
 server/error.h client/catalog.h server/validate.h
server/extension.h:
server/error.h:
client/catalog.h:
server/validate.h:
