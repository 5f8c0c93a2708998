/* crawl_run.c -- one crawl of one crawler: walk Hive-layout trees, learn tables and partitions,
** register them through the resource operations (CreateTable, UpdateTable,
** BatchCreatePartition, BatchDeletePartition) in batches. */
#include "crawler/crawl_run.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/auth.h"
#include "crawler/crawl_file.h"
#include "crawler/parquet.h"
#include "lang/ptype.h"
#include "ops/ops.h"
#include "ops/partition.h"
#include "ops/table.h"

/* ---- Paths ---- */

int crawl_target_path(const char *path, const char *const *roots, int nroots, char **real,
                      char *msg, size_t n)
{
    const char *p = path;
    char *r;
    int i;
    *real = NULL;
    if (strncmp(p, "s3://", 5) == 0 || strncmp(p, "s3a://", 6) == 0)
        return snprintf(msg, n,
                        "Target %.300s is on S3, and catalogd has no object store configured: "
                        "crawl file:// paths under a --crawl-root.",
                        path),
               -1;
    if (strncmp(p, "file://", 7) == 0)
        p += 7;
    if (p[0] != '/')
        return snprintf(msg, n, "Target %.300s is not an absolute path or file:// URI.", path), -1;
    if (nroots == 0)
        return snprintf(msg, n,
                        "Target %.300s refused: catalogd was started without --crawl-root, so "
                        "crawlers may not read local files.",
                        path),
               -1;
    if ((r = realpath(p, NULL)) == NULL)
        return snprintf(msg, n, "Target %.300s cannot be read: %s.", path, strerror(errno)), -1;
    for (i = 0; i < nroots; i++) {
        size_t l = strlen(roots[i]);
        if (strncmp(r, roots[i], l) == 0 &&
            (r[l] == '\0' || r[l] == '/' || (l > 0 && roots[i][l - 1] == '/'))) {
            *real = r;
            return 0;
        }
    }
    snprintf(msg, n, "Target %.300s is outside the crawl roots (--crawl-root).", path);
    free(r);
    return -1;
}

int crawl_glob_match(const char *pat, const char *rel)
{
    /* row by row over the pattern's tokens: row[j] = the pattern so far matches rel[0..j) */
    size_t nt = strlen(rel), i, j;
    unsigned char *prev, *cur, *tmp;
    int ok;
    if (strlen(pat) > 1024 || nt > PATH_MAX)
        return 0;
    prev = xcalloc(nt + 1, 1);
    cur = xcalloc(nt + 1, 1);
    prev[0] = 1;
    for (i = 0; pat[i]; i++) {
        if (pat[i] == '*' && pat[i + 1] == '*') { /* any text, folders included */
            int any = 0;
            for (j = 0; j <= nt; j++)
                cur[j] = (unsigned char)(any |= prev[j]);
            i++;
        } else if (pat[i] == '*') { /* any text within one folder */
            for (j = 0; j <= nt; j++)
                cur[j] = prev[j] || (j > 0 && cur[j - 1] && rel[j - 1] != '/');
        } else {
            cur[0] = 0;
            for (j = 1; j <= nt; j++)
                cur[j] = prev[j - 1] && (pat[i] == '?' ? rel[j - 1] != '/' : rel[j - 1] == pat[i]);
        }
        tmp = prev, prev = cur, cur = tmp;
    }
    ok = prev[nt];
    free(prev);
    free(cur);
    return ok;
}

/* ---- The walk ---- */

struct part {
    json_t *values; /* array of strings */
    char *rel;      /* "k=v/k2=v2" */
};

struct walk {
    struct crawl *c;
    const json_t *exclusions;
    const char *table; /* for messages */
    json_t *keys;      /* key names, from the first partition folder path */
    int depth_files;   /* folder depth of data files (-1 until the first) */
    json_t *existing;  /* {"<values JSON>": true} of partitions already registered */
    int new_only;      /* CRAWL_NEW_FOLDERS_ONLY */
    json_t *columns;   /* merged columns */
    enum crawl_format format;
    char first_file[PATH_MAX]; /* the file that set the format */
    int gzip;
    int codec; /* Parquet: the codec of every file's column chunks (parquet.h) */
    char delim;
    int header; /* CSV: the first file's first line is a header */
    struct part *parts;
    size_t nparts, cap;
    long entries;
    int failed;
};

static void note(struct crawl *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct crawl *c, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    c->nnotes++;
    if (c->notes.len > 4096)
        return;
    if (c->notes.len)
        sbuf_adds(&c->notes, "; ");
    sbuf_adds(&c->notes, buf);
}

static int fail(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct walk *w, const char *fmt, ...)
{
    va_list ap;
    if (!w->failed) {
        va_start(ap, fmt);
        vsnprintf(w->c->error, sizeof(w->c->error), fmt, ap);
        va_end(ap);
    }
    w->failed = 1;
    return -1;
}

