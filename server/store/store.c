/* store.c -- the store interface's front: picks the backend from the locator and forwards
** every store_* call to the backend of its connection or pool (store_backend.h). */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "store/store_backend.h"

const struct store_backend *store_backend_for(const char *locator)
{
    const char *eq, *slash;
    if (strncmp(locator, "postgresql://", 13) == 0 || strncmp(locator, "postgres://", 11) == 0)
        return &store_postgresql;
    eq = strchr(locator, '=');
    slash = strchr(locator, '/');
    if (eq != NULL && (slash == NULL || eq < slash))
        return &store_postgresql; /* libpq's "host=... dbname=..." */
    return &store_sqlite;
}

void store_retry_pause(int attempt)
{
    static _Thread_local unsigned seed;
    struct timespec ts;
    long ms;
    if (seed == 0)
        seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)&ts;
    ms = 1 + (long)(rand_r(&seed) % (1u << (attempt < 9 ? attempt : 9)));
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static atomic_int pool_size = 16;

void store_set_pool_size(int n)
{
    atomic_store(&pool_size, n > 0 ? n : 1);
}

int store_pool_size(void)
{
    return atomic_load(&pool_size);
}

void store_locator_display(const char *locator, char *buf, size_t size)
{
    const struct store_backend *be = store_backend_for(locator);
    if (size == 0)
        return;
    if (be->display_locator) {
        be->display_locator(locator, buf, size);
        return;
    }
    snprintf(buf, size, "%s", locator);
}

static atomic_int durability_full = 1;

void store_set_durability(int full)
{
    atomic_store(&durability_full, full);
}

int store_durability_full(void)
{
    return atomic_load(&durability_full);
}

static atomic_int pg_table_cache = 0;

void store_set_pg_table_cache(int on)
{
    atomic_store(&pg_table_cache, on ? 1 : 0);
}

int store_pg_table_cache(void)
{
    return atomic_load(&pg_table_cache);
}

static atomic_llong sqlite_mmap = 1024LL << 20; /* catalogd's --sqlite-mmap default */

void store_set_sqlite_mmap(long long bytes)
{
    atomic_store(&sqlite_mmap, bytes > 0 ? bytes : 0);
}

long long store_sqlite_mmap(void)
{
    return atomic_load(&sqlite_mmap);
}

/* The required members of struct store_backend (all but display_locator, insert_partitions,
** get_partitions, answer_get and answer_put, form_partitions, insert_forms and free_forms), by
** name and place. */
#define MEMBER(m)                                                                                  \
    {                                                                                              \
#m, offsetof(struct store_backend, m)                                                      \
    }
static const struct {
    const char *name;
    size_t offset;
} REQUIRED[] = {
    MEMBER(open_pool),
    MEMBER(close_pool),
    MEMBER(acquire),
    MEMBER(release),
    MEMBER(open),
    MEMBER(close),
    MEMBER(write_problem),
    MEMBER(begin),
    MEMBER(commit),
    MEMBER(rollback),
    MEMBER(schema_text),
    MEMBER(schema_version),
    MEMBER(db_size_bytes),
    MEMBER(token_key),
    MEMBER(insert_db),
    MEMBER(get_db),
    MEMBER(list_dbs),
    MEMBER(replace_db),
    MEMBER(delete_db),
    MEMBER(insert_table),
    MEMBER(get_table),
    MEMBER(get_table_text),
    MEMBER(list_tables),
    MEMBER(replace_table),
    MEMBER(delete_table),
    MEMBER(rename_table),
    MEMBER(archive_version),
    MEMBER(get_version),
    MEMBER(list_versions),
    MEMBER(delete_version),
    MEMBER(ice_get),
    MEMBER(ice_snapshot),
    MEMBER(ice_snapshots),
    MEMBER(ice_text),
    MEMBER(ice_put),
    MEMBER(ice_replace),
    MEMBER(open_ptable),
    MEMBER(close_ptable),
    MEMBER(get_memo),
    MEMBER(put_memo),
    MEMBER(insert_partition),
    MEMBER(replace_partition),
    MEMBER(delete_partition),
    MEMBER(get_partition),
    MEMBER(query_partitions),
    MEMBER(locate_partition),
    MEMBER(create_pindex),
    MEMBER(list_pindexes),
    MEMBER(delete_pindex),
    MEMBER(put_colstats),
    MEMBER(get_colstats),
    MEMBER(delete_colstats),
    MEMBER(prune_colstats),
    MEMBER(insert_udf),
    MEMBER(get_udf),
    MEMBER(replace_udf),
    MEMBER(delete_udf),
    MEMBER(list_udfs),
    MEMBER(update_tags),
    MEMBER(get_policy),
    MEMBER(put_policy),
    MEMBER(list_policy_arns),
    MEMBER(search_tables),
    MEMBER(insert_crawler),
    MEMBER(get_crawler),
    MEMBER(put_crawler),
    MEMBER(delete_crawler),
    MEMBER(list_crawlers),
    MEMBER(scan_crawlers),
    MEMBER(put_crawl),
    MEMBER(list_crawls),
};

