/* iceberg.c -- the Iceberg REST catalog's operations and the Glue interplay (iceberg.h): state
** of a table from the store or its metadata file, the commit path, namespaces, tables, views. */
#include "ops/iceberg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/auth.h"
#include "base/util.h"
#include "lang/iceberg_meta.h"
#include "ops/colstats.h"
#include "ops/iceberg_file.h"
#include "ops/iceberg_text.h"
#include "ops/token.h"

#define TYPE_TABLE "ICEBERG"
#define TYPE_VIEW "ICEBERG-VIEW"

static char *warehouse; /* set once, before serving */

void iceberg_set_warehouse(const char *uri)
{
    size_t n;
    free(warehouse);
    warehouse = NULL;
    ice_file_set_warehouse(uri);
    if (uri == NULL || *uri == '\0')
        return;
    warehouse = xstrdup(uri);
    n = strlen(warehouse);
    while (n > 1 && warehouse[n - 1] == '/')
        warehouse[--n] = '\0';
}

void iceberg_set_read_roots(const char *const *dirs, int n)
{
    ice_file_set_read_roots(dirs, n);
}

const char *iceberg_warehouse(void)
{
    return warehouse;
}

/* ================================================================ */
/* Small helpers.                                                     */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* BASE "/" TAIL, BASE's trailing slashes dropped: a new string. */
static char *join(const char *base, const char *tail)
{
    size_t n = strlen(base), m = strlen(tail);
    char *s;
    while (n > 0 && base[n - 1] == '/')
        n--;
    s = xmalloc(n + m + 2);
    memcpy(s, base, n);
    s[n] = '/';
    memcpy(s + n + 1, tail, m + 1);
    return s;
}

/* The string parameter KEY of Glue table T, or NULL. */
static const char *param(const json_t *t, const char *key)
{
    return json_string_value(json_object_get(json_object_get(t, "Parameters"), key));
}

/* 1 when Glue table T is an Iceberg view (VIEWS) or table (!VIEWS). */
static int is_kind(const json_t *t, int views)
{
    const char *type = param(t, "table_type");
    return type && strcasecmp(type, views ? TYPE_VIEW : TYPE_TABLE) == 0;
}

/* The folded string member KEY of IN (caller frees), or NULL with ERR set. */
static char *folded(const json_t *in, const char *key, struct srv_error *err)
{
    const char *s = ops_required_str(in, key, err);
    return s ? util_lower(s) : NULL;
}

static long long version_of(const json_t *t)
{
    const char *v = json_string_value(json_object_get(t, "VersionId"));
    return v ? strtoll(v, NULL, 10) : 0;
}

/* The metadata location of version VERSION under table location LOCATION: a new string. */
static char *metadata_location(const char *location, long long version)
{
    char id[37], name[96], *dir, *loc;
    util_uuid(id);
    ice_metadata_file_name(name, sizeof(name), version, id);
    dir = join(location, "metadata");
    loc = join(dir, name);
    free(dir);
    return loc;
}

/* The version of the metadata file after PREV (Java's rule: PREV's leading number + 1), or,
** when PREV's name has none, the length of HEAD's metadata-log. */
static long long next_version(const char *prev, const json_t *head)
{
    const char *base, *p;
    long long v = 0;
    if (prev == NULL)
        return 0;
    base = strrchr(prev, '/');
    base = base ? base + 1 : prev;
    for (p = base; *p >= '0' && *p <= '9' && v < 1000000000LL; p++)
        v = v * 10 + (*p - '0');
    if (p > base && *p == '-')
        return v + 1;
    return (long long)json_array_size(json_object_get(head, "metadata-log"));
}

/* {"metadata-location": LOC (NULL: none), "metadata": META (stolen), "config": {} when
** CONFIG}: a LoadTableResult, LoadViewResult or CommitTableResponse. */
static json_t *result(const char *loc, json_t *meta, int config)
{
    json_t *r = json_object();
    if (loc)
        json_object_set_new(r, "metadata-location", json_string(loc));
    json_object_set_new(r, "metadata", meta);
    if (config)
        json_object_set_new(r, "config", json_object());
    return r;
}

/* The Glue Columns of view metadata META: those of its current version's schema. */
static json_t *view_columns(const json_t *meta)
{
    const json_t *cur = json_object_get(meta, "current-version-id"), *v, *s, *schema = NULL;
    json_int_t sid = -1;
    json_t *fake, *cols;
    size_t i;
    json_array_foreach(json_object_get(meta, "versions"), i, v) {
        if (json_equal(json_object_get(v, "version-id"), cur))
            sid = json_integer_value(json_object_get(v, "schema-id"));
    }
    json_array_foreach(json_object_get(meta, "schemas"), i, s) {
        if (json_integer_value(json_object_get(s, "schema-id")) == sid)
            schema = s;
    }
    if (schema == NULL)
        return json_array();
    fake = json_pack("{s:I, s:[O]}", "current-schema-id", sid, "schemas", schema);
    cols = ice_glue_columns(fake);
    json_decref(fake);
    return cols ? cols : json_array();
}

/* The Glue table of Iceberg table (or view, VIEW) NAME whose metadata HEAD is at LOC, PREV
** before (NULL: none): BASE (the stored table or a TableInput; NULL: none) with TableType,
** Parameters (table_type, metadata_location, previous_metadata_location) and the descriptor's
** Location and Columns set as Iceberg's GlueCatalog sets them.  A new object. */
static json_t *glue_table(const json_t *base, const char *name, const json_t *head, const char *loc,
                          const char *prev, int view)
{
    json_t *t = base ? json_deep_copy(base) : json_object(), *params, *sd;
    const char *location = json_string_value(json_object_get(head, "location"));
    json_object_del(t, "DatabaseName");
    json_object_del(t, "CatalogId");
    json_object_del(t, "VersionId");
    json_object_del(t, "PartitionKeys"); /* the partition spec is the metadata's */
    json_object_set_new(t, "Name", json_string(name));
    json_object_set_new(t, "TableType", json_string(view ? "VIRTUAL_VIEW" : "EXTERNAL_TABLE"));
    if (!json_is_object(params = json_object_get(t, "Parameters"))) {
        params = json_object();
        json_object_set_new(t, "Parameters", params);
    }
    json_object_set_new(params, "table_type", json_string(view ? TYPE_VIEW : TYPE_TABLE));
    json_object_set_new(params, "metadata_location", json_string(loc));
    if (prev && strcmp(prev, loc) != 0)
        json_object_set_new(params, "previous_metadata_location", json_string(prev));
    else
        json_object_del(params, "previous_metadata_location");
    if (!json_is_object(sd = json_object_get(t, "StorageDescriptor"))) {
        sd = json_object();
        json_object_set_new(t, "StorageDescriptor", sd);
    }
    if (location)
        json_object_set_new(sd, "Location", json_string(location));
    json_object_set_new(sd, "Columns", view ? view_columns(head) : ice_glue_columns(head));
    if (!json_is_number(json_object_get(t, "CreateTime")))
        json_object_set_new(t, "CreateTime", json_real(util_now()));
    json_object_set_new(t, "UpdateTime", json_real(util_now()));
    return t;
}

/* The default location of table NAME of database DB (Database object DBOBJ): a new string,
** or NULL with ERR set when there is none. */
static char *default_location(const json_t *dbobj, const char *db, const char *name,
                              struct srv_error *err)
{
    const char *loc = json_string_value(json_object_get(dbobj, "LocationUri"));
    if (loc && *loc)
        return join(loc, name);
    if (warehouse) {
        size_t n = strlen(db) + strlen(name) + 5;
        char *tail = xmalloc(n), *s;
        snprintf(tail, n, "%s.db/%s", db, name);
        s = join(warehouse, tail);
        free(tail);
        return s;
    }
    srv_error_set(err, CAT_EINVAL,
                  "%.200s.%.200s needs a location: the request gives none, namespace %.200s has "
                  "no location and catalogd runs without --warehouse.",
                  db, name, db);
    return NULL;
}

/* ================================================================ */
/* A table's (or view's) metadata as it is now.                       */

struct ice_state {
    const char *catalog, *db, *name; /* borrowed */
    json_t *table;                   /* the Glue table (owned; PT's when READING) */
    int reading;                     /* a read: TABLE from PT (the backend's table cache, one
                                     ** read snapshot for every read until the release) */
    struct store_ptable pt;
    const char *memo_key; /* READING: set before state_load() to look for a memo (or NULL) */
    json_t *memo;         /* the memo found (owned): nothing else was loaded */
    long long version;    /* its VersionId */
    const char *location; /* its metadata_location (in TABLE), or NULL */
    json_t *head;         /* the head; a view's whole metadata (owned) */
    int stale;            /* HEAD (and SNAPS, LOG) came from the file: the stored
                          ** parts, if any, are not current */
    json_t *snaps, *log;  /* whole, when STALE (owned) */
};

static void state_release(struct ice_state *s)
{
    if (s->reading)
        store_ptable_close(&s->pt); /* TABLE with it */
    else
        json_decref(s->table);
    s->reading = 0;
    json_decref(s->head);
    json_decref(s->snaps);
    json_decref(s->log);
    json_decref(s->memo);
    s->table = s->head = s->snaps = s->log = s->memo = NULL;
}

/* RC (a table lookup's result) checked: table T is of the Iceberg kind VIEWS asks for.
** ENOTFOUND (also for a table of the other kind or not Iceberg's: "View x not found.",
** "Table db.x is not an Iceberg table."). */
static int kind_check(int rc, const json_t *t, const char *db, const char *name, int views,
                      struct srv_error *err)
{
    if (rc == CAT_ENOTFOUND && views && strncmp(err->msg, "Table ", 6) == 0)
        return srv_error_set(err, CAT_ENOTFOUND, "View %s not found.", name);
    if (rc != CAT_OK || is_kind(t, views))
        return rc;
    return views ? srv_error_set(err, CAT_ENOTFOUND, "View %s not found.", name)
                 : srv_error_set(err, CAT_ENOTFOUND, "Table %s.%s is not an Iceberg table.", db,
                                 name);
}

/* *T = table (VIEWS: view) NAME of DB, a Glue table of that Iceberg kind (kind_check()). */
static int kind_get(struct op_ctx *ctx, const char *catalog, const char *db, const char *name,
                    int views, json_t **t, struct srv_error *err)
{
    int rc = store_table_get(ctx->st, catalog, db, name, t, err);
    if ((rc = kind_check(rc, *t, db, name, views, err)) != CAT_OK) {
        json_decref(*t);
        *t = NULL;
    }
    return rc;
}

/* Load table (VIEWS: view) NAME of DB into S (READING: for a read, outside a write transaction:
** the table comes from the backend's cache and every read until state_release() from one snapshot;
** then S->memo_key, when set before, names a memo of the table (store_ptable_memo_get) that, when
** there is one, is all S->memo holds).  ENOTFOUND (also for a table of the other kind or not
** Iceberg's), ESERVERFAULT (the metadata is at a location catalogd cannot read). */
static int state_load(struct op_ctx *ctx, const char *catalog, const char *db, const char *name,
                      int views, int reading, struct ice_state *s, struct srv_error *err)
{
    json_t *head = NULL, *meta = NULL;
    char *loc = NULL;
    const char *memo_key = s->memo_key;
    int rc;
    memset(s, 0, sizeof(*s));
    s->memo_key = reading ? memo_key : NULL;
    s->catalog = catalog;
    s->db = db;
    s->name = name;
    if (reading) {
        rc = store_ptable_open(ctx->st, catalog, db, name, &s->pt, err);
        rc = kind_check(rc, s->pt.table, db, name, views, err);
        s->reading = 1;
        s->table = s->pt.table;
        if (rc != CAT_OK) {
            state_release(s);
            return rc;
        }
        /* an answer derived from this version of the table already (its parts change only
        ** with the table's version) */
        s->location = param(s->table, "metadata_location");
        if (s->memo_key && (s->memo = store_ptable_memo_get(ctx->st, &s->pt, s->memo_key)))
            return CAT_OK;
    } else if ((rc = kind_get(ctx, catalog, db, name, views, &s->table, err)) != CAT_OK) {
        return rc;
    }
    s->version = version_of(s->table);
    s->location = param(s->table, "metadata_location");
    if ((rc = store_ice_get(ctx->st, catalog, db, name, &loc, &head, err)) != CAT_OK) {
        state_release(s);
        return rc;
    }
    if (head && (s->location == NULL || (loc && strcmp(loc, s->location) == 0))) {
        s->head = head;
        free(loc);
        return CAT_OK;
    }
    json_decref(head);
    free(loc);
    if (s->location == NULL) {
        state_release(s);
        return srv_error_set(err, CAT_ESERVERFAULT,
                             "Iceberg table %.200s.%.200s has no metadata_location parameter.", db,
                             name);
    }
    /* a Glue client moved the pointer, or the table has no parts: its file is the truth */
    if ((rc = ice_file_read(s->location, &meta, err)) != CAT_OK) {
        if (rc == CAT_EACCESS) /* not the caller's doing: the table's state cannot be served */
            err->code = rc = CAT_ESERVERFAULT;
        state_release(s);
        return rc;
    }
    s->stale = 1;
    if (views) {
        if (!json_is_string(json_object_get(meta, "view-uuid"))) {
            json_decref(meta);
            state_release(s);
            return srv_error_set(err, CAT_ESERVERFAULT,
                                 "The Iceberg metadata at %.300s is not view metadata.",
                                 s->location);
        }
        s->head = meta;
        return CAT_OK;
    }
    rc = ice_split(meta, &s->head, &s->snaps, &s->log, err);
    json_decref(meta);
    if (rc != CAT_OK) {
        char why[sizeof(err->msg)];
        snprintf(why, sizeof(why), "%s", err->msg);
        rc = srv_error_set(err, CAT_ESERVERFAULT, "The Iceberg metadata at %.300s is not valid: %s",
                           s->location, why);
        state_release(s);
    }
    return rc;
}

/* The engine's view of S's snapshots (struct ice_snapshots). */
struct snap_arg {
    struct op_ctx *ctx;
    const struct ice_state *s;
};

static int snap_get(void *arg, int64_t id, json_t **out, struct srv_error *err)
{
    const struct snap_arg *a = arg;
    const json_t *v;
    size_t i;
    *out = NULL;
    if (a->s == NULL) /* a table being created has none */
        return CAT_OK;
    if (!a->s->stale)
        return store_ice_snapshot(a->ctx->st, a->s->catalog, a->s->db, a->s->name, id, out, err);
    json_array_foreach(a->s->snaps, i, v) {
        if (json_integer_value(json_object_get(v, "snapshot-id")) == id) {
            *out = json_incref((json_t *)v);
            break;
        }
    }
    return CAT_OK;
}

/* 1 when array IDS holds integer ID. */
static int has_id(const json_t *ids, json_int_t id)
{
    const json_t *v;
    size_t i;
    json_array_foreach(ids, i, v) {
        if (json_integer_value(v) == id)
            return 1;
    }
    return 0;
}

/* ---- Answers as text: an Iceberg table's metadata grows with its history, and its stored
** snapshot texts are put together as they are, never parsed (a table with 10,000 snapshots
** answers about as fast as one with 10). ---- */

/* The elements of array A as JSON texts separated by commas, appended to B. */
static void elements_text(struct sbuf *b, const json_t *a)
{
    const json_t *v;
    size_t i;
    json_array_foreach(a, i, v) {
        char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (i)
            sbuf_add(b, ",", 1);
        sbuf_adds(b, t ? t : "null");
        free(t);
    }
}

/* S's snapshots (only those IDS names: NULL for all) and log as text, appended to SNAPS, LOG. */
static int state_text(struct op_ctx *ctx, const struct ice_state *s, const json_t *ids,
                      struct sbuf *snaps, struct sbuf *log, struct srv_error *err)
{
    const json_t *v;
    size_t i;
    int n = 0;
    if (!s->stale)
        return store_ice_text(ctx->st, s->catalog, s->db, s->name, ids, snaps, log, err);
    json_array_foreach(s->snaps, i, v) {
        char *t;
        if (ids && !has_id(ids, json_integer_value(json_object_get(v, "snapshot-id"))))
            continue;
        t = json_dumps(v, JSON_COMPACT);
        if (n++)
            sbuf_add(snaps, ",", 1);
        sbuf_adds(snaps, t ? t : "null");
        free(t);
    }
    elements_text(log, s->log);
    return CAT_OK;
}

/* The answer {"metadata-location": LOC (NULL: none), "metadata": HEAD with "snapshots": [SNAPS]
** and "snapshot-log": [LOG], "config": {} when CONFIG} as CTX's text page (the front sends its
** one item as the body; page.extra holds "metadata-location" for its ETag).  *META_AT and
** *META_LEN (when not NULL) say where the metadata's text lies in the page (for its file). */
static void answer_text(struct op_ctx *ctx, const char *loc, const json_t *head,
                        const struct sbuf *snaps, const struct sbuf *log, int config,
                        size_t *meta_at, size_t *meta_len)
{
    struct sbuf b = {0};
    char *h = json_dumps(head, JSON_COMPACT);
    size_t n = h ? strlen(h) : 0, at;
    sbuf_adds(&b, "{");
    if (loc) {
        sbuf_adds(&b, "\"metadata-location\":");
        sbuf_add_json_string(&b, loc);
        sbuf_adds(&b, ",");
    }
    sbuf_adds(&b, "\"metadata\":");
    at = b.len;
    sbuf_add(&b, n > 0 ? h : "{", n > 0 ? n - 1 : 1); /* the head without its closing brace */
    sbuf_adds(&b, n > 2 ? ",\"snapshots\":[" : "\"snapshots\":[");
    if (snaps->len)
        sbuf_add(&b, snaps->p, snaps->len);
    sbuf_adds(&b, "],\"snapshot-log\":[");
    if (log->len)
        sbuf_add(&b, log->p, log->len);
    sbuf_adds(&b, "]}");
    if (meta_at)
        *meta_at = at;
    if (meta_len)
        *meta_len = b.len - at;
    if (config)
        sbuf_adds(&b, ",\"config\":{}");
    sbuf_adds(&b, "}");
    free(h);
    op_page_release(&ctx->page);
    ctx->page.member = "Result";
    ctx->page.single = 1;
    ctx->page.count = 1;
    ctx->page.items = b;
    if (loc)
        ctx->page.extra = json_pack("{s:s}", "metadata-location", loc);
}

/* S's whole snapshots and log after delta D, when S came from its file: *SNAPS, *LOG new. */
static void whole_after(const struct ice_state *s, const struct ice_delta *d, json_t **snaps,
                        json_t **log)
{
    const json_t *v;
    size_t i, cut = 0;
    *snaps = json_array();
    json_array_foreach(s->snaps, i, v) {
        if (!has_id(d->removed, json_integer_value(json_object_get(v, "snapshot-id"))))
            json_array_append(*snaps, (json_t *)v);
    }
    json_array_extend(*snaps, d->added);
    if (d->log_cut) /* every entry up to the last one naming a removed snapshot goes */
        json_array_foreach(s->log, i, v) {
            if (has_id(d->removed, json_integer_value(json_object_get(v, "snapshot-id"))))
                cut = i + 1;
        }
    *log = json_array();
    for (i = cut; i < json_array_size(s->log); i++)
        json_array_append(*log, json_array_get(s->log, i));
    json_array_extend(*log, d->log);
}

/* The stamp of the parts of table version VERSION at metadata location LOC (iceberg_text.h):
** BUF. */
static const char *text_stamp(char *buf, size_t size, long long version, const char *loc)
{
    snprintf(buf, size, "%lld %s", version, loc);
    return buf;
}

/* Append to T delta D's added snapshots and log entries, as store_ice_text() gives them. */
static void text_append(struct ice_text *t, const struct ice_delta *d)
{
    const json_t *v;
    size_t i;
    json_array_foreach(d->added, i, v) {
        char *s = json_dumps(v, JSON_COMPACT);
        if (t->snaps.len)
            sbuf_add(&t->snaps, ",", 1);
        sbuf_adds(&t->snaps, s ? s : "null");
        free(s);
    }
    json_array_foreach(d->log, i, v) {
        char e[96];
        snprintf(e, sizeof(e), "%s{\"timestamp-ms\":%lld,\"snapshot-id\":%lld}",
                 t->log.len ? "," : "",
                 (long long)json_integer_value(json_object_get(v, "timestamp-ms")),
                 (long long)json_integer_value(json_object_get(v, "snapshot-id")));
        sbuf_adds(&t->log, e);
    }
}

