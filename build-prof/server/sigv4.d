build-prof/server/sigv4.o: server/sigv4.c server/sigv4.h server/auth.h \
 server/error.h client/catalog.h server/http.h server/util.h
server/sigv4.h:
server/auth.h:
server/error.h:
client/catalog.h:
server/http.h:
server/util.h:
