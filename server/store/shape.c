/* shape.c -- what a Glue object becomes in rows, whichever database (both backends). */
#include "store/shape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lang/ptype.h"

/* ================================================================ */
/* Members kept in columns.                                           */

const char *const SHAPE_DB_KNOWN[] = {"Name",       "Description", "LocationUri", "Parameters",
                                      "CreateTime", "CatalogId",   NULL};
const char *const SHAPE_TABLE_KNOWN[] = {"Name",
                                         "DatabaseName",
                                         "Description",
                                         "Owner",
                                         "CreateTime",
                                         "UpdateTime",
                                         "LastAccessTime",
                                         "LastAnalyzedTime",
                                         "Retention",
                                         "StorageDescriptor",
                                         "PartitionKeys",
                                         "ViewOriginalText",
                                         "ViewExpandedText",
                                         "TableType",
                                         "Parameters",
                                         "CatalogId",
                                         "VersionId",
                                         NULL};
const char *const SHAPE_SD_KNOWN[] = {"Columns",
                                      "Location",
                                      "InputFormat",
                                      "OutputFormat",
                                      "Compressed",
                                      "NumberOfBuckets",
                                      "StoredAsSubDirectories",
                                      "SerdeInfo",
                                      "Parameters",
                                      NULL};
const char *const SHAPE_UDF_KNOWN[] = {"FunctionName", "DatabaseName", "CatalogId", "CreateTime",
                                       NULL};

static int known_member(const char *const *known, const char *key)
{
    for (; *known; known++)
        if (strcmp(*known, key) == 0)
            return 1;
    return 0;
}

/* The members of O outside KNOWN and not null, as a new object. */
static json_t *extra_members(const json_t *o, const char *const *known)
{
    json_t *extra = json_object(), *v;
    const char *key;
    json_object_foreach((json_t *)o, key, v) /* foreach isn't const-correct */
    {
        if (!known_member(known, key) && !json_is_null(v))
            json_object_set(extra, key, v);
    }
    return extra;
}

char *shape_extra_dump(const json_t *o, const char *const *known)
{
    json_t *extra = extra_members(o, known);
    char *text = json_object_size(extra) > 0 ? json_dumps(extra, JSON_COMPACT) : NULL;
    json_decref(extra);
    return text;
}

void shape_extra_load(json_t *o, const char *text)
{
    json_t *extra;
    if (text == NULL)
        return;
    extra = json_loads(text, 0, NULL);
    if (json_is_object(extra))
        json_object_update_missing(o, extra);
    json_decref(extra);
}

int shape_sd_same(const json_t *old, const json_t *new_sd)
{
    json_t *n = json_deep_copy(new_sd), *serde;
    int same;
    if (json_object_get(n, "Columns") == NULL)
        json_object_set_new(n, "Columns", json_array());
    if (json_object_get(n, "Parameters") == NULL)
        json_object_set_new(n, "Parameters", json_object());
    serde = json_object_get(n, "SerdeInfo");
    if (json_is_object(serde) && json_object_get(serde, "Parameters") == NULL)
        json_object_set_new(serde, "Parameters", json_object());
    same = json_equal((json_t *)old, n);
    json_decref(n);
    return same;
}

/* ================================================================ */
/* Partitions.                                                        */

/* Is member KEY of a partition descriptor (V; NULL when absent) the same as in BASE,
** reading an absent Columns / Parameters / SerdeInfo.Parameters as empty, the way a
** stored descriptor reads back?  Compares in place: this runs for every partition written. */
static int member_same(const char *key, const json_t *v, const json_t *base)
{
    const json_t *bv = json_object_get(base, key);
    if (strcmp(key, "Columns") == 0 || strcmp(key, "Parameters") == 0) {
        if (v == NULL)
            return bv == NULL || json_is_object(bv) ? json_object_size(bv) == 0
                                                    : json_array_size(bv) == 0;
        return json_equal((json_t *)v, (json_t *)bv);
    }
    if (strcmp(key, "SerdeInfo") == 0 && json_is_object(v) && json_is_object(bv)) {
        const char *k;
        json_t *x;
        if (json_object_size(json_object_get(v, "Parameters")) !=
                json_object_size(json_object_get(bv, "Parameters")) ||
            !json_equal(json_object_get(v, "Parameters") ? json_object_get(v, "Parameters")
                                                         : json_object_get(bv, "Parameters"),
                        json_object_get(bv, "Parameters")))
            return 0;
        json_object_foreach((json_t *)v, k, x)
            if (strcmp(k, "Parameters") != 0 && !json_equal(x, json_object_get(bv, k)))
                return 0;
        json_object_foreach((json_t *)bv, k, x)
            if (strcmp(k, "Parameters") != 0 && json_object_get(v, k) == NULL)
                return 0;
        return 1;
    }
    return v != NULL && json_equal((json_t *)v, (json_t *)bv);
}

void sd_form_release(struct sd_form *f)
{
    json_decref(f->diff);
    json_decref(f->absent);
}

void sd_diff(const json_t *base, const json_t *sd, struct sd_form *f)
{
    const char *key, *loc, *base_loc;
    json_t *v;
    memset(f, 0, sizeof(*f));
    if (sd == NULL) {
        /* the table's own location; none when the table has none */
        if (json_is_string(json_object_get(base, "Location")))
            f->loc_rel = "";
        return;
    }
    json_object_foreach((json_t *)sd, key, v) /* foreach isn't const-correct */
    {
        if (strcmp(key, "Location") == 0 || member_same(key, v, base))
            continue;
        if (f->diff == NULL)
            f->diff = json_object();
        json_object_set(f->diff, key, v);
    }
    json_object_foreach((json_t *)base, key, v) {
        if (strcmp(key, "Location") != 0 && json_object_get(sd, key) == NULL &&
            !member_same(key, NULL, base)) {
            if (f->absent == NULL)
                f->absent = json_array();
            json_array_append_new(f->absent, json_string(key));
        }
    }
    loc = json_string_value(json_object_get(sd, "Location"));
    base_loc = json_string_value(json_object_get(base, "Location"));
    if (loc && base_loc && strncmp(loc, base_loc, strlen(base_loc)) == 0)
        f->loc_rel = loc + strlen(base_loc);
    else
        f->location = loc;
}

int sd_row_visit(struct store_prow *row, const char *loc_rel, const char *rest, store_prow_fn *fn,
                 void *arg, struct srv_error *err)
{
    struct sbuf loc = {0};
    json_t *members = NULL;
    char *members_text = NULL;
    int rc;
    if (loc_rel) {
        const char *b = json_string_value(json_object_get(row->base, "Location"));
        sbuf_adds(&loc, b ? b : "");
        sbuf_adds(&loc, loc_rel);
        row->location = loc.p;
    }
    row->members = rest;
    if (rest && strstr(rest, "\"__sd") != NULL && (members = json_loads(rest, 0, NULL)) != NULL) {
        row->sd_diff = json_object_get(members, "__sd");
        row->sd_absent = json_object_get(members, "__sdx");
        json_incref((json_t *)row->sd_diff);
        json_incref((json_t *)row->sd_absent);
        json_object_del(members, "__sd");
        json_object_del(members, "__sdx");
        if ((members_text = json_dumps(members, JSON_COMPACT)) == NULL) {
            rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
            goto done;
        }
        row->members = members_text;
    }
    rc = fn(arg, row);
done:
    json_decref((json_t *)row->sd_diff);
    json_decref((json_t *)row->sd_absent);
    row->sd_diff = row->sd_absent = NULL;
    json_decref(members);
    free(members_text);
    free(loc.p);
    return rc;
}

char *shape_partition_rest(const json_t *in, const struct sd_form *f)
{
    /* "__sd" and "__sdx" name the descriptor differences kept in `rest`: an input member
    ** so named (only possible outside the model) is dropped, not read back as a difference. */
    static const char *const known[] = {
        "Values",    "StorageDescriptor", "DatabaseName", "TableName",
        "CatalogId", "CreationTime",      "__sd",         "__sdx",
        NULL};
    json_t *rest = extra_members(in, known);
    char *text;
    if (f->diff)
        json_object_set(rest, "__sd", f->diff);
    if (f->absent)
        json_object_set(rest, "__sdx", f->absent);
    text = json_object_size(rest) ? json_dumps(rest, JSON_COMPACT) : NULL;
    if (text && json_object_get(rest, "Parameters") == NULL &&
        strstr(text, "\"Parameters\":") != NULL) {
        /* A member outside the model holds that key: store Parameters itself, so that
        ** sd_row_visit's test for it stays exact. */
        free(text);
        json_object_set_new(rest, "Parameters", json_object());
        text = json_dumps(rest, JSON_COMPACT);
    }
    json_decref(rest);
    return text;
}

int shape_base_sd(struct store *st, struct store_ptable *pt, long long id, shape_sd_load_fn *load,
                  const json_t **out, struct srv_error *err)
{
    char key[24];
    json_t *sd;
    int rc;
    *out = NULL;
    if (id == 0)
        return CAT_OK;
    if (id == pt->sd_id && pt->base_sd) {
        *out = pt->base_sd;
        return CAT_OK;
    }
    snprintf(key, sizeof(key), "%lld", id);
    if ((*out = json_object_get(pt->sd_cache, key)) != NULL)
        return CAT_OK;
    if ((rc = load(st, id, &sd, err)) != CAT_OK)
        return rc;
    if (pt->sd_cache == NULL)
        pt->sd_cache = json_object();
    json_object_set_new(pt->sd_cache, key, sd);
    *out = sd;
    return CAT_OK;
}

int shape_sd_columns(void *arg, const struct store_prow *row)
{
    json_t *names = arg, *c;
    const json_t *cols = json_object_get(row->sd_diff, "Columns");
    size_t i;
    if (cols == NULL) {
        json_array_foreach(row->sd_absent, i, c)
            if (json_is_string(c) && strcmp(json_string_value(c), "Columns") == 0)
                return CAT_OK;
        cols = json_object_get(row->base, "Columns");
    }
    json_array_foreach(cols, i, c) {
        const char *n = json_string_value(json_object_get(c, "Name"));
        if (n)
            json_array_append_new(names, json_string(n));
    }
    return CAT_OK;
}

