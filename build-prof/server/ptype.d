build-prof/server/ptype.o: server/ptype.c server/ptype.h
server/ptype.h:
