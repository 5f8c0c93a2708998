/* catalogctl.c -- the command-line tool: one subcommand per catalog operation, built only on
** the public libcatalog API (client/catalog.h).  JSON to stdout, "catalogctl: <message>" to
** stderr; exit 0 ok, 1 failed, 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "ddl.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

/* ------------------------------------------------------------------------------------------
** Options: one table of every option; each subcommand accepts a subset (a bit mask), from
** which its getopt_long table is built.
*/

enum {
    O_DATABASE,
    O_NAME,
    O_TABLE,
    O_COLUMNS,
    O_PKEYS,
    O_LOCATION,
    O_FORMAT,
    O_TABLE_TYPE,
    O_DESCRIPTION,
    O_OWNER,
    O_PARAM,
    O_SERDE_PARAM,
    O_INPUT_FORMAT,
    O_OUTPUT_FORMAT,
    O_SERDE,
    O_INPUT,
    O_VALUES,
    O_NEW_VALUES,
    O_EXPRESSION,
    O_SEGMENT,
    O_TOTAL_SEGMENTS,
    O_BATCH_SIZE,
    O_FILE,
    O_VERSION_ID,
    O_SKIP_ARCHIVE,
    O_NEW_NAME,
    O_PAGE_SIZE,
    O_CRAWLER,
    O_CLASS,
    O_RESOURCE_URI,
    O_PATTERN,
    O_TEXT,
    O_FILTER,
    O_SORT,
    O_NOPTS,
    /* common to every subcommand (and accepted before it) */
    O_ENDPOINT = 100,
    O_OUTPUT,
    O_CATALOG_ID,
    O_CACERT,
    O_HELP
};

#define BIT(o) (1UL << (o))

static const struct option all_opts[] = {
    [O_DATABASE] = {"database", required_argument, NULL, O_DATABASE},
    [O_NAME] = {"name", required_argument, NULL, O_NAME},
    [O_TABLE] = {"table", required_argument, NULL, O_TABLE},
    [O_COLUMNS] = {"columns", required_argument, NULL, O_COLUMNS},
    [O_PKEYS] = {"partition-keys", required_argument, NULL, O_PKEYS},
    [O_LOCATION] = {"location", required_argument, NULL, O_LOCATION},
    [O_FORMAT] = {"format", required_argument, NULL, O_FORMAT},
    [O_TABLE_TYPE] = {"table-type", required_argument, NULL, O_TABLE_TYPE},
    [O_DESCRIPTION] = {"description", required_argument, NULL, O_DESCRIPTION},
    [O_OWNER] = {"owner", required_argument, NULL, O_OWNER},
    [O_PARAM] = {"parameter", required_argument, NULL, O_PARAM},
    [O_SERDE_PARAM] = {"serde-parameter", required_argument, NULL, O_SERDE_PARAM},
    [O_INPUT_FORMAT] = {"input-format", required_argument, NULL, O_INPUT_FORMAT},
    [O_OUTPUT_FORMAT] = {"output-format", required_argument, NULL, O_OUTPUT_FORMAT},
    [O_SERDE] = {"serde", required_argument, NULL, O_SERDE},
    [O_INPUT] = {"input", required_argument, NULL, O_INPUT},
    [O_VALUES] = {"values", required_argument, NULL, O_VALUES},
    [O_NEW_VALUES] = {"new-values", required_argument, NULL, O_NEW_VALUES},
    [O_EXPRESSION] = {"expression", required_argument, NULL, O_EXPRESSION},
    [O_SEGMENT] = {"segment", required_argument, NULL, O_SEGMENT},
    [O_TOTAL_SEGMENTS] = {"total-segments", required_argument, NULL, O_TOTAL_SEGMENTS},
    [O_BATCH_SIZE] = {"batch-size", required_argument, NULL, O_BATCH_SIZE},
    [O_FILE] = {"file", required_argument, NULL, O_FILE},
    [O_VERSION_ID] = {"version-id", required_argument, NULL, O_VERSION_ID},
    [O_SKIP_ARCHIVE] = {"skip-archive", no_argument, NULL, O_SKIP_ARCHIVE},
    [O_NEW_NAME] = {"new-name", required_argument, NULL, O_NEW_NAME},
    [O_PAGE_SIZE] = {"page-size", required_argument, NULL, O_PAGE_SIZE},
    [O_CRAWLER] = {"crawler", required_argument, NULL, O_CRAWLER},
    [O_CLASS] = {"class", required_argument, NULL, O_CLASS},
    [O_RESOURCE_URI] = {"resource-uri", required_argument, NULL, O_RESOURCE_URI},
    [O_PATTERN] = {"pattern", required_argument, NULL, O_PATTERN},
    [O_TEXT] = {"text", required_argument, NULL, O_TEXT},
    [O_FILTER] = {"filter", required_argument, NULL, O_FILTER},
    [O_SORT] = {"sort", required_argument, NULL, O_SORT},
};

static const struct option common_opts[] = {
    {"endpoint", required_argument, NULL, O_ENDPOINT},
    {"output", required_argument, NULL, O_OUTPUT},
    {"catalog-id", required_argument, NULL, O_CATALOG_ID},
    {"cacert", required_argument, NULL, O_CACERT},
    {"help", no_argument, NULL, O_HELP},
};
#define NCOMMON (sizeof(common_opts) / sizeof(common_opts[0]))

#define MAX_PARAMS 64

/* What the command line said, for any subcommand. */
struct args {
    const char *v[O_NOPTS]; /* option values (argv strings), NULL when absent */
    int skip_archive;
    /* params: --parameter, or --resource-uri, or --filter (no command takes two of them) */
    cat_param params[MAX_PARAMS], serde_params[MAX_PARAMS];
    size_t nparams, nserde_params;
    int nposargs;
    char **posargs;
};

/* Global settings. */
static const char *endpoint, *catalog_id, *cacert;
static int out_json = -1; /* -1: decide from isatty(1) */

struct cmd;
typedef int (*cmd_fn)(cat_client *c, const struct cmd *cmd, struct args *a);

/* One subcommand: name, handler, accepted options, required options, usage text. */
struct cmd {
    const char *name;
    cmd_fn fn;
    unsigned long opts, required;
    const char *usage;
};

static const struct cmd *find_cmd(const char *name);
static long parse_long(const char *s);
static void print_usage(FILE *f);
static int takes_operands(const struct cmd *cmd);

/* Print "catalogctl: MSG" to stderr. */
static void errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void errf(const char *fmt, ...)
{
    va_list ap;
    fputs("catalogctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* A usage error about CMD: message, then a pointer to --help.  Returns EXIT_USAGE. */
static int usage_error(const struct cmd *cmd, const char *msg, const char *detail)
{
    errf("%s%s", msg, detail ? detail : "");
    if (cmd)
        fprintf(stderr, "usage: catalogctl %s %sTry 'catalogctl %s --help'.\n", cmd->name,
                cmd->usage, cmd->name);
    else
        fputs("Try 'catalogctl --help'.\n", stderr);
    return EXIT_USAGE;
}

/* Report the failure of the last call on C (code RC).  Returns EXIT_FAIL. */
static int call_failed(cat_client *c, int rc)
{
    const char *m = cat_errmsg(c);
    errf("%s", m && *m ? m : cat_strerror(rc));
    return EXIT_FAIL;
}

/* Handle a common option CH with value ARG.  Returns 0, or EXIT_USAGE. */
static int common_opt(const struct cmd *cmd, int ch, const char *arg)
{
    switch (ch) {
    case O_ENDPOINT:
        endpoint = arg;
        return 0;
    case O_CATALOG_ID:
        catalog_id = arg;
        return 0;
    case O_CACERT:
        cacert = arg;
        return 0;
    case O_OUTPUT:
        if (strcmp(arg, "json") == 0)
            out_json = 1;
        else if (strcmp(arg, "table") == 0)
            out_json = 0;
        else
            return usage_error(cmd, "-o must be json or table, not ", arg);
        return 0;
    default:
        return usage_error(cmd, "invalid option", NULL);
    }
}

/* Parse "key=value" into P (pointing into ARG, which is modified). */
static int parse_param(char *arg, cat_param *p)
{
    char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg)
        return -1;
    *eq = '\0';
    p->key = arg;
    p->value = eq + 1;
    return 0;
}

/* Parse ARGV for CMD into A.  Returns 0, or an exit status (help: 0 via *DONE). */
static int parse_args(const struct cmd *cmd, int argc, char **argv, struct args *a, int *done)
{
    struct option lo[O_NOPTS + NCOMMON + 1];
    size_t n = 0, i;
    int ch, rc;

    for (i = 0; i < O_NOPTS; i++)
        if (cmd->opts & BIT(i))
            lo[n++] = all_opts[i];
    for (i = 0; i < NCOMMON; i++)
        lo[n++] = common_opts[i];
    memset(&lo[n], 0, sizeof(lo[n]));
    optind = 0; /* glibc: restart the scan */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "o:hf:", lo, NULL)) != -1) {
        if (ch == 'o')
            ch = O_OUTPUT;
        if (ch == 'f') /* -f FILE: --file, for the commands that take it */
            ch = cmd->opts & BIT(O_FILE) ? O_FILE : '?';
        if (ch == 'h' || ch == O_HELP) {
            printf("usage: catalogctl %s %s", cmd->name, cmd->usage);
            *done = 1;
            return 0;
        }
        if (ch == '?' || ch == ':') {
            const char *bad = argv[optind - 1];
            return usage_error(cmd, "unrecognised option or missing value: ", bad);
        }
        if (ch >= O_ENDPOINT) {
            if ((rc = common_opt(cmd, ch, optarg)) != 0)
                return rc;
        } else if (ch == O_SKIP_ARCHIVE) {
            a->skip_archive = 1;
        } else if (ch == O_PARAM || ch == O_SERDE_PARAM || ch == O_RESOURCE_URI || ch == O_FILTER) {
            int serde = ch == O_SERDE_PARAM;
            cat_param *p = serde ? &a->serde_params[a->nserde_params] : &a->params[a->nparams];
            size_t *np = serde ? &a->nserde_params : &a->nparams;
            if (*np >= MAX_PARAMS)
                return usage_error(cmd, "too many parameters", NULL);
            if (parse_param(optarg, p) != 0)
                return usage_error(cmd,
                                   ch == O_RESOURCE_URI ? "--resource-uri is TYPE=URI, not "
                                   : ch == O_FILTER     ? "--filter is KEY=VALUE, not "
                                                        : "parameters are KEY=VALUE, not ",
                                   optarg);
            (*np)++;
        } else {
            a->v[ch] = optarg;
        }
    }
    a->posargs = argv + optind;
    a->nposargs = argc - optind;
    if (a->nposargs > 0 && !takes_operands(cmd))
        return usage_error(cmd, "unexpected argument: ", argv[optind]);
    if (a->v[O_PAGE_SIZE] &&
        (parse_long(a->v[O_PAGE_SIZE]) < 1 || parse_long(a->v[O_PAGE_SIZE]) > 2147483647L))
        return usage_error(cmd, "--page-size must be a positive number, not ", a->v[O_PAGE_SIZE]);
    for (i = 0; i < O_NOPTS; i++)
        if ((cmd->required & BIT(i)) && a->v[i] == NULL) {
            char what[64];
            snprintf(what, sizeof what, "--%s", all_opts[i].name);
            return usage_error(cmd, "missing required option ", what);
        }
    return 0;
}

/* Parse a non-negative integer option.  Returns -1 when it is not one. */
static long parse_long(const char *s)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    return v;
}

/* ------------------------------------------------------------------------------------------
** Input and output
*/

/* Read any JSON value from PATH ("-" = stdin).  Returns a new reference or NULL (reported). */
static json_t *load_json(const char *path)
{
    json_error_t err;
    json_t *j;
    if (strcmp(path, "-") == 0)
        j = json_loadf(stdin, 0, &err);
    else
        j = json_load_file(path, 0, &err);
    if (j == NULL)
        errf("%s: %s (line %d)", strcmp(path, "-") == 0 ? "<stdin>" : path, err.text, err.line);
    return j;
}

/* Read a JSON object from PATH ("-" = stdin).  Returns a new reference or NULL (reported). */
static json_t *read_json(const char *path)
{
    json_t *j = load_json(path);
    if (j != NULL && !json_is_object(j)) {
        errf("%s: expected a JSON object", path);
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* Print J as indented JSON. */
static void print_json(const json_t *j)
{
    json_dumpf(j, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
}

/* Render scalar J into BUF (arrays of scalars joined by ','). */
static void scalar_text(const json_t *j, char *buf, size_t n)
{
    size_t i, used = 0;
    buf[0] = '\0';
    if (json_is_string(j))
        snprintf(buf, n, "%s", json_string_value(j));
    else if (json_is_integer(j))
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
    else if (json_is_real(j))
        snprintf(buf, n, "%.15g", json_real_value(j));
    else if (json_is_boolean(j))
        snprintf(buf, n, "%s", json_is_true(j) ? "true" : "false");
    else if (json_is_array(j))
        for (i = 0; i < json_array_size(j) && used + 1 < n; i++) {
            char one[256];
            scalar_text(json_array_get(j, i), one, sizeof one);
            used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "", one);
            if (used >= n)
                break;
        }
}

/* The member of J at dotted PATH, or NULL. */
static const json_t *at_path(const json_t *j, const char *path)
{
    char key[128];
    const char *dot;
    while (j && (dot = strchr(path, '.')) != NULL) {
        size_t len = (size_t)(dot - path);
        if (len >= sizeof key)
            return NULL;
        memcpy(key, path, len);
        key[len] = '\0';
        j = json_object_get(j, key);
        path = dot + 1;
    }
    return j ? json_object_get(j, path) : NULL;
}

/* Print the objects in array ITEMS as a table with the NCOLS columns at dotted PATHS. */
static void print_table(const json_t *items, const char *const *heads, const char *const *paths,
                        size_t ncols)
{
    size_t w[8] = {0}, i, k;
    char cell[512];
    for (k = 0; k < ncols; k++)
        w[k] = strlen(heads[k]);
    for (i = 0; i < json_array_size(items); i++)
        for (k = 0; k < ncols; k++) {
            scalar_text(at_path(json_array_get(items, i), paths[k]), cell, sizeof cell);
            if (strlen(cell) > w[k])
                w[k] = strlen(cell);
        }
    for (k = 0; k < ncols; k++)
        printf("%-*s%s", k + 1 < ncols ? (int)w[k] : 0, heads[k], k + 1 < ncols ? "  " : "\n");
    for (i = 0; i < json_array_size(items); i++)
        for (k = 0; k < ncols; k++) {
            scalar_text(at_path(json_array_get(items, i), paths[k]), cell, sizeof cell);
            printf("%-*s%s", k + 1 < ncols ? (int)w[k] : 0, cell, k + 1 < ncols ? "  " : "\n");
        }
}

/* Print J as "path  value" lines, one per scalar member, nested members dotted. */
static void print_flat(const json_t *j, const char *prefix)
{
    const char *key;
    json_t *v;
    size_t i;
    char path[512], cell[1024];
    if (json_is_object(j)) {
        json_object_foreach((json_t *)j, key, v)
        {
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", key);
            print_flat(v, path);
        }
    } else if (json_is_array(j)) {
        int scalars = 1;
        for (i = 0; i < json_array_size(j); i++)
            if (json_is_object(json_array_get(j, i)) || json_is_array(json_array_get(j, i)))
                scalars = 0;
        if (scalars) {
            scalar_text(j, cell, sizeof cell);
            printf("%-40s %s\n", prefix, cell);
        } else
            for (i = 0; i < json_array_size(j); i++) {
                snprintf(path, sizeof path, "%s[%zu]", prefix, i);
                print_flat(json_array_get(j, i), path);
            }
    } else {
        scalar_text(j, cell, sizeof cell);
        printf("%-40s %s\n", prefix, cell);
    }
}

/* Print the response RESP of a single-entity call: JSON, or the entity ENTITY flattened. */
static void print_entity(const json_t *resp, const char *entity)
{
    if (out_json)
        print_json(resp);
    else
        print_flat(entity ? json_object_get(resp, entity) : resp, "");
}

/* Split S at commas outside () and <> into at most MAX pieces (S is modified).  Returns the
** count, or -1 when there are too many. */
static int split_top(char *s, char **out, int max)
{
    int n = 0, depth = 0;
    char *start = s;
    for (;; s++) {
        if (*s == '(' || *s == '<')
            depth++;
        else if ((*s == ')' || *s == '>') && depth > 0)
            depth--;
        else if ((*s == ',' && depth == 0) || *s == '\0') {
            int end = *s == '\0';
            if (n >= max)
                return -1;
            *s = '\0';
            out[n++] = start;
            start = s + 1;
            if (end)
                break;
        }
    }
    return n;
}

/* Partition values from S: a JSON array, or values separated by commas.  Returns a new
** array reference or NULL. */
static json_t *parse_values(const char *s)
{
    json_t *arr;
    const char *p;
    if (*s == '[') {
        arr = json_loads(s, 0, NULL);
        if (!json_is_array(arr)) {
            json_decref(arr);
            return NULL;
        }
        return arr;
    }
    if ((arr = json_array()) == NULL)
        return NULL;
    for (;;) {
        p = strchr(s, ',');
        json_array_append_new(arr, json_stringn(s, p ? (size_t)(p - s) : strlen(s)));
        if (!p)
            break;
        s = p + 1;
    }
    return arr;
}

/* A new request object with CatalogId (when set) and the string members NAME/VALUE pairs
** (NULL-terminated). */
static json_t *request(const char *name, ...)
{
    json_t *r = json_object();
    va_list ap;
    if (r == NULL)
        return NULL;
    if (catalog_id)
        json_object_set_new(r, "CatalogId", json_string(catalog_id));
    va_start(ap, name);
    while (name) {
        const char *value = va_arg(ap, const char *);
        json_object_set_new(r, name, json_string(value));
        name = va_arg(ap, const char *);
    }
    va_end(ap);
    return r;
}

/* Call OP with REQ (consumed); print the response (ENTITY flattened in table mode), or
** nothing when QUIET and in table mode. */
static int call_print(cat_client *c, const char *op, json_t *req, const char *entity)
{
    json_t *resp = NULL; /* owned */
    int rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    if (out_json || entity)
        print_entity(resp, entity);
    json_decref(resp);
    return 0;
}

/* List through iterator IT into {KEY: [...]}, printed as JSON or as a table. */
static int list_print(cat_client *c, cat_iter *it, const char *page_size, const char *key,
                      const char *const *heads, const char *const *paths, size_t ncols)
{
    json_t *all = json_array(), *wrap; /* owned */
    const json_t *item;
    int rc = CAT_OK;
    if (page_size)
        rc = cat_iter_set_page_size(it, (int)parse_long(page_size));
    while (rc == CAT_OK && (rc = cat_iter_next(&item, it)) == CAT_OK)
        json_array_append(all, (json_t *)item);
    cat_iter_free(it);
    if (rc != CAT_ITEROVER) {
        json_decref(all);
        return call_failed(c, rc);
    }
    if (out_json) {
        wrap = json_object();
        json_object_set_new(wrap, key, all);
        print_json(wrap);
        json_decref(wrap);
    } else {
        print_table(all, heads, paths, ncols);
        json_decref(all);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------
** Databases
*/

/* The JSON in PATH ("-": stdin), or its member MEMBER when it holds one (so both a bare
** DatabaseInput and a whole request work).  New reference, or NULL (reported). */
static json_t *read_input(const char *path, const char *member)
{
    json_t *j = read_json(path), *inner;
    if (j && (inner = json_object_get(j, member)) != NULL) {
        json_incref(inner);
        json_decref(j);
        j = inner;
    }
    return j;
}

/* DatabaseInput from --input or the flags.  New reference or NULL (reported). */
static json_t *database_input(const struct cmd *cmd, struct args *a, const char *name, int *rc)
{
    cat_database_input in = CAT_DATABASE_INPUT_INIT;
    json_t *j = NULL;
    if (a->v[O_INPUT]) {
        j = read_input(a->v[O_INPUT], "DatabaseInput");
        *rc = j ? 0 : EXIT_FAIL;
        return j;
    }
    if (name == NULL) {
        *rc = usage_error(cmd, "missing required option --name (or --input)", NULL);
        return NULL;
    }
    in.name = name;
    in.description = a->v[O_DESCRIPTION];
    in.location_uri = a->v[O_LOCATION];
    in.parameters = a->params;
    in.nparameters = a->nparams;
    if ((*rc = cat_database_input_json(&j, &in)) != CAT_OK) {
        errf("%s", cat_strerror(*rc));
        *rc = EXIT_FAIL;
    }
    return j;
}

static int cmd_create_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    json_t *in = database_input(cmd, a, a->v[O_NAME], &rc), *req;
    if (in == NULL)
        return rc;
    req = request(NULL);
    json_object_set_new(req, "DatabaseInput", in);
    return call_print(c, "CreateDatabase", req, NULL);
}

static int cmd_update_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    const char *nn = a->v[O_NEW_NAME] ? a->v[O_NEW_NAME] : a->v[O_NAME];
    json_t *in = database_input(cmd, a, nn, &rc), *req;
    if (in == NULL)
        return rc;
    req = request("Name", a->v[O_NAME], NULL);
    json_object_set_new(req, "DatabaseInput", in);
    return call_print(c, "UpdateDatabase", req, NULL);
}

static int cmd_get_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "GetDatabase", request("Name", a->v[O_NAME], NULL), "Database");
}

static int cmd_delete_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "DeleteDatabase", request("Name", a->v[O_NAME], NULL), NULL);
}

static int cmd_get_databases(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"NAME", "LOCATION", "DESCRIPTION"};
    static const char *const paths[] = {"Name", "LocationUri", "Description"};
    json_t *req = request(NULL);
    cat_iter *it = NULL;
    int rc = cat_iter_new(&it, c, "GetDatabases", req, "DatabaseList");
    (void)cmd;
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "DatabaseList", heads, paths, 3);
}

/* ------------------------------------------------------------------------------------------
** Tables
*/

/* Parse "name:type,name:type" (types may hold commas inside () or <>) into COLS, pointing
** into S (modified).  Returns the count, or -1. */
static int parse_columns(char *s, cat_column *cols, int max)
{
    char *parts[256];
    int n = split_top(s, parts, max < 256 ? max : 256), i;
    for (i = 0; i < n; i++) {
        char *colon = strchr(parts[i], ':');
        while (*parts[i] == ' ')
            parts[i]++;
        if (colon == NULL || colon == parts[i] || colon[1] == '\0')
            return -1;
        *colon = '\0';
        cols[i].name = parts[i];
        cols[i].type = colon + 1;
        cols[i].comment = NULL;
    }
    return n;
}

static const struct {
    const char *name;
    cat_format format;
    const char *in, *out, *serde; /* explicit, for formats libcatalog has no preset for */
} formats[] = {
    {"parquet", CAT_FORMAT_PARQUET, NULL, NULL, NULL},
    {"orc", CAT_FORMAT_ORC, NULL, NULL, NULL},
    {"avro", CAT_FORMAT_AVRO, NULL, NULL, NULL},
    {"json", CAT_FORMAT_JSON, NULL, NULL, NULL},
    {"csv", CAT_FORMAT_CSV, NULL, NULL, NULL},
    {"textfile", CAT_FORMAT_NONE, "org.apache.hadoop.mapred.TextInputFormat",
     "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
     "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
};

#define MAX_COLUMNS 1024

/* TableInput from --input or the flags (NAME is the table's name).  New reference or NULL
** with *RC the exit status. */
static json_t *table_input(const struct cmd *cmd, struct args *a, const char *name, int *rc)
{
    static cat_column cols[MAX_COLUMNS], keys[MAX_COLUMNS];
    cat_table_input in = CAT_TABLE_INPUT_INIT;
    char *colbuf = NULL, *keybuf = NULL; /* owned: copies the columns point into */
    json_t *j = NULL;
    size_t i;
    int n;

    *rc = 0;
    if (a->v[O_INPUT]) {
        j = read_input(a->v[O_INPUT], "TableInput");
        *rc = j ? 0 : EXIT_FAIL;
        return j;
    }
    if (name == NULL) {
        *rc = usage_error(cmd, "missing required option --name (or --input)", NULL);
        return NULL;
    }
    in.name = name;
    in.description = a->v[O_DESCRIPTION];
    in.owner = a->v[O_OWNER];
    in.table_type = a->v[O_TABLE_TYPE] ? a->v[O_TABLE_TYPE] : "EXTERNAL_TABLE";
    in.location = a->v[O_LOCATION];
    if (a->v[O_COLUMNS]) {
        if ((colbuf = strdup(a->v[O_COLUMNS])) == NULL ||
            (n = parse_columns(colbuf, cols, MAX_COLUMNS)) < 0) {
            *rc = usage_error(cmd, "--columns is NAME:TYPE[,NAME:TYPE...], not ", a->v[O_COLUMNS]);
            goto out;
        }
        in.columns = cols;
        in.ncolumns = (size_t)n;
    }
    if (a->v[O_PKEYS]) {
        if ((keybuf = strdup(a->v[O_PKEYS])) == NULL ||
            (n = parse_columns(keybuf, keys, MAX_COLUMNS)) < 0) {
            *rc = usage_error(cmd, "--partition-keys is NAME:TYPE[,NAME:TYPE...], not ",
                              a->v[O_PKEYS]);
            goto out;
        }
        in.partition_keys = keys;
        in.npartition_keys = (size_t)n;
    }
    if (a->v[O_FORMAT]) {
        for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
            if (strcmp(formats[i].name, a->v[O_FORMAT]) == 0)
                break;
        if (i == sizeof formats / sizeof formats[0]) {
            *rc =
                usage_error(cmd, "--format must be parquet, orc, avro, json, csv or textfile, not ",
                            a->v[O_FORMAT]);
            goto out;
        }
        in.format = formats[i].format;
        in.input_format = formats[i].in;
        in.output_format = formats[i].out;
        in.serde_library = formats[i].serde;
    }
    if (a->v[O_INPUT_FORMAT])
        in.input_format = a->v[O_INPUT_FORMAT];
    if (a->v[O_OUTPUT_FORMAT])
        in.output_format = a->v[O_OUTPUT_FORMAT];
    if (a->v[O_SERDE])
        in.serde_library = a->v[O_SERDE];
    in.serde_parameters = a->serde_params;
    in.nserde_parameters = a->nserde_params;
    in.parameters = a->params;
    in.nparameters = a->nparams;
    if ((n = cat_table_input_json(&j, &in)) != CAT_OK) {
        errf("%s", cat_strerror(n));
        *rc = EXIT_FAIL;
    }
out:
    free(colbuf);
    free(keybuf);
    return j;
}

static int cmd_create_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    json_t *in = table_input(cmd, a, a->v[O_NAME], &rc), *req;
    if (in == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], NULL);
    json_object_set_new(req, "TableInput", in);
    return call_print(c, "CreateTable", req, NULL);
}

static int cmd_update_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    json_t *in = table_input(cmd, a, a->v[O_NAME], &rc), *req;
    if (in == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], NULL);
    json_object_set_new(req, "TableInput", in);
    if (a->v[O_VERSION_ID])
        json_object_set_new(req, "VersionId", json_string(a->v[O_VERSION_ID]));
    if (a->skip_archive)
        json_object_set_new(req, "SkipArchive", json_true());
    return call_print(c, "UpdateTable", req, NULL);
}

static int cmd_get_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "GetTable",
                      request("DatabaseName", a->v[O_DATABASE], "Name", a->v[O_NAME], NULL),
                      "Table");
}

static int cmd_delete_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "DeleteTable",
                      request("DatabaseName", a->v[O_DATABASE], "Name", a->v[O_NAME], NULL), NULL);
}

static int cmd_get_tables(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"NAME", "TYPE", "LOCATION", "SERDE"};
    static const char *const paths[] = {"Name", "TableType", "StorageDescriptor.Location",
                                        "StorageDescriptor.SerdeInfo.SerializationLibrary"};
    json_t *req = request("DatabaseName", a->v[O_DATABASE], NULL);
    cat_iter *it = NULL;
    int rc;
    (void)cmd;
    if (a->v[O_EXPRESSION])
        json_object_set_new(req, "Expression", json_string(a->v[O_EXPRESSION]));
    rc = cat_iter_new(&it, c, "GetTables", req, "TableList");
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "TableList", heads, paths, 4);
}

static int cmd_get_table_versions(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"VERSION", "UPDATED"};
    static const char *const paths[] = {"VersionId", "Table.UpdateTime"};
    json_t *req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    cat_iter *it = NULL;
    int rc = cat_iter_new(&it, c, "GetTableVersions", req, "TableVersions");
    (void)cmd;
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "TableVersions", heads, paths, 2);
}

/* ------------------------------------------------------------------------------------------
** Partitions
*/

/* Validate --values for CMD; a new array or NULL with *RC set. */
static json_t *values_arg(const struct cmd *cmd, const char *s, const char *opt, int *rc)
{
    json_t *v = parse_values(s);
    if (v == NULL)
        *rc = usage_error(cmd, opt, " is v1,v2,... or a JSON array of strings");
    return v;
}

