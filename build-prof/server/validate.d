build-prof/server/validate.o: server/validate.c server/validate.h \
 server/error.h client/catalog.h server/model.h
server/validate.h:
server/error.h:
client/catalog.h:
server/model.h:
