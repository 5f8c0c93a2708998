build-prof/server/udf.o: server/udf.c server/udf.h server/ops.h \
 server/error.h client/catalog.h server/store.h server/ptype.h \
 server/util.h server/namepat.h server/token.h
server/udf.h:
server/ops.h:
server/error.h:
client/catalog.h:
server/store.h:
server/ptype.h:
server/util.h:
server/namepat.h:
server/token.h:
