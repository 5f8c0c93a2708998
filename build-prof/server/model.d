build-prof/server/model.o: server/model.c server/model.h
server/model.h:
