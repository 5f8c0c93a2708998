/* copy.h -- `catalogd copy`: move whole catalogs from one store to another (any two backends). */
#ifndef SRV_COPY_H
#define SRV_COPY_H

/* The catalog copied when no --catalog is given (main.c's default account id). */
#define COPY_DEFAULT_CATALOG "000000000000"

/* `catalogd copy --from LOCATOR --to LOCATOR [--catalog ID]... [--batch N]`: ARGV[0] is
** "copy".  Copies every database (with tags), table (current and archived versions),
** partition, partition index, column statistics, function, the catalog's resource policy and
** the crawlers (with their history) of each catalog, then prints the counts of both sides.
** Returns the process exit status: 0 when the copy is complete and the counts agree, 1 on an
** error or a mismatch, 2 on a usage error. */
int copy_main(int argc, char **argv);

#endif
