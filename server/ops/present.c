/* present.c -- how returned objects look: defaulted members, and the one Partition serializer. */
#include "ops/present.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_default(json_t *o, const char *key, json_t *value)
{
    if (json_object_get(o, key) == NULL)
        json_object_set_new(o, key, value);
    else
        json_decref(value);
}

void present_sd(json_t *sd)
{
    set_default(sd, "Columns", json_array());
    set_default(sd, "Compressed", json_false());
    set_default(sd, "NumberOfBuckets", json_integer(0));
    set_default(sd, "StoredAsSubDirectories", json_false());
    set_default(sd, "SerdeInfo", json_object());
    set_default(sd, "BucketColumns", json_array());
    set_default(sd, "SortColumns", json_array());
    set_default(sd, "Parameters", json_object());
    set_default(json_object_get(sd, "SerdeInfo"), "Parameters", json_object());
}

void present_table(json_t *t)
{
    set_default(t, "Parameters", json_object());
    set_default(t, "PartitionKeys", json_array());
    set_default(t, "IsRegisteredWithLakeFormation", json_false());
    set_default(t, "StorageDescriptor", json_object());
    present_sd(json_object_get(t, "StorageDescriptor"));
}

void present_writer_init(struct present_writer *w, struct store *st, const struct store_ptable *pt,
                         int exclude_columns)
{
    memset(w, 0, sizeof(*w));
    w->st = st;
    w->pt = pt;
    w->exclude_columns = exclude_columns;
    sbuf_adds(&w->ident, ",\"DatabaseName\":");
    sbuf_add_json_string(&w->ident, pt->db);
    sbuf_adds(&w->ident, ",\"TableName\":");
    sbuf_add_json_string(&w->ident, pt->name);
    sbuf_adds(&w->ident, ",\"CatalogId\":");
    sbuf_add_json_string(&w->ident, pt->catalog);
}

void present_writer_release(struct present_writer *w)
{
    json_decref(w->sd_text);
    json_decref(w->first);
    free(w->ident.p);
    memset(w, 0, sizeof(*w));
}

/* ROW's descriptor as a new object: its base with the differences applied, presented. */
static json_t *row_sd(const struct present_writer *w, const struct store_prow *row)
{
    json_t *sd = row->base ? json_deep_copy(row->base) : json_object(), *v;
    const char *key;
    size_t i;
    json_object_foreach((json_t *)row->sd_diff, key, v)
        json_object_set(sd, key, v);
    json_array_foreach((json_t *)row->sd_absent, i, v)
        json_object_del(sd, json_string_value(v));
    present_sd(sd);
    json_object_del(sd, "Location");
    if (w->exclude_columns)
        json_object_del(sd, "Columns");
    return sd;
}

/* Append the members of object text TEXT ("{...}") without its braces; 0 when it has none. */
static int add_inner(struct sbuf *b, const char *text, size_t n)
{
    if (n < 2 || text[0] != '{' || text[1] == '}')
        return 0;
    sbuf_add(b, text + 1, n - 2);
    return 1;
}

