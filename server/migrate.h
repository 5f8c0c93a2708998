/* migrate.h -- the embedded migrations (build/migrations.c is generated from migrations/). */
#ifndef SRV_MIGRATE_H
#define SRV_MIGRATE_H

/* migrations[i] is the SQL text of the i-th file of migrations/, in file-name order;
** migration_names[i] its file name.  Both arrays end with a NULL. */
extern const char *const migrations[];
extern const char *const migration_names[];

#endif
