/* sqlite_store.c -- the SQLite backend's table `store_sqlite`: the pool of connections and its
** table cache (tcache.h, placed in the table as a decorator of the table reads), the schema's
** text and size, the page token key. */
#include "store/sqlite/sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/sqlite/acache.h"
#include "store/sqlite/tcache.h"

struct sq_pool {
    struct store_pool base; /* first: a struct store_pool * is a struct sq_pool * */
    char *path;
    pthread_mutex_t lock;
    pthread_cond_t returned; /* signalled when a connection comes back */
    struct store *idle;
    int open, max;     /* connections open; their cap (0: none) */
    struct tcache *tc; /* shared by the connections */
    struct acache *ac; /* shared by the connections */
};

/* sqlite3_exec callback: a row with a non-NULL value means "analyze now". */
static int analyze_if_needed(void *arg, int ncol, char **vals, char **names)
{
    struct store *st = arg;
    (void)names;
    if (ncol > 0 && vals[0] != NULL) {
        fputs("catalogd: gathering planner statistics\n", stderr);
        sqlite3_exec(SQ(st)->db, "ANALYZE partitions", NULL, NULL, NULL);
    }
    return 0;
}

int sq_pool_open(struct store_pool **out, const char *path, struct srv_error *err)
{
    struct sq_pool *p;
    struct store *first = NULL;
    int rc;
    *out = NULL;
    if ((rc = sq_conn_open(&first, path, 1, err)) != CAT_OK)
        return rc;
    /* A catalog with partitions but no statistics (written by an older catalogd, or
    ** never analyzed) gets them now: about 0.4 s per million partitions. */
    sqlite3_exec(SQ(first)->db,
                 "SELECT CASE WHEN EXISTS (SELECT 1 FROM partitions) AND NOT EXISTS"
                 " (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1')"
                 " THEN 1 END",
                 analyze_if_needed, first, NULL);
    p = xcalloc(1, sizeof(*p));
    p->base.be = &store_sqlite;
    p->path = xstrdup(path);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->returned, NULL);
    p->tc = SQ(first)->tc = tcache_new(1024);
    p->ac = SQ(first)->ac = acache_new(STORE_ANSWER_BYTES);
    p->idle = first;
    p->open = 1;
    /* Every connection to ":memory:" is a database of its own: share the one. */
    p->max = strcmp(path, ":memory:") == 0 ? 1 : 0;
    *out = &p->base;
    return CAT_OK;
}

void sq_pool_close(struct store_pool *pool)
{
    struct sq_pool *p = (struct sq_pool *)pool;
    if (p == NULL)
        return;
    while (p->idle) {
        struct store *st = p->idle;
        p->idle = SQ(st)->next;
        sq_close(st);
    }
    tcache_free(p->tc);
    acache_free(p->ac);
    pthread_cond_destroy(&p->returned);
    pthread_mutex_destroy(&p->lock);
    free(p->path);
    free(p);
}

struct store *sq_acquire(struct store_pool *pool, struct srv_error *err)
{
    struct sq_pool *p = (struct sq_pool *)pool;
    struct store *st;
    pthread_mutex_lock(&p->lock);
    while (p->idle == NULL && p->max != 0 && p->open >= p->max)
        pthread_cond_wait(&p->returned, &p->lock);
    st = p->idle;
    if (st)
        p->idle = SQ(st)->next;
    else
        p->open++; /* reserve a slot for the connection opened below */
    pthread_mutex_unlock(&p->lock);
    if (st == NULL && sq_conn_open(&st, p->path, 0, err) != CAT_OK) {
        pthread_mutex_lock(&p->lock);
        p->open--;
        pthread_mutex_unlock(&p->lock);
        if (err && err->code == CAT_EINVAL) /* "read-only": the storage's fault, at run time */
            sq_unwritable(err);
        return NULL;
    }
    SQ(st)->next = NULL;
    SQ(st)->tc = p->tc;
    SQ(st)->ac = p->ac;
    return st;
}

void sq_release(struct store_pool *pool, struct store *st)
{
    struct sq_pool *p = (struct sq_pool *)pool;
    if (st == NULL)
        return;
    sq_rollback(st);
    pthread_mutex_lock(&p->lock);
    if (SQ(st)->read_only && p->max == 0) { /* replaced by the next acquire (not ":memory:") */
        p->open--;
        pthread_cond_signal(&p->returned);
        pthread_mutex_unlock(&p->lock);
        sq_close(st);
        return;
    }
    SQ(st)->next = p->idle;
    p->idle = st;
    pthread_cond_signal(&p->returned);
    pthread_mutex_unlock(&p->lock);
}