/* Swap S's Glue table for NEWT under S's VersionId (the old version archived, the statistics
** of dropped columns pruned), in the caller's transaction. */
static int glue_swap(struct op_ctx *ctx, const struct ice_state *s, const json_t *newt,
                     struct srv_error *err)
{
    int rc;
    if ((rc = store_version_archive(ctx->st, s->catalog, s->db, s->name, s->version, s->table,
                                    err)) != CAT_OK ||
        (rc = store_table_replace(ctx->st, s->catalog, s->db, newt, s->version, s->version + 1,
                                  err)) != CAT_OK)
        return rc;
    return colstats_table_changed(ctx, s->catalog, s->db, s->name, err);
}

/* 1 when REQUIREMENTS holds an assert-create. */
static int asserts_create(const json_t *requirements)
{
    const json_t *r;
    size_t i;
    json_array_foreach(requirements, i, r) {
        const char *t = json_string_value(json_object_get(r, "type"));
        if (t && strcmp(t, "assert-create") == 0)
            return 1;
    }
    return 0;
}

/* The commit of a staged create: table NAME of DB does not exist; REQUIREMENTS and UPDATES
** make it (metadata file, Glue table, parts), in the caller's transaction. */
static int commit_create(struct op_ctx *ctx, const char *catalog, const char *db, const char *name,
                         const json_t *requirements, const json_t *updates, json_t **out,
                         struct srv_error *err)
{
    struct snap_arg sa = {ctx, NULL};
    struct ice_snapshots snaps = {snap_get, &sa};
    struct ice_delta d;
    const char *location;
    json_t *t = NULL, *meta = NULL;
    char *loc = NULL;
    int rc;
    if ((rc = ice_commit_apply(NULL, &snaps, requirements, updates, now_ms(), NULL, &d, err)) !=
        CAT_OK)
        return rc;
    if (!d.changed || (location = json_string_value(json_object_get(d.head, "location"))) == NULL) {
        ice_delta_release(&d);
        return srv_error_set(err, CAT_EINVAL,
                             "The commit creating table %.200s.%.200s gives it no metadata with a "
                             "location.",
                             db, name);
    }
    loc = metadata_location(location, 0);
    t = glue_table(NULL, name, d.head, loc, NULL, 0);
    if ((rc = store_table_insert(ctx->st, catalog, db, t, err)) == CAT_OK &&
        (rc = store_ice_replace(ctx->st, catalog, db, name, loc, d.head, d.added, d.log, err)) ==
            CAT_OK) {
        json_t *none = json_array();
        meta = ice_assemble(d.head, d.added ? d.added : none, d.log ? d.log : none);
        json_decref(none);
        rc = ice_file_write(loc, meta, err);
    }
    if (rc == CAT_EEXISTS && strncmp(err->msg, "Table", 5) == 0)
        srv_error_set(err, CAT_ECONCURRENT,
                      "Requirement assert-create failed: table %.200s.%.200s exists.", db, name);
    if (rc == CAT_OK && out)
        *out = result(loc, json_incref(meta), 0);
    json_decref(meta);
    json_decref(t);
    free(loc);
    ice_delta_release(&d);
    return rc;
}

/* Apply CommitTableRequest REQ to table NAME of DB in the caller's transaction, provided its
** VersionId is EXPECT (-1: any).  When OUT is not NULL, the CommitTableResponse: *OUT, or
** (*OUT NULL) CTX's text page. */
static int commit_one(struct op_ctx *ctx, const char *catalog, const char *db, const char *name,
                      const json_t *req, long long expect, json_t **out, struct srv_error *err)
{
    const json_t *requirements = json_object_get(req, "requirements");
    const json_t *updates = json_object_get(req, "updates");
    struct ice_state s;
    struct snap_arg sa = {ctx, &s};
    struct ice_snapshots snaps = {snap_get, &sa};
    struct ice_delta d;
    struct ice_text tx = {{0}, {0}};
    json_t *t = NULL, *all = NULL, *log = NULL;
    const char *location;
    char *loc = NULL, *stamp = NULL;
    size_t stamp_size = 0;
    int rc, have_text = 0;
    if (out)
        *out = NULL;
    if ((rc = state_load(ctx, catalog, db, name, 0, 0, &s, err)) != CAT_OK) {
        if (rc == CAT_ENOTFOUND && strncmp(err->msg, "Table ", 6) == 0 &&
            strstr(err->msg, "not an Iceberg") == NULL && asserts_create(requirements)) {
            srv_error_init(err); /* handled: no longer this commit's error */
            return commit_create(ctx, catalog, db, name, requirements, updates, out, err);
        }
        return rc;
    }
    if (expect >= 0 && expect != s.version) {
        state_release(&s);
        return srv_error_set(err, CAT_ECONCURRENT,
                             "Update table failed due to concurrent modifications.");
    }
    if ((rc = ice_commit_apply(s.head, &snaps, requirements, updates, now_ms(), s.location, &d,
                               err)) != CAT_OK) {
        state_release(&s);
        return rc;
    }
    if (s.location) {
        stamp_size = strlen(s.location) + 32;
        stamp = xmalloc(stamp_size);
    }
    /* the texts of this version, kept by the commit that made it (iceberg_text.h) */
    if (!s.stale && stamp)
        have_text = ice_text_take(catalog, db, name,
                                  text_stamp(stamp, stamp_size, s.version, s.location), &tx);
    if (!d.changed) { /* nothing changes: nothing is written */
        if (out && !have_text &&
            (rc = state_text(ctx, &s, NULL, &tx.snaps, &tx.log, err)) == CAT_OK)
            have_text = !s.stale;
        if (out && rc == CAT_OK)
            answer_text(ctx, s.location, s.head, &tx.snaps, &tx.log, 0, NULL, NULL);
        if (rc == CAT_OK && have_text && stamp) /* kept again for the same version */
            ice_text_keep(catalog, db, name, stamp, &tx);
        goto done;
    }
    location = json_string_value(json_object_get(d.head, "location"));
    if (location == NULL) {
        rc = srv_error_set(err, CAT_EINVAL, "The table's metadata has no location.");
        goto done;
    }
    loc = metadata_location(location, next_version(s.location, d.head));
    if (s.stale) { /* the stored parts are not current: all of them replaced */
        whole_after(&s, &d, &all, &log);
        rc = store_ice_replace(ctx->st, catalog, db, name, loc, d.head, all, log, err);
        elements_text(&tx.snaps, all);
        elements_text(&tx.log, log);
        have_text = 1;
    } else {
        rc = store_ice_put(ctx->st, catalog, db, name, loc, d.head, d.added, d.removed, d.log,
                           d.log_cut, err);
        if (rc == CAT_OK && have_text && json_array_size(d.removed) == 0 && !d.log_cut) {
            text_append(&tx, &d); /* the history's text as it was, and what this adds */
        } else {
            ice_text_release(&tx); /* snapshots removed, or none kept: from the store */
            have_text = 0;
            if (rc == CAT_OK && (out || ice_file_local(loc))) {
                rc = store_ice_text(ctx->st, catalog, db, name, NULL, &tx.snaps, &tx.log, err);
                have_text = rc == CAT_OK;
            }
        }
    }
    if (rc != CAT_OK)
        goto done;
    t = glue_table(s.table, name, d.head, loc, s.location, 0);
    if ((rc = glue_swap(ctx, &s, t, err)) != CAT_OK)
        goto done;
    if (out || ice_file_local(loc)) {
        size_t at, len;
        answer_text(ctx, loc, d.head, &tx.snaps, &tx.log, 0, &at, &len);
        /* the file before the commit moves the pointer */
        rc = ice_file_write_text(loc, ctx->page.items.p + at, len, err);
        if (!out || rc != CAT_OK)
            op_page_release(&ctx->page);
    }
    if (rc == CAT_OK && have_text) { /* for the version this makes, if it is committed */
        free(stamp);
        stamp_size = strlen(loc) + 32;
        stamp = xmalloc(stamp_size);
        ice_text_keep(catalog, db, name, text_stamp(stamp, stamp_size, s.version + 1, loc), &tx);
    }
done:
    ice_text_release(&tx);
    json_decref(t);
    json_decref(all);
    json_decref(log);
    free(loc);
    free(stamp);
    ice_delta_release(&d);
    state_release(&s);
    return rc;
}

/* ================================================================ */
/* Tables.                                                            */

/* Create the table CreateTableRequest REQ describes in database DB, its Glue table made from
** BASE (a TableInput-shaped object, or NULL), in a transaction of its own.  *OUT the
** LoadTableResult (staged: nothing stored, no metadata-location). */
static int create_table(struct op_ctx *ctx, const char *catalog, const char *db, const json_t *req,
                        const json_t *base, json_t **out, struct srv_error *err)
{
    const char *given = json_string_value(json_object_get(req, "location"));
    json_t *dbobj = NULL, *probe = NULL, *meta = NULL, *head = NULL, *snaps = NULL, *log = NULL;
    json_t *t = NULL;
    char *name = NULL, *location = NULL, *loc = NULL, id[37];
    int rc;
    *out = NULL;
    if ((name = folded(req, "name", err)) == NULL)
        return err->code;
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_db_get(ctx->st, catalog, db, &dbobj, err)) != CAT_OK)
        goto done;
    rc = store_table_get(ctx->st, catalog, db, name, &probe, err);
    if (rc == CAT_OK) {
        rc = srv_error_set(err, CAT_EEXISTS, "Table %.200s.%.200s already exists.", db, name);
        goto done;
    }
    if (rc != CAT_ENOTFOUND)
        goto done;
    srv_error_init(err);
    if (given && *given)
        location = xstrdup(given);
    else if ((location = default_location(dbobj, db, name, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    util_uuid(id);
    if ((rc = ice_file_may_write(location, err)) != CAT_OK || /* also when staged */
        (rc = ice_table_new(req, location, id, now_ms(), &meta, err)) != CAT_OK)
        goto done;
    if (json_is_true(json_object_get(req, "stage-create"))) {
        *out = result(NULL, json_incref(meta), 1);
        goto done;
    }
    if ((rc = ice_split(meta, &head, &snaps, &log, err)) != CAT_OK)
        goto done;
    loc = metadata_location(location, 0);
    t = glue_table(base, name, head, loc, NULL, 0);
    if ((rc = store_table_insert(ctx->st, catalog, db, t, err)) != CAT_OK ||
        (rc = store_ice_replace(ctx->st, catalog, db, name, loc, head, snaps, log, err)) !=
            CAT_OK ||
        (rc = ice_file_write(loc, meta, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = result(loc, json_incref(meta), 1);
done:
    store_rollback(ctx->st);
    json_decref(dbobj);
    json_decref(probe);
    json_decref(meta);
    json_decref(head);
    json_decref(snaps);
    json_decref(log);
    json_decref(t);
    free(name);
    free(location);
    free(loc);
    return rc;
}

int iceberg_create_table(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    char *db;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL)
        return err->code;
    rc =
        create_table(ctx, ops_catalog(ctx, in), db, json_object_get(in, "Request"), NULL, out, err);
    free(db);
    return rc;
}

int iceberg_load_table(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *mode = json_string_value(json_object_get(in, "Snapshots"));
    struct ice_state s;
    char *db = NULL, *name = NULL;
    json_t *ids = NULL;
    int rc, refs = mode && strcmp(mode, "refs") == 0;
    *out = NULL;
    s.memo_key = refs ? "iceberg-load-refs" : "iceberg-load";
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "Name", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = state_load(ctx, ops_catalog(ctx, in), db, name, 0, 1, &s, err)) == CAT_OK) {
        if (s.memo) { /* the answer's text for this version, made before */
            struct sbuf b = {0};
            sbuf_add(&b, json_string_value(s.memo), json_string_length(s.memo));
            ctx->page.member = "Result";
            ctx->page.single = 1;
            ctx->page.count = 1;
            ctx->page.items = b;
            if (s.location)
                ctx->page.extra = json_pack("{s:s}", "metadata-location", s.location);
        } else {
            struct sbuf snaps = {0}, log = {0};
            if (refs)
                ids = ice_ref_snapshot_ids(s.head);
            if ((rc = state_text(ctx, &s, ids, &snaps, &log, err)) == CAT_OK) {
                json_t *memo;
                answer_text(ctx, s.location, s.head, &snaps, &log, 1, NULL, NULL);
                memo = json_stringn(ctx->page.items.p, ctx->page.items.len);
                if (memo)
                    store_ptable_memo_put(ctx->st, &s.pt, s.memo_key, memo);
                json_decref(memo);
            }
            free(snaps.p);
            free(log.p);
        }
        state_release(&s);
    }
    json_decref(ids);
    free(name);
    free(db);
    return rc;
}

int iceberg_commit_table(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    char *db = NULL, *name = NULL;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "Name", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = commit_one(ctx, ops_catalog(ctx, in), db, name, json_object_get(in, "Request"), -1,
                         out, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) != CAT_OK) {
        json_decref(*out);
        *out = NULL;
    }
    if (rc != CAT_OK && *out) {
        json_decref(*out);
        *out = NULL;
    }
    store_rollback(ctx->st);
    free(name);
    free(db);
    return rc;
}

int iceberg_commit_transaction(struct op_ctx *ctx, const json_t *in, json_t **out,
                               struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *changes = json_object_get(in, "TableChanges"), *c;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = store_begin(ctx->st, err)) != CAT_OK)
        return rc;
    json_array_foreach(changes, i, c) {
        char *db = folded(c, "DatabaseName", err), *name = db ? folded(c, "Name", err) : NULL;
        if (name)
            rc = commit_one(ctx, catalog, db, name, json_object_get(c, "Request"), -1, NULL, err);
        else
            rc = err->code;
        free(db);
        free(name);
        if (rc != CAT_OK) { /* all or nothing */
            char msg[sizeof(err->msg)];
            int retry = err->retry; /* the store's mark: ops_run() runs it all again */
            snprintf(msg, sizeof(msg), "%s", err->msg);
            srv_error_set(err, rc, "Table change %zu: %.480s", i, msg);
            err->retry = retry;
            break;
        }
    }
    if (rc == CAT_OK && (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
    return rc;
}

int iceberg_register_table(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *req = json_object_get(in, "Request");
    const char *loc = json_string_value(json_object_get(req, "metadata-location"));
    json_t *meta = NULL, *head = NULL, *snaps = NULL, *log = NULL, *t = NULL;
    struct ice_state s;
    char *db = NULL, *name = NULL;
    int rc, exists = 0;
    *out = NULL;
    memset(&s, 0, sizeof(s));
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(req, "name", err)) == NULL) {
        free(db);
        return err->code;
    }
    if (loc == NULL || *loc == '\0') {
        rc = srv_error_set(err, CAT_EINVAL, "The request needs a metadata-location.");
        goto done;
    }
    if ((rc = ice_file_read(loc, &meta, err)) != CAT_OK) {
        if (rc != CAT_ENOMEM && rc != CAT_EACCESS) { /* the client named it: a bad request */
            char why[sizeof(err->msg)];
            snprintf(why, sizeof(why), "%s", err->msg);
            rc = srv_error_set(err, CAT_EINVAL, "%s", why);
        }
        goto done;
    }
    if ((rc = ice_split(meta, &head, &snaps, &log, err)) != CAT_OK) {
        char why[sizeof(err->msg)];
        snprintf(why, sizeof(why), "%s", err->msg);
        rc = srv_error_set(err, CAT_EINVAL, "The metadata at %.300s is not table metadata: %s", loc,
                           why);
        goto done;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK)
        goto done;
    rc = store_table_get(ctx->st, catalog, db, name, &s.table, err);
    if (rc == CAT_OK) {
        exists = 1;
        if (!json_is_true(json_object_get(req, "overwrite"))) {
            rc = srv_error_set(err, CAT_EEXISTS, "Table %.200s.%.200s already exists.", db, name);
            goto done;
        }
        s.catalog = catalog;
        s.db = db;
        s.name = name;
        s.version = version_of(s.table);
    } else if (rc == CAT_ENOTFOUND && strncmp(err->msg, "Table ", 6) == 0) {
        srv_error_init(err);
    } else {
        goto done;
    }
    t = glue_table(s.table, name, head, loc, exists ? param(s.table, "metadata_location") : NULL,
                   0);
    if ((rc = exists ? glue_swap(ctx, &s, t, err)
                     : store_table_insert(ctx->st, catalog, db, t, err)) != CAT_OK ||
        (rc = store_ice_replace(ctx->st, catalog, db, name, loc, head, snaps, log, err)) !=
            CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = result(loc, json_incref(meta), 1);
done:
    store_rollback(ctx->st);
    state_release(&s);
    json_decref(meta);
    json_decref(head);
    json_decref(snaps);
    json_decref(log);
    json_decref(t);
    free(name);
    free(db);
    return rc;
}

/* Rename and drop: IN's Views says which kind the table must be. */
int iceberg_rename_table(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    int views = json_is_true(json_object_get(in, "Views"));
    char *db = NULL, *name = NULL, *to_db = NULL, *to_name = NULL;
    json_t *t = NULL;
    long long v;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "Name", err)) == NULL ||
        (to_db = folded(in, "DestinationDatabaseName", err)) == NULL ||
        (to_name = folded(in, "DestinationName", err)) == NULL) {
        rc = err->code;
        goto done;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = kind_get(ctx, catalog, db, name, views, &t, err)) != CAT_OK)
        goto done;
    v = version_of(t);
    if ((rc = store_version_archive(ctx->st, catalog, db, name, v, t, err)) != CAT_OK ||
        (rc = store_table_rename(ctx->st, catalog, db, name, to_db, to_name, v, v + 1, err)) !=
            CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_object();
done:
    store_rollback(ctx->st);
    json_decref(t);
    free(db);
    free(name);
    free(to_db);
    free(to_name);
    return rc;
}

int iceberg_drop_table(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    int views = json_is_true(json_object_get(in, "Views"));
    char *db = NULL, *name = NULL;
    json_t *t = NULL;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "Name", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = kind_get(ctx, catalog, db, name, views, &t, err)) != CAT_OK)
        goto done;
    /* Purge is accepted: catalogd never deletes data or metadata files */
    if ((rc = store_table_delete(ctx->st, catalog, db, name, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_object();
done:
    store_rollback(ctx->st);
    json_decref(t);
    free(db);
    free(name);
    return rc;
}

/* IcebergListTables' listing (ops_list_visible()): the Iceberg tables or views of a database. */
struct tbl_listing {
    struct op_ctx *ctx;
    const char *catalog, *db;
    int views;
};

static int tbl_fetch(void *arg, const char *after, int limit, json_t **out, int *more,
                     struct srv_error *err)
{
    struct tbl_listing *l = arg;
    return store_table_list(l->ctx->st, l->catalog, l->db, after, limit, l->ctx->max_answer, NULL,
                            NULL, out, more, err);
}

static int tbl_keep(void *arg, const json_t *t)
{
    return is_kind(t, ((struct tbl_listing *)arg)->views);
}

static char *name_key(void *arg, const json_t *t)
{
    (void)arg;
    return xstrdup(json_string_value(json_object_get(t, "Name")));
}

int iceberg_list_tables(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    struct tbl_listing tl = {ctx, catalog, NULL, json_is_true(json_object_get(in, "Views"))};
    struct ops_listing l = {tbl_fetch, tbl_keep, name_key, &tl};
    char *db, *scope, *after = NULL, *next = NULL;
    json_t *list = NULL, *names, *t;
    size_t i, n;
    int limit, rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL)
        return err->code;
    tl.db = db;
    n = strlen(catalog) + strlen(db) + 4;
    scope = xmalloc(n);
    snprintf(scope, n, "%s/%s/%c", catalog, db, tl.views ? 'v' : 't');
    if ((rc = ops_max_results(in, 100, 1000, &limit, err)) != CAT_OK ||
        (token && *token &&
         (rc = token_parse(token, "iceberg-tables", scope, &after, err)) != CAT_OK))
        goto done;
    if ((rc = ops_list_visible(&l, after, limit, &list, &next, err)) != CAT_OK)
        goto done;
    names = json_array();
    json_array_foreach(list, i, t)
        json_array_append(names, json_object_get(t, "Name"));
    *out = json_pack("{s:o}", "Names", names);
    if (next)
        ops_set_token(*out, token_make("iceberg-tables", scope, next));
done:
    json_decref(list);
    free(next);
    free(after);
    free(scope);
    free(db);
    return rc;
}

/* ================================================================ */
/* Namespaces.                                                        */

#define NS_PAGE 100

int iceberg_list_namespaces(struct op_ctx *ctx, const json_t *in, json_t **out,
                            struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    const char *parent_in = json_string_value(json_object_get(in, "Parent"));
    char *parent = parent_in && *parent_in ? util_lower(parent_in) : NULL;
    char *prefix = NULL, *scope, *cursor = NULL;
    json_t *names = json_array(), *page = NULL;
    size_t plen = 0, n;
    int limit, rc, more = 1, ended = 0;
    *out = NULL;
    if (parent) {
        prefix = join(parent, "");
        prefix[strlen(prefix) - 1] = '.'; /* "a.b." */
        plen = strlen(prefix);
    }
    n = strlen(catalog) + (parent ? strlen(parent) : 0) + 2;
    scope = xmalloc(n);
    snprintf(scope, n, "%s/%s", catalog, parent ? parent : "");
    if ((rc = ops_max_results(in, 100, 1000, &limit, err)) != CAT_OK ||
        (token && *token && (rc = token_parse(token, "iceberg-ns", scope, &cursor, err)) != CAT_OK))
        goto done;
    if (parent && (rc = store_db_get(ctx->st, catalog, parent, &page, err)) != CAT_OK)
        goto done; /* "Database a.b not found." */
    if (cursor == NULL && prefix)
        cursor = xstrdup(prefix); /* the children sort right after "a.b." */
    while (!ended && more && (int)json_array_size(names) < limit) {
        const json_t *d;
        size_t i;
        json_decref(page);
        page = NULL;
        if ((rc = store_db_list(ctx->st, catalog, cursor, NS_PAGE, 0, &page, &more, err)) != CAT_OK)
            goto done;
        json_array_foreach(page, i, d) {
            const char *name = json_string_value(json_object_get(d, "Name"));
            if (name == NULL)
                continue;
            if (prefix && strncmp(name, prefix, plen) != 0) {
                ended = 1; /* past the parent's children */
                break;
            }
            free(cursor);
            cursor = xstrdup(name);
            if (strchr(name + plen, '.') == NULL && name[plen] != '\0' &&
                auth_database_allowed(ctx->who, name))
                json_array_append_new(names, json_string(name));
            if ((int)json_array_size(names) == limit) {
                if (i + 1 == json_array_size(page) && !more)
                    ended = 1;
                break;
            }
        }
    }
    *out = json_pack("{s:O}", "Namespaces", names);
    /* more may follow: the store has more, or the page filled before its end */
    if (!ended && cursor && (more || (int)json_array_size(names) == limit))
        ops_set_token(*out, token_make("iceberg-ns", scope, cursor));
done:
    json_decref(page);
    json_decref(names);
    free(cursor);
    free(scope);
    free(prefix);
    free(parent);
    return rc;
}

int iceberg_drop_namespace(struct op_ctx *ctx, const json_t *in, json_t **out,
                           struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    json_t *list = NULL;
    char *name, *prefix = NULL;
    int more = 0, rc;
    *out = NULL;
    if ((name = folded(in, "Name", err)) == NULL)
        return err->code;
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_table_list(ctx->st, catalog, name, NULL, 1, 0, NULL, NULL, &list, &more,
                               err)) != CAT_OK)
        goto done;
    if (json_array_size(list) > 0) {
        rc = srv_error_set(err, CAT_EBADSTATE,
                           "Namespace %.200s is not empty: it holds tables or views.", name);
        goto done;
    }
    json_decref(list);
    list = NULL;
    prefix = join(name, "");
    prefix[strlen(prefix) - 1] = '.';
    if ((rc = store_db_list(ctx->st, catalog, prefix, 1, 0, &list, &more, err)) != CAT_OK)
        goto done;
    if (json_array_size(list) > 0) {
        const char *child = json_string_value(json_object_get(json_array_get(list, 0), "Name"));
        if (child && strncmp(child, prefix, strlen(prefix)) == 0) {
            rc = srv_error_set(err, CAT_EBADSTATE,
                               "Namespace %.200s is not empty: it holds namespace %.200s.", name,
                               child);
            goto done;
        }
    }
    if ((rc = store_db_delete(ctx->st, catalog, name, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_object();
done:
    store_rollback(ctx->st);
    json_decref(list);
    free(prefix);
    free(name);
    return rc;
}

/* The Database member property KEY stands for ("location" LocationUri, "comment" Description),
** or NULL for a parameter. */
static const char *db_member(const char *key)
{
    if (strcmp(key, "location") == 0)
        return "LocationUri";
    if (strcmp(key, "comment") == 0)
        return "Description";
    return NULL;
}

int iceberg_update_namespace(struct op_ctx *ctx, const json_t *in, json_t **out,
                             struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in), *key;
    const json_t *removals = json_object_get(in, "Removals"),
                 *updates = json_object_get(in, "Updates");
    const json_t *v;
    json_t *db = NULL, *params, *updated = json_array(), *removed = json_array(),
           *missing = json_array();
    char *name;
    size_t i;
    int rc;
    *out = NULL;
    if ((name = folded(in, "Name", err)) == NULL) {
        rc = err->code;
        goto done;
    }
    json_array_foreach(removals, i, v) {
        if (json_object_get(updates, json_string_value(v))) {
            rc = srv_error_set(err, CAT_EINVAL, "Property %.200s is both removed and updated.",
                               json_string_value(v));
            goto done;
        }
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_db_get(ctx->st, catalog, name, &db, err)) != CAT_OK)
        goto done;
    if (!json_is_object(params = json_object_get(db, "Parameters"))) {
        params = json_object();
        json_object_set_new(db, "Parameters", params);
    }
    json_array_foreach(removals, i, v) {
        const char *k = json_string_value(v), *m = db_member(k);
        json_t *holder = m ? db : params;
        if (json_object_get(holder, m ? m : k)) {
            json_object_del(holder, m ? m : k);
            json_array_append(removed, (json_t *)v);
        } else {
            json_array_append(missing, (json_t *)v);
        }
    }
    json_object_foreach((json_t *)updates, key, v) {
        const char *m = db_member(key);
        json_object_set(m ? db : params, m ? m : key, (json_t *)v);
        json_array_append_new(updated, json_string(key));
    }
    json_object_del(db, "CatalogId");
    if ((rc = store_db_replace(ctx->st, catalog, name, db, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = json_pack("{s:O, s:O, s:O}", "updated", updated, "removed", removed, "missing", missing);
done:
    store_rollback(ctx->st);
    json_decref(db);
    json_decref(updated);
    json_decref(removed);
    json_decref(missing);
    free(name);
    return rc;
}

/* ================================================================ */
/* Views: ViewMetadata kept whole as the head.                        */

int iceberg_create_view(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *req = json_object_get(in, "Request");
    const char *given = json_string_value(json_object_get(req, "location"));
    json_t *dbobj = NULL, *probe = NULL, *meta = NULL, *t = NULL;
    char *db = NULL, *name = NULL, *location = NULL, *loc = NULL, id[37];
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(req, "name", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = store_db_get(ctx->st, catalog, db, &dbobj, err)) != CAT_OK)
        goto done;
    rc = store_table_get(ctx->st, catalog, db, name, &probe, err);
    if (rc == CAT_OK) {
        rc = srv_error_set(err, CAT_EEXISTS, "%s %.200s.%.200s already exists.",
                           is_kind(probe, 1) ? "View" : "Table", db, name);
        goto done;
    }
    if (rc != CAT_ENOTFOUND)
        goto done;
    srv_error_init(err);
    if (given && *given)
        location = xstrdup(given);
    else if ((location = default_location(dbobj, db, name, err)) == NULL) {
        rc = err->code;
        goto done;
    }
    util_uuid(id);
    if ((rc = ice_file_may_write(location, err)) != CAT_OK ||
        (rc = ice_view_new(req, location, id, now_ms(), &meta, err)) != CAT_OK)
        goto done;
    loc = metadata_location(location, 0);
    t = glue_table(NULL, name, meta, loc, NULL, 1);
    if ((rc = store_table_insert(ctx->st, catalog, db, t, err)) != CAT_OK ||
        (rc = store_ice_replace(ctx->st, catalog, db, name, loc, meta, NULL, NULL, err)) !=
            CAT_OK ||
        (rc = ice_file_write(loc, meta, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = result(loc, json_incref(meta), 1);
done:
    store_rollback(ctx->st);
    json_decref(dbobj);
    json_decref(probe);
    json_decref(meta);
    json_decref(t);
    free(db);
    free(name);
    free(location);
    free(loc);
    return rc;
}

int iceberg_load_view(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    struct ice_state s;
    char *db = NULL, *name = NULL;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "Name", err)) == NULL) {
        free(db);
        return err->code;
    }
    s.memo_key = NULL;
    if ((rc = state_load(ctx, ops_catalog(ctx, in), db, name, 1, 1, &s, err)) == CAT_OK) {
        *out = result(s.location, json_incref(s.head), 1);
        state_release(&s);
    }
    free(name);
    free(db);
    return rc;
}

int iceberg_replace_view(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const json_t *req = json_object_get(in, "Request");
    struct ice_state s;
    json_t *meta = NULL, *t = NULL;
    const char *location;
    char *db = NULL, *name = NULL, *loc = NULL;
    int rc;
    *out = NULL;
    memset(&s, 0, sizeof(s));
    if ((db = folded(in, "DatabaseName", err)) == NULL ||
        (name = folded(in, "Name", err)) == NULL) {
        free(db);
        return err->code;
    }
    if ((rc = store_begin(ctx->st, err)) != CAT_OK ||
        (rc = state_load(ctx, catalog, db, name, 1, 0, &s, err)) != CAT_OK ||
        (rc = ice_view_apply(s.head, json_object_get(req, "requirements"),
                             json_object_get(req, "updates"), now_ms(), &meta, err)) != CAT_OK)
        goto done;
    if (meta == NULL) { /* nothing changes: nothing is written */
        *out = result(s.location, json_incref(s.head), 1);
        goto done;
    }
    if ((location = json_string_value(json_object_get(meta, "location"))) == NULL) {
        rc = srv_error_set(err, CAT_EINVAL, "The view's metadata has no location.");
        goto done;
    }
    loc = metadata_location(location,
                            next_version(s.location, NULL) > 0
                                ? next_version(s.location, NULL)
                                : (long long)json_array_size(json_object_get(meta, "version-log")));
    t = glue_table(s.table, name, meta, loc, s.location, 1);
    if ((rc = glue_swap(ctx, &s, t, err)) != CAT_OK ||
        (rc = store_ice_replace(ctx->st, catalog, db, name, loc, meta, NULL, NULL, err)) !=
            CAT_OK ||
        (rc = ice_file_write(loc, meta, err)) != CAT_OK ||
        (rc = store_commit(ctx->st, err)) != CAT_OK)
        goto done;
    *out = result(loc, json_incref(meta), 1);
done:
    store_rollback(ctx->st);
    state_release(&s);
    json_decref(meta);
    json_decref(t);
    free(db);
    free(name);
    free(loc);
    return rc;
}

/* ================================================================ */
/* Glue's own Iceberg calls.                                          */

int iceberg_glue_create(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *ti = json_object_get(in, "TableInput");
    const json_t *ice =
        json_object_get(json_object_get(in, "OpenTableFormatInput"), "IcebergInput");
    json_t *req = NULL, *res = NULL;
    char *db;
    int rc;
    *out = NULL;
    if ((db = folded(in, "DatabaseName", err)) == NULL)
        return err->code;
    if ((rc = ice_create_from_glue(ice, ti, &req, err)) == CAT_OK) {
        json_object_del(req, "stage-create");
        if ((rc = create_table(ctx, ops_catalog(ctx, in), db, req, ti, &res, err)) == CAT_OK)
            *out = json_object();
    }
    json_decref(req);
    json_decref(res);
    free(db);
    return rc;
}

int iceberg_glue_update(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const json_t *glue_updates = json_object_get(
        json_object_get(json_object_get(json_object_get(in, "UpdateOpenTableFormatInput"),
                                        "UpdateIcebergInput"),
                        "UpdateIcebergTableInput"),
        "Updates");
    const char *want = json_string_value(json_object_get(in, "VersionId"));
    const char *n = json_string_value(json_object_get(in, "Name"));
    json_t *updates = NULL, *req = NULL;
    char *db = NULL, *name = NULL, *end = NULL;
    long long expect = -1;
    int rc;
    *out = NULL;
    if (n == NULL)
        n = json_string_value(json_object_get(json_object_get(in, "TableInput"), "Name"));
    if (n == NULL)
        return srv_error_set(err, CAT_EINVAL, "UpdateTable needs the table's Name.");
    if ((db = folded(in, "DatabaseName", err)) == NULL)
        return err->code;
    name = util_lower(n);
    if (want) {
        errno = 0;
        expect = strtoll(want, &end, 10);
        if (errno || *end || expect < 0 || end == want) {
            rc = srv_error_set(err, CAT_EINVAL,
                               "Invalid VersionId %.100s: a version is a non-negative integer.",
                               want);
            goto done;
        }
    }
    if ((rc = ice_updates_from_glue(glue_updates, &updates, err)) != CAT_OK)
        goto done;
    req = json_pack("{s:[], s:O}", "requirements", "updates", updates);
    if ((rc = store_begin(ctx->st, err)) == CAT_OK &&
        (rc = commit_one(ctx, ops_catalog(ctx, in), db, name, req, expect, NULL, err)) == CAT_OK &&
        (rc = store_commit(ctx->st, err)) == CAT_OK)
        *out = json_object();
    store_rollback(ctx->st);
done:
    json_decref(updates);
    json_decref(req);
    free(name);
    free(db);
    return rc;
}
