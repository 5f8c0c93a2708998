/* pg_store.c -- the PostgreSQL backend's table `store_postgresql`: the pool of connections, the
** schema's text and size, the page token key, locators as logged. */
#include "store/pg/pg_int.h"

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

struct pg_pool {
    struct store_pool base; /* first: a struct store_pool * is a struct pg_pool * */
    char *locator;
    pthread_mutex_t lock;
    pthread_cond_t returned; /* signalled when a connection comes back or a slot frees */
    struct pg_conn *idle;
    int open, max;              /* connections open (idle or in use, or being opened); their cap */
    struct pg_tcache *tcache;   /* GetTable answers (pg_tcache.c) */
    struct pg_ptcache *ptcache; /* tables opened for partition work (pg_ptcache.c) */
};

struct pg_tcache *pg_pool_tcache(struct pg_pool *pool)
{
    return pool ? pool->tcache : NULL;
}

struct pg_ptcache *pg_pool_ptcache(struct pg_pool *pool)
{
    return pool ? pool->ptcache : NULL;
}

/* ================================================================ */
/* Pool */

/* A write committed on PC: its pool's table cache no longer says what the database says. */
static void committed(struct pg_conn *pc)
{
    pg_tcache_committed(pg_pool_tcache(pc->pool));
}

/* A new connection to LOCATOR for POOL (NULL: store_open's single one). */
static int conn_new(const char *locator, struct pg_pool *pool, struct pg_conn **out,
                    struct srv_error *err)
{
    int rc = pg_conn_new(locator, &store_postgresql, out, err);
    if (rc == CAT_OK && pool) {
        (*out)->pool = pool;
        (*out)->committed = committed;
        if (pg_tcache_checked(pool->tcache))
            (void)pg_tcache_listen(pool->tcache, *out); /* else it reads the database */
    }
    return rc;
}

/* Open one migrated connection (for pg_open and the pool's first). */
static int open_first(const char *locator, struct pg_pool *pool, struct pg_conn **out,
                      struct srv_error *err)
{
    struct pg_conn *pc;
    int rc;
    *out = NULL;
    if ((rc = pg_locator_check(locator, err)) != CAT_OK ||
        (rc = conn_new(locator, pool, &pc, err)) != CAT_OK)
        return rc;
    if ((rc = pg_migrate(&pc->base, err)) != CAT_OK) {
        pg_conn_free(pc);
        return rc;
    }
    *out = pc;
    return CAT_OK;
}

int pg_pool_open(struct store_pool **out, const char *locator, struct srv_error *err)
{
    struct pg_pool *p = xcalloc(1, sizeof(*p));
    struct pg_conn *first;
    int rc;
    *out = NULL;
    if ((rc = open_first(locator, p, &first, err)) != CAT_OK) {
        free(p);
        return rc;
    }
    p->base.be = &store_postgresql;
    p->locator = xstrdup(locator);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->returned, NULL);
    p->idle = first;
    p->open = 1;
    p->max = store_pool_size();
    p->tcache = pg_tcache_new(locator, !store_pg_table_cache()); /* the two modes: store.h */
    p->ptcache = pg_ptcache_new();
    if (pg_tcache_checked(p->tcache))
        (void)pg_tcache_listen(p->tcache, first); /* opened before the cache */
    fprintf(stderr, "catalogd: PostgreSQL database %s on %s:%s as %s, up to %d connections\n",
            PQdb(first->conn), PQhost(first->conn), PQport(first->conn), PQuser(first->conn),
            p->max);
    *out = &p->base;
    return CAT_OK;
}

void pg_pool_close(struct store_pool *sp)
{
    struct pg_pool *p = (struct pg_pool *)sp;
    if (p == NULL)
        return;
    pg_tcache_free(p->tcache);
    pg_ptcache_free(p->ptcache);
    while (p->idle) {
        struct pg_conn *pc = p->idle;
        p->idle = pc->next;
        pg_conn_free(pc);
    }
    pthread_cond_destroy(&p->returned);
    pthread_mutex_destroy(&p->lock);
    free(p->locator);
    free(p);
}

/* Whether there is input to read on FD.  One poll(), no wait. */
static int readable(int fd)
{
    struct pollfd pfd;
    pfd.fd = fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    return poll(&pfd, 1, 0) > 0;
}

/* Whether idle connection PC is known dead: the server said goodbye (a restart or an
** administrator's terminate sends an error and closes) while it sat idle.  No round trip: an
** idle session has nothing to say but the notifications of a LISTENing one, so anything else
** to read means the end (at worst, a needless reconnect); notifications read here flush the
** pool's table cache.  A connection whose network silently dropped is not detected here. */
static int idle_dead(struct pg_conn *pc)
{
    pg_settle(pc); /* the last snapshot's COMMIT answered: it is no news */
    if (pc->broken)
        return 1;
    if (PQsocket(pc->conn) < 0)
        return 1;
    if (!readable(PQsocket(pc->conn)))
        return 0;
    if (!pc->listening || !PQconsumeInput(pc->conn) || PQstatus(pc->conn) != CONNECTION_OK)
        return 1;
    return !pg_tcache_heard(pg_pool_tcache(pc->pool), pc) || readable(PQsocket(pc->conn));
}

struct store *pg_acquire(struct store_pool *sp, struct srv_error *err)
{
    struct pg_pool *p = (struct pg_pool *)sp;
    struct pg_conn *pc;
    pthread_mutex_lock(&p->lock);
    while (p->idle == NULL && p->open >= p->max)
        pthread_cond_wait(&p->returned, &p->lock);
    pc = p->idle;
    if (pc)
        p->idle = pc->next;
    else
        p->open++; /* reserve a slot for the connection opened below */
    pthread_mutex_unlock(&p->lock);
    if (pc == NULL && conn_new(p->locator, p, &pc, err) != CAT_OK) {
        pthread_mutex_lock(&p->lock);
        p->open--;
        pthread_cond_signal(&p->returned);
        pthread_mutex_unlock(&p->lock);
        return NULL;
    }
    pc->next = NULL;
    if (idle_dead(pc))
        pc->broken = 1; /* reset by its first statement (conn_ready) */
    return &pc->base;
}

/* Give ST back: a transaction left open is rolled back; a connection that failed is closed,
** and with it the idle ones, which most likely lost their server too (a restart): the next
** acquires open new ones. */
void pg_release(struct store_pool *sp, struct store *st)
{
    struct pg_pool *p = (struct pg_pool *)sp;
    struct pg_conn *pc = PG(st), *drop = NULL;
    if (st == NULL)
        return;
    pg_rollback(st);
    if (pc->listening) /* what its statements brought in: no queue grows unread */
        (void)pg_tcache_heard(p->tcache, pc);
    pthread_mutex_lock(&p->lock);
    if (pc->broken || PQstatus(pc->conn) != CONNECTION_OK) {
        struct pg_conn *q;
        pc->next = p->idle;
        drop = pc;
        p->idle = NULL;
        for (q = drop; q; q = q->next)
            p->open--;
        pthread_cond_broadcast(&p->returned);
    } else {
        pc->next = p->idle;
        p->idle = pc;
        pthread_cond_signal(&p->returned);
    }
    pthread_mutex_unlock(&p->lock);
    while (drop) {
        struct pg_conn *q = drop->next;
        pg_conn_free(drop);
        drop = q;
    }
}

int pg_open(struct store **out, const char *locator, struct srv_error *err)
{
    struct pg_conn *pc;
    int rc = open_first(locator, NULL, &pc, err);
    *out = rc == CAT_OK ? &pc->base : NULL;
    return rc;
}

/* ================================================================ */
/* Schema */

/* Tables (columns in order, then constraints by name), indexes that back no constraint,
** functions and triggers of the current schema, each kind by name: one text, in one query. */
int pg_schema_text(struct store *st, char **out, struct srv_error *err)
{
    static const char SQL[] =
        "WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema()),"
        " defs AS ("
        "  SELECT 0 AS kind, c.relname::text AS name,"
        "   'CREATE TABLE ' || quote_ident(c.relname) || E' (\\n' || concat_ws(E',\\n',"
        "    (SELECT string_agg('    ' || quote_ident(a.attname) || ' ' ||"
        "      format_type(a.atttypid, a.atttypmod) ||"
        "      CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
        "       THEN ' COLLATE ' || quote_ident(co.collname) ELSE '' END ||"
        "      CASE a.attidentity WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY'"
        "       WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' ELSE '' END ||"
        "      CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END ||"
        "      coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''),"
        "      E',\\n' ORDER BY a.attnum)"
        "     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
        "     LEFT JOIN pg_collation co ON co.oid = a.attcollation"
        "     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
        "     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),"
        "    (SELECT string_agg('    CONSTRAINT ' || quote_ident(k.conname) || ' ' ||"
        "      pg_get_constraintdef(k.oid), E',\\n' ORDER BY k.conname COLLATE \"C\")"
        "     FROM pg_constraint k WHERE k.conrelid = c.oid)) || E'\\n);' AS def"
        "  FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('r', 'p')"
        "  UNION ALL"
        "  SELECT 1, ci.relname::text, pg_get_indexdef(i.indexrelid) || ';'"
        "  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
        "  WHERE ci.relnamespace = (SELECT oid FROM ns)"
        "   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
        "    AND k.conrelid = i.indrelid)"
        "  UNION ALL"
        "  SELECT 2, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
        "   rtrim(pg_get_functiondef(p.oid), E'\\n') || ';'"
        "  FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns) AND p.prokind = 'f'"
        "  UNION ALL"
        "  SELECT 3, g.tgname::text, pg_get_triggerdef(g.oid) || ';'"
        "  FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
        "  WHERE c.relnamespace = (SELECT oid FROM ns) AND NOT g.tgisinternal)"
        " SELECT coalesce(string_agg(def, E'\\n\\n' ORDER BY kind, name COLLATE \"C\","
        "  def COLLATE \"C\"), '') || E'\\n' FROM defs";
    PGresult *r = NULL;
    int rc;
    *out = NULL;
    if ((rc = pg_query_dynamic(st, SQL, NULL, &r, err)) != CAT_OK)
        return rc;
    *out = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return CAT_OK;
}

int pg_db_size_bytes(struct store *st, long long *out, struct srv_error *err)
{
    static const char SQL[] = "SELECT pg_database_size(current_database())";
    PGresult *r = NULL;
    int rc;
    *out = 0;
    if ((rc = pg_query(st, SQL, NULL, &r, err)) != CAT_OK)
        return rc;
    *out = pg_get_int(r, 0, 0);
    PQclear(r);
    return CAT_OK;
}

static int pg_token_key(struct store *st, char **out, struct srv_error *err)
{
    static const char SQL[] = "SELECT value FROM catalogd_settings WHERE name = 'page_token_key'";
    PGresult *r = NULL;
    int rc;
    *out = NULL;
    if ((rc = pg_query(st, SQL, NULL, &r, err)) != CAT_OK)
        return rc;
    if (PQntuples(r) == 1)
        *out = xstrdup(pg_get(r, 0, 0));
    else
        rc = srv_error_set(err, CAT_ENOTFOUND, "The store has no page token key.");
    PQclear(r);
    return rc;
}

/* ================================================================ */
/* Locators as logged */

/* Append N bytes of S to BUF (SIZE bytes, *LEN used so far), truncating, NUL-terminated. */
static void put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
    while (n-- > 0 && *len + 1 < size)
        buf[(*len)++] = *s++;
    buf[*len] = '\0';
}

/* 1 when [KEY, KEY+N) names a libpq secret: "password" or "sslpassword" in any case, with any
** of its characters percent-encoded when DECODE (a URI's query: libpq decodes its names). */
static int secret_key(const char *key, size_t n, int decode)
{
    char name[16];
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        char c = key[i];
        if (decode && c == '%' && i + 2 < n && util_hexval(key[i + 1]) >= 0 &&
            util_hexval(key[i + 2]) >= 0) {
            c = (char)(util_hexval(key[i + 1]) * 16 + util_hexval(key[i + 2]));
            i += 2;
        }
        if (k == sizeof(name) - 1)
            return 0;
        name[k++] = c;
    }
    name[k] = '\0';
    return strcasecmp(name, "password") == 0 || strcasecmp(name, "sslpassword") == 0;
}

