/* ctl.h -- what catalogctl's files share: its options, the parsed command line, the command
** table's row, the global settings, and the helpers of ctl_opts.c and ctl_io.c; each subcommand
** file (ctl_*.c) declares its handlers here for the command table in catalogctl.c. */
#ifndef CTL_H
#define CTL_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "catalog.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

/* Every option, by index into ctl_opts.c's table; after O_NOPTS the common options. */
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
    O_REPLACE,
    O_NOPTS,
    /* common to every subcommand (and accepted before it) */
    O_ENDPOINT = 100,
    O_OUTPUT,
    O_CATALOG_ID,
    O_CACERT,
    O_HELP,
    O_REGION,
    O_VERSION /* before the command only */
};

#define BIT(o) (1UL << (o))
/* In a command's options (struct cmd's opts): it takes operands after its options (call
** OPERATION, crawl PATH, ddl STATEMENTS); no option has this bit. */
#define OPERANDS BIT(O_NOPTS)
/* In a command's options: its --name is a table's, which --table names too (get-table,
** create-table, ...: --table is accepted wherever a table is named). */
#define TABLE_NAME BIT(O_NOPTS + 1)

/* The options every subcommand accepts, and the tool itself before the command name: NCOMMON
** options, then the zero entry at which getopt_long stops (main() hands it the table as is). */
#define NCOMMON 7
extern const struct option common_opts[NCOMMON + 1];

#define MAX_PARAMS 64

/* What the command line said, for any subcommand. */
struct args {
    const char *v[O_NOPTS];    /* option values (argv strings), NULL when absent */
    int skip_archive, replace; /* --skip-archive, --replace */
    /* params: --parameter, or --resource-uri, or --filter (no command takes two of them) */
    cat_param params[MAX_PARAMS], serde_params[MAX_PARAMS];
    size_t nparams, nserde_params;
    int nposargs;
    char **posargs;
};

/* Global settings (set by common_opt()). */
extern const char *endpoint, *catalog_id, *cacert, *region;
extern int out_json;    /* -1: decide from isatty(1) */
extern int raw_answers; /* 1: print a write's own answer (catalogctl call), not what it made */

struct cmd;
typedef int (*cmd_fn)(cat_client *c, const struct cmd *cmd, struct args *a);

/* One subcommand: name, handler, accepted options, required options, usage text, and one line
** on what it does (catalogctl --help). */
struct cmd {
    const char *name;
    cmd_fn fn;
    unsigned long opts, required;
    const char *usage;
    const char *summary;
};

/* ---- ctl_opts.c */

/* Print "catalogctl: MSG" to stderr. */
void errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error about CMD: message, then a pointer to --help.  Returns EXIT_USAGE. */
int usage_error(const struct cmd *cmd, const char *msg, const char *detail);
/* Report the failure of the last call on C (code RC).  Returns EXIT_FAIL. */
int call_failed(cat_client *c, int rc);
/* Handle a common option CH with value ARG.  Returns 0, or EXIT_USAGE. */
int common_opt(const struct cmd *cmd, int ch, const char *arg);
/* Parse ARGV for CMD into A.  Returns 0, or an exit status (help: 0 via *DONE). */
int parse_args(const struct cmd *cmd, int argc, char **argv, struct args *a, int *done);
/* Parse a non-negative integer option.  Returns -1 when it is not one. */
long parse_long(const char *s);

/* ---- ctl_io.c */

/* Read any JSON value from PATH ("-" = stdin).  Returns a new reference or NULL (reported). */
json_t *load_json(const char *path);
/* Read a JSON object from PATH ("-" = stdin).  Returns a new reference or NULL (reported). */
json_t *read_json(const char *path);
/* Print J as indented JSON. */
void print_json(const json_t *j);
/* The member of J at dotted PATH, or NULL. */
const json_t *at_path(const json_t *j, const char *path);
/* Print the objects in array ITEMS as a table with the NCOLS columns at dotted PATHS. */
void print_table(const json_t *items, const char *const *heads, const char *const *paths,
                 size_t ncols);
/* Print J as "path  value" lines, one per scalar member, nested members dotted. */
void print_flat(const json_t *j, const char *prefix);
/* A copy of object FROM holding only its members named in MEMBERS (NULL-terminated): the
** input shape of an object read back (Table to TableInput).  New reference. */
json_t *input_of(const json_t *from, const char *const *members);
/* Split S at commas outside () and <> into at most MAX pieces (S is modified).  Returns the
** count, or -1 when there are too many. */
int split_top(char *s, char **out, int max);
/* Partition values from S: a JSON array, or values separated by commas.  Returns a new
** array reference or NULL. */
json_t *parse_values(const char *s);
/* A new request object with CatalogId (when set) and the string members NAME/VALUE pairs
** (NULL-terminated). */
json_t *request(const char *name, ...);
/* Call OP with REQ (consumed); print the response (ENTITY flattened in table mode).  A write
** (Create/Update/Delete of a database, table, partition or function) prints what it did
** instead, unless raw_answers: the object as it now is, read back (JSON: the Get answer, with
** the write's "Warnings" when any; table: flattened), or for a delete one line (JSON
** {"Deleted": NOUN, "Name": ...}); its warnings also go to stderr. */
int call_print(cat_client *c, const char *op, json_t *req, const char *entity);
/* List through iterator IT into {KEY: [...]}, printed as JSON or as a table. */
int list_print(cat_client *c, cat_iter *it, const char *page_size, const char *key,
               const char *const *heads, const char *const *paths, size_t ncols);

/* ---- ctl_database.c */

/* The JSON in PATH ("-": stdin), or its member MEMBER when it holds one (so both a bare
** DatabaseInput and a whole request work).  New reference, or NULL (reported). */
json_t *read_input(const char *path, const char *member);
int cmd_create_database(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_update_database(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_database(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_delete_database(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_databases(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_table.c */

int cmd_create_table(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_update_table(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_table(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_delete_table(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_tables(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_table_versions(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_partition.c */

/* Validate --values for CMD; a new array or NULL with *RC set. */
json_t *values_arg(const struct cmd *cmd, const char *s, const char *opt, int *rc);
/* Fetch table DB.NAME into *TABLE (new reference).  Returns 0 or EXIT_FAIL (reported). */
int fetch_table(cat_client *c, const char *db, const char *name, json_t **table);
/* The text of string J, or "" when J is not a string. */
const char *str_or(const json_t *j);
/* A PartitionInput for VALUES (borrowed): at LOCATION with the table's storage descriptor, or
** without a descriptor when LOCATION is NULL (the server gives it the table's, at the table's
** location plus key=value/ per key, escaped as Hive escapes folder names). */
json_t *partition_input(const json_t *table, json_t *values, const char *location);
int cmd_create_partition(cat_client *c, const struct cmd *cmd, struct args *a);
/* Send the PartitionInputList or PartitionsToDelete BATCH for OP; errors are appended to
** ERRORS.  Returns 0 or EXIT_FAIL (reported). */
int send_batch(cat_client *c, struct args *a, const char *op, const char *member, json_t *batch,
               json_t *errors);
int cmd_batch_create_partition(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_batch_delete_partition(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_partition(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_delete_partition(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_update_partition(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_partitions(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_colstats.c */

int cmd_get_column_statistics(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_update_column_statistics(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_udf.c */

int cmd_create_function(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_get_functions(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_search.c */

int cmd_search_tables(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_call.c */

int cmd_call(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_crawl.c */

/* Create crawler IN (a CreateCrawler request; or update it when it exists), start it and wait
** for the crawl to end (LABEL names what it crawls in the progress line).  *CRAWLER gets the
** final GetCrawler Crawler (new reference).  0 or EXIT_FAIL (reported). */
int run_crawler(cat_client *c, json_t *in, const char *label, json_t **crawler);
int cmd_crawl(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- ctl_ddl.c */

int cmd_ddl(cat_client *c, const struct cmd *cmd, struct args *a);
int cmd_show_create_table(cat_client *c, const struct cmd *cmd, struct args *a);

/* ---- catalogctl.c */

const struct cmd *find_cmd(const char *name);
void print_usage(FILE *f);

#endif
