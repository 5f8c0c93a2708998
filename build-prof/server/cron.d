build-prof/server/cron.o: server/cron.c server/cron.h
server/cron.h:
