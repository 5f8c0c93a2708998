/* ctl_crawl.c -- catalogctl crawl: a crawler for a folder, started and watched until it ends. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

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

int run_crawler(cat_client *c, json_t *in, const char *label, json_t **crawler)
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

int cmd_crawl(cat_client *c, const struct cmd *cmd, struct args *a)
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
