/* validate.c -- table-driven checks of Glue requests against the botocore model (model.c). */
#include "ops/validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "ops/model.h"

/* Message layout: PREFIX LEAD " at '" PATH "'" TAIL, all inside srv_error.msg; PATH also in
** srv_error.path (srv_error_set_member()). */
#define PREFIX "1 validation error detected: "
#define PATH_CAP SRV_ERROR_PATH /* rendered member path, NUL included */
#define TAIL_CAP 272            /* text after the path, NUL included */
#define KEY_SHOW 48             /* bytes of a map key shown in a path */

_Static_assert(sizeof(PREFIX "Value null at ''") - 1 + (PATH_CAP - 1) + (TAIL_CAP - 1) <
                   sizeof(((struct srv_error *)0)->msg),
               "validation messages must fit in srv_error.msg");

/* One step of the path from the request root to the value being checked. */
enum seg_kind { SEG_MEMBER, SEG_INDEX, SEG_KEY };

struct seg {
    unsigned char kind; /* enum seg_kind */
    const char *text;   /* SEG_MEMBER: wire name; SEG_KEY: map key (borrowed from the request) */
    size_t n;           /* SEG_KEY: key length in bytes; SEG_INDEX: 0-based list index */
};

struct vctx {
    const struct model *m;
    struct srv_error *err;
    int depth;                           /* segments in use */
    struct seg path[VALIDATE_MAX_DEPTH]; /* one per container level entered */
};

/* ==== Messages ==== */

/* Append map key K (N bytes of valid UTF-8), shortened to KEY_SHOW bytes, controls as '?'. */
static void add_key(struct sbuf *b, const char *k, size_t n)
{
    char tmp[KEY_SHOW + 4];
    size_t i, show = n;

    if (show > KEY_SHOW) {
        show = KEY_SHOW;
        while (show > 0 && ((unsigned char)k[show] & 0xC0) == 0x80)
            show--;
    }
    for (i = 0; i < show; i++)
        tmp[i] = ((unsigned char)k[i] < 0x20 || k[i] == 0x7F) ? '?' : k[i];
    if (show < n) {
        memcpy(tmp + show, "...", 3);
        show += 3;
    }
    sbuf_add(b, tmp, show);
}

/* Copy B's text into OUT (CAP bytes), clipped to fit with "..." (sbuf_clip), and free it. */
static void clip_into(struct sbuf *b, char *out, size_t cap)
{
    sbuf_clip(b, cap - 4);
    snprintf(out, cap, "%s", b->p ? b->p : "");
    free(b->p);
}

/* Render the path as AWS does: lowerCamelCase members joined by '.', list items as
** "N.member" (1-based), map values by their key. */
static void render_path(const struct vctx *c, char *out, size_t cap)
{
    struct sbuf b = {0};
    char num[32];
    int i;

    for (i = 0; i < c->depth; i++) {
        const struct seg *s = &c->path[i];
        if (i > 0)
            sbuf_add(&b, ".", 1);
        switch (s->kind) {
        case SEG_MEMBER:
            num[0] =
                (s->text[0] >= 'A' && s->text[0] <= 'Z') ? (char)(s->text[0] + 32) : s->text[0];
            sbuf_add(&b, num, 1);
            sbuf_adds(&b, s->text + 1);
            break;
        case SEG_INDEX:
            snprintf(num, sizeof(num), "%zu.member", s->n + 1);
            sbuf_adds(&b, num);
            break;
        default:
            add_key(&b, s->text, s->n);
            break;
        }
    }
    clip_into(&b, out, cap);
}

/* The error HEAD " at '<path>'" TAIL, with the path in the error record too. */
static int report(const struct vctx *c, const char *head, const char *tail)
{
    char path[PATH_CAP];

    render_path(c, path, sizeof(path));
    return srv_error_set_member(c->err, CAT_EINVAL, head, path, tail);
}

static int fail_null(const struct vctx *c)
{
    return report(c, PREFIX "Value null", " failed to satisfy constraint: Member must not be null");
}

