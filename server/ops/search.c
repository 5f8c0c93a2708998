/* search.c -- SearchTables: SearchText, Filters and SortCriteria turned into a store_search
** (words, phrases, conditions, order), answered from the store's full-text index, paged. */
#include "ops/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "base/util.h"
#include "ops/present.h"
#include "ops/token.h"

#define MAX_FILTERS 50

/* What a SearchTables request asks for, with the storage its terms point into. */
struct search_req {
    struct store_search q;
    struct store_search_term terms[512 + MAX_FILTERS]; /* SearchText has <= 1024 characters */
    struct store_search_cond conds[MAX_FILTERS];
    char *phrases[512 + MAX_FILTERS]; /* owned */
    char *after;                      /* the token's key, owned */
};

/* The words of TEXT joined by single spaces (new string; "" when it has none).  A word is
** a run of ASCII letters and digits and non-ASCII bytes: every ASCII punctuation mark and
** blank separates words, as in the index. */
static char *words_of(const char *text, size_t n)
{
    char *out = xmalloc(n + 1);
    size_t i, len = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        int word = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (word)
            out[len++] = (char)c;
        else if (len > 0 && out[len - 1] != ' ')
            out[len++] = ' ';
    }
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    return out;
}

/* Add a term: PHRASE (owned) in FIELDS. */
static void add_term(struct search_req *r, unsigned fields, char *phrase)
{
    r->phrases[r->q.nterms] = phrase;
    r->terms[r->q.nterms].fields = fields;
    r->terms[r->q.nterms].phrase = phrase;
    r->q.nterms++;
}

/* SearchText: quoted, one phrase; else every word, anywhere.  No words: no condition. */
static void parse_text(struct search_req *r, const char *text)
{
    size_t n = strlen(text);
    char *all, *p, *sp;
    if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
        all = words_of(text + 1, n - 2);
        if (*all)
            add_term(r, STORE_SEARCH_ALL, all);
        else
            free(all);
        return;
    }
    all = words_of(text, n);
    for (p = all; *p; p = sp ? sp + 1 : p + strlen(p)) {
        size_t len;
        char *w;
        sp = strchr(p, ' ');
        len = sp ? (size_t)(sp - p) : strlen(p);
        w = xmalloc(len + 1);
        memcpy(w, p, len);
        w[len] = '\0';
        add_term(r, STORE_SEARCH_ALL, w);
    }
    free(all);
}

static const struct {
    const char *name;
    enum store_cmp cmp;
} COMPARATORS[] = {{"EQUALS", STORE_CMP_EQ},
                   {"LESS_THAN", STORE_CMP_LT},
                   {"LESS_THAN_EQUALS", STORE_CMP_LE},
                   {"GREATER_THAN", STORE_CMP_GT},
                   {"GREATER_THAN_EQUALS", STORE_CMP_GE}};