/* Fetch table DB.NAME into *TABLE (new reference).  Returns 0 or EXIT_FAIL (reported). */
static int fetch_table(cat_client *c, const char *db, const char *name, json_t **table)
{
    json_t *req = request("DatabaseName", db, "Name", name, NULL), *resp = NULL;
    int rc = cat_call(&resp, c, "GetTable", req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    *table = json_incref(json_object_get(resp, "Table"));
    json_decref(resp);
    return 0;
}

/* The text of string J, or "" when J is not a string. */
static const char *str_or(const json_t *j)
{
    return json_is_string(j) ? json_string_value(j) : "";
}

/* A PartitionInput for VALUES (borrowed) at LOCATION (NULL: the table's location plus
** key=value/ per key), with the table's storage descriptor. */
static json_t *partition_input(const json_t *table, json_t *values, const char *location)
{
    json_t *sd = json_deep_copy(json_object_get(table, "StorageDescriptor"));
    json_t *p = json_object();
    if (sd == NULL)
        sd = json_object();
    if (location) {
        json_object_set_new(sd, "Location", json_string(location));
    } else if (json_is_string(json_object_get(sd, "Location"))) {
        const char *base = json_string_value(json_object_get(sd, "Location"));
        const json_t *keys = json_object_get(table, "PartitionKeys");
        size_t len = strlen(base), i, used;
        size_t cap = len + 2;
        char *loc;
        for (i = 0; i < json_array_size(values); i++)
            cap += strlen(str_or(json_array_get(values, i))) +
                   strlen(str_or(json_object_get(json_array_get(keys, i), "Name"))) + 3;
        if ((loc = malloc(cap)) != NULL) {
            used = (size_t)snprintf(loc, cap, "%s%s", base, len && base[len - 1] == '/' ? "" : "/");
            for (i = 0; i < json_array_size(values) && used < cap; i++) {
                used += (size_t)snprintf(loc + used, cap - used, "%s=%s/",
                                         str_or(json_object_get(json_array_get(keys, i), "Name")),
                                         str_or(json_array_get(values, i)));
            }
            json_object_set_new(sd, "Location", json_string(loc));
            free(loc);
        }
    }
    json_object_set(p, "Values", values);
    json_object_set_new(p, "StorageDescriptor", sd);
    return p;
}

static int cmd_create_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *table = NULL, *in, *req, *values;
    size_t i;
    int rc = 0;
    if (a->v[O_INPUT]) {
        if ((in = read_json(a->v[O_INPUT])) == NULL)
            return EXIT_FAIL;
        if (json_object_get(in, "PartitionInput")) {
            json_t *inner = json_incref(json_object_get(in, "PartitionInput"));
            json_decref(in);
            in = inner;
        }
    } else {
        if (a->v[O_VALUES] == NULL)
            return usage_error(cmd, "missing required option --values (or --input)", NULL);
        if ((values = values_arg(cmd, a->v[O_VALUES], "--values", &rc)) == NULL)
            return rc;
        if ((rc = fetch_table(c, a->v[O_DATABASE], a->v[O_TABLE], &table)) != 0) {
            json_decref(values);
            return rc;
        }
        in = partition_input(table, values, a->v[O_LOCATION]);
        json_decref(values);
        json_decref(table);
        if (a->nparams) {
            json_t *params = json_object();
            for (i = 0; i < a->nparams; i++)
                json_object_set_new(params, a->params[i].key, json_string(a->params[i].value));
            json_object_set_new(in, "Parameters", params);
        }
    }
    req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_object_set_new(req, "PartitionInput", in);
    return call_print(c, "CreatePartition", req, NULL);
}

/* Read lines from PATH ("-": stdin) into a new array of strings (blank lines and lines
** starting with '#' skipped).  NULL on failure (reported). */
static json_t *read_lines(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    json_t *lines;
    char *line = NULL; /* owned */
    size_t cap = 0;
    ssize_t len;
    if (f == NULL) {
        errf("%s: %s", path, strerror(errno));
        return NULL;
    }
    lines = json_array();
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        json_array_append_new(lines, json_string(line));
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return lines;
}

/* One line of a partition file: "v1,v2[<whitespace>location]".  *VALUES gets a new array
** (NULL when malformed) and *LOCATION points into the line (NULL when absent). */
static void parse_partition_line(const char *line, json_t **values, const char **location)
{
    const char *sp = line + strcspn(line, " \t");
    char *vals = strndup(line, (size_t)(sp - line)); /* owned */
    *location = NULL;
    while (*sp == ' ' || *sp == '\t')
        sp++;
    if (*sp)
        *location = sp;
    *values = vals ? parse_values(vals) : NULL;
    free(vals);
}

/* Send the PartitionInputList or PartitionsToDelete BATCH for OP; errors are appended to
** ERRORS.  Returns 0 or EXIT_FAIL (reported). */
static int send_batch(cat_client *c, struct args *a, const char *op, const char *member,
                      json_t *batch, json_t *errors)
{
    json_t *req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_t *resp = NULL; /* owned */
    int rc;
    json_object_set(req, member, batch);
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    json_array_extend(errors, json_object_get(resp, "Errors"));
    json_decref(resp);
    return 0;
}

/* batch-create-partition and batch-delete-partition: lines from --file (default stdin), sent
** in batches of --batch-size, a progress line on stderr when it is a terminal. */
static int batch_partitions(cat_client *c, const struct cmd *cmd, struct args *a, int create)
{
    const char *op = create ? "BatchCreatePartition" : "BatchDeletePartition";
    const char *member = create ? "PartitionInputList" : "PartitionsToDelete";
    json_t *lines = NULL, *table = NULL, *batch = NULL, *errors = NULL, *out; /* owned */
    long bs = 100;
    size_t i, total, done = 0;
    int rc = 0, tty = isatty(STDERR_FILENO);

    if (a->v[O_BATCH_SIZE] && ((bs = parse_long(a->v[O_BATCH_SIZE])) < 1 || bs > 1000))
        return usage_error(cmd, "--batch-size must be 1..1000, not ", a->v[O_BATCH_SIZE]);
    if ((lines = read_lines(a->v[O_FILE] ? a->v[O_FILE] : "-")) == NULL)
        return EXIT_FAIL;
    if (create && (rc = fetch_table(c, a->v[O_DATABASE], a->v[O_TABLE], &table)) != 0)
        goto out;
    total = json_array_size(lines);
    batch = json_array();
    errors = json_array();
    for (i = 0; i < total; i++) {
        json_t *values;
        const char *location;
        parse_partition_line(json_string_value(json_array_get(lines, i)), &values, &location);
        if (values == NULL) {
            errf("line %zu: values are v1,v2,... or a JSON array", i + 1);
            rc = EXIT_FAIL;
            goto out;
        }
        if (create)
            json_array_append_new(batch, partition_input(table, values, location));
        else {
            json_t *k = json_object();
            json_object_set(k, "Values", values);
            json_array_append_new(batch, k);
        }
        json_decref(values);
        if (json_array_size(batch) == (size_t)bs || i + 1 == total) {
            if ((rc = send_batch(c, a, op, member, batch, errors)) != 0)
                goto out;
            done += json_array_size(batch);
            json_array_clear(batch);
            if (tty)
                fprintf(stderr, "\r%s: %zu/%zu partitions", op, done, total);
        }
    }
    if (tty && total)
        fputc('\n', stderr);
    out = json_pack("{s:I,s:O}", create ? "Created" : "Deleted",
                    (json_int_t)(done - json_array_size(errors)), "Errors", errors);
    if (out_json)
        print_json(out);
    else
        printf("%s %zu of %zu partitions\n", create ? "created" : "deleted",
               done - json_array_size(errors), total);
    json_decref(out);
    if (json_array_size(errors) > 0) {
        const json_t *e0 = json_object_get(json_array_get(errors, 0), "ErrorDetail");
        errf("%zu of %zu partitions failed; first: %s", json_array_size(errors), total,
             json_string_value(json_object_get(e0, "ErrorMessage"))
                 ? json_string_value(json_object_get(e0, "ErrorMessage"))
                 : "(no message)");
        rc = EXIT_FAIL;
    }
out:
    json_decref(lines);
    json_decref(table);
    json_decref(batch);
    json_decref(errors);
    return rc;
}

static int cmd_batch_create_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return batch_partitions(c, cmd, a, 1);
}

static int cmd_batch_delete_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return batch_partitions(c, cmd, a, 0);
}

/* A partition call naming VALUES: GetPartition, DeletePartition. */
static int partition_call(cat_client *c, const struct cmd *cmd, struct args *a, const char *op,
                          const char *entity)
{
    json_t *req, *values;
    int rc = 0;
    if ((values = values_arg(cmd, a->v[O_VALUES], "--values", &rc)) == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_object_set_new(req, "PartitionValues", values);
    return call_print(c, op, req, entity);
}

static int cmd_get_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return partition_call(c, cmd, a, "GetPartition", "Partition");
}

static int cmd_delete_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    return partition_call(c, cmd, a, "DeletePartition", NULL);
}

static int cmd_update_partition(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *req, *values, *in = NULL, *cur = NULL, *resp = NULL;
    int rc = 0;
    if ((values = values_arg(cmd, a->v[O_VALUES], "--values", &rc)) == NULL)
        return rc;
    req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_object_set_new(req, "PartitionValueList", values);
    if (a->v[O_INPUT]) {
        if ((in = read_json(a->v[O_INPUT])) == NULL) {
            json_decref(req);
            return EXIT_FAIL;
        }
    } else {
        /* start from the partition as it is, change what the flags say */
        json_t *g = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
        json_object_set(g, "PartitionValues", values);
        rc = cat_call(&resp, c, "GetPartition", g);
        json_decref(g);
        if (rc != CAT_OK) {
            json_decref(req);
            return call_failed(c, rc);
        }
        cur = json_object_get(resp, "Partition");
        in = json_object();
        json_object_set(in, "Values", json_object_get(cur, "Values"));
        json_object_set(in, "StorageDescriptor", json_object_get(cur, "StorageDescriptor"));
        json_object_set(in, "Parameters", json_object_get(cur, "Parameters"));
        json_decref(resp);
        if (a->v[O_NEW_VALUES]) {
            json_t *nv = values_arg(cmd, a->v[O_NEW_VALUES], "--new-values", &rc);
            if (nv == NULL) {
                json_decref(in);
                json_decref(req);
                return rc;
            }
            json_object_set_new(in, "Values", nv);
        }
        if (a->v[O_LOCATION]) {
            json_t *sd = json_deep_copy(json_object_get(in, "StorageDescriptor"));
            json_object_set_new(sd, "Location", json_string(a->v[O_LOCATION]));
            json_object_set_new(in, "StorageDescriptor", sd);
        }
        if (a->nparams) {
            json_t *params = json_deep_copy(json_object_get(in, "Parameters"));
            size_t i;
            if (params == NULL)
                params = json_object();
            for (i = 0; i < a->nparams; i++)
                json_object_set_new(params, a->params[i].key, json_string(a->params[i].value));
            json_object_set_new(in, "Parameters", params);
        }
    }
    json_object_set_new(req, "PartitionInput", in);
    return call_print(c, "UpdatePartition", req, NULL);
}