/* Type mismatch: "Value at 'x' must be WHAT". */
static int fail_type(const struct vctx *c, const char *what)
{
    char tail[TAIL_CAP];

    snprintf(tail, sizeof(tail), " must be %s", what);
    return report(c, PREFIX "Value", tail);
}

/* Constraint violation; MAP_KEY wraps it as AWS does for the keys of a map. */
__attribute__((format(printf, 3, 4))) static int fail_constraint(const struct vctx *c, int map_key,
                                                                 const char *fmt, ...)
{
    char what[TAIL_CAP - 72], tail[TAIL_CAP];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(tail, sizeof(tail), " failed to satisfy constraint: %s%s%s",
             map_key ? "Map keys must satisfy constraint: [" : "", what, map_key ? "]" : "");
    return report(c, PREFIX "Value", tail);
}

/* ==== Patterns ==== */

/* Code points in S (valid UTF-8): the bytes that are not continuation bytes. */
static size_t utf8_count(const unsigned char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++)
        n += (s[i] & 0xC0) != 0x80;
    return n;
}

/* P1 (MULTI = 0) and P2 (MULTI = 1): no C0 control but TAB (P2: also CR, LF), no U+FFFE/FFFF. */
static int match_text(const unsigned char *s, size_t len, int multi)
{
    size_t i = 0;

    while (i < len) {
        long cp;
        if (s[i] < 0x80) {
            if (s[i] < 0x20 && s[i] != '\t' && !(multi && (s[i] == '\n' || s[i] == '\r')))
                return 0;
            i++;
            continue;
        }
        cp = util_utf8_decode(s, len, &i);
        if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
            return 0;
    }
    return 1;
}

