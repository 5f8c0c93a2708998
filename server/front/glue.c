/* glue.c -- Glue JSON front: X-Amz-Target -> registry -> ops_run(); answers and
 * {"__type","message"}. */
#include "front/glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "auth/sigv4.h"
#include "lang/jload.h"
#include "registry/registry.h"

static const char JSON_TYPE[] = "application/x-amz-json-1.1";

static void set_text(struct http_response *resp, int status, char *text)
{
    resp->status = status;
    resp->content_type = JSON_TYPE;
    resp->body = text;
    resp->len = text ? strlen(text) : 0;
}

static void set_json(struct http_response *resp, int status, const json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    if (text == NULL) { /* out of memory */
        status = 500;
        text = strdup("{\"__type\":\"InternalServiceException\",\"message\":\"Out of memory.\"}");
        resp->error_type = "InternalServiceException";
    }
    set_text(resp, status, text);
}

void glue_error(const struct srv_error *err, struct http_response *resp)
{
    const char *type = srv_error_glue_type(err->code);
    json_t *body = json_pack("{s:s, s:s}", "__type", type, "message",
                             err->msg[0] ? err->msg : srv_error_default_msg(err->code));
    set_json(resp, srv_error_glue_status(err->code), body);
    resp->error_type = type;
    json_decref(body);
}

/* Frame a text page as the Glue answer {"<member>": [items] | item, extra..., "NextToken"}. */
static char *frame_page(struct op_page *page)
{
    struct sbuf b = {0};
    char head[64];
    size_t n = 0, ml = strlen(page->member), i;
    for (i = 0; i < ml && (unsigned char)page->member[i] >= 0x20 && page->member[i] != '"' &&
                page->member[i] != '\\';
         i++)
        ;
    if (page->items.p && i == ml && ml + 5 <= sizeof(head)) {
        /* the items' buffer becomes the answer: the head moved in front, nothing copied out */
        size_t len = page->items.len;
        head[n++] = '{';
        head[n++] = '"';
        memcpy(head + n, page->member, ml);
        n += ml;
        head[n++] = '"';
        head[n++] = ':';
        if (!page->single)
            head[n++] = '[';
        b = page->items;
        memset(&page->items, 0, sizeof(page->items));
        sbuf_add(&b, head, n); /* room for the head */
        memmove(b.p + n, b.p, len);
        memcpy(b.p, head, n);
    } else {
        sbuf_adds(&b, "{");
        sbuf_add_json_string(&b, page->member);
        sbuf_adds(&b, page->single ? ":" : ":[");
        if (page->items.p)
            sbuf_add(&b, page->items.p, page->items.len);
    }
    if (!page->single)
        sbuf_adds(&b, "]");
    if (page->extra) {
        char *extra = json_dumps(page->extra, JSON_COMPACT);
        size_t en = extra ? strlen(extra) : 0;
        if (en > 2) {
            sbuf_adds(&b, ",");
            sbuf_add(&b, extra + 1, en - 2);
        }
        free(extra);
    }
    if (page->next_token) {
        sbuf_adds(&b, ",\"NextToken\":");
        sbuf_add_json_string(&b, page->next_token);
    }
    sbuf_adds(&b, "}");
    return b.p;
}

/* Who signed INFO's request, when the server has principals: CAT_OK with *WHO (NULL when
** there is no auth file), or the error AWS gives. */
static int authenticate(struct auth_set *set, const struct http_info *info, const char *body,
                        size_t len, const struct auth_principal **who, struct srv_error *err)
{
    /* what the request does is in X-Amz-Target and the body's type: both must be signed */
    static const char *const must_sign[] = {"x-amz-target", "content-type", NULL};
    *who = NULL;
    if (set == NULL)
        return CAT_OK;
    if (info == NULL)
        return srv_error_set(err, CAT_EUNSIGNED, "Missing Authentication Token");
    return sigv4_verify(set, info, body, len, "glue", must_sign, time(NULL), who, err);
}

void glue_handle(const struct app *app, const char *target, const char *body, size_t len,
                 struct http_response *resp)
{
    glue_serve(app, NULL, target, body, len, resp);
}

void glue_serve(const struct app *app, const struct http_info *info, const char *target,
                const char *body, size_t len, struct http_response *resp)
{
    static const char PREFIX[] = "AWSGlue.";
    struct ops_env env = {app->pool, app->catalog_id, app->max_answer, NULL, NULL, NULL};
    struct auth_set *set = app->auth ? auth_acquire(app->auth) : NULL; /* released below */
    const struct op_def *op;
    struct op_result res;
    struct srv_error err;
    json_error_t jerr;
    json_t *in = NULL;

    srv_error_init(&err);
    memset(resp, 0, sizeof(*resp));
    memset(&res, 0, sizeof(res));
    if (info) {
        env.source = info->source;
        env.request_id = info->request_id;
    }
    if (authenticate(set, info, body, len, &env.who, &err) != CAT_OK)
        goto fail;
    if (target == NULL || strncmp(target, PREFIX, sizeof(PREFIX) - 1) != 0) {
        srv_error_set(&err, CAT_EUNKNOWNOP,
                      "Missing or malformed X-Amz-Target header; expected "
                      "AWSGlue.<Operation>.");
        goto fail;
    }
    if ((op = ops_find(target + sizeof(PREFIX) - 1)) == NULL ||
        (op->flags & OP_ICEBERG)) { /* the Iceberg front's alone */
        srv_error_set(&err, CAT_EUNKNOWNOP, "Operation %.128s is not supported.",
                      target + sizeof(PREFIX) - 1);
        goto fail;
    }
    resp->operation = op->name;
    if (len == 0) {
        in = json_object(); /* some clients send no body for parameterless calls */
    } else if ((in = jload_body(body, len, &jerr)) == NULL) {
        srv_error_set(&err, CAT_EINVAL, "Malformed request body: %s (at byte %d).", jerr.text,
                      jerr.position);
        goto fail;
    }
    if (ops_run(&env, op, in, &res, &err) != CAT_OK)
        goto fail;
    if (res.page.member)
        set_text(resp, 200, frame_page(&res.page));
    else
        set_json(resp, 200, res.out);
    op_result_release(&res);
    json_decref(in);
    auth_release(set);
    return;
fail:
    json_decref(in);
    auth_release(set);
    glue_error(&err, resp);
}