_Static_assert(sizeof(REQUIRED) / sizeof(REQUIRED[0]) + 8 ==
                   (sizeof(struct store_backend) - sizeof(const char *)) / sizeof(void (*)(void)),
               "every member of struct store_backend is in REQUIRED or named optional");

const char *store_backend_check(const struct store_backend *be)
{
    size_t i;
    if (be == NULL || be->name == NULL)
        return "name";
    for (i = 0; i < sizeof(REQUIRED) / sizeof(REQUIRED[0]); i++) {
        void (*fn)(void); /* every member is a function pointer: all have one representation */
        memcpy(&fn, (const char *)be + REQUIRED[i].offset, sizeof(fn));
        if (fn == NULL)
            return REQUIRED[i].name;
    }
    if ((be->form_partitions == NULL) != (be->insert_forms == NULL) ||
        (be->form_partitions == NULL) != (be->free_forms == NULL))
        return be->form_partitions ? (be->insert_forms ? "free_forms" : "insert_forms")
                                   : "form_partitions";
    return NULL;
}

/* The backends this process has opened a store or pool of (store_write_problem asks them). */
static const struct store_backend *_Atomic opened[2];

/* BE when it passes store_backend_check(), noted as opened; else NULL and ERR set. */
static const struct store_backend *usable(const struct store_backend *be, struct srv_error *err)
{
    const char *missing = store_backend_check(be);
    size_t i;
    if (missing != NULL) {
        srv_error_set(err, CAT_EINTERNAL, "store backend %s lacks %s", be ? be->name : "?",
                      missing);
        return NULL;
    }
    for (i = 0; i < sizeof(opened) / sizeof(opened[0]); i++) {
        const struct store_backend *none = NULL;
        if (atomic_load(&opened[i]) == be || atomic_compare_exchange_strong(&opened[i], &none, be))
            break;
    }
    return be;
}

int store_pool_open(struct store_pool **out, const char *path, struct srv_error *err)
{
    const struct store_backend *be = usable(store_backend_for(path), err);
    *out = NULL;
    return be ? be->open_pool(out, path, err) : err->code;
}

void store_pool_close(struct store_pool *p)
{
    if (p != NULL)
        p->be->close_pool(p);
}

struct store *store_acquire(struct store_pool *p, struct srv_error *err)
{
    return p->be->acquire(p, err);
}

void store_return(struct store_pool *p, struct store *st)
{
    if (st != NULL)
        p->be->release(p, st);
}

int store_open(struct store **out, const char *path, struct srv_error *err)
{
    const struct store_backend *be = usable(store_backend_for(path), err);
    *out = NULL;
    return be ? be->open(out, path, err) : err->code;
}

void store_close(struct store *st)
{
    if (st != NULL)
        st->be->close(st);
}

const char *store_write_problem(void)
{
    size_t i;
    for (i = 0; i < sizeof(opened) / sizeof(opened[0]); i++) {
        const struct store_backend *be = atomic_load(&opened[i]);
        const char *p = be ? be->write_problem() : NULL;
        if (p)
            return p;
    }
    return NULL;
}

void store_rollback(struct store *st)
{
    if (st != NULL)
        st->be->rollback(st);
}

void store_ptable_close(struct store_ptable *pt)
{
    if (pt != NULL && pt->be != NULL)
        pt->be->close_ptable(pt);
}

int store_begin(struct store *st, struct srv_error *err)
{
    return st->be->begin(st, err);
}

int store_commit(struct store *st, struct srv_error *err)
{
    return st->be->commit(st, err);
}

int store_schema_text(struct store *st, char **out, struct srv_error *err)
{
    return st->be->schema_text(st, out, err);
}

int store_schema_version(struct store *st)
{
    return st->be->schema_version(st);
}

int store_db_size_bytes(struct store *st, long long *out, struct srv_error *err)
{
    return st->be->db_size_bytes(st, out, err);
}

int store_token_key(struct store *st, char **out, struct srv_error *err)
{
    return st->be->token_key(st, out, err);
}

int store_db_insert(struct store *st, const char *catalog, const json_t *db, struct srv_error *err)
{
    return st->be->insert_db(st, catalog, db, err);
}

int store_db_get(struct store *st, const char *catalog, const char *name, json_t **out,
                 struct srv_error *err)
{
    return st->be->get_db(st, catalog, name, out, err);
}

int store_db_list(struct store *st, const char *catalog, const char *after, int limit,
                  size_t max_bytes, json_t **out, int *more, struct srv_error *err)
{
    return st->be->list_dbs(st, catalog, after, limit, max_bytes, out, more, err);
}

int store_db_replace(struct store *st, const char *catalog, const char *name, const json_t *db,
                     struct srv_error *err)
{
    return st->be->replace_db(st, catalog, name, db, err);
}

int store_db_delete(struct store *st, const char *catalog, const char *name, struct srv_error *err)
{
    return st->be->delete_db(st, catalog, name, err);
}

int store_table_insert(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                       struct srv_error *err)
{
    return st->be->insert_table(st, catalog, db, tbl, err);
}

int store_table_get(struct store *st, const char *catalog, const char *db, const char *name,
                    json_t **out, struct srv_error *err)
{
    return st->be->get_table(st, catalog, db, name, out, err);
}

int store_table_text(struct store *st, const char *catalog, const char *db, const char *name,
                     store_table_render_fn *render, char **text, struct srv_error *err)
{
    return st->be->get_table_text(st, catalog, db, name, render, text, err);
}

int store_table_list(struct store *st, const char *catalog, const char *db, const char *after,
                     int limit, size_t max_bytes, store_name_filter *filter, void *ctx,
                     json_t **out, int *more, struct srv_error *err)
{
    return st->be->list_tables(st, catalog, db, after, limit, max_bytes, filter, ctx, out, more,
                               err);
}

int store_table_replace(struct store *st, const char *catalog, const char *db, const json_t *tbl,
                        long long expect, long long new_version, struct srv_error *err)
{
    return st->be->replace_table(st, catalog, db, tbl, expect, new_version, err);
}

int store_table_delete(struct store *st, const char *catalog, const char *db, const char *name,
                       struct srv_error *err)
{
    return st->be->delete_table(st, catalog, db, name, err);
}

int store_table_rename(struct store *st, const char *catalog, const char *db, const char *name,
                       const char *new_db, const char *new_name, long long expect,
                       long long new_version, struct srv_error *err)
{
    return st->be->rename_table(st, catalog, db, name, new_db, new_name, expect, new_version, err);
}

int store_ice_get(struct store *st, const char *catalog, const char *db, const char *name,
                  char **location, json_t **head, struct srv_error *err)
{
    return st->be->ice_get(st, catalog, db, name, location, head, err);
}

int store_ice_snapshot(struct store *st, const char *catalog, const char *db, const char *name,
                       long long id, json_t **out, struct srv_error *err)
{
    return st->be->ice_snapshot(st, catalog, db, name, id, out, err);
}

int store_ice_snapshots(struct store *st, const char *catalog, const char *db, const char *name,
                        const json_t *ids, json_t **snapshots, json_t **log, struct srv_error *err)
{
    return st->be->ice_snapshots(st, catalog, db, name, ids, snapshots, log, err);
}

int store_ice_text(struct store *st, const char *catalog, const char *db, const char *name,
                   const json_t *ids, struct sbuf *snaps, struct sbuf *log, struct srv_error *err)
{
    return st->be->ice_text(st, catalog, db, name, ids, snaps, log, err);
}

/* What the backends take for granted of the parts they store (store.h: EINVAL). */
static int ice_parts_check(const json_t *snapshots, const json_t *removed, const json_t *log,
                           struct srv_error *err)
{
    const json_t *v;
    size_t i;
    json_array_foreach(snapshots, i, v) {
        if (!json_is_integer(json_object_get(v, "snapshot-id")))
            return srv_error_set(err, CAT_EINVAL, "Snapshot %zu has no integer snapshot-id.", i);
    }
    json_array_foreach(removed, i, v) {
        if (!json_is_integer(v))
            return srv_error_set(err, CAT_EINVAL, "Removed snapshot %zu is not an integer id.", i);
    }
    json_array_foreach(log, i, v) {
        if (!json_is_integer(json_object_get(v, "timestamp-ms")) ||
            !json_is_integer(json_object_get(v, "snapshot-id")))
            return srv_error_set(err, CAT_EINVAL,
                                 "Snapshot-log entry %zu needs integer timestamp-ms and "
                                 "snapshot-id.",
                                 i);
    }
    return CAT_OK;
}

int store_ice_put(struct store *st, const char *catalog, const char *db, const char *name,
                  const char *location, const json_t *head, const json_t *added,
                  const json_t *removed, const json_t *log, int log_cut, struct srv_error *err)
{
    int rc;
    if ((rc = ice_parts_check(added, removed, log, err)) != CAT_OK)
        return rc;
    return st->be->ice_put(st, catalog, db, name, location, head, added, removed, log, log_cut,
                           err);
}

int store_ice_replace(struct store *st, const char *catalog, const char *db, const char *name,
                      const char *location, const json_t *head, const json_t *snapshots,
                      const json_t *log, struct srv_error *err)
{
    int rc;
    if ((rc = ice_parts_check(snapshots, NULL, log, err)) != CAT_OK)
        return rc;
    return st->be->ice_replace(st, catalog, db, name, location, head, snapshots, log, err);
}

int store_version_archive(struct store *st, const char *catalog, const char *db, const char *name,
                          long long version, const json_t *table, struct srv_error *err)
{
    return st->be->archive_version(st, catalog, db, name, version, table, err);
}

int store_version_get(struct store *st, const char *catalog, const char *db, const char *name,
                      long long version, json_t **out, struct srv_error *err)
{
    return st->be->get_version(st, catalog, db, name, version, out, err);
}

int store_version_list(struct store *st, const char *catalog, const char *db, const char *name,
                       long long before, int limit, size_t max_bytes, json_t **out, int *more,
                       struct srv_error *err)
{
    return st->be->list_versions(st, catalog, db, name, before, limit, max_bytes, out, more, err);
}

int store_version_delete(struct store *st, const char *catalog, const char *db, const char *name,
                         long long version, struct srv_error *err)
{
    return st->be->delete_version(st, catalog, db, name, version, err);
}

int store_ptable_open(struct store *st, const char *catalog, const char *db, const char *name,
                      struct store_ptable *pt, struct srv_error *err)
{
    int rc = st->be->open_ptable(st, catalog, db, name, pt, err);
    pt->be = st->be; /* for store_ptable_close(), whatever the outcome */
    return rc;
}

json_t *store_ptable_memo_get(struct store *st, const struct store_ptable *pt, const char *key)
{
    return st->be->get_memo(st, pt, key);
}

void store_ptable_memo_put(struct store *st, const struct store_ptable *pt, const char *key,
                           json_t *value)
{
    st->be->put_memo(st, pt, key, value);
}

void store_answer_get(struct store *st, const char *key, size_t klen, struct store_mark *mark,
                      char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    mark->ok = 0;
    if (st->be->answer_get)
        st->be->answer_get(st, key, klen, mark, text, len);
}

void store_answer_put(struct store *st, const char *key, size_t klen, const struct store_mark *mark,
                      const char *text, size_t len)
{
    if (st->be->answer_put && mark->ok)
        st->be->answer_put(st, key, klen, mark, text, len);
}

int store_partition_insert(struct store *st, struct store_ptable *pt, const json_t *values,
                           const json_t *in, double create_time, struct srv_error *err)
{
    return st->be->insert_partition(st, pt, values, in, create_time, err);
}

int store_partition_insert_many(struct store *st, struct store_ptable *pt, size_t n,
                                const json_t *const *values, const json_t *const *in,
                                double create_time, int *rcs, struct srv_error *err)
{
    size_t i;
    if (st->be->insert_partitions)
        return st->be->insert_partitions(st, pt, n, values, in, create_time, rcs, err);
    for (i = 0; i < n; i++) {
        struct srv_error e;
        srv_error_init(&e);
        rcs[i] = st->be->insert_partition(st, pt, values[i], in[i], create_time, &e);
        if (rcs[i] != CAT_OK && rcs[i] != CAT_EEXISTS) {
            *err = e;
            return rcs[i];
        }
    }
    return CAT_OK;
}