static int excluded(const struct walk *w, const char *rel, int is_dir)
{
    const json_t *e;
    size_t i;
    char buf[PATH_MAX + 2];
    json_array_foreach(w->exclusions, i, e) {
        const char *pat = json_string_value(e);
        if (pat == NULL)
            continue;
        if (crawl_glob_match(pat, rel))
            return 1;
        if (is_dir) { /* "dir/" + "**" excludes the folder itself */
            snprintf(buf, sizeof(buf), "%s/", rel);
            if (crawl_glob_match(pat, buf))
                return 1;
        }
    }
    return 0;
}

/* Hive's escaping of partition values (%3A for ':'), undone.  Caller frees. */
static char *unescape(const char *s)
{
    char *out = xmalloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (s[0] == '%' && util_hexval((unsigned char)s[1]) >= 0 &&
            util_hexval((unsigned char)s[2]) >= 0) {
            *o++ = (char)(util_hexval((unsigned char)s[1]) * 16 + util_hexval((unsigned char)s[2]));
            s += 3;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of folder PATH except hidden ones ('.', '_'), sorted; *N of them. */
static char **list_dir(struct walk *w, const char *path, size_t *n)
{
    DIR *d = opendir(path);
    struct dirent *de;
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    if (d == NULL) {
        note(w->c, "%s: cannot open folder: %s", path, strerror(errno));
        return NULL;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || de->d_name[0] == '_')
            continue;
        if (++w->entries > CRAWL_MAX_ENTRIES) {
            fail(w, "Crawl stopped: more than %ld folder entries.", CRAWL_MAX_ENTRIES);
            break;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            names = xrealloc(names, cap * sizeof(*names));
        }
        names[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof(*names), cmp_names);
    return names;
}

static void free_names(char **names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Read one data file's schema into the walk. */
static void read_file(struct walk *w, const char *path, const char *rel)
{
    struct crawl_file f;
    char msg[512];
    w->c->files_read++;
    if (crawl_file_read(path, &f, msg, sizeof(msg)) != 0) {
        note(w->c, "%s: %s", rel, msg);
        return;
    }
    if (w->format == CRAWL_UNKNOWN) {
        w->format = f.format;
        w->gzip = f.gzip;
        w->codec = f.codec;
        w->delim = f.delim;
        w->header = f.header;
        snprintf(w->first_file, sizeof(w->first_file), "%s", rel);
    } else if (w->format != f.format) {
        fail(w,
             "Table %s mixes formats: %s (%s) and %s (%s); the files of one table must share "
             "one format.",
             w->table, crawl_format_name(w->format), w->first_file, crawl_format_name(f.format),
             rel);
        crawl_file_release(&f);
        return;
    } else if (f.codec != PARQUET_CODEC_NONE && f.codec != w->codec) {
        w->codec = w->codec == PARQUET_CODEC_NONE ? f.codec : PARQUET_CODEC_MIXED;
    }
    crawl_merge_columns(w->columns, f.columns);
    crawl_file_release(&f);
}

/* Visit folder PATH (REL below the target; VALUES the partition values so far). */
static void walk_dir(struct walk *w, const char *path, const char *rel, json_t *values, int depth)
{
    size_t n, i, files_read = 0;
    char **names;
    int has_files = 0;
    if (w->failed || atomic_load(w->c->cancel))
        return;
    if (depth > CRAWL_MAX_DEPTH) {
        note(w->c, "%s: folders nested deeper than %d, skipped", rel, CRAWL_MAX_DEPTH);
        return;
    }
    w->c->folders++;
    if ((names = list_dir(w, path, &n)) == NULL)
        return;
    for (i = 0; i < n && !w->failed && !atomic_load(w->c->cancel); i++) {
        char child[PATH_MAX], crel[PATH_MAX];
        struct stat sb;
        if ((size_t)snprintf(child, sizeof(child), "%s/%s", path, names[i]) >= sizeof(child) ||
            (size_t)snprintf(crel, sizeof(crel), "%s%s%s", rel, *rel ? "/" : "", names[i]) >=
                sizeof(crel))
            continue;
        if (lstat(child, &sb) != 0 || S_ISLNK(sb.st_mode))
            continue; /* symlinks are not followed: they could leave the crawl root */
        if (S_ISDIR(sb.st_mode)) {
            const char *eq = strchr(names[i], '=');
            json_t *key;
            char *value;
            if (excluded(w, crel, 1))
                continue;
            if (eq == NULL || eq == names[i]) {
                note(w->c, "%s: not a key=value partition folder, skipped", crel);
                continue;
            }
            key = json_stringn(names[i], (size_t)(eq - names[i]));
            if ((size_t)depth < json_array_size(w->keys)) {
                if (!json_equal(key, json_array_get(w->keys, (size_t)depth))) {
                    fail(w,
                         "Table %s has inconsistent partition folders: %s where %s= was expected "
                         "(all partitions must use the same keys in the same order).",
                         w->table, crel, json_string_value(json_array_get(w->keys, (size_t)depth)));
                    json_decref(key);
                    break;
                }
                json_decref(key);
            } else if ((size_t)depth == json_array_size(w->keys) && w->depth_files < 0) {
                json_array_append_new(w->keys, key);
            } else {
                json_decref(key);
                note(w->c, "%s: partition folder deeper than the table's data, skipped", crel);
                continue;
            }
            value = unescape(eq + 1);
            json_array_append_new(values, json_string(value));
            free(value);
            walk_dir(w, child, crel, values, depth + 1);
            json_array_remove(values, json_array_size(values) - 1);
        } else if (S_ISREG(sb.st_mode)) {
            if (excluded(w, crel, 0))
                continue;
            if (w->depth_files < 0 && (size_t)depth == json_array_size(w->keys))
                w->depth_files = depth;
            if (depth != w->depth_files) {
                note(w->c, "%s: data file outside the partition folders, skipped", crel);
                continue;
            }
            if (!has_files) {
                char *vtext = json_dumps(values, JSON_COMPACT);
                int known = json_object_get(w->existing, vtext) != NULL;
                free(vtext);
                has_files = 1;
                if (w->nparts == w->cap) {
                    w->cap = w->cap ? w->cap * 2 : 256;
                    w->parts = xrealloc(w->parts, w->cap * sizeof(*w->parts));
                }
                w->parts[w->nparts].values = json_deep_copy(values);
                w->parts[w->nparts].rel = xstrdup(rel);
                w->nparts++;
                if (known && w->new_only)
                    files_read = CRAWL_FILES_PER_FOLDER; /* not re-read */
            }
            if (files_read < CRAWL_FILES_PER_FOLDER) {
                files_read++;
                read_file(w, child, crel);
            }
        }
    }
    free_names(names, n);
}

/* ---- Registering ---- */

static const char *param_str(const json_t *o, const char *a, const char *b, const char *def)
{
    const char *s = json_string_value(json_object_get(json_object_get(o, a), b));
    return s ? s : def;
}

/* Partition key types from the values: int/bigint when all are integers, date when all are
** dates, else string (__HIVE_DEFAULT_PARTITION__ ignored). */
static json_t *key_columns(const struct walk *w)
{
    json_t *keys = json_array();
    size_t k, i;
    for (k = 0; k < json_array_size(w->keys); k++) {
        int ints = 1, dates = 1, big = 0, seen = 0;
        for (i = 0; i < w->nparts; i++) {
            const char *v = json_string_value(json_array_get(w->parts[i].values, k));
            struct pvalue pv;
            size_t len = strlen(v);
            if (strcmp(v, "__HIVE_DEFAULT_PARTITION__") == 0)
                continue;
            seen = 1;
            if (ints && ptype_value(PT_INTEGER, v, len, &pv) == 0)
                big |= pv.i > 2147483647LL || pv.i < -2147483648LL;
            else
                ints = 0;
            if (dates && !(len == 10 && ptype_value(PT_DATE, v, len, &pv) == 0))
                dates = 0;
        }
        json_array_append_new(keys,
                              json_pack("{s:O, s:s}", "Name", json_array_get(w->keys, k), "Type",
                                        !seen   ? "string"
                                        : ints  ? (big ? "bigint" : "int")
                                        : dates ? "date"
                                                : "string"));
    }
    return keys;
}

/* The storage descriptor of the crawled table at LOCATION. */
static json_t *descriptor(const struct walk *w, const char *location, const json_t *columns)
{
    const char *in = "org.apache.hadoop.mapred.TextInputFormat",
               *out = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat", *serde;
    json_t *sp = json_object();
    if (w->format == CRAWL_PARQUET) {
        in = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
        out = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
        serde = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    } else if (w->format == CRAWL_JSON) {
        serde = "org.openx.data.jsonserde.JsonSerDe";
    } else {
        char d[2] = {w->delim ? w->delim : ',', 0};
        serde = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
        json_object_set_new(sp, "field.delim", json_string(d));
    }
    return json_pack("{s:O, s:s, s:s, s:s, s:b, s:{s:s, s:o}, s:{s:s}}", "Columns", columns,
                     "Location", location, "InputFormat", in, "OutputFormat", out, "Compressed",
                     w->gzip, "SerdeInfo", "SerializationLibrary", serde, "Parameters", sp,
                     "Parameters", "classification", crawl_format_name(w->format));
}

/* Run resource operation FN (named OP) on request IN (stolen) with a pooled connection; a
** write that succeeds is audited in the name of the crawler and its owner. */
static int run_op(struct crawl *c, const char *op, op_fn *fn, json_t *in, json_t **out,
                  struct srv_error *err)
{
    struct op_ctx ctx;
    json_t *res = NULL;
    int rc;
    int attempt;
    memset(&ctx, 0, sizeof(ctx));
    ctx.catalog_id = c->catalog;
    ctx.op = op;
    json_object_set_new(in, "CatalogId", json_string(c->catalog));
    for (attempt = 1;; attempt++) { /* serialization failures are run again, as in ops_run() */
        if ((ctx.st = store_acquire(c->pool, err)) == NULL) {
            json_decref(in);
            return err->code;
        }
        rc = fn(&ctx, in, &res, err);
        store_return(c->pool, ctx.st);
        if (rc != CAT_ECONCURRENT || !err->retry || attempt >= STORE_MAX_ATTEMPTS)
            break;
        json_decref(res);
        res = NULL;
        op_page_release(&ctx.page);
        memset(&ctx.page, 0, sizeof(ctx.page));
        store_retry_pause(attempt);
    }
    if (rc == CAT_OK && res == NULL && ctx.page.member && (res = op_page_object(&ctx.page)) == NULL)
        rc = srv_error_set(err, CAT_EINTERNAL, "an answer written as text does not parse");
    if (rc == CAT_OK && fn != table_get)
        auth_audit_crawl(c->owner, json_string_value(json_object_get(c->crawler, "Name")),
                         json_string_value(json_object_get(c->crawler, "_CrawlId")), op, in);
    op_page_release(&ctx.page);
    json_decref(in);
    if (out)
        *out = res;
    else
        json_decref(res);
    return rc;
}

static int collect_values(void *arg, const struct store_prow *row)
{
    json_object_set_new((json_t *)arg, row->values, json_true());
    return CAT_OK;
}

/* The current table (new reference, or NULL when absent) and its partitions' Values texts. */
static int load_existing(struct crawl *c, const char *db, const char *name, json_t **table,
                         json_t *existing, struct srv_error *err)
{
    struct store *st = store_acquire(c->pool, err);
    struct store_ptable pt = {0};
    struct store_pquery q = {0};
    int rc;
    *table = NULL;
    if (st == NULL)
        return err->code;
    rc = store_ptable_open(st, c->catalog, db, name, &pt, err);
    if (rc == CAT_OK) {
        *table = json_incref(pt.table);
        q.limit = INT_MAX;
        rc = store_partition_query(st, &pt, &q, collect_values, existing, err);
    } else if (rc == CAT_ENOTFOUND && strncmp(err->msg, "Table", 5) == 0) {
        rc = CAT_OK;
        srv_error_init(err);
    }
    store_ptable_close(&pt);
    store_return(c->pool, st);
    return rc;
}

static const char *column_names_list(const json_t *cols, char *buf, size_t n)
{
    size_t i, len = 0;
    const json_t *col;
    buf[0] = '\0';
    json_array_foreach(cols, i, col) {
        int k = snprintf(buf + len, n - len, "%s%s %s", i ? ", " : "",
                         json_string_value(json_object_get(col, "Name")),
                         json_string_value(json_object_get(col, "Type")));
        if (k < 0 || (size_t)k >= n - len)
            break;
        len += (size_t)k;
    }
    return buf;
}

/* The crawler's name, for UPDATED_BY_CRAWLER. */
static const char *crawler_name(const struct crawl *c)
{
    const char *cname = json_string_value(json_object_get(c->crawler, "Name"));
    return cname ? cname : "";
}

/* Create table DB.NAME at LOCATION with the columns and partition KEYS found.  *SD: the new
** table's storage descriptor (new reference), the model of its partitions'.  0, or -1 after
** fail(). */
static int create_table(struct walk *w, const char *db, const char *name, const char *location,
                        const json_t *keys, json_t **sd)
{
    struct crawl *c = w->c;
    struct srv_error err;
    json_t *ti;
    size_t i;
    int rc;
    srv_error_init(&err);
    *sd = descriptor(w, location, w->columns);
    ti = json_pack("{s:s, s:s, s:O, s:O, s:{s:s, s:s, s:s}}", "Name", name, "TableType",
                   "EXTERNAL_TABLE", "StorageDescriptor", *sd, "PartitionKeys", keys, "Parameters",
                   "classification", crawl_format_name(w->format), "UPDATED_BY_CRAWLER",
                   crawler_name(c), "compressionType", w->gzip ? "gzip" : "none");
    /* a CSV header line, recorded as Glue's CSV classifier records it, for Hive, Trino and
    ** Athena to skip */
    if (w->format == CRAWL_CSV && w->header)
        json_object_set_new(json_object_get(ti, "Parameters"), "skip.header.line.count",
                            json_string("1"));
    /* Parquet compresses inside the file: like Glue, compressionType stays "none"; the
    ** chunks' codec, when they share one, is Hive's table property parquet.compression. */
    if (w->format == CRAWL_PARQUET && parquet_codec_name(w->codec)) {
        char upper[16];
        const char *lc = parquet_codec_name(w->codec);
        for (i = 0; lc[i] && i + 1 < sizeof(upper); i++)
            upper[i] = (char)(lc[i] >= 'a' && lc[i] <= 'z' ? lc[i] - 32 : lc[i]);
        upper[i] = '\0';
        json_object_set_new(json_object_get(ti, "Parameters"), "parquet.compression",
                            json_string(upper));
    }
    rc = run_op(c, "CreateTable", table_create,
                json_pack("{s:s, s:O}", "DatabaseName", db, "TableInput", ti), NULL, &err);
    json_decref(ti);
    if (rc != CAT_OK)
        return fail(w, "CreateTable %s.%s failed: %s", db, name, err.msg);
    c->tables_created++;
    return 0;
}

/* Whether TABLE's partition keys are KEYS by name (ASCII case ignored), in order. */
static int same_keys(const json_t *table, const json_t *keys)
{
    const json_t *old_keys = json_object_get(table, "PartitionKeys");
    size_t k;
    if (json_array_size(old_keys) != json_array_size(keys))
        return 0;
    for (k = 0; k < json_array_size(keys); k++)
        if (strcasecmp(json_string_value(json_object_get(json_array_get(old_keys, k), "Name")),
                       json_string_value(json_object_get(json_array_get(keys, k), "Name"))))
            return 0;
    return 1;
}

/* UpdateTable DB.NAME (TABLE as GetTable answered it) to storage descriptor TSD with columns
** MERGED, as a new table version.  0, or -1 after fail(). */
static int update_columns(struct walk *w, const char *db, const char *name, const json_t *table,
                          const json_t *tsd, json_t *merged)
{
    /* TableInput members only: what GetTable adds is not input */
    static const char *const not_input[] = {"DatabaseName",
                                            "CatalogId",
                                            "VersionId",
                                            "CreateTime",
                                            "UpdateTime",
                                            "CreatedBy",
                                            "IsRegisteredWithLakeFormation"};
    struct crawl *c = w->c;
    struct srv_error err;
    json_t *ti = json_deep_copy(table), *sd = json_deep_copy(tsd);
    char buf[900];
    size_t i;
    int rc;
    srv_error_init(&err);
    json_object_set(sd, "Columns", merged);
    json_object_set_new(ti, "StorageDescriptor", sd);
    json_object_set_new(json_object_get(ti, "Parameters"), "UPDATED_BY_CRAWLER",
                        json_string(crawler_name(c)));
    for (i = 0; i < sizeof(not_input) / sizeof(not_input[0]); i++)
        json_object_del(ti, not_input[i]);
    rc = run_op(c, "UpdateTable", table_update,
                json_pack("{s:s, s:O}", "DatabaseName", db, "TableInput", ti), NULL, &err);
    json_decref(ti);
    if (rc != CAT_OK)
        return fail(w, "UpdateTable %s.%s failed: %s", db, name, err.msg);
    note(c, "schema change of %s.%s recorded as a new table version: columns %s", db, name,
         column_names_list(merged, buf, sizeof(buf)));
    c->tables_updated++;
    return 0;
}

/* Bring existing table DB.NAME (TABLE) in line with what the walk found: the same partition
** keys or the crawl fails; new columns applied or logged as SchemaChangePolicy says.  *SD: the
** table's storage descriptor as it now stands (new reference), the model of its partitions'.
** 0, or -1 after fail(). */
static int update_table(struct walk *w, const char *db, const char *name, const json_t *table,
                        const json_t *keys, json_t **sd)
{
    struct crawl *c = w->c;
    const char *update =
        param_str(c->crawler, "SchemaChangePolicy", "UpdateBehavior", "UPDATE_IN_DATABASE");
    const json_t *tsd = json_object_get(table, "StorageDescriptor");
    json_t *merged;
    char buf[900];
    int rc = 0;
    *sd = NULL;
    if (!same_keys(table, keys))
        return fail(w,
                    "Table %s.%s has other partition keys than its folders (%s); the crawler "
                    "does not change partition keys.",
                    db, name, json_string_value(json_array_get(w->keys, 0)));
    merged = json_deep_copy(json_object_get(tsd, "Columns"));
    if (!json_is_array(merged)) {
        json_decref(merged);
        merged = json_array();
    }
    *sd = json_deep_copy(tsd);
    if (w->format != CRAWL_UNKNOWN && crawl_merge_columns(merged, w->columns) > 0) {
        if (strcmp(update, "LOG") == 0) {
            note(c,
                 "schema change of %s.%s logged, not applied (SchemaChangePolicy LOG): "
                 "columns would become %s",
                 db, name, column_names_list(merged, buf, sizeof(buf)));
        } else if ((rc = update_columns(w, db, name, table, tsd, merged)) == 0) {
            json_object_set(*sd, "Columns", merged);
        }
    }
    json_decref(merged);
    return rc;
}

/* BatchCreatePartition on DB.NAME for the partitions the walk found that the table lacks
** (under LOCATION, with storage descriptor SD but their own Location), CRAWL_BATCH at a time.
** Every partition found goes into SEEN (its Values text).  CAT_OK, or the failure after fail(). */
static int add_partitions(struct walk *w, const char *db, const char *name, const char *location,
                          const json_t *sd, json_t *seen)
{
    struct crawl *c = w->c;
    struct srv_error err;
    json_t *batch = json_array();
    size_t i;
    int rc = CAT_OK;
    srv_error_init(&err);
    for (i = 0; i <= w->nparts && rc == CAT_OK && !atomic_load(c->cancel); i++) {
        if (i < w->nparts) {
            char *vtext = json_dumps(w->parts[i].values, JSON_COMPACT);
            int known = json_object_get(w->existing, vtext) != NULL;
            json_object_set_new(seen, vtext, json_true());
            free(vtext);
            c->partitions_seen++;
            if (!known) {
                json_t *psd = json_deep_copy(sd);
                struct sbuf loc = {0};
                sbuf_adds(&loc, location);
                sbuf_adds(&loc, w->parts[i].rel);
                sbuf_adds(&loc, "/");
                json_object_set_new(psd, "Location", json_string(loc.p));
                free(loc.p);
                json_array_append_new(batch, json_pack("{s:O, s:o}", "Values", w->parts[i].values,
                                                       "StorageDescriptor", psd));
            }
        }
        if (json_array_size(batch) > 0 &&
            (json_array_size(batch) == CRAWL_BATCH || i == w->nparts)) {
            json_t *res = NULL;
            size_t nerr;
            rc = run_op(c, "BatchCreatePartition", partition_batch_create,
                        json_pack("{s:s, s:s, s:O}", "DatabaseName", db, "TableName", name,
                                  "PartitionInputList", batch),
                        &res, &err);
            if (rc != CAT_OK) {
                fail(w, "BatchCreatePartition on %s.%s failed: %s", db, name, err.msg);
            } else {
                nerr = json_array_size(json_object_get(res, "Errors"));
                c->partitions_added += (long)(json_array_size(batch) - nerr);
                if (nerr)
                    note(c, "%zu partitions of %s.%s not created: %s", nerr, db, name,
                         param_str(json_array_get(json_object_get(res, "Errors"), 0), "ErrorDetail",
                                   "ErrorMessage", ""));
            }
            json_decref(res);
            json_array_clear(batch);
        }
    }
    json_decref(batch);
    return rc;
}

/* BatchDeletePartition on DB.NAME of BATCH's partitions; counted, BATCH emptied. */
static int delete_batch(struct crawl *c, const char *db, const char *name, json_t *batch,
                        struct srv_error *err)
{
    int rc = run_op(c, "BatchDeletePartition", partition_batch_delete,
                    json_pack("{s:s, s:s, s:O}", "DatabaseName", db, "TableName", name,
                              "PartitionsToDelete", batch),
                    NULL, err);
    c->partitions_deleted += (long)json_array_size(batch);
    json_array_clear(batch);
    return rc;
}

/* The table's partitions whose folders are gone (not in SEEN): deleted when DeleteBehavior is
** DELETE_FROM_DATABASE, else counted in a note.  CAT_OK, or the failure after fail(). */
static int delete_gone_partitions(struct walk *w, const char *db, const char *name,
                                  const json_t *seen)
{
    struct crawl *c = w->c;
    const char *del =
        param_str(c->crawler, "SchemaChangePolicy", "DeleteBehavior", "DEPRECATE_IN_DATABASE");
    int deleting = strcmp(del, "DELETE_FROM_DATABASE") == 0, rc = CAT_OK;
    struct srv_error err;
    json_t *batch = json_array(), *v;
    const char *vtext;
    long gone = 0;
    srv_error_init(&err);
    json_object_foreach(w->existing, vtext, v) {
        json_t *values;
        if (json_object_get(seen, vtext))
            continue;
        gone++;
        if (!deleting)
            continue;
        if ((values = json_loads(vtext, 0, NULL)) != NULL)
            json_array_append_new(batch, json_pack("{s:o}", "Values", values));
        if (json_array_size(batch) == CRAWL_BATCH &&
            (rc = delete_batch(c, db, name, batch, &err)) != CAT_OK)
            break;
    }
    if (rc == CAT_OK && json_array_size(batch) > 0)
        rc = delete_batch(c, db, name, batch, &err);
    json_decref(batch);
    if (rc != CAT_OK)
        fail(w, "BatchDeletePartition on %s.%s failed: %s", db, name, err.msg);
    else if (gone && !deleting)
        note(c, "%ld partitions of %s.%s have no folder any more (kept: DeleteBehavior %s)", gone,
             db, name, del);
    return rc;
}

/* Whether locations A and B name the same folder: file:// aside, trailing '/' aside. */
static int same_location(const char *a, const char *b)
{
    size_t na, nb;
    if (a == NULL || b == NULL)
        return 0;
    if (strncmp(a, "file://", 7) == 0)
        a += 7;
    if (strncmp(b, "file://", 7) == 0)
        b += 7;
    na = strlen(a), nb = strlen(b);
    while (na > 1 && a[na - 1] == '/')
        na--;
    while (nb > 1 && b[nb - 1] == '/')
        nb--;
    return na == nb && memcmp(a, b, na) == 0;
}

/* 1 unless TABLE's descriptor names a storage format (an InputFormat or a SerDe) other than
** the one the crawler writes for the files the walk found (descriptor()). */
static int same_format(const struct walk *w, const json_t *table)
{
    const json_t *tsd = json_object_get(table, "StorageDescriptor");
    json_t *want = descriptor(w, "", json_object_get(tsd, "Columns"));
    const char *in = json_string_value(json_object_get(tsd, "InputFormat"));
    const char *serde = json_string_value(
        json_object_get(json_object_get(tsd, "SerdeInfo"), "SerializationLibrary"));
    int same =
        (in == NULL || strcmp(in, json_string_value(json_object_get(want, "InputFormat"))) == 0) &&
        (serde == NULL ||
         strcmp(serde, json_string_value(json_object_get(json_object_get(want, "SerdeInfo"),
                                                         "SerializationLibrary"))) == 0);
    json_decref(want);
    return same;
}

/* UpdateTable DB.NAME (TABLE) to the format the walk found (InputFormat, OutputFormat, SerDe,
** classification; location kept, the columns of *SD, the descriptor so far), as a new table
** version; *SD becomes the new descriptor.  0, or -1 after fail(). */
static int update_format(struct walk *w, const char *db, const char *name, const json_t *table,
                         json_t **sd)
{
    static const char *const input_members[] = {
        "Name", "Description", "Owner", "Retention", "PartitionKeys", "TableType", "Parameters"};
    const json_t *tsd = json_object_get(table, "StorageDescriptor");
    json_t *ti = json_object(), *nsd, *params;
    struct srv_error err;
    size_t i;
    int rc;
    srv_error_init(&err);
    for (i = 0; i < sizeof(input_members) / sizeof(input_members[0]); i++)
        if (json_object_get(table, input_members[i]))
            json_object_set_new(ti, input_members[i],
                                json_deep_copy(json_object_get(table, input_members[i])));
    nsd = descriptor(w, json_string_value(json_object_get(tsd, "Location")),
                     json_object_get(*sd ? *sd : tsd, "Columns"));
    json_object_set(ti, "StorageDescriptor", nsd);
    if (!json_is_object(params = json_object_get(ti, "Parameters")))
        json_object_set_new(ti, "Parameters", params = json_object());
    json_object_set_new(params, "classification", json_string(crawl_format_name(w->format)));
    json_object_set_new(params, "compressionType", json_string(w->gzip ? "gzip" : "none"));
    json_object_set_new(params, "UPDATED_BY_CRAWLER", json_string(crawler_name(w->c)));
    rc = run_op(w->c, "UpdateTable", table_update,
                json_pack("{s:s, s:o}", "DatabaseName", db, "TableInput", ti), NULL, &err);
    if (rc != CAT_OK) {
        json_decref(nsd);
        return fail(w, "UpdateTable %s.%s failed: %s", db, name, err.msg);
    }
    note(w->c, "table %s.%s was not %s: its format recorded as a new table version", db, name,
         crawl_format_name(w->format));
    w->c->tables_updated++;
    json_decref(*sd);
    *sd = nsd;
    return 0;
}

/* Create or update the table (TABLE: as it stands, or NULL), then add (and maybe delete)
** partitions.  0, or -1 after fail(). */
static int register_table(struct walk *w, const char *db, const char *name, const char *location,
                          json_t *table)
{
    json_t *keys = key_columns(w), *sd = NULL, *seen = json_object();
    int rc = table == NULL ? create_table(w, db, name, location, keys, &sd)
                           : update_table(w, db, name, table, keys, &sd);
    if (rc == 0 && table != NULL && w->format != CRAWL_UNKNOWN && !same_format(w, table)) {
        /* the files are not in the format the table says: as a schema change */
        if (strcmp(param_str(w->c->crawler, "SchemaChangePolicy", "UpdateBehavior",
                             "UPDATE_IN_DATABASE"),
                   "LOG") == 0)
            rc = fail(w,
                      "Table %s.%s is not %s, as the files at %s are; with SchemaChangePolicy "
                      "LOG the crawler does not change its format, nor add partitions to it.",
                      db, name, crawl_format_name(w->format), location);
        else
            rc = update_format(w, db, name, table, &sd);
    }
    if (rc == 0 && add_partitions(w, db, name, location, sd, seen) == CAT_OK && !w->failed &&
        !atomic_load(w->c->cancel))
        delete_gone_partitions(w, db, name, seen);
    json_decref(seen);
    json_decref(keys);
    json_decref(sd);
    return w->failed ? -1 : 0;
}

/* Crawl one S3Target into DB: the table is named after the folder (after TablePrefix), or
** NAMED when not NULL (a CatalogTarget's table). */
static int crawl_target(struct crawl *c, const json_t *target, const char *db, const char *named)
{
    const char *path = json_string_value(json_object_get(target, "Path"));
    const char *prefix = json_string_value(json_object_get(c->crawler, "TablePrefix"));
    const char *recrawl = param_str(c->crawler, "RecrawlPolicy", "RecrawlBehavior", "");
    struct walk w;
    struct srv_error err;
    char *real = NULL, *base, *lname = NULL, name[512], location[PATH_MAX + 16];
    json_t *table = NULL, *values = NULL;
    size_t i;
    int rc = -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.depth_files = -1;
    w.codec = PARQUET_CODEC_NONE;
    srv_error_init(&err);
    if (path == NULL)
        return snprintf(c->error, sizeof(c->error), "An S3Target has no Path."), -1;
    if (crawl_target_path(path, c->roots, c->nroots, &real, c->error, sizeof(c->error)) != 0)
        return -1;
    base = strrchr(real, '/');
    base = base && base[1] ? base + 1 : real;
    lname = util_lower(base);
    if (named)
        snprintf(name, sizeof(name), "%s", named);
    else
        snprintf(name, sizeof(name), "%s%s", prefix ? prefix : "", lname);
    free(lname);
    lname = util_lower(name);
    snprintf(location, sizeof(location), "file://%s%s", real, strcmp(real, "/") ? "/" : "");
    w.table = lname;
    values = json_array();
    w.exclusions = json_object_get(target, "Exclusions");
    w.keys = json_array();
    w.columns = json_array();
    w.existing = json_object();
    w.new_only = strcmp(recrawl, "CRAWL_NEW_FOLDERS_ONLY") == 0;
    if (load_existing(c, db, lname, &table, w.existing, &err) != CAT_OK) {
        snprintf(c->error, sizeof(c->error), "%s", err.msg);
        goto done;
    }
    if (table != NULL && named == NULL) {
        /* tables are matched by location, as in Glue: a table of this name elsewhere is not
        ** this target's; the target gets its own, the name with a hash of its location (a
        ** table without a location is taken for the target's) */
        const char *at = json_string_value(
            json_object_get(json_object_get(table, "StorageDescriptor"), "Location"));
        if (at != NULL && !same_location(at, location)) {
            char other[512];
            snprintf(other, sizeof(other), "%.200s_%016llx", lname, util_fnv1a(location));
            note(c,
                 "table %s.%s is at %s, not at %s: crawled into table %s.%s (tables are "
                 "matched by location, as in Glue)",
                 db, lname, at, location, db, other);
            json_decref(table);
            json_object_clear(w.existing);
            free(lname);
            lname = xstrdup(other);
            w.table = lname;
            if (load_existing(c, db, lname, &table, w.existing, &err) != CAT_OK) {
                snprintf(c->error, sizeof(c->error), "%s", err.msg);
                goto done;
            }
        }
    }
    walk_dir(&w, real, "", values, 0);
    if (w.failed)
        goto done;
    if (atomic_load(c->cancel)) {
        rc = 1;
        goto done;
    }
    if (w.nparts == 0) {
        note(c, "%s: no data files found", path);
        rc = 0;
        goto done;
    }
    if (w.format == CRAWL_UNKNOWN && table == NULL) {
        snprintf(c->error, sizeof(c->error),
                 "No file under %.300s could be read, so table %s was not created.", path, lname);
        goto done;
    }
    rc = register_table(&w, db, lname, location, table);
    if (rc == 0 && atomic_load(c->cancel))
        rc = 1;
done:
    for (i = 0; i < w.nparts; i++) {
        json_decref(w.parts[i].values);
        free(w.parts[i].rel);
    }
    free(w.parts);
    json_decref(w.keys);
    json_decref(w.columns);
    json_decref(w.existing);
    json_decref(values);
    json_decref(table);
    free(lname);
    free(real);
    return rc;
}

/* Crawl the tables of one CatalogTarget, each at its own location under its own name (MSCK
** REPAIR TABLE: with UpdateBehavior LOG only partitions are added). */
static int crawl_catalog_target(struct crawl *c, const json_t *target)
{
    const char *db = json_string_value(json_object_get(target, "DatabaseName"));
    const json_t *name;
    size_t i;
    int rc = 0;
    if (db == NULL)
        return snprintf(c->error, sizeof(c->error), "A CatalogTarget has no DatabaseName."), -1;
    json_array_foreach(json_object_get(target, "Tables"), i, name) {
        struct srv_error err;
        json_t *got = NULL, *s3;
        const char *loc;
        char *ldb = util_lower(db), *lname = util_lower(json_string_value(name));
        srv_error_init(&err);
        if (run_op(c, "GetTable", table_get,
                   json_pack("{s:s, s:s}", "DatabaseName", ldb, "Name", lname), &got,
                   &err) != CAT_OK) {
            snprintf(c->error, sizeof(c->error), "CatalogTarget %s.%s: %s", ldb, lname, err.msg);
            rc = -1;
        } else if ((loc = json_string_value(json_object_get(
                        json_object_get(json_object_get(got, "Table"), "StorageDescriptor"),
                        "Location"))) == NULL) {
            snprintf(c->error, sizeof(c->error), "CatalogTarget %s.%s has no Location.", ldb,
                     lname);
            rc = -1;
        } else {
            s3 = json_pack("{s:s}", "Path", loc);
            rc = crawl_target(c, s3, ldb, lname);
            json_decref(s3);
        }
        json_decref(got);
        free(ldb);
        free(lname);
        if (rc != 0)
            break;
    }
    return rc;
}

int crawl_run(struct crawl *c)
{
    const char *db = json_string_value(json_object_get(c->crawler, "DatabaseName"));
    const json_t *targets = json_object_get(json_object_get(c->crawler, "Targets"), "S3Targets");
    const json_t *catalog =
        json_object_get(json_object_get(c->crawler, "Targets"), "CatalogTargets");
    const json_t *t;
    size_t i;
    int rc = 0;
    char *ldb;
    if (json_array_size(targets) == 0 && json_array_size(catalog) == 0)
        return snprintf(c->error, sizeof(c->error), "The crawler has no S3Targets."), -1;
    json_array_foreach(catalog, i, t) {
        if ((rc = crawl_catalog_target(c, t)) != 0)
            return rc;
    }
    if (json_array_size(targets) == 0)
        return 0;
    if (db == NULL || *db == '\0')
        return snprintf(c->error, sizeof(c->error),
                        "The crawler has no DatabaseName to write tables to."),
               -1;
    ldb = util_lower(db);
    json_array_foreach(targets, i, t) {
        if ((rc = crawl_target(c, t, ldb, NULL)) != 0)
            break;
    }
    free(ldb);
    return rc;
}