/* store_backend.h's display_locator: a URI's password (user:PASSWORD@) and a password=...
** value (of a URI's query or a key=value string) shown as "***". */
static void pg_display_locator(const char *locator, char *buf, size_t size)
{
    const char *p = locator, *scheme = strstr(locator, "://"), *end;
    size_t len = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    if (scheme != NULL) { /* scheme://user:PASSWORD@host/db?key=value&password=PASSWORD */
        const char *auth = scheme + 3, *at, *colon;
        end = auth + strcspn(auth, "/"); /* libpq's user info ends at the first '@' before '/' */
        at = memchr(auth, '@', (size_t)(end - auth));
        colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon != NULL) {
            put(buf, size, &len, locator, (size_t)(colon + 1 - locator));
            put(buf, size, &len, "***", 3);
            p = at;
        }
        end = p + strcspn(p, "?");
        put(buf, size, &len, p, (size_t)(end - p));
        p = end;
        while (*p) { /* at a '?' or '&', then NAME[=VALUE] up to the next '&' */
            size_t klen;
            put(buf, size, &len, p, 1);
            p++;
            klen = strcspn(p, "=&");
            end = p + klen + strcspn(p + klen, "&");
            if (p[klen] == '=' && secret_key(p, klen, 1)) {
                put(buf, size, &len, p, klen);
                put(buf, size, &len, "=***", 4);
            } else {
                put(buf, size, &len, p, (size_t)(end - p));
            }
            p = end;
        }
        return;
    }
    /* key=value pairs separated by spaces; a value may be quoted ('...') and has \ escapes */
    while (*p) {
        const char *key = p + strspn(p, " \t\n"), *eq;
        size_t klen;
        put(buf, size, &len, p, (size_t)(key - p));
        if (*key == '\0')
            break;
        klen = strcspn(key, " \t\n=");
        eq = key + klen;
        while (*eq == ' ' || *eq == '\t')
            eq++;
        if (*eq != '=') { /* not key=value: copy the word */
            put(buf, size, &len, key, klen);
            p = key + klen;
            continue;
        }
        end = eq + 1;
        while (*end == ' ' || *end == '\t')
            end++;
        if (*end == '\'') {
            for (end++; *end && *end != '\''; end++)
                if (*end == '\\' && end[1])
                    end++;
            if (*end)
                end++;
        } else {
            for (; *end && !strchr(" \t\n", *end); end++)
                if (*end == '\\' && end[1])
                    end++;
        }
        if (secret_key(key, klen, 0)) {
            put(buf, size, &len, key, klen);
            put(buf, size, &len, "=***", 4);
        } else {
            put(buf, size, &len, key, (size_t)(end - key));
        }
        p = end;
    }
}

/* ================================================================ */
/* The backend */

const struct store_backend store_postgresql = {
    .name = "postgresql",
    .display_locator = pg_display_locator,
    .open_pool = pg_pool_open,
    .close_pool = pg_pool_close,
    .acquire = pg_acquire,
    .release = pg_release,
    .open = pg_open,
    .close = pg_close,
    .write_problem = pg_write_problem,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .schema_text = pg_schema_text,
    .schema_version = pg_schema_version,
    .db_size_bytes = pg_db_size_bytes,
    .token_key = pg_token_key,
    .insert_db = pg_db_insert,
    .get_db = pg_db_get,
    .list_dbs = pg_db_list,
    .replace_db = pg_db_replace,
    .delete_db = pg_db_delete,
    .insert_table = pg_table_insert,
    .get_table = pg_table_get,
    .get_table_text = pg_table_text,
    .list_tables = pg_table_list,
    .replace_table = pg_table_replace,
    .delete_table = pg_table_delete,
    .rename_table = pg_table_rename,
    .archive_version = pg_version_archive,
    .get_version = pg_version_get,
    .list_versions = pg_version_list,
    .delete_version = pg_version_delete,
    .ice_get = pg_ice_get,
    .ice_snapshot = pg_ice_snapshot,
    .ice_snapshots = pg_ice_snapshots,
    .ice_text = pg_ice_text,
    .ice_put = pg_ice_put,
    .ice_replace = pg_ice_replace,
    .open_ptable = pg_ptable_open,
    .close_ptable = pg_ptable_close,
    .get_memo = pg_memo_get,
    .put_memo = pg_memo_put,
    .insert_partition = pg_partition_insert,
    .insert_partitions = pg_partition_insert_many,
    .replace_partition = pg_partition_replace,
    .delete_partition = pg_partition_delete,
    .get_partition = pg_partition_get,
    .get_partitions = pg_partition_get_many,
    .query_partitions = pg_partition_query,
    .locate_partition = pg_partition_locate,
    .create_pindex = pg_pindex_create,
    .list_pindexes = pg_pindex_list,
    .delete_pindex = pg_pindex_delete,
    .put_colstats = pg_colstats_put,
    .get_colstats = pg_colstats_get,
    .delete_colstats = pg_colstats_delete,
    .prune_colstats = pg_colstats_prune,
    .insert_udf = pg_udf_insert,
    .get_udf = pg_udf_get,
    .replace_udf = pg_udf_replace,
    .delete_udf = pg_udf_delete,
    .list_udfs = pg_udf_list,
    .update_tags = pg_tags_update,
    .get_policy = pg_policy_get,
    .put_policy = pg_policy_put,
    .list_policy_arns = pg_policy_arns,
    .search_tables = pg_table_search,
    .insert_crawler = pg_crawler_insert,
    .get_crawler = pg_crawler_get,
    .put_crawler = pg_crawler_put,
    .delete_crawler = pg_crawler_delete,
    .list_crawlers = pg_crawler_list,
    .scan_crawlers = pg_crawler_scan,
    .put_crawl = pg_crawl_put,
    .list_crawls = pg_crawl_list,
};
