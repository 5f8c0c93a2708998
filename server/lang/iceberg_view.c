/* iceberg_view.c -- Iceberg ViewMetadata: the first metadata of a view from CreateViewRequest
** and CommitViewRequest applied to it, with the rules of Java's ViewMetadata.Builder; pure. */
#include "lang/iceberg_meta.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang/iceberg_schema.h"

#define HISTORY_SIZE_KEY "version.history.num-entries"
#define HISTORY_SIZE_DEFAULT 10
#define DROP_DIALECT_KEY "replace.drop-dialect.allowed"

/* The builder: the metadata being made (M, owned) and what this build did so far. */
struct vb {
    json_t *m;
    json_t *versions, *schemas, *log, *props; /* M's members, borrowed */
    const json_t *previous;                   /* the base's current version (apply), or NULL */
    int64_t now;
    int has_last_version, last_version;
    int has_last_schema, last_schema;
    struct {
        long long *v;
        size_t n;
    } added; /* version ids added by this build */
    int history;
    json_int_t history_ts, history_id;
    char what[96]; /* the update being applied: "update 2 (add-view-version)" */
    struct srv_error *err;
};

static int fail(struct vb *b, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct vb *b, int code, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (b->what[0] != '\0')
        return srv_error_set(b->err, code, "%s: %s", b->what, text);
    return srv_error_set(b->err, code, "%s", text);
}

static int is_string_map(const json_t *o)
{
    const char *k;
    const json_t *v;
    if (!json_is_object(o))
        return 0;
    json_object_foreach((json_t *)o, k, v) {
        if (!json_is_string(v))
            return 0;
    }
    return 1;
}

static int is_string_array(const json_t *a)
{
    const json_t *v;
    size_t i;
    if (!json_is_array(a))
        return 0;
    json_array_foreach(a, i, v) {
        if (!json_is_string(v))
            return 0;
    }
    return 1;
}

static int int_member(const json_t *o, const char *key, int *out)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < INT_MIN || json_integer_value(v) > INT_MAX)
        return 0;
    *out = (int)json_integer_value(v);
    return 1;
}

/* ---- checks of the inputs ---- */

/* A ViewVersion.  IDS 0: version-id, timestamp-ms and schema-id may be missing (create replaces
** them).  PREFIX names it in messages. */
static int check_version(struct vb *b, const json_t *v, int ids, const char *prefix)
{
    const json_t *reps = json_object_get(v, "representations"), *r;
    const json_t *cat = json_object_get(v, "default-catalog");
    size_t i, j;
    int n;
    if (!json_is_object(v))
        return fail(b, CAT_EINVAL, "%s must be an object", prefix);
    if (ids && (!int_member(v, "version-id", &n) || !int_member(v, "schema-id", &n)))
        return fail(b, CAT_EINVAL, "%s must have integer 'version-id' and 'schema-id'", prefix);
    if ((ids || json_object_get(v, "timestamp-ms") != NULL) &&
        !json_is_integer(json_object_get(v, "timestamp-ms")))
        return fail(b, CAT_EINVAL, "%s must have an integer 'timestamp-ms'", prefix);
    if (!is_string_map(json_object_get(v, "summary")))
        return fail(b, CAT_EINVAL, "%s must have a 'summary' object of strings", prefix);
    if (!is_string_array(json_object_get(v, "default-namespace")))
        return fail(b, CAT_EINVAL, "%s must have a 'default-namespace' array of strings", prefix);
    if (cat != NULL && !json_is_null(cat) && !json_is_string(cat))
        return fail(b, CAT_EINVAL, "%s: 'default-catalog' must be a string", prefix);
    if (!json_is_array(reps))
        return fail(b, CAT_EINVAL, "%s must have a 'representations' array", prefix);
    json_array_foreach(reps, i, r) {
        const char *type = json_string_value(json_object_get(r, "type"));
        if (type == NULL)
            return fail(b, CAT_EINVAL, "%s: representation %zu must have a 'type'", prefix, i);
        if (strcmp(type, "sql") != 0)
            continue; /* kept as it is, as Java keeps an unknown representation */
        if (!json_is_string(json_object_get(r, "sql")) ||
            !json_is_string(json_object_get(r, "dialect")))
            return fail(b, CAT_EINVAL, "%s: representation %zu must have 'sql' and 'dialect'",
                        prefix, i);
        for (j = 0; j < i; j++) {
            const json_t *o = json_array_get(reps, j);
            const char *d1 = json_string_value(json_object_get(o, "dialect"));
            const char *d2 = json_string_value(json_object_get(r, "dialect"));
            if (d1 != NULL && strcasecmp(d1, d2) == 0 &&
                strcmp(json_string_value(json_object_get(o, "type")), "sql") == 0)
                return fail(b, CAT_EINVAL, "%s: Cannot add multiple queries for dialect %s", prefix,
                            d2);
        }
    }
    return CAT_OK;
}

/* META as ViewMetadata: what apply relies on. */
static int check_meta(struct vb *b, const json_t *meta)
{
    const json_t *v, *props = json_object_get(meta, "properties");
    size_t i;
    int n, cur;
    if (!json_is_object(meta) || !json_is_string(json_object_get(meta, "view-uuid")) ||
        !int_member(meta, "format-version", &n) ||
        !json_is_string(json_object_get(meta, "location")) ||
        !int_member(meta, "current-version-id", &cur) ||
        !json_is_array(json_object_get(meta, "versions")) ||
        !json_is_array(json_object_get(meta, "version-log")) ||
        !json_is_array(json_object_get(meta, "schemas")))
        return fail(b, CAT_EINVAL,
                    "view metadata: view-uuid, format-version, location, current-version-id, "
                    "versions, version-log or schemas missing or of the wrong type");
    if (props != NULL && !is_string_map(props))
        return fail(b, CAT_EINVAL, "view metadata: properties must be an object of strings");
    json_array_foreach(json_object_get(meta, "schemas"), i, v) {
        if (icesch_check(v, "view metadata: schema", b->err) != CAT_OK)
            return b->err->code;
        if (!int_member(v, "schema-id", &n))
            return fail(b, CAT_EINVAL, "view metadata: schema %zu has no integer schema-id", i);
    }
    json_array_foreach(json_object_get(meta, "version-log"), i, v) {
        if (!int_member(v, "version-id", &n) ||
            !json_is_integer(json_object_get(v, "timestamp-ms")))
            return fail(b, CAT_EINVAL, "view metadata: version-log entry %zu is malformed", i);
    }
    n = 0;
    json_array_foreach(json_object_get(meta, "versions"), i, v) {
        int id;
        if (check_version(b, v, 1, "view metadata: version") != CAT_OK)
            return b->err->code;
        if (int_member(v, "version-id", &id) && id == cur)
            n = 1;
    }
    if (!n)
        return fail(b, CAT_EINVAL, "view metadata: current-version-id %d is not a version", cur);
    return CAT_OK;
}

/* ---- the builder ---- */

static const json_t *find_by(const json_t *arr, const char *key, int id)
{
    const json_t *v;
    size_t i;
    int n;
    json_array_foreach(arr, i, v) {
        if (int_member(v, key, &n) && n == id)
            return v;
    }
    return NULL;
}

static int added_has(const struct vb *b, int id)
{
    size_t i;
    for (i = 0; i < b->added.n; i++)
        if (b->added.v[i] == id)
            return 1;
    return 0;
}

/* Add SCHEMA (checked): an existing identical schema's id is reused (and counts as the last
** added, so that a following -1 finds it), otherwise the highest id + 1. */
static int add_schema(struct vb *b, const json_t *schema, int *id_out)
{
    const json_t *s;
    json_t *copy;
    size_t i;
    int id = 0, sid;
    if (!int_member(schema, "schema-id", &id) || id < 0)
        id = 0;
    json_array_foreach(b->schemas, i, s) {
        int_member(s, "schema-id", &sid);
        if (icesch_same(s, schema)) {
            b->has_last_schema = 1;
            b->last_schema = *id_out = sid;
            return CAT_OK;
        }
        if (sid == INT_MAX)
            return fail(b, CAT_EINVAL, "no schema id is left after %d", sid);
        if (sid >= id)
            id = sid + 1;
    }
    copy = json_deep_copy(schema);
    json_object_set_new(copy, "schema-id", json_integer(id));
    json_array_append_new(b->schemas, copy);
    b->has_last_schema = 1;
    b->last_schema = *id_out = id;
    return CAT_OK;
}

