/* catalogctl.c -- the command-line tool: one subcommand per catalog operation, built only on
** the public libcatalog API (client/catalog.h).  JSON to stdout, "catalogctl: <message>" to
** stderr; exit 0 ok, 1 failed, 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ddl.h"

#define DB BIT(O_DATABASE)
#define TBL BIT(O_TABLE)
#define TABLE_FLAGS                                                                                \
    (BIT(O_DATABASE) | BIT(O_NAME) | BIT(O_TABLE) | TABLE_NAME | BIT(O_COLUMNS) | BIT(O_PKEYS) |   \
     BIT(O_LOCATION) | BIT(O_FORMAT) | BIT(O_TABLE_TYPE) | BIT(O_DESCRIPTION) | BIT(O_OWNER) |     \
     BIT(O_PARAM) | BIT(O_SERDE_PARAM) | BIT(O_INPUT_FORMAT) | BIT(O_OUTPUT_FORMAT) |              \
     BIT(O_SERDE) | BIT(O_INPUT))
#define TABLE_USAGE                                                                                \
    "--database DB (--table NAME [--columns NAME:TYPE,...] [--partition-keys NAME:TYPE,...]\n"     \
    "    [--location URI] [--format parquet|orc|avro|json|csv|textfile] [--table-type TYPE]\n"     \
    "    [--description TEXT] [--owner WHO] [--parameter KEY=VALUE]...\n"                          \
    "    [--input-format CLASS] [--output-format CLASS] [--serde CLASS]\n"                         \
    "    [--serde-parameter KEY=VALUE]... | --input FILE|-)\n"                                     \
    "  --name NAME is the same as --table NAME.  --table-type defaults to EXTERNAL_TABLE;\n"       \
    "  --format fills InputFormat, OutputFormat and SerDe; --input reads a Glue TableInput\n"      \
    "  as JSON (or {\"TableInput\": ...}).\n"

static const struct cmd cmds[] = {
    {"create-database", cmd_create_database,
     BIT(O_NAME) | BIT(O_DESCRIPTION) | BIT(O_LOCATION) | BIT(O_PARAM) | BIT(O_INPUT), 0,
     "(--name NAME [--description TEXT] [--location URI] [--parameter KEY=VALUE]... |\n"
     "    --input FILE|-)\n"
     "  Create a database; --input reads a Glue DatabaseInput as JSON.\n",
     "create a database"},
    {"get-database", cmd_get_database, BIT(O_NAME), BIT(O_NAME), "--name NAME\n",
     "show a database"},
    {"get-databases", cmd_get_databases, BIT(O_PAGE_SIZE), 0, "[--page-size N]\n",
     "list the databases"},
    {"update-database", cmd_update_database,
     BIT(O_NAME) | BIT(O_NEW_NAME) | BIT(O_DESCRIPTION) | BIT(O_LOCATION) | BIT(O_PARAM) |
         BIT(O_INPUT) | BIT(O_REPLACE),
     BIT(O_NAME),
     "--name NAME ([--new-name NAME] [--description TEXT] [--location URI]\n"
     "    [--parameter KEY=VALUE]... [--replace] | --input FILE|-)\n"
     "  Change what the options say and keep the rest of the database's definition (a new\n"
     "  name renames; --parameter adds or changes one parameter).  --replace: the options\n"
     "  are the whole new definition; so is --input's DatabaseInput.\n",
     "change a database's description, location or parameters, or rename it"},
    {"delete-database", cmd_delete_database, BIT(O_NAME), BIT(O_NAME),
     "--name NAME\n  Delete the database with its tables and partitions.\n",
     "delete a database with its tables and partitions"},
    {"create-table", cmd_create_table, TABLE_FLAGS, DB, TABLE_USAGE,
     "create a table from flags (columns, keys, format) or a TableInput file"},
    {"get-table", cmd_get_table, DB | BIT(O_NAME) | TBL | TABLE_NAME, DB | BIT(O_NAME),
     "--database DB --table NAME (or --name NAME)\n", "show a table"},
    {"get-tables", cmd_get_tables, DB | BIT(O_EXPRESSION) | BIT(O_PAGE_SIZE), DB,
     "--database DB [--expression PATTERN] [--page-size N]\n"
     "  PATTERN is a Hive name pattern such as 'sales_*|tmp_*'.\n",
     "list a database's tables, by name pattern"},
    {"update-table", cmd_update_table,
     TABLE_FLAGS | BIT(O_VERSION_ID) | BIT(O_SKIP_ARCHIVE) | BIT(O_REPLACE), DB,
     TABLE_USAGE
     "  [--version-id ID] [--skip-archive] [--replace]: change what the options say and keep\n"
     "  the rest (columns, partition keys, location, format, other parameters), written\n"
     "  only over the version read (or over --version-id ID).  --replace: the options are\n"
     "  the whole new definition; so is --input's TableInput.  The server refuses new\n"
     "  partition keys while the table has partitions.\n",
     "change a table's definition (a new version)"},
    {"delete-table", cmd_delete_table, DB | BIT(O_NAME) | TBL | TABLE_NAME, DB | BIT(O_NAME),
     "--database DB --table NAME (or --name NAME)\n", "delete a table with its partitions"},
    {"get-table-versions", cmd_get_table_versions, DB | TBL | BIT(O_PAGE_SIZE), DB | TBL,
     "--database DB --table TABLE [--page-size N]\n", "list a table's earlier versions"},
    {"create-partition", cmd_create_partition,
     DB | TBL | BIT(O_VALUES) | BIT(O_LOCATION) | BIT(O_PARAM) | BIT(O_INPUT), DB | TBL,
     "--database DB --table TABLE (--values V1,V2,... [--location URI]\n"
     "    [--parameter KEY=VALUE]... | --input FILE|-)\n"
     "  The partition gets the table's storage descriptor; LOCATION defaults to the table's\n"
     "  location plus KEY=VALUE/ per partition key.  --values also takes a JSON array.\n",
     "add a partition (the table's storage, key=value/ location)"},
    {"batch-create-partition", cmd_batch_create_partition,
     DB | TBL | BIT(O_FILE) | BIT(O_BATCH_SIZE), DB | TBL,
     "--database DB --table TABLE [--file FILE|-] [--batch-size N]\n"
     "  One partition per line: V1,V2,... [LOCATION] (or a JSON array of values), read from\n"
     "  FILE or stdin, sent in batches of N (default 100, at most 1000).\n",
     "add many partitions, one per line of a file"},
    {"get-partition", cmd_get_partition, DB | TBL | BIT(O_VALUES), DB | TBL | BIT(O_VALUES),
     "--database DB --table TABLE --values V1,V2,...\n", "show a partition"},
    {"get-partitions", cmd_get_partitions,
     DB | TBL | BIT(O_EXPRESSION) | BIT(O_SEGMENT) | BIT(O_TOTAL_SEGMENTS) | BIT(O_PAGE_SIZE),
     DB | TBL,
     "--database DB --table TABLE [--expression EXPR] [--segment I --total-segments N]\n"
     "    [--page-size N]\n"
     "  EXPR is a Glue partition expression, e.g. \"order_date >= '2024-06-01'\".\n",
     "list partitions, by expression and segment"},
    {"update-partition", cmd_update_partition,
     DB | TBL | BIT(O_VALUES) | BIT(O_NEW_VALUES) | BIT(O_LOCATION) | BIT(O_PARAM) | BIT(O_INPUT),
     DB | TBL | BIT(O_VALUES),
     "--database DB --table TABLE --values V1,V2,... ([--new-values V1,V2,...]\n"
     "    [--location URI] [--parameter KEY=VALUE]... | --input FILE|-)\n"
     "  Change what the options say and keep the rest of the partition; --input's\n"
     "  PartitionInput is the whole new definition.\n",
     "change a partition's values, location or parameters"},
    {"delete-partition", cmd_delete_partition, DB | TBL | BIT(O_VALUES), DB | TBL | BIT(O_VALUES),
     "--database DB --table TABLE --values V1,V2,...\n", "delete a partition"},
    {"batch-delete-partition", cmd_batch_delete_partition,
     DB | TBL | BIT(O_FILE) | BIT(O_BATCH_SIZE), DB | TBL,
     "--database DB --table TABLE [--file FILE|-] [--batch-size N]\n"
     "  One partition's values per line (V1,V2,... or a JSON array).\n",
     "delete many partitions, one per line of a file"},
    {"get-column-statistics", cmd_get_column_statistics, DB | TBL | BIT(O_VALUES) | BIT(O_COLUMNS),
     DB | TBL | BIT(O_COLUMNS),
     "--database DB --table TABLE [--values V1,V2,...] --columns COL1,COL2,...\n"
     "  The statistics of the table's columns, or the partition's with --values; exit\n"
     "  status 1 when a column has none (listed in Errors).\n",
     "show column statistics of a table or a partition"},
    {"update-column-statistics", cmd_update_column_statistics,
     DB | TBL | BIT(O_VALUES) | BIT(O_INPUT), DB | TBL | BIT(O_INPUT),
     "--database DB --table TABLE [--values V1,V2,...] --input FILE|-\n"
     "  Write a Glue ColumnStatisticsList (a JSON array, or an object holding one) to the\n"
     "  table, or the partition with --values; exit status 1 when an entry fails.\n",
     "write column statistics from a JSON file"},
    {"create-function", cmd_create_function,
     DB | BIT(O_NAME) | BIT(O_CLASS) | BIT(O_OWNER) | BIT(O_RESOURCE_URI),
     DB | BIT(O_NAME) | BIT(O_CLASS),
     "--database DB --name NAME --class CLASS [--owner OWNER]\n"
     "    [--resource-uri JAR|FILE|ARCHIVE=URI]...\n"
     "  Create a user-defined function.\n",
     "create a user-defined function"},
    {"get-functions", cmd_get_functions, DB | BIT(O_PATTERN) | BIT(O_PAGE_SIZE), 0,
     "[--database DB] [--pattern PATTERN] [--page-size N]\n"
     "  The user-defined functions of DB (of every database without it) whose names match\n"
     "  PATTERN, a Hive pattern such as 'trino__*' (default '*').\n",
     "list user-defined functions, by name pattern"},
    {"search-tables", cmd_search_tables,
     BIT(O_TEXT) | BIT(O_FILTER) | BIT(O_SORT) | BIT(O_PAGE_SIZE), 0,
     "[--text TEXT] [--filter KEY=VALUE]... [--sort FIELD[:asc|:desc]] [--page-size N]\n"
     "  Tables whose names, descriptions or parameters hold every word of TEXT; --filter\n"
     "  narrows (Name, DatabaseName, Description, TableType, Owner or a parameter key);\n"
     "  --sort orders by Name, DatabaseName, CreateTime or UpdateTime.\n",
     "search tables by text, filters and sort order"},
    {"call", cmd_call, BIT(O_INPUT) | OPERANDS, 0,
     "OPERATION [--input FILE|-]\n"
     "  Any Glue operation (e.g. GetPartitionIndexes) with a JSON request; prints the "
     "response.\n",
     "run any Glue operation with a JSON request; print its answer"},
    {"crawl", cmd_crawl, DB | TBL | BIT(O_CRAWLER) | OPERANDS, DB,
     "--database DB [--table TABLE] [--crawler NAME] PATH\n"
     "  Crawl folder PATH (on catalogd's machine, under its --crawl-root; a path or a "
     "file://\n"
     "  URI) into DB.TABLE: creates DB when missing, creates or updates crawler NAME "
     "(default\n"
     "  catalogctl-DB-TABLE) for PATH, starts it and waits for it to end, showing its "
     "state\n"
     "  on a terminal.  TABLE is the folder's name (default), or ends with it.  Prints "
     "the\n"
     "  crawl's status and counts; exit status 1 unless the crawl SUCCEEDED.\n",
     "crawl a local folder into a table and wait for the crawl"},
    {"ddl", cmd_ddl, DB | BIT(O_FILE) | OPERANDS, 0,
     "[--database DB] ('STATEMENTS' | -f FILE|-)\n"
     "  Run Hive/Athena DDL: CREATE [EXTERNAL] TABLE, CREATE DATABASE, DROP TABLE, ALTER "
     "TABLE\n"
     "  ADD|DROP PARTITION, MSCK REPAIR TABLE (the crawler's partition pass over the "
     "table's\n"
     "  location) and SHOW PARTITIONS, separated by ';'.  Unqualified tables are in DB\n"
     "  (default: default).  Errors name the line and column.\n",
     "run Hive DDL: CREATE/DROP TABLE, ADD/DROP PARTITION, MSCK REPAIR, ..."},
    {"show-create-table", cmd_show_create_table, DB | BIT(O_NAME) | TBL | TABLE_NAME,
     DB | BIT(O_NAME),
     "--database DB --table NAME (or --name NAME)\n"
     "  Print the table as a CREATE TABLE statement that 'catalogctl ddl' reads back.\n",
     "print a table as CREATE TABLE"},
};

const struct cmd *find_cmd(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmds[i].name, name) == 0)
            return &cmds[i];
    return NULL;
}

void print_usage(FILE *f)
{
    size_t i;
    fputs("usage: catalogctl [--endpoint URL] [-o json|table] [--catalog-id ID] COMMAND [OPTIONS]\n"
          "       catalogctl --help | --version\n"
          "\n"
          "  --endpoint URL    catalog server, e.g. http://127.0.0.1:8049 (default:\n"
          "                    $CATALOG_ENDPOINT; without either, AWS Glue in --region)\n"
          "  --region REGION   AWS region to sign requests for (default: $AWS_REGION, else\n"
          "                    $AWS_DEFAULT_REGION); with AWS keys set, one is needed\n"
          "  -o, --output FMT  json (default when stdout is not a terminal) or table\n"
          "  --catalog-id ID   CatalogId sent with every request\n"
          "  --cacert FILE     CA certificates (PEM) to verify an https endpoint with\n"
          "                    (default: $CATALOG_CA_BUNDLE, else the system's)\n"
          "\ncommands:\n",
          f);
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        fprintf(f, "  %-25s %s\n", cmds[i].name, cmds[i].summary);
    fputs("\n'catalogctl COMMAND --help' describes a command.  Exit status: 0 success,\n"
          "1 failure (the server's message on stderr), 2 usage error.\n",
          f);
}

/* "unknown command NAME", with the nearest command when one is close.  EXIT_USAGE. */
static int unknown_command(const char *name)
{
    const char *names[sizeof cmds / sizeof cmds[0]], *near;
    size_t i;
    char msg[300];
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        names[i] = cmds[i].name;
    near = ddl_nearest(name, names, i);
    snprintf(msg, sizeof msg, "%.200s%s%s%s", name, near ? "; did you mean '" : "",
             near ? near : "", near ? "'?" : "");
    return usage_error(NULL, "unknown command ", msg);
}

