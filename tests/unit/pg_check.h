/* pg_check.h -- what the PostgreSQL unit tests share: databases of their own on the server
** CATALOG_TEST_PG names (created fresh, dropped after, stale ones of dead runs dropped).  The
** resource and front tests (resource_check.h, app_check.h) use it too, to run on PostgreSQL
** when CATALOG_TEST_PG is set. */
#ifndef TEST_PG_CHECK_H
#define TEST_PG_CHECK_H

#include <errno.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

#define PGC_UNUSED __attribute__((unused))

#define assert_store_ok(expr, err)                                                                 \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != CAT_OK)                                                                         \
            fail_msg("%s -> %d: %s", #expr, rc_, (err).msg);                                       \
    } while (0)

static const char *server; /* CATALOG_TEST_PG: a libpq locator; NULL: the tests skip */
static int db_seq;

/* CATALOG_TEST_PG, or NULL when it is unset or empty (then the tests run on SQLite or skip). */
static PGC_UNUSED const char *test_pg_server(void)
{
    const char *s = getenv("CATALOG_TEST_PG");
    return s != NULL && *s != '\0' ? s : NULL;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* A connection to database DBNAME (NULL: the locator's own) of the test server; fails the test
** when there is none. */
static PGC_UNUSED PGconn *connect_to(const char *dbname)
{
    const char *keys[] = {"dbname", dbname ? "dbname" : NULL, NULL};
    const char *vals[] = {server, dbname, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect to the test server: %s", PQerrorMessage(c));
    PQsetNoticeProcessor(c, quiet, NULL);
    return c;
}

static PGC_UNUSED void admin_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* A fresh, empty database "catalogd_unit_<PREFIX>_<pid>_<n>": its name into NAME, a catalogd
** locator for it into *LOCATOR (key=value pairs: the server's settings with dbname replaced;
** freed by drop_db()). */
static PGC_UNUSED void fresh_db(const char *prefix, char *name, size_t size, char **locator)
{
    PGconn *c = connect_to(NULL);
    PQconninfoOption *opt, *opts = PQconninfo(c);
    struct sbuf b = {0};
    char sql[256];
    snprintf(name, size, "catalogd_unit_%s_%d_%d", prefix, (int)getpid(), ++db_seq);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
    admin_exec(c, sql);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
    admin_exec(c, sql);
    for (opt = opts; opt && opt->keyword; opt++) {
        const char *p;
        if (opt->val == NULL || *opt->val == '\0' || strcmp(opt->keyword, "dbname") == 0)
            continue;
        sbuf_adds(&b, opt->keyword);
        sbuf_adds(&b, "='");
        for (p = opt->val; *p; p++) {
            if (*p == '\'' || *p == '\\')
                sbuf_add(&b, "\\", 1);
            sbuf_add(&b, p, 1);
        }
        sbuf_adds(&b, "' ");
    }
    sbuf_adds(&b, "dbname=");
    sbuf_adds(&b, name);
    PQconninfoFree(opts);
    PQfinish(c);
    *locator = b.p;
}

/* Drop database NAME and free LOCATOR (NULL-safe). */
static PGC_UNUSED void drop_db(const char *name, char *locator)
{
    PGconn *c = connect_to(NULL);
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    admin_exec(c, sql);
    PQfinish(c);
    free(locator);
}

/* Databases "catalogd_unit_<PREFIX>_<pid>_..." left by runs that failed half-way (a failed
** assertion skips drop_db) and whose process is gone. */
static PGC_UNUSED void drop_stale_dbs(const char *prefix)
{
    const char *keys[] = {"dbname", NULL}, *vals[] = {server, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    PGresult *r;
    char like[128], head[96];
    const char *args[1];
    int i;
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return;
    }
    PQsetNoticeProcessor(c, quiet, NULL);
    snprintf(head, sizeof(head), "catalogd_unit_%s_", prefix);
    snprintf(like, sizeof(like), "catalogd\\_unit\\_%s\\_%%", prefix);
    args[0] = like;
    r = PQexecParams(c, "SELECT datname FROM pg_database WHERE datname LIKE $1", 1, NULL, args,
                     NULL, NULL, 0);
    for (i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); i++) {
        const char *db = PQgetvalue(r, i, 0);
        int pid = (int)strtol(db + strlen(head), NULL, 10);
        char sql[256];
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) {
            snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
            PQclear(PQexec(c, sql));
        }
    }
    PQclear(r);
    PQfinish(c);
}

#endif