static int match_uuid(const unsigned char *s, size_t len)
{
    size_t i;

    if (len != 36)
        return 0;
    for (i = 0; i < len; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

/* 1 when S[I..] starts with the literal LIT. */
static int has_at(const unsigned char *s, size_t len, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    return len - i >= n && memcmp(s + i, lit, n) == 0;
}

/* arn:aws(-(cn|us-gov|iso(-[bef])?))?:glue:.*  ('.' is any code point but a Java line
** terminator: LF, CR, U+0085, U+2028, U+2029). */
static int match_glue_arn(const unsigned char *s, size_t len)
{
    size_t i = 7;

    if (!has_at(s, len, 0, "arn:aws"))
        return 0;
    if (has_at(s, len, i, "-cn")) {
        i += 3;
    } else if (has_at(s, len, i, "-us-gov")) {
        i += 7;
    } else if (has_at(s, len, i, "-iso")) {
        i += 4;
        if (has_at(s, len, i, "-b") || has_at(s, len, i, "-e") || has_at(s, len, i, "-f"))
            i += 2;
    }
    if (!has_at(s, len, i, ":glue:"))
        return 0;
    i += 6;
    while (i < len) {
        long cp = util_utf8_decode(s, len, &i);
        if (cp < 0 || cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            return 0;
    }
    return 1;
}

/* [class]* or [class]+: every code point of S in one of P's ranges. */
static int match_charset(const struct model *m, const struct model_pattern *p,
                         const unsigned char *s, size_t len)
{
    const struct model_range *r = m->ranges + p->first, *end = r + p->count;
    size_t i = 0;

    if (p->min_one && len == 0)
        return 0;
    while (i < len) {
        const struct model_range *q;
        long cp = util_utf8_decode(s, len, &i);
        if (cp < 0)
            return 0;
        for (q = r; q < end; q++)
            if ((unsigned long)cp >= q->lo && (unsigned long)cp <= q->hi)
                break;
        if (q == end)
            return 0;
    }
    return 1;
}

static int match_pattern(const struct model *m, const struct model_pattern *p, const char *str,
                         size_t len)
{
    const unsigned char *s = (const unsigned char *)str;

    switch (p->check) {
    case MODEL_PAT_SINGLE_LINE:
        return match_text(s, len, 0);
    case MODEL_PAT_MULTI_LINE:
        return match_text(s, len, 1);
    case MODEL_PAT_UUID:
        return match_uuid(s, len);
    case MODEL_PAT_GLUE_ARN:
        return match_glue_arn(s, len);
    case MODEL_PAT_CHARSET:
        return match_charset(m, p, s, len);
    default:
        return 1;
    }
}

/* ==== Scalars ==== */

/* Length (code points), pattern and enum of string S (LEN bytes). MAP_KEY: S is a map key. */
static int check_string(const struct vctx *c, const struct model_shape *sh, const char *s,
                        size_t len, int map_key)
{
    const unsigned char *u = (const unsigned char *)s;
    long long n = (long long)len; /* bytes: an upper bound of the code points */
    size_t i;

    if ((sh->flags & MODEL_HAS_MAX) && n > sh->max)
        n = (long long)utf8_count(u, len);
    else if ((sh->flags & MODEL_HAS_MIN) && n >= sh->min && (long long)((len + 3) / 4) < sh->min)
        n = (long long)utf8_count(u, len);
    if ((sh->flags & MODEL_HAS_MAX) && n > sh->max)
        return fail_constraint(c, map_key, "Member must have length less than or equal to %lld",
                               sh->max);
    if ((sh->flags & MODEL_HAS_MIN) && n < sh->min)
        return fail_constraint(c, map_key, "Member must have length greater than or equal to %lld",
                               sh->min);
    if (sh->pattern != 0) {
        const struct model_pattern *p = &c->m->patterns[sh->pattern];
        if (!match_pattern(c->m, p, s, len))
            return fail_constraint(c, map_key, "Member must satisfy regular expression pattern: %s",
                                   p->text);
    }
    if (sh->b > 0) {
        const char *const *v = c->m->enum_values + sh->a;
        char set[TAIL_CAP - 120];
        struct sbuf b = {0};

        for (i = 0; i < sh->b; i++)
            if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
                return CAT_OK;
        for (i = 0; i < sh->b; i++) {
            if (i > 0)
                sbuf_add(&b, ", ", 2);
            sbuf_adds(&b, v[i]);
        }
        clip_into(&b, set, sizeof(set));
        return fail_constraint(c, map_key, "Member must satisfy enum value set: [%s]", set);
    }
    return CAT_OK;
}

static int check_range(const struct vctx *c, const struct model_shape *sh, long long v)
{
    if ((sh->flags & MODEL_HAS_MIN) && v < sh->min)
        return fail_constraint(c, 0, "Member must have value greater than or equal to %lld",
                               sh->min);
    if ((sh->flags & MODEL_HAS_MAX) && v > sh->max)
        return fail_constraint(c, 0, "Member must have value less than or equal to %lld", sh->max);
    return CAT_OK;
}

/* Double or float: a JSON number or "NaN", "Infinity", "-Infinity". NaN passes any range. */
static int check_double(const struct vctx *c, const struct model_shape *sh, const json_t *v)
{
    double d;

    if (json_is_number(v)) {
        d = json_number_value(v);
    } else if (json_is_string(v) && strcmp(json_string_value(v), "NaN") == 0) {
        return CAT_OK;
    } else if (json_is_string(v) && strcmp(json_string_value(v), "Infinity") == 0) {
        d = HUGE_VAL;
    } else if (json_is_string(v) && strcmp(json_string_value(v), "-Infinity") == 0) {
        d = -HUGE_VAL;
    } else {
        return fail_type(c, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")");
    }
    if ((sh->flags & MODEL_HAS_MIN) && d < (double)sh->min)
        return fail_constraint(c, 0, "Member must have value greater than or equal to %lld",
                               sh->min);
    if ((sh->flags & MODEL_HAS_MAX) && d > (double)sh->max)
        return fail_constraint(c, 0, "Member must have value less than or equal to %lld", sh->max);
    return CAT_OK;
}

static int b64_char(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '+' || ch == '/';
}

/* Standard base64, padded or not; on success *OUT is the decoded length. */
static int base64_ok(const char *s, size_t len, size_t *out)
{
    size_t i, pad = 0, data;

    while (pad < 2 && len - pad > 0 && s[len - pad - 1] == '=')
        pad++;
    data = len - pad;
    if (pad > 0 ? len % 4 != 0 : data % 4 == 1)
        return 0;
    for (i = 0; i < data; i++)
        if (!b64_char((unsigned char)s[i]))
            return 0;
    *out = data / 4 * 3 + (data % 4 == 0 ? 0 : data % 4 - 1);
    return 1;
}

static int check_blob(const struct vctx *c, const struct model_shape *sh, const json_t *v)
{
    size_t n;

    if (!json_is_string(v) || !base64_ok(json_string_value(v), json_string_length(v), &n))
        return fail_type(c, "a base64-encoded string");
    if ((sh->flags & MODEL_HAS_MAX) && (long long)n > sh->max)
        return fail_constraint(c, 0, "Member must have length less than or equal to %lld", sh->max);
    if ((sh->flags & MODEL_HAS_MIN) && (long long)n < sh->min)
        return fail_constraint(c, 0, "Member must have length greater than or equal to %lld",
                               sh->min);
    return CAT_OK;
}

/* ==== Containers ==== */

static int check_value(struct vctx *c, unsigned shape, const json_t *v);

static int check_size(const struct vctx *c, const struct model_shape *sh, size_t n)
{
    if ((sh->flags & MODEL_HAS_MAX) && (long long)n > sh->max)
        return fail_constraint(c, 0, "Member must have length less than or equal to %lld", sh->max);
    if ((sh->flags & MODEL_HAS_MIN) && (long long)n < sh->min)
        return fail_constraint(c, 0, "Member must have length greater than or equal to %lld",
                               sh->min);
    return CAT_OK;
}

/* Check child V at a new path step; null is "must not be null" (lists, maps, required). */
static int check_child(struct vctx *c, unsigned char kind, const char *text, size_t n,
                       unsigned shape, const json_t *v)
{
    struct seg *s = &c->path[c->depth++];
    int rc;

    s->kind = kind;
    s->text = text;
    s->n = n;
    rc = json_is_null(v) ? fail_null(c) : check_value(c, shape, v);
    c->depth--;
    return rc;
}

static int check_struct(struct vctx *c, const struct model_shape *sh, const json_t *v)
{
    const struct model_member *mb = c->m->members + sh->a, *end = mb + sh->b;
    int rc;

    for (; mb < end; mb++) {
        const json_t *mv = json_object_get(v, mb->name);
        if (mv == NULL || json_is_null(mv)) { /* absent; null counts as absent */
            if (!mb->required)
                continue;
            mv = json_null();
        }
        if ((rc = check_child(c, SEG_MEMBER, mb->name, 0, mb->shape, mv)) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

static int check_list(struct vctx *c, const struct model_shape *sh, const json_t *v)
{
    size_t i, n = json_array_size(v);
    int rc;

    if ((rc = check_size(c, sh, n)) != CAT_OK)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = check_child(c, SEG_INDEX, NULL, i, sh->a, json_array_get(v, i))) != CAT_OK)
            return rc;
    return CAT_OK;
}

static int check_map(struct vctx *c, const struct model_shape *sh, const json_t *v)
{
    const struct model_shape *ksh = &c->m->shapes[sh->a];
    json_t *obj = (json_t *)v; /* jansson's iterators take non-const; read only */
    void *it;
    int rc;

    if ((rc = check_size(c, sh, json_object_size(v))) != CAT_OK)
        return rc;
    for (it = json_object_iter(obj); it != NULL; it = json_object_iter_next(obj, it)) {
        const char *key = json_object_iter_key(it);
        size_t klen = json_object_iter_key_len(it);
        if (ksh->kind == MODEL_STRING && (rc = check_string(c, ksh, key, klen, 1)) != CAT_OK)
            return rc;
        if ((rc = check_child(c, SEG_KEY, key, klen, sh->b, json_object_iter_value(it))) != CAT_OK)
            return rc;
    }
    return CAT_OK;
}

/* Check non-null V against shape SHAPE; the path to V is c->path. */
static int check_value(struct vctx *c, unsigned shape, const json_t *v)
{
    const struct model_shape *sh = &c->m->shapes[shape];

    switch (sh->kind) {
    case MODEL_STRUCTURE:
    case MODEL_LIST:
    case MODEL_MAP:
        if (sh->kind == MODEL_LIST ? !json_is_array(v) : !json_is_object(v))
            return fail_type(c, sh->kind == MODEL_STRUCTURE ? "a structure (JSON object)"
                                : sh->kind == MODEL_LIST    ? "a list (JSON array)"
                                                            : "a map (JSON object)");
        if (c->depth >= VALIDATE_MAX_DEPTH)
            return fail_constraint(c, 0, "Member must not be nested more than %d levels deep",
                                   VALIDATE_MAX_DEPTH);
        if (sh->kind == MODEL_STRUCTURE)
            return check_struct(c, sh, v);
        return sh->kind == MODEL_LIST ? check_list(c, sh, v) : check_map(c, sh, v);
    case MODEL_STRING:
        if (!json_is_string(v))
            return fail_type(c, "a string");
        return check_string(c, sh, json_string_value(v), json_string_length(v), 0);
    case MODEL_INTEGER:
    case MODEL_LONG: {
        json_int_t i;
        if (!json_is_integer(v))
            return fail_type(c, "an integer");
        i = json_integer_value(v);
        if (sh->kind == MODEL_INTEGER && i > INT32_MAX)
            return fail_constraint(c, 0, "Member must have value less than or equal to %lld",
                                   (long long)INT32_MAX);
        if (sh->kind == MODEL_INTEGER && i < INT32_MIN)
            return fail_constraint(c, 0, "Member must have value greater than or equal to %lld",
                                   (long long)INT32_MIN);
        return check_range(c, sh, (long long)i);
    }
    case MODEL_BOOLEAN:
        return json_is_boolean(v) ? CAT_OK : fail_type(c, "a boolean");
    case MODEL_DOUBLE:
    case MODEL_FLOAT:
        return check_double(c, sh, v);
    case MODEL_TIMESTAMP:
        /* Epoch seconds within years 1..9999, the range every SDK can turn into a date. */
        return json_is_number(v) && json_number_value(v) >= -62135596800.0 &&
                       json_number_value(v) <= 253402300799.0
                   ? CAT_OK
                   : fail_type(c, "a timestamp (epoch seconds as a number, years 1 to 9999)");
    case MODEL_BLOB:
        return check_blob(c, sh, v);
    default: /* MODEL_DOCUMENT: any JSON value */
        return CAT_OK;
    }
}

/* ==== Pruning ==== */

/* The member of structure shape SH named KEY, or NULL. */
static const struct model_member *find_member(const struct model *m, const struct model_shape *sh,
                                              const char *key)
{
    const struct model_member *mb = m->members + sh->a, *end = mb + sh->b;

    for (; mb < end; mb++)
        if (strcmp(mb->name, key) == 0)
            return mb;
    return NULL;
}

/* Remove from V every member shape SHAPE does not define; DEPTH containers lie above V. */
static void prune_value(const struct model *m, unsigned shape, json_t *v, int depth)
{
    const struct model_shape *sh = &m->shapes[shape];
    const struct model_member *mb;
    const char *key;
    json_t *mv;
    void *tmp;
    size_t i;

    if (depth >= VALIDATE_MAX_DEPTH) /* validate_input() refuses anything deeper */
        return;
    switch (sh->kind) {
    case MODEL_STRUCTURE:
        if (!json_is_object(v))
            return;
        json_object_foreach_safe(v, tmp, key, mv) {
            if ((mb = find_member(m, sh, key)) == NULL)
                json_object_del(v, key);
            else
                prune_value(m, mb->shape, mv, depth + 1);
        }
        return;
    case MODEL_LIST:
        for (i = 0; i < json_array_size(v); i++)
            prune_value(m, sh->a, json_array_get(v, i), depth + 1);
        return;
    case MODEL_MAP:
        if (!json_is_object(v))
            return;
        json_object_foreach(v, key, mv)
            prune_value(m, sh->b, mv, depth + 1);
        return;
    default: /* scalars; a document is any JSON value, kept whole */
        return;
    }
}

/* The first member under V (of SHAPE) the model lacks: its path appended to PATH at LEN. */
static int unknown_in(const struct model *m, unsigned shape, const json_t *v, char *path, size_t n,
                      size_t len, int depth)
{
    const struct model_shape *sh = &m->shapes[shape];
    const struct model_member *mb;
    const char *key;
    json_t *mv;
    size_t i;
    int w;
    if (depth >= VALIDATE_MAX_DEPTH || len >= n)
        return 0;
    if (sh->kind == MODEL_STRUCTURE && json_is_object(v)) {
        json_object_foreach((json_t *)v, key, mv) {
            w = snprintf(path + len, n - len, "%s%s", len ? "." : "", key);
            if ((mb = find_member(m, sh, key)) == NULL)
                return 1;
            if (w > 0 && unknown_in(m, mb->shape, mv, path, n, len + (size_t)w, depth + 1))
                return 1;
        }
    } else if (sh->kind == MODEL_LIST && json_is_array(v)) {
        for (i = 0; i < json_array_size(v); i++) {
            w = snprintf(path + len, n - len, "[%zu]", i);
            if (w > 0 &&
                unknown_in(m, sh->a, json_array_get(v, i), path, n, len + (size_t)w, depth + 1))
                return 1;
        }
    } else if (sh->kind == MODEL_MAP && json_is_object(v)) {
        json_object_foreach((json_t *)v, key, mv) {
            w = snprintf(path + len, n - len, "%s%s", len ? "." : "", key);
            if (w > 0 && unknown_in(m, sh->b, mv, path, n, len + (size_t)w, depth + 1))
                return 1;
        }
    }
    if (len < n)
        path[len] = '\0';
    return 0;
}

/* ==== Entry points ==== */

static int op_cmp(const void *key, const void *row)
{
    return strcmp((const char *)key, ((const struct model_op *)row)->name);
}

static const struct model_op *find_op(const struct model *m, const char *op)
{
    if (op == NULL)
        return NULL;
    return bsearch(op, m->ops, m->n_ops, sizeof(m->ops[0]), op_cmp);
}

int validate_input_model(const struct model *m, const char *op, const json_t *in,
                         struct srv_error *err)
{
    const struct model_op *o = find_op(m, op);
    struct vctx c;

    if (o == NULL) {
        char name[68];
        size_t i;
        for (i = 0; op != NULL && op[i] != '\0' && i < 64; i++)
            name[i] = ((unsigned char)op[i] < 0x20 || (unsigned char)op[i] > 0x7E) ? '?' : op[i];
        name[i] = '\0';
        return srv_error_set(err, CAT_EUNKNOWNOP, "Unknown operation: %s%s", name,
                             op != NULL && op[i] != '\0' ? "..." : "");
    }
    if (in == NULL || !json_is_object(in))
        return srv_error_set(err, CAT_EINVAL, PREFIX "Request body must be a JSON object");
    c.m = m;
    c.err = err;
    c.depth = 0;
    return check_value(&c, o->input, in);
}

int validate_prune_model(const struct model *m, const char *op, json_t *in)
{
    const struct model_op *o = find_op(m, op);

    if (o == NULL)
        return CAT_EUNKNOWNOP;
    if (!json_is_object(in))
        return CAT_EINVAL;
    prune_value(m, o->input, in, 0);
    return CAT_OK;
}

int validate_unknown(const char *op, const char *member, const json_t *v, char *path, size_t n)
{
    const struct model_op *o = find_op(&model_glue, op);
    unsigned shape;
    if (o == NULL || n == 0)
        return 0;
    shape = o->input;
    path[0] = '\0';
    if (member) {
        const struct model_member *mb = find_member(&model_glue, &model_glue.shapes[shape], member);
        if (mb == NULL)
            return 0;
        shape = mb->shape;
    }
    return unknown_in(&model_glue, shape, v, path, n, 0, 0);
}

int validate_prune(const char *op, json_t *in)
{
    return validate_prune_model(&model_glue, op, in);
}

int validate_input(const char *op, const json_t *in, struct srv_error *err)
{
    return validate_input_model(&model_glue, op, in, err);
}

int validate_known_op(const char *op)
{
    return find_op(&model_glue, op) != NULL;
}
