/* crawl_run.h -- one crawl of one crawler: walk each target's Hive-layout tree, learn the table
** (columns from the files, partition keys from k=v folders), create or update it and register
** its partitions in batches through the resource operations.  Runs on the crawler's worker
** thread with its own pooled connection. */
#ifndef SRV_CRAWL_RUN_H
#define SRV_CRAWL_RUN_H

#include <jansson.h>
#include <stdatomic.h>

#include "base/util.h"
#include "store/store.h"

#define CRAWL_MAX_DEPTH 17          /* folders below a target (16 partition keys + 1) */
#define CRAWL_MAX_ENTRIES 20000000L /* directory entries looked at in one crawl */
#define CRAWL_FILES_PER_FOLDER 4    /* files whose schema is read per partition folder */
#define CRAWL_BATCH 1000            /* partitions per BatchCreatePartition / Delete */

struct crawl {
    /* in */
    struct store_pool *pool;
    const char *catalog;
    const json_t *crawler;    /* the Crawler object (borrowed) */
    const char *owner;        /* the principal whose rights it writes with, or NULL: audit */
    const char *const *roots; /* real paths the crawler may read under */
    int nroots;
    atomic_int *cancel; /* set by another thread: stop soon (read with atomic_load) */
    /* out */
    int tables_created, tables_updated, tables_deleted;
    long partitions_added, partitions_deleted, partitions_seen, files_read, folders;
    struct sbuf notes; /* warnings: skipped files, logged schema changes ("; "-separated) */
    int nnotes;
    char error[1024]; /* why the crawl failed */
};

/* Run crawl C.  Returns 0 (done; C->notes may hold warnings), -1 (failed: C->error) or 1
** (cancelled through C->cancel).  Release C->notes.p afterwards. */
int crawl_run(struct crawl *c);

/* Check target PATH (a Glue S3Target Path: "file://..." or an absolute path; "s3://" is
** refused as no object store is configured) against ROOTS; *REAL gets the resolved path
** (caller frees) when it exists.  Returns 0, or -1 with MSG naming the problem. */
int crawl_target_path(const char *path, const char *const *roots, int nroots, char **real,
                      char *msg, size_t n);

/* Whether relative path REL matches Glue exclusion glob PAT ('*' within a folder, '**' across
** folders, '?' one character). */
int crawl_glob_match(const char *pat, const char *rel);

#endif