/* PRAGMA page_count * PRAGMA page_size of the main database (WAL not counted). */
int sq_db_size_bytes(struct store *st, long long *out, struct srv_error *err)
{
    static const char *const pragmas[] = {"PRAGMA page_count", "PRAGMA page_size"};
    long long v[2] = {0, 0};
    int i;
    for (i = 0; i < 2; i++) {
        sqlite3_stmt *stmt = NULL; /* finalized below */
        if (sqlite3_prepare_v2(SQ(st)->db, pragmas[i], -1, &stmt, NULL) != SQLITE_OK ||
            sqlite3_step(stmt) != SQLITE_ROW) {
            sqlite3_finalize(stmt);
            return sq_sqlerr(st, err);
        }
        v[i] = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    *out = v[0] * v[1];
    return CAT_OK;
}

static int sq_token_key(struct store *st, char **out, struct srv_error *err)
{
    sqlite3_stmt *stmt = NULL; /* finalized below */
    int rc = CAT_OK;
    *out = NULL;
    if (sqlite3_prepare_v2(SQ(st)->db,
                           "SELECT value FROM catalogd_settings WHERE name = 'page_token_key'", -1,
                           &stmt, NULL) != SQLITE_OK)
        return sq_sqlerr(st, err);
    switch (sqlite3_step(stmt)) {
    case SQLITE_ROW:
        *out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        break;
    case SQLITE_DONE:
        rc = srv_error_set(err, CAT_ENOTFOUND, "The store has no page token key.");
        break;
    default:
        rc = sq_sqlerr(st, err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int sq_schema_text(struct store *st, char **out, struct srv_error *err)
{
    static const char SQL[] = "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL "
                              "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 "
                              "ELSE 2 END, name";
    sqlite3_stmt *stmt = NULL;
    size_t len = 0, cap = 4096;
    char *buf = xmalloc(cap);
    int rc;
    *out = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(SQ(st)->db, SQL, -1, &stmt, NULL) != SQLITE_OK) {
        free(buf);
        return sq_sqlerr(st, err);
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(stmt, 0);
        size_t n = strlen(s);
        while (len + n + 4 > cap) {
            char *nb;
            cap *= 2;
            nb = xmalloc(cap);
            memcpy(nb, buf, len + 1);
            free(buf);
            buf = nb;
        }
        memcpy(buf + len, s, n);
        memcpy(buf + len + n, ";\n\n", 4);
        len += n + 3;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        free(buf);
        return sq_sqlerr(st, err);
    }
    *out = buf;
    return CAT_OK;
}

/* The table cache as a decorator of the uncached reads (sqlite_catalog.c). */
static int cached_open_ptable(struct store *st, const char *catalog, const char *db,
                              const char *name, struct store_ptable *pt, struct srv_error *err)
{
    return tcache_ptable_open(st, catalog, db, name, pt, sq_ptable_open, err);
}

static void cached_close_ptable(struct store_ptable *pt)
{
    if (pt == NULL)
        return;
    tcache_ptable_close(pt); /* the base_sd too; the table too when it becomes a spare */
    sq_ptable_close(pt);
}

const struct store_backend store_sqlite = {
    .name = "sqlite",
    .open_pool = sq_pool_open,
    .close_pool = sq_pool_close,
    .acquire = sq_acquire,
    .release = sq_release,
    .open = sq_open,
    .close = sq_close,
    .write_problem = sq_write_problem,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .schema_text = sq_schema_text,
    .schema_version = sq_schema_version,
    .db_size_bytes = sq_db_size_bytes,
    .token_key = sq_token_key,
    .insert_db = sq_db_insert,
    .get_db = sq_db_get,
    .list_dbs = sq_db_list,
    .replace_db = sq_db_replace,
    .delete_db = sq_db_delete,
    .insert_table = sq_table_insert,
    .get_table = sq_table_get,
    .get_table_text = sq_table_text,
    .answer_get = sq_answer_get,
    .answer_put = sq_answer_put,
    .list_tables = sq_table_list,
    .replace_table = sq_table_replace,
    .delete_table = sq_table_delete,
    .rename_table = sq_table_rename,
    .archive_version = sq_version_archive,
    .get_version = sq_version_get,
    .list_versions = sq_version_list,
    .delete_version = sq_version_delete,
    .ice_get = sq_ice_get,
    .ice_snapshot = sq_ice_snapshot,
    .ice_snapshots = sq_ice_snapshots,
    .ice_text = sq_ice_text,
    .ice_put = sq_ice_put,
    .ice_replace = sq_ice_replace,
    .open_ptable = cached_open_ptable,
    .close_ptable = cached_close_ptable,
    .get_memo = sq_memo_get,
    .put_memo = sq_memo_put,
    .insert_partition = sq_partition_insert,
    .form_partitions = sq_partition_form,
    .insert_forms = sq_partition_insert_forms,
    .free_forms = sq_pforms_free,
    .replace_partition = sq_partition_replace,
    .delete_partition = sq_partition_delete,
    .get_partition = sq_partition_get,
    .query_partitions = sq_partition_query,
    .locate_partition = sq_partition_locate,
    .create_pindex = sq_pindex_create,
    .list_pindexes = sq_pindex_list,
    .delete_pindex = sq_pindex_delete,
    .put_colstats = sq_colstats_put,
    .get_colstats = sq_colstats_get,
    .delete_colstats = sq_colstats_delete,
    .prune_colstats = sq_colstats_prune,
    .insert_udf = sq_udf_insert,
    .get_udf = sq_udf_get,
    .replace_udf = sq_udf_replace,
    .delete_udf = sq_udf_delete,
    .list_udfs = sq_udf_list,
    .update_tags = sq_tags_update,
    .get_policy = sq_policy_get,
    .put_policy = sq_policy_put,
    .list_policy_arns = sq_policy_arns,
    .search_tables = sq_table_search,
    .insert_crawler = sq_crawler_insert,
    .get_crawler = sq_crawler_get,
    .put_crawler = sq_crawler_put,
    .delete_crawler = sq_crawler_delete,
    .list_crawlers = sq_crawler_list,
    .scan_crawlers = sq_crawler_scan,
    .put_crawl = sq_crawl_put,
    .list_crawls = sq_crawl_list,
};