/* One PropertyPredicate, Filters.N (N from 1). */
static int parse_filter(struct search_req *r, const json_t *f, size_t n, struct srv_error *err)
{
    static const struct {
        const char *key;
        unsigned field;
    } TEXT_KEYS[] = {{"Name", STORE_SEARCH_NAME},
                     {"DatabaseName", STORE_SEARCH_DATABASE},
                     {"Description", STORE_SEARCH_DESCRIPTION}};
    const char *key = json_string_value(json_object_get(f, "Key"));
    const char *value = json_string_value(json_object_get(f, "Value"));
    const char *comparator = json_string_value(json_object_get(f, "Comparator"));
    struct store_search_cond *c = &r->conds[r->q.nconds];
    enum store_cmp cmp = STORE_CMP_EQ;
    size_t i;
    if (key == NULL || value == NULL)
        return srv_error_set(err, CAT_EINVAL, "Filters.%zu needs a Key and a Value.", n);
    for (i = 0; comparator && i < sizeof(COMPARATORS) / sizeof(COMPARATORS[0]); i++)
        if (strcmp(comparator, COMPARATORS[i].name) == 0)
            cmp = COMPARATORS[i].cmp;
    if (strcasecmp(key, "CreateTime") == 0 || strcasecmp(key, "UpdateTime") == 0) {
        char *end;
        c->num = strtod(value, &end);
        if (end == value || *end != '\0')
            return srv_error_set(err, CAT_EINVAL,
                                 "Filters.%zu: %s compares with epoch seconds; %.100s is not a "
                                 "number.",
                                 n, key, value);
        c->what = strcasecmp(key, "CreateTime") == 0 ? STORE_SC_CREATE_TIME : STORE_SC_UPDATE_TIME;
        c->cmp = cmp;
        r->q.nconds++;
        return CAT_OK;
    }
    if (cmp != STORE_CMP_EQ)
        return srv_error_set(err, CAT_EINVAL,
                             "Filters.%zu: Comparator %s applies to CreateTime and UpdateTime "
                             "only.",
                             n, comparator);
    for (i = 0; i < sizeof(TEXT_KEYS) / sizeof(TEXT_KEYS[0]); i++) {
        if (strcasecmp(key, TEXT_KEYS[i].key) == 0) {
            char *phrase = words_of(value, strlen(value));
            if (*phrase == '\0') {
                free(phrase);
                return srv_error_set(err, CAT_EINVAL,
                                     "Filters.%zu: the %s value has no letters or digits to "
                                     "match.",
                                     n, TEXT_KEYS[i].key);
            }
            add_term(r, TEXT_KEYS[i].field, phrase);
            return CAT_OK;
        }
    }
    if (strcasecmp(key, "TableType") == 0)
        c->what = STORE_SC_TABLE_TYPE;
    else if (strcasecmp(key, "Owner") == 0)
        c->what = STORE_SC_OWNER;
    else
        c->what = STORE_SC_PARAMETER;
    c->key = key;
    c->text = value;
    c->cmp = STORE_CMP_EQ;
    r->q.nconds++;
    return CAT_OK;
}

/* SortCriteria (at most one, checked by the model). */
static int parse_sort(struct search_req *r, const json_t *criteria, struct srv_error *err)
{
    static const struct {
        const char *name;
        enum store_search_sort sort;
    } FIELDS[] = {{"DatabaseName", STORE_SORT_DATABASE},
                  {"Name", STORE_SORT_NAME},
                  {"CreateTime", STORE_SORT_CREATE_TIME},
                  {"UpdateTime", STORE_SORT_UPDATE_TIME}};
    const json_t *c = json_array_get(criteria, 0);
    const char *field = json_string_value(json_object_get(c, "FieldName"));
    const char *sort = json_string_value(json_object_get(c, "Sort"));
    size_t i;
    r->q.desc = sort && strcmp(sort, "DESC") == 0;
    if (field == NULL)
        return CAT_OK;
    for (i = 0; i < sizeof(FIELDS) / sizeof(FIELDS[0]); i++) {
        if (strcasecmp(field, FIELDS[i].name) == 0) {
            r->q.sort = FIELDS[i].sort;
            return CAT_OK;
        }
    }
    return srv_error_set(err, CAT_EINVAL,
                         "SortCriteria FieldName %.100s is not one of Name, DatabaseName, "
                         "CreateTime, UpdateTime.",
                         field);
}

/* The listing's scope: the catalog and a hash of what selects and orders it. */
static char *search_scope(const char *catalog, const json_t *in)
{
    json_t *sel = json_pack("{s:O?, s:O?, s:O?}", "SearchText", json_object_get(in, "SearchText"),
                            "Filters", json_object_get(in, "Filters"), "SortCriteria",
                            json_object_get(in, "SortCriteria"));
    char *text = json_dumps(sel, JSON_COMPACT | JSON_SORT_KEYS);
    size_t n = strlen(catalog) + 20;
    char *scope = xmalloc(n);
    snprintf(scope, n, "%s/%016llx", catalog, util_fnv1a(text));
    free(text);
    json_decref(sel);
    return scope;
}

/* Resume after KEY ("sort value\ndatabase\nname"), split in place into R. */
static int parse_after(struct search_req *r, char *key, struct srv_error *err)
{
    char *db = strchr(key, '\n'), *name = db ? strchr(db + 1, '\n') : NULL;
    if (name == NULL)
        return srv_error_set(err, CAT_EINVAL, "Invalid NextToken.");
    *db++ = '\0';
    *name++ = '\0';
    r->q.after_key = key;
    r->q.after_db = db;
    r->q.after_name = name;
    return CAT_OK;
}