void shape_ptable_keys(struct store_ptable *pt)
{
    const json_t *keys = json_object_get(pt->table, "PartitionKeys");
    size_t i;
    pt->catalog = json_string_value(json_object_get(pt->table, "CatalogId"));
    pt->db = json_string_value(json_object_get(pt->table, "DatabaseName"));
    pt->name = json_string_value(json_object_get(pt->table, "Name"));
    pt->nkeys = (int)json_array_size(keys);
    for (i = 0; i < json_array_size(keys) && i < STORE_TYPED_KEYS; i++)
        pt->types[i] =
            ptype_of(json_string_value(json_object_get(json_array_get(keys, i), "Type")));
}

int shape_pexpr_keys(const struct store_ptable *pt, struct pexpr_key keys[STORE_TYPED_KEYS])
{
    const json_t *pkeys = json_object_get(pt->table, "PartitionKeys");
    int i, nkeys = pt->nkeys < STORE_TYPED_KEYS ? pt->nkeys : STORE_TYPED_KEYS;
    for (i = 0; i < nkeys; i++) {
        keys[i].name = json_string_value(json_object_get(json_array_get(pkeys, (size_t)i), "Name"));
        keys[i].type = pt->types[i];
    }
    return nkeys;
}

json_t *shape_pindex(const json_t *table, const char *name, const char *key_names)
{
    json_t *names = json_loads(key_names ? key_names : "[]", 0, NULL);
    json_t *keys = json_array(), *k;
    const json_t *pkeys = json_object_get(table, "PartitionKeys"), *pk;
    size_t i, j;
    json_array_foreach(names, i, k) {
        json_array_foreach(pkeys, j, pk) {
            const char *type = json_string_value(json_object_get(pk, "Type"));
            const char *pname = json_string_value(json_object_get(pk, "Name"));
            if (pname && json_is_string(k) && strcmp(pname, json_string_value(k)) == 0)
                json_array_append_new(
                    keys, json_pack("{s:s, s:s}", "Name", pname, "Type", type ? type : "string"));
        }
    }
    json_decref(names);
    return json_pack("{s:s, s:o, s:s}", "IndexName", name, "Keys", keys, "IndexStatus", "ACTIVE");
}

/* ================================================================ */
/* Planner statistics.                                                */

int shape_analyze_due(struct shape_analyze *a, long n)
{
    int due = 0;
    pthread_mutex_lock(&a->lock);
    a->written += n;
    if (a->written >= a->next) {
        a->next = 2 * a->written;
        due = 1;
    }
    pthread_mutex_unlock(&a->lock);
    return due;
}

/* ================================================================ */
/* Tags.                                                              */

const char *const SHAPE_TAG_KIND[] = {"database", "table", "function"};

int shape_tag_owner(const struct shape_ids *ids, struct store *st, const char *catalog,
                    enum store_tag_kind kind, const char *db, const char *name, long long *id,
                    struct srv_error *err)
{
    if (kind == STORE_TAG_DATABASE)
        return ids->db(st, catalog, db, id, err);
    if (kind == STORE_TAG_TABLE)
        return ids->table(st, catalog, db, name, id, err);
    return ids->udf(st, catalog, db, name, id, err);
}

/* ================================================================ */
/* Crawlers.                                                          */

const char *shape_crawler_state(const json_t *crawler)
{
    const char *state = json_string_value(json_object_get(crawler, "State"));
    return state ? state : "READY";
}

int shape_crawler_scheduled(const json_t *crawler)
{
    const char *sched =
        json_string_value(json_object_get(json_object_get(crawler, "Schedule"), "State"));
    return sched && strcmp(sched, "SCHEDULED") == 0;
}

json_t *shape_crawler_doc(const char *text, const char *catalog)
{
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    if (doc && catalog)
        doc = json_pack("{s:s, s:o}", "CatalogId", catalog, "Crawler", doc);
    return doc;
}

int shape_crawler_collect(json_t *list, const char *text, const char *catalog, int limit, int *more)
{
    json_t *doc;
    if (limit >= 0 && (int)json_array_size(list) == limit) {
        if (more)
            *more = 1;
        return 0;
    }
    if ((doc = shape_crawler_doc(text, catalog)) != NULL)
        json_array_append_new(list, doc);
    return 1;
}

int shape_crawler_not_found(const char *name, struct srv_error *err)
{
    return srv_error_set(err, CAT_ENOTFOUND, "Crawler entry with name %.255s does not exist.",
                         name);
}

int shape_crawler_exists(const json_t *crawler, struct srv_error *err)
{
    return srv_error_set(err, CAT_EEXISTS, "Crawler with name %.255s already exists.",
                         json_string_value(json_object_get(crawler, "Name")));
}