/* Java's sameViewVersion(): everything but the version id and the time. */
static int same_version(const json_t *a, const json_t *b)
{
    static const char *const keys[] = {"summary", "representations", "default-catalog",
                                       "default-namespace", "schema-id"};
    size_t i;
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const json_t *x = json_object_get(a, keys[i]), *y = json_object_get(b, keys[i]);
        if (json_is_null(x))
            x = NULL;
        if (json_is_null(y))
            y = NULL;
        if (x == NULL ? y != NULL : y == NULL || !json_equal(x, y))
            return 0;
    }
    return 1;
}

/* Add VERSION (checked): an identical existing version's id is reused, otherwise the highest
** id + 1 unless VERSION's own is higher; schema-id -1 is the last added schema. */
static int add_version(struct vb *b, const json_t *version, int *id_out)
{
    const json_t *v;
    json_t *copy;
    size_t i;
    int id = 0, vid, sid;
    int_member(version, "version-id", &id);
    json_array_foreach(b->versions, i, v) {
        int_member(v, "version-id", &vid);
        if (same_version(v, version)) {
            id = vid;
            break;
        }
        if (vid == INT_MAX)
            return fail(b, CAT_EINVAL, "no version id is left after %d", vid);
        if (vid >= id)
            id = vid + 1;
    }
    *id_out = id;
    if (find_by(b->versions, "version-id", id) != NULL) {
        b->has_last_version = added_has(b, id);
        b->last_version = id;
        return CAT_OK;
    }
    int_member(version, "schema-id", &sid);
    if (sid == -1) {
        if (!b->has_last_schema)
            return fail(b, CAT_EINVAL, "Cannot set last added schema: no schema has been added");
        sid = b->last_schema;
    }
    if (find_by(b->schemas, "schema-id", sid) == NULL)
        return fail(b, CAT_EINVAL, "Cannot add version with unknown schema: %d", sid);
    copy = json_deep_copy(version);
    json_object_set_new(copy, "version-id", json_integer(id));
    json_object_set_new(copy, "schema-id", json_integer(sid));
    json_array_append_new(b->versions, copy);
    b->added.v = xrealloc(b->added.v, (b->added.n + 1) * sizeof(*b->added.v));
    b->added.v[b->added.n++] = id;
    b->has_last_version = 1;
    b->last_version = id;
    return CAT_OK;
}

static int set_current(struct vb *b, int id)
{
    const json_t *v;
    int cur;
    if (id == -1) {
        if (!b->has_last_version)
            return fail(b, CAT_EINVAL, "Cannot set last version id: no version has been added");
        id = b->last_version;
    }
    if (int_member(b->m, "current-version-id", &cur) && cur == id)
        return CAT_OK;
    v = find_by(b->versions, "version-id", id);
    if (v == NULL)
        return fail(b, CAT_EINVAL, "Cannot set current version to unknown version: %d", id);
    json_object_set_new(b->m, "current-version-id", json_integer(id));
    /* the version's own time when this build added it, else now (a version made current
    ** again) */
    b->history = 1;
    b->history_id = id;
    b->history_ts = added_has(b, id) ? json_integer_value(json_object_get(v, "timestamp-ms"))
                                     : (json_int_t)b->now;
    return CAT_OK;
}