/* The presented descriptor members (without Location) of ROW: cached per base descriptor
** when the partition keeps its table's descriptor; *FRESH (caller frees) otherwise. */
/* Decimal V at OUT (room for 21 bytes); its length. */
static size_t fmt_ll(char *out, long long v)
{
    char tmp[24];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    size_t n = 0, len = 0;
    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

/* ,"CreationTime":T as "%.3f" writes it; without printf when T is a whole number of
** milliseconds (as stored), which "%.3f" prints exactly. */
static void add_creation_time(struct sbuf *b, double t)
{
    static const char NAME[] = ",\"CreationTime\":";
    char num[64];
    if (t > -1e12 && t < 1e12) {
        long long ms = (long long)(t * 1000.0 + (t < 0 ? -0.5 : 0.5));
        if ((double)ms / 1000.0 == t && (ms != 0 || !signbit(t))) {
            unsigned long long a = ms < 0 ? 0ULL - (unsigned long long)ms : (unsigned long long)ms;
            size_t n = 0;
            if (ms < 0)
                num[n++] = '-';
            n += fmt_ll(num + n, (long long)(a / 1000));
            num[n++] = '.';
            num[n++] = (char)('0' + a / 100 % 10);
            num[n++] = (char)('0' + a / 10 % 10);
            num[n++] = (char)('0' + a % 10);
            sbuf_add(b, NAME, sizeof(NAME) - 1);
            sbuf_add(b, num, n);
            return;
        }
    }
    snprintf(num, sizeof(num), "%.3f", t);
    sbuf_add(b, NAME, sizeof(NAME) - 1);
    sbuf_adds(b, num);
}

static const char *sd_members(struct present_writer *w, const struct store_prow *row, char **fresh,
                              struct srv_error *err)
{
    char key[48];
    const char *cached;
    json_t *sd, *memo;
    *fresh = NULL;
    if (row->sd_diff == NULL && row->sd_absent == NULL) {
        size_t n = 3; /* "sd/<base id>/<exclude columns>" */
        memcpy(key, "sd/", 3);
        n += fmt_ll(key + n, row->base_id);
        key[n++] = '/';
        fmt_ll(key + n, w->exclude_columns);
        if (w->first && strcmp(w->first_key, key) == 0)
            return json_string_value(w->first);
        if ((cached = json_string_value(json_object_get(w->sd_text, key))) != NULL)
            return cached;
        /* an earlier request on the same table version presented it already */
        if (w->st && (memo = store_ptable_memo_get(w->st, w->pt, key)) != NULL) {
            if ((cached = json_string_value(memo)) == NULL) {
                json_decref(memo);
            } else if (w->first == NULL) { /* held without making SD_TEXT */
                w->first = memo;
                memcpy(w->first_key, key, sizeof(key));
                return cached;
            } else {
                if (w->sd_text == NULL)
                    w->sd_text = json_object();
                json_object_set_new(w->sd_text, key, memo);
                return cached;
            }
        }
    }
    sd = row_sd(w, row);
    *fresh = json_dumps(sd, JSON_COMPACT);
    json_decref(sd);
    if (*fresh == NULL) {
        srv_error_set(err, CAT_ENOMEM, "Out of memory.");
        return NULL;
    }
    if (row->sd_diff == NULL && row->sd_absent == NULL) {
        if (w->sd_text == NULL)
            w->sd_text = json_object();
        json_object_set_new(w->sd_text, key, json_string(*fresh));
        free(*fresh);
        *fresh = NULL;
        if (w->st)
            store_ptable_memo_put(w->st, w->pt, key, json_object_get(w->sd_text, key));
        return json_string_value(json_object_get(w->sd_text, key));
    }
    return *fresh;
}

int present_partition(struct present_writer *w, const struct store_prow *row, struct sbuf *b,
                      struct srv_error *err)
{
    char *fresh = NULL;
    const char *sd = sd_members(w, row, &fresh, err);
    size_t n;
    if (sd == NULL)
        return err->code;
    sbuf_add(b, "{\"Values\":", 10);
    sbuf_adds(b, row->values);
    sbuf_adds(b, w->ident.p);
    add_creation_time(b, row->creation_time);
    sbuf_adds(b, ",\"StorageDescriptor\":{");
    if (row->location) {
        sbuf_add(b, "\"Location\":", 11);
        sbuf_add_json_string(b, row->location);
    }
    n = strlen(sd);
    if (n > 2 && row->location)
        sbuf_add(b, ",", 1);
    add_inner(b, sd, n);
    sbuf_add(b, "}", 1);
    if (row->members) {
        size_t before = b->len;
        sbuf_add(b, ",", 1);
        if (!add_inner(b, row->members, strlen(row->members)))
            b->len = before, b->p[before] = '\0';
    }
    /* MEMBERS holds "Parameters" only as its own member: the store keeps it whenever another
    ** member's object holds that key, so a string match cannot be fooled by an escape. */
    if (row->members == NULL || strstr(row->members, "\"Parameters\":") == NULL)
        sbuf_adds(b, ",\"Parameters\":{}");
    sbuf_add(b, "}", 1);
    free(fresh);
    return CAT_OK;
}
