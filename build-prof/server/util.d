build-prof/server/util.o: server/util.c server/util.h
server/util.h:
