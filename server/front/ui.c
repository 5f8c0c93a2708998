/* ui.c -- the web console: ui/'s files, embedded at build time, served read-only under /ui. */
#include "front/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "front/etag.h"

/* Scripts, styles, images and API calls from this origin only; no inline script or style, no
** plugins, no <base>, never framed. */
#define UI_CSP                                                                                     \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "                 \
    "frame-ancestors 'none'"

static const char *const UI_HEADERS[] = {"Content-Security-Policy",
                                         UI_CSP,
                                         "X-Content-Type-Options",
                                         "nosniff",
                                         "X-Frame-Options",
                                         "DENY",
                                         "Referrer-Policy",
                                         "no-referrer",
                                         "Cache-Control",
                                         "no-cache",
                                         NULL};

static const char TEXT_TYPE[] = "text/plain; charset=utf-8";

/* The content type of file NAME, from its extension. */
static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".svg", "image/svg+xml"}};
    size_t i, n = strlen(name);
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && strcmp(name + n - e, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

int ui_owns(const char *path)
{
    return strncmp(path, "/ui", 3) == 0 && (path[3] == '\0' || path[3] == '/');
}

/* RESP's body: a copy of the N bytes at P (NUL-terminated, the NUL not counted). */
static void set_body(struct http_response *resp, const void *p, size_t n)
{
    resp->body = xmalloc(n + 1);
    if (n)
        memcpy(resp->body, p, n);
    resp->body[n] = '\0';
    resp->len = n;
}

void ui_refuse(int status, const char *text, struct http_response *resp)
{
    char line[600];
    int n = snprintf(line, sizeof(line), "%s\n", text);
    memset(resp, 0, sizeof(*resp));
    resp->status = status;
    resp->content_type = TEXT_TYPE;
    resp->headers = UI_HEADERS;
    resp->operation = "ConsoleRefused";
    set_body(resp, line, n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void ui_serve(const char *method, const char *path, const char *if_none_match,
              struct http_response *resp)
{
    const char *name = path[3] == '\0' || path[4] == '\0' ? "index.html" : path + 4;
    const struct ui_asset *a = NULL;
    size_t i;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        ui_refuse(405, "The console is read-only: use GET.", resp);
        snprintf(resp->allow, sizeof(resp->allow), "GET, HEAD");
        resp->operation = "ConsoleMethodNotAllowed";
        return;
    }
    for (i = 0; i < ui_nassets && a == NULL; i++)
        if (strcmp(ui_assets[i].name, name) == 0)
            a = &ui_assets[i];
    if (a == NULL) {
        ui_refuse(404, "No such console file.", resp);
        resp->operation = "ConsoleNotFound";
        return;
    }
    memset(resp, 0, sizeof(*resp));
    resp->headers = UI_HEADERS;
    resp->operation = "ConsoleFile";
    resp->etag = xstrdup(a->etag);
    if (if_none_match && etag_listed(if_none_match, a->etag, 0)) {
        resp->status = 304;
        return;
    }
    resp->status = 200;
    resp->content_type = content_type(a->name);
    set_body(resp, a->data, a->len);
}