/* The cursor resuming after table T under R's order: "sort value\ndatabase\nname". */
static char *after_key(const struct search_req *r, const json_t *t)
{
    static const char *const MEMBER[] = {"DatabaseName", "Name", "CreateTime", "UpdateTime"};
    const json_t *v = json_object_get(t, MEMBER[r->q.sort]);
    struct sbuf key = {0};
    char num[40];
    if (json_is_number(v)) {
        snprintf(num, sizeof(num), "%.17g", json_number_value(v));
        sbuf_adds(&key, num);
    } else {
        sbuf_adds(&key, json_string_value(v) ? json_string_value(v) : "");
    }
    sbuf_adds(&key, "\n");
    sbuf_adds(&key, json_string_value(json_object_get(t, "DatabaseName")));
    sbuf_adds(&key, "\n");
    sbuf_adds(&key, json_string_value(json_object_get(t, "Name")));
    return key.p;
}

/* The search as a listing (ops_list_visible()): the tables R selects, those in databases the
** caller may see. */
struct search_listing {
    struct op_ctx *ctx;
    const char *catalog;
    struct search_req *r;
};

static int search_fetch(void *arg, const char *after, int limit, json_t **out, int *more,
                        struct srv_error *err)
{
    struct search_listing *l = arg;
    int rc;
    free(l->r->after);
    l->r->after = after ? xstrdup(after) : NULL;
    l->r->q.after_key = l->r->q.after_db = l->r->q.after_name = NULL;
    if (after && (rc = parse_after(l->r, l->r->after, err)) != CAT_OK)
        return rc;
    l->r->q.limit = limit;
    return store_table_search(l->ctx->st, l->catalog, &l->r->q, out, more, err);
}

static int search_keep(void *arg, const json_t *t)
{
    const char *db = json_string_value(json_object_get(t, "DatabaseName"));
    return db && auth_database_allowed(((struct search_listing *)arg)->ctx->who, db);
}

static char *search_key(void *arg, const json_t *t)
{
    return after_key(((struct search_listing *)arg)->r, t);
}

int table_search(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err)
{
    const char *catalog = ops_catalog(ctx, in);
    const char *token = json_string_value(json_object_get(in, "NextToken"));
    const char *text = json_string_value(json_object_get(in, "SearchText"));
    const char *share = json_string_value(json_object_get(in, "ResourceShareType"));
    const json_t *filters = json_object_get(in, "Filters"), *f;
    struct search_req *r = xcalloc(1, sizeof(*r));
    char *scope = search_scope(catalog, in), *after = NULL, *next = NULL;
    struct search_listing sl = {ctx, catalog, r};
    struct ops_listing l = {search_fetch, search_keep, search_key, &sl};
    json_t *list = NULL, *t;
    int limit, rc;
    size_t i;
    *out = NULL;
    r->q.terms = r->terms;
    r->q.conds = r->conds;
    r->q.max_bytes = ctx->max_answer;
    if ((rc = ops_max_results(in, 1000, 1000, &limit, err)) != CAT_OK)
        goto done;
    if (json_array_size(filters) > MAX_FILTERS) {
        rc = srv_error_set(err, CAT_EINVAL, "At most %d Filters are accepted.", MAX_FILTERS);
        goto done;
    }
    if (text)
        parse_text(r, text);
    json_array_foreach(filters, i, f) {
        if ((rc = parse_filter(r, f, i + 1, err)) != CAT_OK)
            goto done;
    }
    if ((rc = parse_sort(r, json_object_get(in, "SortCriteria"), err)) != CAT_OK)
        goto done;
    if (token && *token && (rc = token_parse(token, "search", scope, &after, err)) != CAT_OK)
        goto done; /* its key is checked when the listing resumes after it (search_fetch()) */
    *out = json_object();
    if (share && strcmp(share, "ALL") != 0) { /* FOREIGN, FEDERATED: nothing is shared here */
        json_object_set_new(*out, "TableList", json_array());
        goto done;
    }
    if ((rc = ops_list_visible(&l, after, limit, &list, &next, err)) != CAT_OK) {
        json_decref(*out);
        *out = NULL;
        goto done;
    }
    json_array_foreach(list, i, t)
        present_table(t);
    if (next)
        ops_set_token(*out, token_make("search", scope, next));
    json_object_set_new(*out, "TableList", list);
done:
    for (i = 0; i < r->q.nterms; i++)
        free(r->phrases[i]);
    free(r->after);
    free(r);
    free(scope);
    free(after);
    free(next);
    return rc;
}