/* Where requests go and how they are signed, checked before any is sent: an endpoint (or a
** region, for AWS Glue) is needed, and AWS keys without a region would go unsigned.  0, or
** EXIT_USAGE (said). */
static int check_endpoint(void)
{
    const char *env = getenv("CATALOG_ENDPOINT"), *r = region;
    const char *akid = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
    if (endpoint == NULL && env && *env)
        endpoint = env;
    if (r == NULL || *r == '\0')
        r = getenv("AWS_REGION");
    if (r == NULL || *r == '\0')
        r = getenv("AWS_DEFAULT_REGION");
    if (r != NULL && *r == '\0')
        r = NULL;
    if (endpoint == NULL && r == NULL) {
        errf("no endpoint: give --endpoint URL or set CATALOG_ENDPOINT (catalogd: "
             "http://127.0.0.1:8049; AWS Glue: set AWS_REGION or --region instead)");
        return EXIT_USAGE;
    }
    if (akid && *akid && secret && *secret && r == NULL) {
        errf("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set but no region: set "
             "AWS_REGION or give --region REGION (requests are signed for a region; without "
             "one they would go unsigned)");
        return EXIT_USAGE;
    }
    return 0;
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
        if (ch == O_VERSION) { /* this catalogctl's, and the libcatalog it runs with */
            int major, minor, patch;
            cat_version(&major, &minor, &patch);
            printf("catalogctl %s (libcatalog %d.%d.%d)\n", CAT_VERSION, major, minor, patch);
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
        return unknown_command(argv[optind]);
    argc -= optind;
    argv += optind;
    if ((rc = parse_args(cmd, argc, argv, &a, &done)) != 0 || done)
        return rc;
    if (out_json < 0)
        out_json = !isatty(STDOUT_FILENO);
    if ((rc = check_endpoint()) != 0)
        return rc;
    if ((rc = cat_client_new(&c, endpoint)) != CAT_OK ||
        (cacert && (rc = cat_client_set(c, CAT_OPT_CA_BUNDLE, cacert)) != CAT_OK) ||
        (region && (rc = cat_client_set(c, CAT_OPT_REGION, region)) != CAT_OK)) {
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