static int cmd_get_partitions(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"VALUES", "LOCATION"};
    static const char *const paths[] = {"Values", "StorageDescriptor.Location"};
    cat_iter *it = NULL;
    long seg = 0, total = 1;
    int rc;
    if (a->v[O_SEGMENT] && (seg = parse_long(a->v[O_SEGMENT])) < 0)
        return usage_error(cmd, "--segment must be a number, not ", a->v[O_SEGMENT]);
    if (a->v[O_TOTAL_SEGMENTS] && ((total = parse_long(a->v[O_TOTAL_SEGMENTS])) < 1 || total > 10))
        return usage_error(cmd, "--total-segments must be 1..10, not ", a->v[O_TOTAL_SEGMENTS]);
    if (seg >= total)
        return usage_error(cmd, "--segment must be below --total-segments", NULL);
    if (catalog_id)
        cat_client_set(c, CAT_OPT_CATALOG_ID, catalog_id);
    rc = cat_iter_partitions(&it, c, a->v[O_DATABASE], a->v[O_TABLE], a->v[O_EXPRESSION], (int)seg,
                             (int)total);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "Partitions", heads, paths, 2);
}

/* ------------------------------------------------------------------------------------------
** Column statistics, user-defined functions, search
*/

/* Print RESP (consumed; in table mode, only when FLAT), a response listing the WHAT that
** failed in its "Errors" (out of TOTAL).  Returns 0, or EXIT_FAIL when any failed ("N of
** TOTAL WHAT failed; first: ..."). */
static int errors_outcome(json_t *resp, const char *what, size_t total, int flat)
{
    const json_t *errors = json_object_get(resp, "Errors");
    const json_t *e0 = json_object_get(json_array_get(errors, 0), "Error");
    int rc = 0;
    if (out_json)
        print_json(resp);
    else if (flat)
        print_flat(resp, "");
    if (json_array_size(errors) > 0) {
        const char *m = json_string_value(json_object_get(e0, "ErrorMessage"));
        errf("%zu of %zu %s failed; first: %s", json_array_size(errors), total, what,
             m ? m : "(no message)");
        rc = EXIT_FAIL;
    }
    json_decref(resp);
    return rc;
}

/* A column statistics request for DB.TABLE, of the partition --values when given: *OP names
** the ...ForTable or ...ForPartition form of operation BASE.  NULL with *RC set. */
static json_t *stats_request(const struct cmd *cmd, struct args *a, const char *base, char *op,
                             size_t n, int *rc)
{
    json_t *req = request("DatabaseName", a->v[O_DATABASE], "TableName", a->v[O_TABLE], NULL);
    json_t *values;
    snprintf(op, n, "%sFor%s", base, a->v[O_VALUES] ? "Partition" : "Table");
    if (a->v[O_VALUES]) {
        if ((values = values_arg(cmd, a->v[O_VALUES], "--values", rc)) == NULL) {
            json_decref(req);
            return NULL;
        }
        json_object_set_new(req, "PartitionValues", values);
    }
    return req;
}

static int cmd_get_column_statistics(cat_client *c, const struct cmd *cmd, struct args *a)
{
    char op[64];
    json_t *req, *names, *resp = NULL;
    const char *s = a->v[O_COLUMNS], *comma;
    size_t total;
    int rc = 0;
    if ((req = stats_request(cmd, a, "GetColumnStatistics", op, sizeof op, &rc)) == NULL)
        return rc;
    names = json_array();
    for (;;) {
        comma = strchr(s, ',');
        json_array_append_new(names, json_stringn(s, comma ? (size_t)(comma - s) : strlen(s)));
        if (comma == NULL)
            break;
        s = comma + 1;
    }
    total = json_array_size(names);
    json_object_set_new(req, "ColumnNames", names);
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    if (!out_json) {
        static const char *const heads[] = {"COLUMN", "TYPE", "DATA"};
        static const char *const paths[] = {"ColumnName", "ColumnType", "StatisticsData.Type"};
        print_table(json_object_get(resp, "ColumnStatisticsList"), heads, paths, 3);
    }
    return errors_outcome(resp, "columns", total, 0);
}

static int cmd_update_column_statistics(cat_client *c, const struct cmd *cmd, struct args *a)
{
    char op[64];
    json_t *list, *req, *resp = NULL;
    size_t total;
    int rc = 0;
    if ((list = load_json(a->v[O_INPUT])) == NULL)
        return EXIT_FAIL;
    if (json_is_object(list) && json_is_array(json_object_get(list, "ColumnStatisticsList"))) {
        json_t *inner = json_incref(json_object_get(list, "ColumnStatisticsList"));
        json_decref(list);
        list = inner;
    }
    if (!json_is_array(list)) {
        errf("%s: expected a ColumnStatisticsList (a JSON array)", a->v[O_INPUT]);
        json_decref(list);
        return EXIT_FAIL;
    }
    total = json_array_size(list);
    if ((req = stats_request(cmd, a, "UpdateColumnStatistics", op, sizeof op, &rc)) == NULL) {
        json_decref(list);
        return rc;
    }
    json_object_set_new(req, "ColumnStatisticsList", list);
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return errors_outcome(resp, "statistics", total, 1);
}

static int cmd_create_function(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static cat_resource_uri uris[MAX_PARAMS];
    cat_function_input in = CAT_FUNCTION_INPUT_INIT;
    json_t *fi = NULL, *req;
    size_t i;
    int rc;
    (void)cmd;
    for (i = 0; i < a->nparams; i++) {
        uris[i].type = a->params[i].key;
        uris[i].uri = a->params[i].value;
    }
    in.name = a->v[O_NAME];
    in.class_name = a->v[O_CLASS];
    in.owner = a->v[O_OWNER];
    in.resource_uris = uris;
    in.nresource_uris = a->nparams;
    if ((rc = cat_function_input_json(&fi, &in)) != CAT_OK) {
        errf("%s", cat_strerror(rc));
        return EXIT_FAIL;
    }
    req = request("DatabaseName", a->v[O_DATABASE], NULL);
    json_object_set_new(req, "FunctionInput", fi);
    return call_print(c, "CreateUserDefinedFunction", req, NULL);
}

static int cmd_get_functions(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"DATABASE", "NAME", "CLASS", "OWNER"};
    static const char *const paths[] = {"DatabaseName", "FunctionName", "ClassName", "OwnerName"};
    json_t *req = request("Pattern", a->v[O_PATTERN] ? a->v[O_PATTERN] : "*", NULL);
    cat_iter *it = NULL;
    int rc;
    (void)cmd;
    if (a->v[O_DATABASE])
        json_object_set_new(req, "DatabaseName", json_string(a->v[O_DATABASE]));
    rc = cat_iter_new(&it, c, "GetUserDefinedFunctions", req, "UserDefinedFunctions");
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "UserDefinedFunctions", heads, paths, 4);
}

static int cmd_search_tables(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"DATABASE", "NAME", "TYPE", "LOCATION"};
    static const char *const paths[] = {"DatabaseName", "Name", "TableType",
                                        "StorageDescriptor.Location"};
    json_t *req, *filters;
    cat_iter *it = NULL;
    size_t i;
    int rc;
    const char *sort = a->v[O_SORT], *colon = sort ? strrchr(sort, ':') : NULL;
    if (sort &&
        (colon == sort || (colon && strcmp(colon, ":asc") != 0 && strcmp(colon, ":desc") != 0)))
        return usage_error(cmd, "--sort is FIELD[:asc|:desc], not ", sort);
    req = request("SearchText", a->v[O_TEXT], NULL);
    if (a->v[O_TEXT] == NULL)
        json_object_del(req, "SearchText");
    if (a->nparams > 0) {
        filters = json_array();
        for (i = 0; i < a->nparams; i++)
            json_array_append_new(filters, json_pack("{s:s, s:s}", "Key", a->params[i].key, "Value",
                                                     a->params[i].value));
        json_object_set_new(req, "Filters", filters);
    }
    if (sort)
        json_object_set_new(req, "SortCriteria",
                            json_pack("[{s:s#, s:s}]", "FieldName", sort,
                                      (int)(colon ? (size_t)(colon - sort) : strlen(sort)), "Sort",
                                      colon && strcmp(colon, ":desc") == 0 ? "DESC" : "ASC"));
    rc = cat_iter_new(&it, c, "SearchTables", req, "TableList");
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "TableList", heads, paths, 4);
}

/* ------------------------------------------------------------------------------------------
** Any operation
*/

static int cmd_call(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *req = NULL;
    if (a->nposargs != 1)
        return usage_error(cmd, "call takes one operation name", NULL);
    if (a->v[O_INPUT] && (req = read_json(a->v[O_INPUT])) == NULL)
        return EXIT_FAIL;
    if (req == NULL)
        req = json_object();
    if (catalog_id && !json_object_get(req, "CatalogId"))
        json_object_set_new(req, "CatalogId", json_string(catalog_id));
    out_json = 1;
    return call_print(c, a->posargs[0], req, NULL);
}

/* ------------------------------------------------------------------------------------------
** Crawling a folder: a crawler for it, started, watched until it ends
*/

/* The table a crawler names after folder PATH (a file:// URI or a path): its last component,
** lower-cased, into BUF (N bytes).  0, or -1 when there is none or it does not fit. */
static int folder_table(const char *path, char *buf, size_t n)
{
    size_t len, start, i;
    if (strncmp(path, "file://", 7) == 0)
        path += 7;
    len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    for (start = len; start > 0 && path[start - 1] != '/'; start--)
        ;
    if (len == start || len - start >= n)
        return -1;
    for (i = start; i < len; i++)
        buf[i - start] = (char)(path[i] >= 'A' && path[i] <= 'Z' ? path[i] - 'A' + 'a' : path[i]);
    buf[len - start] = '\0';
    return 0;
}

/* Make sure database DB exists (created when it does not).  0 or EXIT_FAIL (reported). */
static int ensure_database(cat_client *c, const char *db)
{
    json_t *resp = NULL, *req = request("Name", db, NULL);
    int rc = cat_call(&resp, c, "GetDatabase", req);
    json_decref(req);
    json_decref(resp);
    resp = NULL;
    if (rc == CAT_ENOTFOUND) {
        req = request(NULL);
        json_object_set_new(req, "DatabaseInput", json_pack("{s:s}", "Name", db));
        rc = cat_call(&resp, c, "CreateDatabase", req);
        json_decref(req);
        json_decref(resp);
        if (rc == CAT_EEXISTS) /* created meanwhile */
            rc = CAT_OK;
    }
    return rc == CAT_OK ? 0 : call_failed(c, rc);
}