int store_partition_forms_ahead(const struct store *st)
{
    return st->be->form_partitions != NULL;
}

int store_partition_form(struct store *st, struct store_ptable *pt, size_t n,
                         const json_t *const *values, const json_t *const *in, double create_time,
                         struct store_pforms **out, struct srv_error *err)
{
    *out = NULL;
    if (st->be->form_partitions == NULL)
        return CAT_OK;
    return st->be->form_partitions(st, pt, n, values, in, create_time, out, err);
}

int store_partition_insert_forms(struct store *st, struct store_ptable *pt,
                                 struct store_pforms *forms, int *rcs, struct srv_error *err)
{
    return st->be->insert_forms(st, pt, forms, rcs, err);
}

void store_pforms_free(struct store *st, struct store_pforms *forms)
{
    if (forms != NULL)
        st->be->free_forms(forms);
}

int store_partition_replace(struct store *st, struct store_ptable *pt, const json_t *values,
                            const json_t *in, struct srv_error *err)
{
    return st->be->replace_partition(st, pt, values, in, err);
}

int store_partition_delete(struct store *st, struct store_ptable *pt, const json_t *values,
                           struct srv_error *err)
{
    return st->be->delete_partition(st, pt, values, err);
}

int store_partition_get(struct store *st, struct store_ptable *pt, const json_t *values,
                        store_prow_fn *fn, void *arg, struct srv_error *err)
{
    return st->be->get_partition(st, pt, values, fn, arg, err);
}

/* store_partition_get_many() one key at a time: FN called with the key's index. */
struct get_one {
    store_pkey_fn *fn;
    void *arg;
    size_t key;
    int stopped; /* FN returned STORE_STOP (get_partition answers CAT_OK then) */
};

static int get_one_row(void *arg, const struct store_prow *row)
{
    struct get_one *g = arg;
    int rc = g->fn(g->arg, g->key, row);
    g->stopped = rc == STORE_STOP;
    return rc;
}

int store_partition_get_many(struct store *st, struct store_ptable *pt, size_t n,
                             const json_t *const *values, store_pkey_fn *fn, void *arg,
                             struct srv_error *err)
{
    struct get_one g = {fn, arg, 0, 0};
    int rc;
    if (st->be->get_partitions)
        return st->be->get_partitions(st, pt, n, values, fn, arg, err);
    for (g.key = 0; g.key < n && !g.stopped; g.key++) {
        rc = st->be->get_partition(st, pt, values[g.key], get_one_row, &g, err);
        if (rc == CAT_ENOTFOUND)
            srv_error_init(err); /* missing: skipped */
        else if (rc != CAT_OK && rc != STORE_STOP)
            return rc;
    }
    return CAT_OK;
}

int store_partition_query(struct store *st, struct store_ptable *pt, const struct store_pquery *q,
                          store_prow_fn *fn, void *arg, struct srv_error *err)
{
    return st->be->query_partitions(st, pt, q, fn, arg, err);
}

int store_partition_locate(struct store *st, struct store_ptable *pt, const json_t *values,
                           long long *id, json_t **columns, struct srv_error *err)
{
    return st->be->locate_partition(st, pt, values, id, columns, err);
}

int store_pindex_create(struct store *st, struct store_ptable *pt, const char *name,
                        const json_t *keys, struct srv_error *err)
{
    return st->be->create_pindex(st, pt, name, keys, err);
}

int store_pindex_list(struct store *st, struct store_ptable *pt, json_t **out,
                      struct srv_error *err)
{
    return st->be->list_pindexes(st, pt, out, err);
}

int store_pindex_delete(struct store *st, struct store_ptable *pt, const char *name,
                        struct srv_error *err)
{
    return st->be->delete_pindex(st, pt, name, err);
}

int store_colstats_put(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, const json_t *stats, struct srv_error *err)
{
    return st->be->put_colstats(st, pt, part, column, stats, err);
}

