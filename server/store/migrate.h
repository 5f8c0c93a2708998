/* migrate.h -- the embedded migrations (build/migrations.c is generated from migrations/). */
#ifndef SRV_MIGRATE_H
#define SRV_MIGRATE_H

/* One ordered list of migrations, each written once per backend: migration_names[i] is the
** i-th file name of migrations/sqlite/ (and of migrations/postgresql/, which names the same
** files; the build checks), sqlite_migrations[i] and pg_migrations[i] its SQL text.  All three
** arrays end with a NULL.  A database records how many of them it has run. */
extern const char *const sqlite_migrations[];
extern const char *const pg_migrations[];
extern const char *const migration_names[];

#endif