/* Wait for crawler NAME to leave RUNNING/STOPPING, showing its state on stderr when that is a
** terminal.  *CRAWLER gets the final GetCrawler Crawler (new reference).  0 or EXIT_FAIL. */
static int wait_crawler(cat_client *c, const char *name, const char *path, json_t **crawler)
{
    struct timespec t0, now, nap = {0, 100 * 1000 * 1000};
    int tty = isatty(STDERR_FILENO), rc;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        json_t *resp = NULL, *req = request("Name", name, NULL);
        const char *state;
        rc = cat_call(&resp, c, "GetCrawler", req);
        json_decref(req);
        if (rc != CAT_OK) {
            if (tty)
                fputc('\n', stderr);
            return call_failed(c, rc);
        }
        state = str_or(at_path(resp, "Crawler.State"));
        if (strcmp(state, "RUNNING") != 0 && strcmp(state, "STOPPING") != 0) {
            *crawler = json_incref(json_object_get(resp, "Crawler"));
            json_decref(resp);
            if (tty)
                fputc('\n', stderr);
            return 0;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (tty)
            fprintf(stderr, "\rcrawling %s: %s, %.1f s ", path, state,
                    (double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9);
        json_decref(resp);
        nanosleep(&nap, NULL);
    }
}

/* Create crawler IN (a CreateCrawler request; or update it when it exists), start it and wait
** for the crawl to end (LABEL names what it crawls in the progress line).  *CRAWLER gets the
** final GetCrawler Crawler (new reference).  0 or EXIT_FAIL (reported). */
static int run_crawler(cat_client *c, json_t *in, const char *label, json_t **crawler)
{
    json_t *resp = NULL, *req;
    int rc;
    if (catalog_id)
        json_object_set_new(in, "CatalogId", json_string(catalog_id));
    rc = cat_call(&resp, c, "CreateCrawler", in);
    json_decref(resp);
    resp = NULL;
    if (rc == CAT_EEXISTS) { /* the same crawler as last time: point it at the target again */
        rc = cat_call(&resp, c, "UpdateCrawler", in);
        json_decref(resp);
        resp = NULL;
    }
    if (rc != CAT_OK)
        return call_failed(c, rc);
    req = request("Name", json_string_value(json_object_get(in, "Name")), NULL);
    rc = cat_call(&resp, c, "StartCrawler", req);
    json_decref(req);
    json_decref(resp);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return wait_crawler(c, json_string_value(json_object_get(in, "Name")), label, crawler);
}

static int cmd_crawl(cat_client *c, const struct cmd *cmd, struct args *a)
{
    const char *path, *status, *message;
    char folder[256], table[256], name[600];
    json_t *in = NULL, *req, *resp = NULL, *crawler = NULL, *out = NULL; /* owned */
    size_t tl, fl;
    int rc;

    if (a->nposargs != 1)
        return usage_error(cmd, "crawl takes one PATH (a folder or a file:// URI)", NULL);
    path = a->posargs[0];
    if (folder_table(path, folder, sizeof folder) != 0)
        return usage_error(cmd, "PATH must name a folder, not ", path);
    snprintf(table, sizeof table, "%s", a->v[O_TABLE] ? a->v[O_TABLE] : folder);
    for (tl = 0; table[tl]; tl++)
        if (table[tl] >= 'A' && table[tl] <= 'Z')
            table[tl] = (char)(table[tl] - 'A' + 'a');
    fl = strlen(folder);
    /* the crawler names the table after the folder; a longer name is the folder's after a
    ** TablePrefix */
    if (tl < fl || strcmp(table + tl - fl, folder) != 0)
        return usage_error(cmd, "--table must be the folder's name, or end with it: ", folder);
    if (a->v[O_CRAWLER])
        snprintf(name, sizeof name, "%s", a->v[O_CRAWLER]);
    else
        snprintf(name, sizeof name, "catalogctl-%.255s-%s", a->v[O_DATABASE], table);
    if ((rc = ensure_database(c, a->v[O_DATABASE])) != 0)
        return rc;

    in = json_pack("{s:s, s:s, s:s, s:{s:[{s:s}]}, s:s%, s:{s:s, s:s}}", "Name", name, "Role",
                   "catalogctl", "DatabaseName", a->v[O_DATABASE], "Targets", "S3Targets", "Path",
                   path, "TablePrefix", table, tl - fl, "SchemaChangePolicy", "UpdateBehavior",
                   "UPDATE_IN_DATABASE", "DeleteBehavior", "LOG");
    if ((rc = run_crawler(c, in, path, &crawler)) != 0)
        goto done;

    /* what the crawl did: its LastCrawl, and the counts of its ListCrawls entry */
    status = str_or(at_path(crawler, "LastCrawl.Status"));
    message = str_or(at_path(crawler, "LastCrawl.ErrorMessage"));
    out = json_pack("{s:s, s:s, s:s, s:s}", "CrawlerName", name, "DatabaseName", a->v[O_DATABASE],
                    "TableName", table, "Status", status);
    if (*message)
        json_object_set_new(out, "Message", json_string(message));
    req = json_pack("{s:s, s:i}", "CrawlerName", name, "MaxResults", 1);
    if (cat_call(&resp, c, "ListCrawls", req) == CAT_OK) {
        const char *summary =
            str_or(at_path(json_array_get(json_object_get(resp, "Crawls"), 0), "Summary"));
        json_t *sj = json_loads(summary, 0, NULL);
        if (sj)
            json_object_set_new(out, "Summary", sj);
    }
    json_decref(req);
    if (out_json)
        print_json(out);
    else
        print_flat(out, "");
    if (strcmp(status, "SUCCEEDED") != 0) {
        errf("crawl of %s %s: %s", path, *status ? status : "ended without a status",
             *message ? message : "(no message)");
        rc = EXIT_FAIL;
    }
done:
    json_decref(in);
    json_decref(resp);
    json_decref(crawler);
    json_decref(out);
    return rc;
}

/* ------------------------------------------------------------------------------------------
** Hive DDL: client/ddl.c parses the statements, these run them
*/

/* All of PATH ("-": stdin) as a new string, or NULL (reported). */
static char *read_text(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *text = NULL; /* owned */
    size_t len = 0, cap = 0, got;
    if (f == NULL) {
        errf("%s: %s", path, strerror(errno));
        return NULL;
    }
    do {
        if (len + 4096 + 1 > cap) {
            char *nt = cap > (64u << 20) ? NULL : realloc(text, cap = cap * 2 + 8192);
            if (nt == NULL) {
                errf("%s: too large or out of memory", path);
                free(text);
                text = NULL;
                break;
            }
            text = nt;
        }
        got = fread(text + len, 1, 4096, f);
        len += got;
        text[len] = '\0';
    } while (got > 0);
    if (text && ferror(f)) {
        errf("%s: %s", path, strerror(errno));
        free(text);
        text = NULL;
    }
    if (f != stdin)
        fclose(f);
    return text;
}

/* The values of partition SPEC ([[key, value], ...]) in the order of TABLE's partition keys:
** a new array, or NULL with MSG (N bytes) saying why. */
static json_t *spec_values(const json_t *table, const json_t *spec, char *msg, size_t n)
{
    const json_t *keys = json_object_get(table, "PartitionKeys"), *key, *kv = NULL;
    json_t *values = json_array();
    size_t i, j;
    if (json_array_size(spec) != json_array_size(keys)) {
        snprintf(msg, n, "a partition of %s names %zu keys; the table has %zu",
                 str_or(json_object_get(table, "Name")), json_array_size(spec),
                 json_array_size(keys));
        json_decref(values);
        return NULL;
    }
    json_array_foreach(keys, i, key)
    {
        const char *name = str_or(json_object_get(key, "Name"));
        json_array_foreach(spec, j, kv)
        {
            if (strcasecmp(str_or(json_array_get(kv, 0)), name) == 0)
                break;
        }
        if (j == json_array_size(spec)) {
            snprintf(msg, n, "a partition of %s has no value for key %s",
                     str_or(json_object_get(table, "Name")), name);
            json_decref(values);
            return NULL;
        }
        json_array_append(values, json_array_get(kv, 1));
    }
    return values;
}

/* ALTER TABLE ... ADD|DROP PARTITION: one BatchCreatePartition/BatchDeletePartition call per
** 100 partitions; "already exists" (ADD IF NOT EXISTS) and "not found" (DROP IF EXISTS) are not
** failures. */
static int ddl_partitions(cat_client *c, const json_t *stmt, int add)
{
    const char *db = str_or(json_object_get(stmt, "DatabaseName"));
    const char *tname = str_or(json_object_get(stmt, "TableName"));
    const char *tolerated = add ? "AlreadyExistsException" : "EntityNotFoundException";
    int lenient = json_is_true(json_object_get(stmt, add ? "IfNotExists" : "IfExists"));
    json_t *table = NULL, *batch = json_array(), *errors = json_array(); /* owned */
    const json_t *part, *e;
    struct args a; /* for send_batch: the database and table */
    char msg[512];
    size_t i, nparts = json_array_size(json_object_get(stmt, "Partitions"));
    int rc;
    memset(&a, 0, sizeof a);
    a.v[O_DATABASE] = db;
    a.v[O_TABLE] = tname;
    if ((rc = fetch_table(c, db, tname, &table)) != 0)
        goto done;
    json_array_foreach(json_object_get(stmt, "Partitions"), i, part)
    {
        json_t *values = spec_values(table, json_object_get(part, "Spec"), msg, sizeof msg);
        if (values == NULL) {
            errf("%s", msg);
            rc = EXIT_FAIL;
            goto done;
        }
        if (add)
            json_array_append_new(
                batch, partition_input(table, values,
                                       json_string_value(json_object_get(part, "Location"))));
        else
            json_array_append_new(batch, json_pack("{s:O}", "Values", values));
        json_decref(values);
        if (json_array_size(batch) == 100 || i + 1 == nparts) {
            if ((rc = send_batch(c, &a, add ? "BatchCreatePartition" : "BatchDeletePartition",
                                 add ? "PartitionInputList" : "PartitionsToDelete", batch,
                                 errors)) != 0)
                goto done;
            json_array_clear(batch);
        }
    }
    json_array_foreach(errors, i, e)
    {
        const json_t *d = json_object_get(e, "ErrorDetail");
        if (lenient && strcmp(str_or(json_object_get(d, "ErrorCode")), tolerated) == 0)
            continue;
        errf("%s", str_or(json_object_get(d, "ErrorMessage")));
        rc = EXIT_FAIL;
        break;
    }
done:
    json_decref(table);
    json_decref(batch);
    json_decref(errors);
    return rc;
}

/* MSCK REPAIR TABLE: a crawler with the table as its CatalogTarget and UpdateBehavior LOG adds
** the partitions whose folders are new (the crawler's partition pass), keeping the schema. */
static int ddl_msck(cat_client *c, const json_t *stmt)
{
    const char *db = str_or(json_object_get(stmt, "DatabaseName"));
    const char *tname = str_or(json_object_get(stmt, "TableName"));
    json_t *in, *crawler = NULL, *req, *resp = NULL; /* owned */
    const char *status;
    char name[600], label[600];
    int rc;
    snprintf(name, sizeof name, "catalogctl-msck-%.255s-%.255s", db, tname);
    snprintf(label, sizeof label, "%.255s.%.255s", db, tname);
    in = json_pack("{s:s, s:s, s:{s:[{s:s, s:[s]}]}, s:{s:s, s:s}}", "Name", name, "Role",
                   "catalogctl", "Targets", "CatalogTargets", "DatabaseName", db, "Tables", tname,
                   "SchemaChangePolicy", "UpdateBehavior", "LOG", "DeleteBehavior", "LOG");
    rc = run_crawler(c, in, label, &crawler);
    json_decref(in);
    if (rc != 0)
        return rc;
    status = str_or(at_path(crawler, "LastCrawl.Status"));
    if (strcmp(status, "SUCCEEDED") != 0) {
        errf("MSCK REPAIR TABLE %s %s: %s", label, status,
             str_or(at_path(crawler, "LastCrawl.ErrorMessage")));
        json_decref(crawler);
        return EXIT_FAIL;
    }
    json_decref(crawler);
    req = json_pack("{s:s, s:i}", "CrawlerName", name, "MaxResults", 1);
    if ((rc = cat_call(&resp, c, "ListCrawls", req)) == CAT_OK) {
        json_t *sj = json_loads(
            str_or(at_path(json_array_get(json_object_get(resp, "Crawls"), 0), "Summary")), 0,
            NULL);
        printf("Repair: added %lld partitions to %s\n",
               (long long)json_integer_value(at_path(at_path(sj, "PARTITION"), "ADD")), label);
        json_decref(sj);
    }
    json_decref(req);
    json_decref(resp);
    return rc == CAT_OK ? 0 : call_failed(c, rc);
}

/* SHOW PARTITIONS: one "k=v/k2=v2" line per partition, as Hive prints them. */
static int ddl_show_partitions(cat_client *c, const json_t *stmt)
{
    const char *db = str_or(json_object_get(stmt, "DatabaseName"));
    const char *tname = str_or(json_object_get(stmt, "TableName"));
    const json_t *p, *keys;
    json_t *table = NULL; /* owned */
    cat_iter *it = NULL;
    size_t i;
    int rc;
    if ((rc = fetch_table(c, db, tname, &table)) != 0)
        return rc;
    keys = json_object_get(table, "PartitionKeys");
    if (catalog_id)
        cat_client_set(c, CAT_OPT_CATALOG_ID, catalog_id);
    rc = cat_iter_partitions(&it, c, db, tname, NULL, 0, 1);
    while (rc == CAT_OK && (rc = cat_iter_next(&p, it)) == CAT_OK)
        for (i = 0; i < json_array_size(keys); i++)
            printf("%s=%s%s", str_or(json_object_get(json_array_get(keys, i), "Name")),
                   str_or(json_array_get(json_object_get(p, "Values"), i)),
                   i + 1 < json_array_size(keys) ? "/" : "\n");
    cat_iter_free(it);
    json_decref(table);
    return rc == CAT_ITEROVER ? 0 : call_failed(c, rc);
}

/* Run one parsed statement (see ddl.h). */
static int ddl_run(cat_client *c, const json_t *stmt)
{
    const char *what = str_or(json_object_get(stmt, "Statement"));
    json_t *req = request(NULL), *resp = NULL; /* owned */
    int rc, ignore = CAT_OK;
    if (strcmp(what, "AddPartitions") == 0 || strcmp(what, "DropPartitions") == 0) {
        json_decref(req);
        return ddl_partitions(c, stmt, what[0] == 'A');
    }
    if (strcmp(what, "MsckRepairTable") == 0 || strcmp(what, "ShowPartitions") == 0) {
        json_decref(req);
        return what[0] == 'M' ? ddl_msck(c, stmt) : ddl_show_partitions(c, stmt);
    }
    if (strcmp(what, "CreateTable") == 0) {
        json_object_set(req, "DatabaseName", json_object_get(stmt, "DatabaseName"));
        json_object_set(req, "TableInput", json_object_get(stmt, "TableInput"));
        ignore = json_is_true(json_object_get(stmt, "IfNotExists")) ? CAT_EEXISTS : CAT_OK;
    } else if (strcmp(what, "CreateDatabase") == 0) {
        json_object_set(req, "DatabaseInput", json_object_get(stmt, "DatabaseInput"));
        ignore = json_is_true(json_object_get(stmt, "IfNotExists")) ? CAT_EEXISTS : CAT_OK;
    } else { /* DropTable */
        what = "DeleteTable";
        json_object_set(req, "DatabaseName", json_object_get(stmt, "DatabaseName"));
        json_object_set(req, "Name", json_object_get(stmt, "Name"));
        ignore = json_is_true(json_object_get(stmt, "IfExists")) ? CAT_ENOTFOUND : CAT_OK;
    }
    rc = cat_call(&resp, c, what, req);
    json_decref(req);
    json_decref(resp);
    return rc == CAT_OK || (ignore != CAT_OK && rc == ignore) ? 0 : call_failed(c, rc);
}

static int cmd_ddl(cat_client *c, const struct cmd *cmd, struct args *a)
{
    char *text = NULL, err[512]; /* owned */
    json_t *stmts = NULL, *stmt;
    size_t i;
    int rc = 0;
    if ((a->nposargs == 1) == (a->v[O_FILE] != NULL))
        return usage_error(cmd, "ddl takes one STATEMENTS argument or -f FILE", NULL);
    if (a->v[O_FILE] && (text = read_text(a->v[O_FILE])) == NULL)
        return EXIT_FAIL;
    if (ddl_parse(text ? text : a->posargs[0], a->v[O_DATABASE], &stmts, err, sizeof err) != 0) {
        errf("%s%s%s", a->v[O_FILE] ? a->v[O_FILE] : "", a->v[O_FILE] ? ": " : "", err);
        free(text);
        return EXIT_FAIL;
    }
    free(text);
    json_array_foreach(stmts, i, stmt)
    {
        if ((rc = ddl_run(c, stmt)) != 0)
            break;
    }
    json_decref(stmts);
    return rc;
}

static int cmd_show_create_table(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *table = NULL;
    char *text;
    int rc;
    (void)cmd;
    if ((rc = fetch_table(c, a->v[O_DATABASE], a->v[O_NAME], &table)) != 0)
        return rc;
    text = ddl_create_table(table);
    json_decref(table);
    if (text == NULL) {
        errf("out of memory");
        return EXIT_FAIL;
    }
    fputs(text, stdout);
    free(text);
    return 0;
}

/* ------------------------------------------------------------------------------------------
** The command table and main
*/

#define DB BIT(O_DATABASE)
#define TBL BIT(O_TABLE)
#define TABLE_FLAGS                                                                                \
    (BIT(O_DATABASE) | BIT(O_NAME) | BIT(O_COLUMNS) | BIT(O_PKEYS) | BIT(O_LOCATION) |             \
     BIT(O_FORMAT) | BIT(O_TABLE_TYPE) | BIT(O_DESCRIPTION) | BIT(O_OWNER) | BIT(O_PARAM) |        \
     BIT(O_SERDE_PARAM) | BIT(O_INPUT_FORMAT) | BIT(O_OUTPUT_FORMAT) | BIT(O_SERDE) |              \
     BIT(O_INPUT))
#define TABLE_USAGE                                                                                \
    "--database DB (--name NAME [--columns NAME:TYPE,...] [--partition-keys NAME:TYPE,...]\n"      \
    "    [--location URI] [--format parquet|orc|avro|json|csv|textfile] [--table-type TYPE]\n"     \
    "    [--description TEXT] [--owner WHO] [--parameter KEY=VALUE]...\n"                          \
    "    [--input-format CLASS] [--output-format CLASS] [--serde CLASS]\n"                         \
    "    [--serde-parameter KEY=VALUE]... | --input FILE|-)\n"                                     \
    "  --table-type defaults to EXTERNAL_TABLE; --format fills InputFormat, OutputFormat and\n"    \
    "  SerDe; --input reads a Glue TableInput as JSON (or {\"TableInput\": ...}).\n"

static const struct cmd cmds[] = {
    {"create-database", cmd_create_database,
     BIT(O_NAME) | BIT(O_DESCRIPTION) | BIT(O_LOCATION) | BIT(O_PARAM) | BIT(O_INPUT), 0,
     "(--name NAME [--description TEXT] [--location URI] [--parameter KEY=VALUE]... |\n"
     "    --input FILE|-)\n"
     "  Create a database; --input reads a Glue DatabaseInput as JSON.\n"},
    {"get-database", cmd_get_database, BIT(O_NAME), BIT(O_NAME), "--name NAME\n"},
    {"get-databases", cmd_get_databases, BIT(O_PAGE_SIZE), 0, "[--page-size N]\n"},
    {"update-database", cmd_update_database,
     BIT(O_NAME) | BIT(O_NEW_NAME) | BIT(O_DESCRIPTION) | BIT(O_LOCATION) | BIT(O_PARAM) |
         BIT(O_INPUT),
     BIT(O_NAME),
     "--name NAME ([--new-name NAME] [--description TEXT] [--location URI]\n"
     "    [--parameter KEY=VALUE]... | --input FILE|-)\n"
     "  Replace the database's definition (a new name renames).\n"},
    {"delete-database", cmd_delete_database, BIT(O_NAME), BIT(O_NAME),
     "--name NAME\n  Delete the database with its tables and partitions.\n"},
    {"create-table", cmd_create_table, TABLE_FLAGS, DB, TABLE_USAGE},
    {"get-table", cmd_get_table, DB | BIT(O_NAME), DB | BIT(O_NAME), "--database DB --name NAME\n"},
    {"get-tables", cmd_get_tables, DB | BIT(O_EXPRESSION) | BIT(O_PAGE_SIZE), DB,
     "--database DB [--expression PATTERN] [--page-size N]\n"
     "  PATTERN is a Hive name pattern such as 'sales_*|tmp_*'.\n"},
    {"update-table", cmd_update_table, TABLE_FLAGS | BIT(O_VERSION_ID) | BIT(O_SKIP_ARCHIVE), DB,
     TABLE_USAGE "  [--version-id ID] [--skip-archive]: replace the whole definition; with\n"
                 "  --version-id only if the table's VersionId is still ID.\n"},
    {"delete-table", cmd_delete_table, DB | BIT(O_NAME), DB | BIT(O_NAME),
     "--database DB --name NAME\n"},
    {"get-table-versions", cmd_get_table_versions, DB | TBL | BIT(O_PAGE_SIZE), DB | TBL,
     "--database DB --table TABLE [--page-size N]\n"},
    {"create-partition", cmd_create_partition,
     DB | TBL | BIT(O_VALUES) | BIT(O_LOCATION) | BIT(O_PARAM) | BIT(O_INPUT), DB | TBL,
     "--database DB --table TABLE (--values V1,V2,... [--location URI]\n"
     "    [--parameter KEY=VALUE]... | --input FILE|-)\n"
     "  The partition gets the table's storage descriptor; LOCATION defaults to the table's\n"
     "  location plus KEY=VALUE/ per partition key.  --values also takes a JSON array.\n"},
    {"batch-create-partition", cmd_batch_create_partition,
     DB | TBL | BIT(O_FILE) | BIT(O_BATCH_SIZE), DB | TBL,
     "--database DB --table TABLE [--file FILE|-] [--batch-size N]\n"
     "  One partition per line: V1,V2,... [LOCATION] (or a JSON array of values), read from\n"
     "  FILE or stdin, sent in batches of N (default 100, at most 1000).\n"},
    {"get-partition", cmd_get_partition, DB | TBL | BIT(O_VALUES), DB | TBL | BIT(O_VALUES),
     "--database DB --table TABLE --values V1,V2,...\n"},
    {"get-partitions", cmd_get_partitions,
     DB | TBL | BIT(O_EXPRESSION) | BIT(O_SEGMENT) | BIT(O_TOTAL_SEGMENTS) | BIT(O_PAGE_SIZE),
     DB | TBL,
     "--database DB --table TABLE [--expression EXPR] [--segment I --total-segments N]\n"
     "    [--page-size N]\n"
     "  EXPR is a Glue partition expression, e.g. \"order_date >= '2024-06-01'\".\n"},
    {"update-partition", cmd_update_partition,
     DB | TBL | BIT(O_VALUES) | BIT(O_NEW_VALUES) | BIT(O_LOCATION) | BIT(O_PARAM) | BIT(O_INPUT),
     DB | TBL | BIT(O_VALUES),
     "--database DB --table TABLE --values V1,V2,... ([--new-values V1,V2,...]\n"
     "    [--location URI] [--parameter KEY=VALUE]... | --input FILE|-)\n"},
    {"delete-partition", cmd_delete_partition, DB | TBL | BIT(O_VALUES), DB | TBL | BIT(O_VALUES),
     "--database DB --table TABLE --values V1,V2,...\n"},
    {"batch-delete-partition", cmd_batch_delete_partition,
     DB | TBL | BIT(O_FILE) | BIT(O_BATCH_SIZE), DB | TBL,
     "--database DB --table TABLE [--file FILE|-] [--batch-size N]\n"
     "  One partition's values per line (V1,V2,... or a JSON array).\n"},
    {"get-column-statistics", cmd_get_column_statistics, DB | TBL | BIT(O_VALUES) | BIT(O_COLUMNS),
     DB | TBL | BIT(O_COLUMNS),
     "--database DB --table TABLE [--values V1,V2,...] --columns COL1,COL2,...\n"
     "  The statistics of the table's columns, or the partition's with --values; exit\n"
     "  status 1 when a column has none (listed in Errors).\n"},
    {"update-column-statistics", cmd_update_column_statistics,
     DB | TBL | BIT(O_VALUES) | BIT(O_INPUT), DB | TBL | BIT(O_INPUT),
     "--database DB --table TABLE [--values V1,V2,...] --input FILE|-\n"
     "  Write a Glue ColumnStatisticsList (a JSON array, or an object holding one) to the\n"
     "  table, or the partition with --values; exit status 1 when an entry fails.\n"},
    {"create-function", cmd_create_function,
     DB | BIT(O_NAME) | BIT(O_CLASS) | BIT(O_OWNER) | BIT(O_RESOURCE_URI),
     DB | BIT(O_NAME) | BIT(O_CLASS),
     "--database DB --name NAME --class CLASS [--owner OWNER]\n"
     "    [--resource-uri JAR|FILE|ARCHIVE=URI]...\n"
     "  Create a user-defined function.\n"},
    {"get-functions", cmd_get_functions, DB | BIT(O_PATTERN) | BIT(O_PAGE_SIZE), 0,
     "[--database DB] [--pattern PATTERN] [--page-size N]\n"
     "  The user-defined functions of DB (of every database without it) whose names match\n"
     "  PATTERN, a Hive pattern such as 'trino__*' (default '*').\n"},
    {"search-tables", cmd_search_tables,
     BIT(O_TEXT) | BIT(O_FILTER) | BIT(O_SORT) | BIT(O_PAGE_SIZE), 0,
     "[--text TEXT] [--filter KEY=VALUE]... [--sort FIELD[:asc|:desc]] [--page-size N]\n"
     "  Tables whose names, descriptions or parameters hold every word of TEXT; --filter\n"
     "  narrows (Name, DatabaseName, Description, TableType, Owner or a parameter key);\n"
     "  --sort orders by Name, DatabaseName, CreateTime or UpdateTime.\n"},
    {"call", cmd_call, BIT(O_INPUT), 0,
     "OPERATION [--input FILE|-]\n"
     "  Any Glue operation (e.g. GetPartitionIndexes) with a JSON request; prints the "
     "response.\n"},
    {"crawl", cmd_crawl, DB | TBL | BIT(O_CRAWLER), DB,
     "--database DB [--table TABLE] [--crawler NAME] PATH\n"
     "  Crawl folder PATH (on catalogd's machine, under its --crawl-root; a path or a "
     "file://\n"
     "  URI) into DB.TABLE: creates DB when missing, creates or updates crawler NAME "
     "(default\n"
     "  catalogctl-DB-TABLE) for PATH, starts it and waits for it to end, showing its "
     "state\n"
     "  on a terminal.  TABLE is the folder's name (default), or ends with it.  Prints "
     "the\n"
     "  crawl's status and counts; exit status 1 unless the crawl SUCCEEDED.\n"},
    {"ddl", cmd_ddl, DB | BIT(O_FILE), 0,
     "[--database DB] ('STATEMENTS' | -f FILE|-)\n"
     "  Run Hive/Athena DDL: CREATE [EXTERNAL] TABLE, CREATE DATABASE, DROP TABLE, ALTER "
     "TABLE\n"
     "  ADD|DROP PARTITION, MSCK REPAIR TABLE (the crawler's partition pass over the "
     "table's\n"
     "  location) and SHOW PARTITIONS, separated by ';'.  Unqualified tables are in DB\n"
     "  (default: default).  Errors name the line and column.\n"},
    {"show-create-table", cmd_show_create_table, DB | BIT(O_NAME), DB | BIT(O_NAME),
     "--database DB --name NAME\n"
     "  Print the table as a CREATE TABLE statement that 'catalogctl ddl' reads back.\n"},
};

/* Commands that take operands after their options. */
static int takes_operands(const struct cmd *cmd)
{
    return cmd->fn == cmd_call || cmd->fn == cmd_crawl || cmd->fn == cmd_ddl;
}

static const struct cmd *find_cmd(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmds[i].name, name) == 0)
            return &cmds[i];
    return NULL;
}

