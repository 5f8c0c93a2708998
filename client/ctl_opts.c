/* ctl_opts.c -- catalogctl's options: one table of every option, each subcommand's subset (a bit
** mask) turned into its getopt_long table; messages and usage errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

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
    [O_REPLACE] = {"replace", no_argument, NULL, O_REPLACE},
};

const struct option common_opts[NCOMMON + 1] = {
    {"endpoint", required_argument, NULL, O_ENDPOINT},
    {"output", required_argument, NULL, O_OUTPUT},
    {"catalog-id", required_argument, NULL, O_CATALOG_ID},
    {"cacert", required_argument, NULL, O_CACERT},
    {"help", no_argument, NULL, O_HELP},
    {"region", required_argument, NULL, O_REGION},
    {"version", no_argument, NULL, O_VERSION},
    {0}, /* getopt_long's end */
};

/* Global settings. */
const char *endpoint, *catalog_id, *cacert, *region;
int out_json = -1; /* -1: decide from isatty(1) */
int raw_answers;

void errf(const char *fmt, ...)
{
    va_list ap;
    fputs("catalogctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int usage_error(const struct cmd *cmd, const char *msg, const char *detail)
{
    errf("%s%s", msg, detail ? detail : "");
    if (cmd)
        fprintf(stderr, "usage: catalogctl %s %sTry 'catalogctl %s --help'.\n", cmd->name,
                cmd->usage, cmd->name);
    else
        fputs("Try 'catalogctl --help'.\n", stderr);
    return EXIT_USAGE;
}

int call_failed(cat_client *c, int rc)
{
    const char *m = cat_errmsg(c);
    errf("%s", m && *m ? m : cat_strerror(rc));
    return EXIT_FAIL;
}

int common_opt(const struct cmd *cmd, int ch, const char *arg)
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
    case O_REGION:
        region = arg;
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

int parse_args(const struct cmd *cmd, int argc, char **argv, struct args *a, int *done)
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
        } else if (ch == O_REPLACE) {
            a->replace = 1;
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
    if ((cmd->opts & TABLE_NAME) && a->v[O_TABLE]) { /* --table is --name here */
        if (a->v[O_NAME] && strcmp(a->v[O_NAME], a->v[O_TABLE]) != 0)
            return usage_error(cmd, "--table and --name name the same table here; give one", NULL);
        a->v[O_NAME] = a->v[O_TABLE];
    }
    a->posargs = argv + optind;
    a->nposargs = argc - optind;
    if (a->nposargs > 0 && !(cmd->opts & OPERANDS))
        return usage_error(cmd, "unexpected argument: ", argv[optind]);
    if (a->v[O_PAGE_SIZE] &&
        (parse_long(a->v[O_PAGE_SIZE]) < 1 || parse_long(a->v[O_PAGE_SIZE]) > 2147483647L))
        return usage_error(cmd, "--page-size must be a positive number, not ", a->v[O_PAGE_SIZE]);
    for (i = 0; i < O_NOPTS; i++)
        if ((cmd->required & BIT(i)) && a->v[i] == NULL) {
            char what[64];
            snprintf(what, sizeof what, "--%s",
                     i == O_NAME && (cmd->opts & TABLE_NAME) ? "table" : all_opts[i].name);
            return usage_error(cmd, "missing required option ", what);
        }
    return 0;
}

long parse_long(const char *s)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    return v;
}