/* Whether every SQL dialect of version OLD (compared ignoring case) is among CUR's; OLD's and
** CUR's dialects listed as "a, b" in BUF and BUF2 for the message. */
static int dialects_kept(const json_t *old, const json_t *cur, char *buf, size_t size, char *buf2,
                         size_t size2)
{
    const json_t *r, *s;
    size_t i, j, len = 0, len2 = 0;
    int kept = 1;
    buf[0] = buf2[0] = '\0';
    json_array_foreach(json_object_get(cur, "representations"), j, s) {
        const char *d = json_string_value(json_object_get(s, "dialect"));
        if (d != NULL && len2 < size2)
            len2 += (size_t)snprintf(buf2 + len2, size2 - len2, "%s%s", len2 ? ", " : "", d);
    }
    json_array_foreach(json_object_get(old, "representations"), i, r) {
        const char *d = json_string_value(json_object_get(r, "dialect"));
        int found = 0;
        if (d == NULL)
            continue;
        if (len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", d);
        json_array_foreach(json_object_get(cur, "representations"), j, s) {
            const char *d2 = json_string_value(json_object_get(s, "dialect"));
            if (d2 != NULL && strcasecmp(d, d2) == 0)
                found = 1;
        }
        if (!found)
            kept = 0;
    }
    return kept;
}

static int cmp_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Java's build(): the history entry, the dialect check, old versions expired. */
static int build(struct vb *b)
{
    const char *hs = json_string_value(json_object_get(b->props, HISTORY_SIZE_KEY));
    const char *drop = json_string_value(json_object_get(b->props, DROP_DIALECT_KEY));
    const json_t *cur;
    long keep = HISTORY_SIZE_DEFAULT;
    size_t nver, i;
    int cur_id = 0, in_added;
    b->what[0] = '\0';
    if (json_array_size(b->versions) == 0)
        return fail(b, CAT_EINVAL, "Invalid view: no versions were added");
    int_member(b->m, "current-version-id", &cur_id);
    cur = find_by(b->versions, "version-id", cur_id);
    if (cur == NULL)
        return fail(b, CAT_EINVAL, "Invalid view: current version %d is not a version", cur_id);
    if (b->history) {
        json_t *e = json_object();
        json_object_set_new(e, "timestamp-ms", json_integer(b->history_ts));
        json_object_set_new(e, "version-id", json_integer(b->history_id));
        json_array_append_new(b->log, e);
    }
    if (b->previous != NULL && !(drop != NULL && strcasecmp(drop, "true") == 0)) {
        char was[160], now[160];
        if (!dialects_kept(b->previous, cur, was, sizeof(was), now, sizeof(now)))
            return fail(b, CAT_EINVAL,
                        "Cannot replace view due to loss of view dialects (%s=false): previous "
                        "dialects: [%s], new dialects: [%s]",
                        DROP_DIALECT_KEY, was, now);
    }
    if (hs != NULL) {
        char *end;
        keep = strtol(hs, &end, 10);
        if (*hs == '\0' || *end != '\0' || keep <= 0)
            return fail(b, CAT_EINVAL, "%s must be a positive integer, not '%s'", HISTORY_SIZE_KEY,
                        hs);
    }
    /* keep at least the versions added now and the current one */
    in_added = added_has(b, cur_id);
    if ((long)(b->added.n + (in_added ? 0 : 1)) > keep)
        keep = (long)(b->added.n + (in_added ? 0 : 1));
    nver = json_array_size(b->versions);
    if ((long)nver > keep) {
        int *ids = xmalloc(nver * sizeof(*ids));
        json_t *kept = json_array(), *log = json_array(), *v;
        size_t k;
        json_array_foreach(b->versions, i, v) {
            int_member(v, "version-id", &ids[i]);
        }
        qsort(ids, nver, sizeof(*ids), cmp_desc);
        /* Java's expireVersions(): the current one, then the highest ids */
        json_array_append(kept, (json_t *)cur);
        for (k = 0; k < (size_t)keep && json_array_size(kept) < (size_t)keep; k++)
            if (ids[k] != cur_id)
                json_array_append(kept, (json_t *)find_by(b->versions, "version-id", ids[k]));
        free(ids);
        /* the log loses everything up to the last entry naming an expired version */
        json_array_foreach(b->log, i, v) {
            int id = 0;
            int_member(v, "version-id", &id);
            if (find_by(kept, "version-id", id) != NULL)
                json_array_append(log, v);
            else
                json_array_clear(log);
        }
        json_object_set_new(b->m, "versions", kept);
        json_object_set_new(b->m, "version-log", log);
        b->versions = kept;
        b->log = log;
    }
    return CAT_OK;
}

static void vb_init(struct vb *b, json_t *m, int64_t now, struct srv_error *err)
{
    memset(b, 0, sizeof(*b));
    b->m = m;
    b->now = now;
    b->err = err;
    b->versions = json_object_get(m, "versions");
    b->schemas = json_object_get(m, "schemas");
    b->log = json_object_get(m, "version-log");
    b->props = json_object_get(m, "properties");
}

int ice_view_new(const json_t *req, const char *location, const char *uuid, int64_t now_ms,
                 json_t **out, struct srv_error *err)
{
    const json_t *name = json_object_get(req, "name"), *props = json_object_get(req, "properties");
    const json_t *schema = json_object_get(req, "schema"),
                 *ver = json_object_get(req, "view-version");
    json_t *m, *s, *v;
    struct vb b;
    int sid, vid, rc;
    *out = NULL;
    vb_init(&b, NULL, now_ms, err);
    if (!json_is_object(req))
        return fail(&b, CAT_EINVAL, "CreateViewRequest must be an object");
    if (!json_is_string(name) || json_string_length(name) == 0)
        return fail(&b, CAT_EINVAL, "CreateViewRequest: 'name' must be a non-empty string");
    if (props != NULL && !json_is_null(props) && !is_string_map(props))
        return fail(&b, CAT_EINVAL, "CreateViewRequest: 'properties' must be an object of strings");
    if (location == NULL || uuid == NULL)
        return fail(&b, CAT_EINVAL, "Invalid location or uuid: null");
    if (icesch_check(schema, "CreateViewRequest: schema", err) != CAT_OK)
        return err->code;
    if (check_version(&b, ver, 0, "CreateViewRequest: view-version") != CAT_OK)
        return err->code;
    m = json_object();
    json_object_set_new(m, "view-uuid", json_string(uuid));
    json_object_set_new(m, "format-version", json_integer(1));
    json_object_set_new(m, "location", json_string(location));
    json_object_set_new(m, "properties",
                        json_is_object(props) ? json_deep_copy(props) : json_object());
    json_object_set_new(m, "schemas", json_array());
    json_object_set_new(m, "current-version-id", json_integer(-1));
    json_object_set_new(m, "versions", json_array());
    json_object_set_new(m, "version-log", json_array());
    vb_init(&b, m, now_ms, err);
    /* the schema: fresh field ids; the version: id 1, this time, the schema's id */
    s = json_deep_copy(schema);
    icesch_fresh_ids(s);
    add_schema(&b, s, &sid); /* the first: cannot fail */
    json_decref(s);
    v = json_deep_copy(ver);
    json_object_set_new(v, "version-id", json_integer(1));
    json_object_set_new(v, "timestamp-ms", json_integer(now_ms));
    json_object_set_new(v, "schema-id", json_integer(sid));
    rc = add_version(&b, v, &vid);
    json_decref(v);
    if (rc == CAT_OK)
        rc = set_current(&b, vid);
    if (rc == CAT_OK)
        rc = build(&b);
    free(b.added.v);
    if (rc != CAT_OK) {
        json_decref(m);
        return rc;
    }
    *out = m;
    return CAT_OK;
}

static int check_requirements(struct vb *b, const json_t *meta, const json_t *reqs)
{
    const json_t *r;
    size_t i;
    if (reqs == NULL || json_is_null(reqs))
        return CAT_OK;
    if (!json_is_array(reqs))
        return fail(b, CAT_EINVAL, "requirements must be an array");
    json_array_foreach(reqs, i, r) {
        const char *type = json_string_value(json_object_get(r, "type"));
        const char *want = json_string_value(json_object_get(r, "uuid"));
        const char *have = json_string_value(json_object_get(meta, "view-uuid"));
        if (type == NULL)
            return fail(b, CAT_EINVAL, "requirement %zu: 'type' must be a string", i);
        if (strcmp(type, "assert-view-uuid") != 0)
            return fail(b, CAT_EINVAL, "requirement %zu: unknown type '%s'", i, type);
        if (want == NULL)
            return fail(b, CAT_EINVAL,
                        "requirement %zu (assert-view-uuid): 'uuid' must be a string", i);
        if (strcmp(want, have) != 0)
            return fail(b, CAT_ECONCURRENT,
                        "requirement %zu (assert-view-uuid): the view's uuid is %s, not %s", i,
                        have, want);
    }
    return CAT_OK;
}

static int apply_one(struct vb *b, const json_t *u)
{
    const char *action = json_string_value(json_object_get(u, "action"));
    int n, id;
    if (strcmp(action, "assign-uuid") == 0) {
        const char *uuid = json_string_value(json_object_get(u, "uuid"));
        if (uuid == NULL)
            return fail(b, CAT_EINVAL, "'uuid' must be a string");
        if (strcmp(uuid, json_string_value(json_object_get(b->m, "view-uuid"))) != 0)
            return fail(b, CAT_EINVAL, "Cannot reassign uuid");
        return CAT_OK;
    }
    if (strcmp(action, "upgrade-format-version") == 0) {
        int cur = 1;
        if (!int_member(u, "format-version", &n))
            return fail(b, CAT_EINVAL, "'format-version' must be an integer");
        int_member(b->m, "format-version", &cur);
        if (n < cur)
            return fail(b, CAT_EINVAL, "Cannot downgrade v%d view to v%d", cur, n);
        if (n > 1)
            return fail(b, CAT_EINVAL, "Unsupported format version: %d", n);
        json_object_set_new(b->m, "format-version", json_integer(n));
        return CAT_OK;
    }
    if (strcmp(action, "add-schema") == 0) {
        if (icesch_check(json_object_get(u, "schema"), b->what, b->err) != CAT_OK)
            return b->err->code;
        return add_schema(b, json_object_get(u, "schema"), &id);
    }
    if (strcmp(action, "set-location") == 0) {
        const json_t *loc = json_object_get(u, "location");
        if (!json_is_string(loc))
            return fail(b, CAT_EINVAL, "Invalid location: null");
        json_object_set(b->m, "location", (json_t *)loc);
        return CAT_OK;
    }
    if (strcmp(action, "set-properties") == 0) {
        const json_t *up = json_object_get(u, "updates");
        if (!is_string_map(up))
            return fail(b, CAT_EINVAL, "'updates' must be an object of strings");
        json_object_update(b->props, (json_t *)up);
        return CAT_OK;
    }
    if (strcmp(action, "remove-properties") == 0) {
        const json_t *rm = json_object_get(u, "removals"), *k;
        size_t i;
        if (!is_string_array(rm))
            return fail(b, CAT_EINVAL, "'removals' must be an array of strings");
        json_array_foreach(rm, i, k) {
            json_object_del(b->props, json_string_value(k));
        }
        return CAT_OK;
    }
    if (strcmp(action, "add-view-version") == 0) {
        const json_t *v = json_object_get(u, "view-version");
        if (check_version(b, v, 1, "view-version") != CAT_OK)
            return b->err->code;
        return add_version(b, v, &id);
    }
    if (strcmp(action, "set-current-view-version") == 0) {
        if (!int_member(u, "view-version-id", &n))
            return fail(b, CAT_EINVAL, "'view-version-id' must be an integer");
        return set_current(b, n);
    }
    return fail(b, CAT_EINVAL, "unknown action");
}

/* Whether M, META after the updates, says what META says (a "properties" {} added to a META
** without any counts as nothing). */
static int unchanged(json_t *m, const json_t *meta)
{
    json_t *props;
    int same;
    if (json_equal(m, (json_t *)meta))
        return 1;
    props = json_object_get(m, "properties");
    if (json_object_get(meta, "properties") != NULL || json_object_size(props) != 0)
        return 0;
    json_incref(props);
    json_object_del(m, "properties");
    same = json_equal(m, (json_t *)meta);
    json_object_set_new(m, "properties", props);
    return same;
}

int ice_view_apply(const json_t *meta, const json_t *requirements, const json_t *updates,
                   int64_t now_ms, json_t **out, struct srv_error *err)
{
    const json_t *u;
    json_t *m;
    struct vb b;
    size_t i;
    int rc, cur = 0;
    *out = NULL;
    vb_init(&b, NULL, now_ms, err);
    if (check_meta(&b, meta) != CAT_OK)
        return err->code;
    if (check_requirements(&b, meta, requirements) != CAT_OK)
        return err->code;
    if (!json_is_array(updates))
        return fail(&b, CAT_EINVAL, "updates must be an array");
    m = json_deep_copy(meta);
    if (!json_is_object(json_object_get(m, "properties")))
        json_object_set_new(m, "properties", json_object());
    vb_init(&b, m, now_ms, err);
    int_member(meta, "current-version-id", &cur);
    b.previous = find_by(json_object_get(meta, "versions"), "version-id", cur);
    rc = CAT_OK;
    json_array_foreach(updates, i, u) {
        const char *action = json_string_value(json_object_get(u, "action"));
        if (action == NULL) {
            b.what[0] = '\0';
            rc = fail(&b, CAT_EINVAL, "update %zu: 'action' must be a string", i);
            break;
        }
        snprintf(b.what, sizeof(b.what), "update %zu (%.60s)", i, action);
        if ((rc = apply_one(&b, u)) != CAT_OK)
            break;
    }
    /* Java commits nothing when no update changed the view (its build() would still expire
    ** versions past the history size kept for the versions added by the last commit) */
    if (rc == CAT_OK && !unchanged(m, meta))
        rc = build(&b);
    free(b.added.v);
    if (rc != CAT_OK || unchanged(m, meta)) {
        json_decref(m);
        return rc;
    }
    *out = m;
    return CAT_OK;
}