static void print_usage(FILE *f)
{
    size_t i;
    fputs("usage: catalogctl [--endpoint URL] [-o json|table] [--catalog-id ID] COMMAND [OPTIONS]\n"
          "\n"
          "  --endpoint URL    catalog server (default: $CATALOG_ENDPOINT, else AWS Glue)\n"
          "  -o, --output FMT  json (default when stdout is not a terminal) or table\n"
          "  --catalog-id ID   CatalogId sent with every request\n"
          "  --cacert FILE     CA certificates (PEM) to verify an https endpoint with\n"
          "                    (default: $CATALOG_CA_BUNDLE, else the system's)\n"
          "\ncommands:\n",
          f);
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        fprintf(f, "  %s\n", cmds[i].name);
    fputs("\n'catalogctl COMMAND --help' describes a command.  Exit status: 0 success,\n"
          "1 failure (the server's message on stderr), 2 usage error.\n",
          f);
}

int main(int argc, char **argv)
{
    static struct args a; /* large: parameters */
    const struct cmd *cmd;
    cat_client *c = NULL; /* owned */
    int ch, rc, done = 0;

    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+o:h", common_opts, NULL)) != -1) {
        if (ch == 'h' || ch == O_HELP) {
            print_usage(stdout);
            return 0;
        }
        if (ch == 'o')
            ch = O_OUTPUT;
        if (ch == '?' || ch == ':')
            return usage_error(NULL, "unrecognised option or missing value: ", argv[optind - 1]);
        if ((rc = common_opt(NULL, ch, optarg)) != 0)
            return rc;
    }
    if (optind >= argc) {
        errf("missing command");
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if ((cmd = find_cmd(argv[optind])) == NULL)
        return usage_error(NULL, "unknown command ", argv[optind]);
    argc -= optind;
    argv += optind;
    if ((rc = parse_args(cmd, argc, argv, &a, &done)) != 0 || done)
        return rc;
    if (out_json < 0)
        out_json = !isatty(STDOUT_FILENO);
    if ((rc = cat_client_new(&c, endpoint)) != CAT_OK ||
        (cacert && (rc = cat_client_set(c, CAT_OPT_CA_BUNDLE, cacert)) != CAT_OK)) {
        errf("%s", cat_strerror(rc));
        cat_client_free(c);
        return EXIT_FAIL;
    }
    rc = cmd->fn(c, cmd, &a);
    cat_client_free(c);
    if (fflush(stdout) != 0) {
        errf("writing output: %s", strerror(errno));
        return EXIT_FAIL;
    }
    return rc;
}