int store_colstats_get(struct store *st, struct store_ptable *pt, long long part,
                       const char *column, json_t **out, struct srv_error *err)
{
    return st->be->get_colstats(st, pt, part, column, out, err);
}

int store_colstats_delete(struct store *st, struct store_ptable *pt, long long part,
                          const char *column, struct srv_error *err)
{
    return st->be->delete_colstats(st, pt, part, column, err);
}

int store_colstats_prune(struct store *st, struct store_ptable *pt, long long part,
                         const json_t *keep, struct srv_error *err)
{
    return st->be->prune_colstats(st, pt, part, keep, err);
}

int store_udf_insert(struct store *st, const char *catalog, const char *db, const json_t *fn,
                     struct srv_error *err)
{
    return st->be->insert_udf(st, catalog, db, fn, err);
}

int store_udf_get(struct store *st, const char *catalog, const char *db, const char *name,
                  json_t **out, struct srv_error *err)
{
    return st->be->get_udf(st, catalog, db, name, out, err);
}

int store_udf_replace(struct store *st, const char *catalog, const char *db, const char *name,
                      const json_t *fn, struct srv_error *err)
{
    return st->be->replace_udf(st, catalog, db, name, fn, err);
}

int store_udf_delete(struct store *st, const char *catalog, const char *db, const char *name,
                     struct srv_error *err)
{
    return st->be->delete_udf(st, catalog, db, name, err);
}

int store_udf_list(struct store *st, const char *catalog, const char *db, const char *after_db,
                   const char *after_name, int limit, size_t max_bytes, store_name_filter *filter,
                   void *fctx, json_t **out, int *more, struct srv_error *err)
{
    return st->be->list_udfs(st, catalog, db, after_db, after_name, limit, max_bytes, filter, fctx,
                             out, more, err);
}

int store_tags_update(struct store *st, const char *catalog, enum store_tag_kind kind,
                      const char *db, const char *name, const json_t *add, const json_t *remove,
                      json_t **out, struct srv_error *err)
{
    return st->be->update_tags(st, catalog, kind, db, name, add, remove, out, err);
}

int store_policy_get(struct store *st, const char *catalog, const char *arn, json_t **out,
                     struct srv_error *err)
{
    return st->be->get_policy(st, catalog, arn, out, err);
}

int store_policy_put(struct store *st, const char *catalog, const char *arn, const char *policy,
                     const char *hash, struct srv_error *err)
{
    return st->be->put_policy(st, catalog, arn, policy, hash, err);
}

int store_policy_arns(struct store *st, const char *catalog, json_t **out, struct srv_error *err)
{
    return st->be->list_policy_arns(st, catalog, out, err);
}

int store_table_search(struct store *st, const char *catalog, const struct store_search *q,
                       json_t **out, int *more, struct srv_error *err)
{
    return st->be->search_tables(st, catalog, q, out, more, err);
}

int store_crawler_insert(struct store *st, const char *catalog, const json_t *crawler,
                         struct srv_error *err)
{
    return st->be->insert_crawler(st, catalog, crawler, err);
}

int store_crawler_get(struct store *st, const char *catalog, const char *name, json_t **out,
                      struct srv_error *err)
{
    return st->be->get_crawler(st, catalog, name, out, err);
}

int store_crawler_put(struct store *st, const char *catalog, const json_t *crawler,
                      struct srv_error *err)
{
    return st->be->put_crawler(st, catalog, crawler, err);
}

int store_crawler_delete(struct store *st, const char *catalog, const char *name,
                         struct srv_error *err)
{
    return st->be->delete_crawler(st, catalog, name, err);
}

int store_crawler_list(struct store *st, const char *catalog, const char *after, int limit,
                       json_t **out, int *more, struct srv_error *err)
{
    return st->be->list_crawlers(st, catalog, after, limit, out, more, err);
}

int store_crawler_scan(struct store *st, const char *state, json_t **out, struct srv_error *err)
{
    return st->be->scan_crawlers(st, state, out, err);
}

int store_crawl_put(struct store *st, const char *catalog, const char *name, const json_t *crawl,
                    struct srv_error *err)
{
    return st->be->put_crawl(st, catalog, name, crawl, err);
}

int store_crawl_list(struct store *st, const char *catalog, const char *name, json_t **out,
                     struct srv_error *err)
{
    return st->be->list_crawls(st, catalog, name, out, err);
}
