build-prof/server/hivetype.o: server/hivetype.c server/hivetype.h
server/hivetype.h:
