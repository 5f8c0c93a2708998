/* pexpr.c -- GetPartitions Expression compiler: text -> SQL WHERE over k0..kN + binds (SQLite, or
** PostgreSQL over kn0../ks0..); pure C.
**
** One pass: an on-demand lexer feeds a recursive-descent parser (recursion only per nested
** parenthesis, capped at PEXPR_MAX_DEPTH) that appends SQL as it goes.  Literal texts collect in
** an arena by offset; the bind array is built at the end, in one block with a copy of the arena,
** so every PV_TEXT pointer stays valid until pexpr_sql_release(). */
#include "lang/pexpr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---------------------------------------------------------------- buffers */

/* A growable byte buffer; after a failed allocation it stays put and OOM is set. */
struct dbuf {
    char *p;
    size_t len, cap;
    int oom;
};

static int dbuf_reserve(struct dbuf *d, size_t n)
{
    size_t cap;
    char *np;
    if (d->oom)
        return -1;
    if (d->len + n + 1 <= d->cap)
        return 0;
    cap = d->cap ? d->cap : 64;
    while (cap < d->len + n + 1)
        cap *= 2;
    if ((np = realloc(d->p, cap)) == NULL) {
        d->oom = 1;
        return -1;
    }
    d->p = np;
    d->cap = cap;
    return 0;
}

static void dbuf_add(struct dbuf *d, const char *s, size_t n)
{
    if (dbuf_reserve(d, n) != 0)
        return;
    memcpy(d->p + d->len, s, n);
    d->len += n;
    d->p[d->len] = '\0';
}

static void dbuf_str(struct dbuf *d, const char *s)
{
    dbuf_add(d, s, strlen(s));
}

/* Insert N bytes of S at offset AT. */
static void dbuf_insert(struct dbuf *d, size_t at, const char *s, size_t n)
{
    if (dbuf_reserve(d, n) != 0)
        return;
    memmove(d->p + at + n, d->p + at, d->len - at + 1);
    memcpy(d->p + at, s, n);
    d->len += n;
}

static void dbuf_printf(struct dbuf *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void dbuf_printf(struct dbuf *d, const char *fmt, ...)
{
    char tmp[64]; /* only column names and parameter numbers go through here */
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n > 0)
        dbuf_add(d, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* ---------------------------------------------------------------- lexer */

enum tok_type {
    T_END,
    T_ERROR, /* sub: ERR_* */
    T_LPAREN,
    T_RPAREN,
    T_COMMA,
    T_OP,       /* sub: enum op */
    T_IDENT,    /* plain column name */
    T_QIDENT,   /* `quoted` column name */
    T_STRING,   /* 'text' or "text" */
    T_NUMBER,   /* vend: end of the number without a Hive suffix */
    T_BAREDATE, /* 2020-01-01 [10:00:00[.f]] */
    T_TYPED,    /* DATE '..' / TIMESTAMP '..'; sub: PT_DATE or PT_TIMESTAMP; vstart: the quote */
    T_AND,
    T_OR,
    T_NOT,
    T_IN,
    T_BETWEEN,
    T_LIKE,
    T_IS,
    T_NULL,
    T_TRUE,
    T_FALSE
};

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };
enum { ERR_CHAR, ERR_STRING, ERR_QIDENT };

struct token {
    enum tok_type type;
    int sub;
    size_t start, end; /* byte span in the expression */
    size_t vstart;     /* T_TYPED: offset of the opening quote */
    size_t vend;       /* T_NUMBER: end of the digits (a Hive suffix may follow) */
};

static const struct {
    const char *word;
    enum tok_type type;
} keywords[] = {
    {"and", T_AND},   {"or", T_OR}, {"not", T_NOT},   {"in", T_IN},     {"between", T_BETWEEN},
    {"like", T_LIKE}, {"is", T_IS}, {"null", T_NULL}, {"true", T_TRUE}, {"false", T_FALSE},
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* End of the quoted text opening at S[Q] (with quote character S[Q]), or 0 if unterminated.
** The quote doubles to escape itself; a backslash escapes the next byte (not for `). */
static size_t quoted_end(const char *s, size_t q)
{
    char c = s[q];
    size_t i = q + 1;
    for (;;) {
        if (s[i] == '\0')
            return 0;
        if (s[i] == c) {
            if (s[i + 1] != c)
                return i + 1;
            i += 2;
        } else if (s[i] == '\\' && c != '`' && s[i + 1] != '\0') {
            i += 2;
        } else {
            i++;
        }
    }
}

/* Number of digits at S (at most 9, enough to classify). */
static size_t ndigits(const char *s)
{
    size_t n = 0;
    while (n < 9 && is_digit((unsigned char)s[n]))
        n++;
    return n;
}

/* Length of the bare date (or timestamp) at S, or 0: DDDD-DD-DD [( |T)DD:DD[:DD[.D+]]]. */
static size_t bare_date(const char *s)
{
    size_t n;
    if (ndigits(s) != 4 || s[4] != '-' || ndigits(s + 5) != 2 || s[7] != '-' || ndigits(s + 8) != 2)
        return 0;
    n = 10;
    if ((s[n] == ' ' || s[n] == 'T') && ndigits(s + n + 1) == 2 && s[n + 3] == ':' &&
        ndigits(s + n + 4) == 2) {
        n += 6;
        if (s[n] == ':' && ndigits(s + n + 1) == 2) {
            n += 3;
            if (s[n] == '.' && is_digit((unsigned char)s[n + 1])) {
                n++;
                while (is_digit((unsigned char)s[n]))
                    n++;
            }
        }
    }
    if (is_alpha((unsigned char)s[n]) || is_digit((unsigned char)s[n]) || s[n] == '.' ||
        s[n] == ':' || s[n] == '-')
        return 0;
    return n;
}

/* The punctuation, operator or quoted token at S[POS] into *T (T->start and T->end preset for
** one byte).  0 when S[POS] starts none of them. */
static int lex_punct(const char *s, size_t pos, struct token *t)
{
    unsigned char c = (unsigned char)s[pos];
    switch (c) {
    case '\0':
        t->type = T_END;
        t->end = pos;
        return 1;
    case '(':
        t->type = T_LPAREN;
        return 1;
    case ')':
        t->type = T_RPAREN;
        return 1;
    case ',':
        t->type = T_COMMA;
        return 1;
    case '=':
        t->type = T_OP, t->sub = OP_EQ;
        return 1;
    case '<':
        t->type = T_OP, t->sub = OP_LT;
        if (s[pos + 1] == '=')
            t->sub = OP_LE, t->end++;
        else if (s[pos + 1] == '>')
            t->sub = OP_NE, t->end++;
        return 1;
    case '>':
        t->type = T_OP, t->sub = OP_GT;
        if (s[pos + 1] == '=')
            t->sub = OP_GE, t->end++;
        return 1;
    case '!':
        if (s[pos + 1] != '=')
            return 0;
        t->type = T_OP, t->sub = OP_NE, t->end++;
        return 1;
    case '\'':
    case '"':
    case '`':
        if ((t->end = quoted_end(s, pos)) == 0) {
            t->type = T_ERROR, t->sub = c == '`' ? ERR_QIDENT : ERR_STRING;
            t->end = pos + 1;
        } else {
            t->type = c == '`' ? T_QIDENT : T_STRING;
        }
        return 1;
    default:
        return 0;
    }
}

/* The word at S[POS] (a letter) into *T: an identifier, a keyword, or DATE / TIMESTAMP with
** the quoted string that follows (a typed literal). */
static void lex_word(const char *s, size_t pos, struct token *t)
{
    size_t i, n;
    for (i = pos + 1; is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]); i++)
        ;
    t->type = T_IDENT;
    t->end = i;
    for (n = 0; n < sizeof(keywords) / sizeof(keywords[0]); n++)
        if (util_word_eq(s + pos, i - pos, keywords[n].word))
            t->type = keywords[n].type;
    if (util_word_eq(s + pos, i - pos, "date") || util_word_eq(s + pos, i - pos, "timestamp")) {
        size_t q = i; /* a typed literal when a quoted string follows */
        while (is_space((unsigned char)s[q]))
            q++;
        if (s[q] == '\'' || s[q] == '"') {
            t->sub = i - pos == 4 ? PT_DATE : PT_TIMESTAMP;
            t->vstart = q;
            if ((t->end = quoted_end(s, q)) == 0) {
                t->type = T_ERROR, t->sub = ERR_STRING;
                t->start = q, t->end = q + 1;
            } else {
                t->type = T_TYPED;
            }
        }
    }
}

/* The number at S[POS] (sign, digits, fraction, exponent, a Hive 3 suffix) into *T.  0 when
** there is none. */
static int lex_number(const char *s, size_t pos, struct token *t)
{
    size_t i = pos, n;
    if (s[i] == '-')
        i++;
    if (!is_digit((unsigned char)s[i]) && !(s[i] == '.' && is_digit((unsigned char)s[i + 1])))
        return 0;
    while (is_digit((unsigned char)s[i]))
        i++;
    if (s[i] == '.') {
        i++;
        while (is_digit((unsigned char)s[i]))
            i++;
    }
    if (lower((unsigned char)s[i]) == 'e') {
        n = i + 1;
        if (s[n] == '+' || s[n] == '-')
            n++;
        if (is_digit((unsigned char)s[n])) {
            while (is_digit((unsigned char)s[n]))
                n++;
            i = n;
        }
    }
    t->type = T_NUMBER;
    t->vend = i;
    /* Hive 3 literal suffixes (10L, 0D, 300Y, 1S, 3BD) */
    n = 0;
    if (lower((unsigned char)s[i]) == 'b' && lower((unsigned char)s[i + 1]) == 'd')
        n = 2;
    else if (s[i] != '\0' && strchr("lsyd", lower((unsigned char)s[i])) != NULL)
        n = 1;
    if (n > 0 && !is_alpha((unsigned char)s[i + n]) && !is_digit((unsigned char)s[i + n]))
        i += n;
    t->end = i;
    return 1;
}

/* Read the token at or after byte offset POS of S into *T. */
static void lex(const char *s, size_t pos, struct token *t)
{
    size_t n;
    unsigned char c;

    while (is_space((unsigned char)s[pos]))
        pos++;
    memset(t, 0, sizeof(*t));
    t->start = pos;
    t->end = pos + 1;
    c = (unsigned char)s[pos];
    if (lex_punct(s, pos, t))
        return;
    if (is_alpha(c)) {
        lex_word(s, pos, t);
        return;
    }
    if (is_digit(c) && (n = bare_date(s + pos)) > 0) {
        t->type = T_BAREDATE;
        t->end = pos + n;
        return;
    }
    if (lex_number(s, pos, t))
        return;
    /* anything else: one (UTF-8) character */
    t->type = T_ERROR, t->sub = ERR_CHAR;
    for (n = 1; n < 4 && ((unsigned char)s[pos + n] & 0xC0) == 0x80; n++)
        ;
    t->end = pos + (c >= 0x80 ? n : 1);
}

/* ---------------------------------------------------------------- parser */

/* A literal's text waiting to become binds[j]: arena[off .. off+len) read as type T. */
struct pending {
    size_t off, len;
    enum ptype t;
};

struct parser {
    const char *s;
    const struct pexpr_key *keys;
    int nkeys;
    int first_param;
    int pg;               /* PostgreSQL dialect (pexpr_compile_pg) */
    struct token tok;     /* the current token */
    int depth;            /* open parentheses */
    int nlits;            /* literals seen */
    size_t wrapped;       /* SQL offset of the last "(...)" chain emitted, to end of SQL */
    struct dbuf sql;      /* owned: the WHERE text */
    struct dbuf arena;    /* owned: literal texts */
    struct pending *pend; /* owned */
    int npend, cappend;
    struct srv_error *err;
};

/* An operand of a predicate: a column (KEY >= 0) or a literal (KEY < 0, token TOK). */
struct operand {
    int key;
    struct token tok;
};

static void advance(struct parser *p)
{
    lex(p->s, p->tok.end, &p->tok);
}

/* 1-based character position of byte offset OFF. */
static int char_pos(const char *s, size_t off)
{
    size_t i;
    int n = 1;
    for (i = 0; i < off; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static int fail(struct parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, size_t off, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    srv_error_set(p->err, CAT_EINVAL, "%s at position %d.", msg, char_pos(p->s, off));
    p->err->offset = (int)off;
    return CAT_EINVAL;
}

static int nomem(struct parser *p)
{
    srv_error_set(p->err, CAT_ENOMEM, "out of memory");
    return CAT_ENOMEM;
}

/* Length of T's text to quote in a message (at most 40 bytes, not cutting a UTF-8 character). */
static int shown(const struct parser *p, const struct token *t)
{
    size_t n = t->end - t->start;
    if (n <= 40)
        return (int)n;
    n = 40;
    while (n > 0 && ((unsigned char)p->s[t->start + n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* "Unsupported expression: expected WHAT but found <the current token>". */
static int unexpected(struct parser *p, const char *what)
{
    const struct token *t = &p->tok;
    const char *txt = p->s + t->start;
    int n = shown(p, t);
    const char *more = (size_t)n < t->end - t->start ? "..." : "";

    if (t->type == T_ERROR && t->sub == ERR_STRING)
        return fail(p, t->start, "Unsupported expression: unterminated string");
    if (t->type == T_ERROR && t->sub == ERR_QIDENT)
        return fail(p, t->start, "Unsupported expression: unterminated quoted column name");
    if (t->type == T_ERROR)
        return fail(p, t->start, "Unsupported expression: unexpected character '%.*s'", n, txt);
    if (t->type == T_END)
        return fail(p, t->start, "Unsupported expression: expected %s but found end of expression",
                    what);
    if (t->type == T_STRING || t->type == T_TYPED) /* already quoted */
        return fail(p, t->start, "Unsupported expression: expected %s but found %.*s%s", what, n,
                    txt, more);
    return fail(p, t->start, "Unsupported expression: expected %s but found '%.*s%s'", what, n, txt,
                more);
}

static int is_literal(enum tok_type t)
{
    return t == T_STRING || t == T_NUMBER || t == T_BAREDATE || t == T_TYPED || t == T_TRUE ||
           t == T_FALSE;
}

/* Append the unescaped content of the quoted text S[q .. end) to D. */
static void unquote(struct dbuf *d, const char *s, size_t q, size_t end)
{
    char c = s[q];
    size_t i = q + 1, run = i;
    end--; /* the closing quote */
    while (i < end) {
        if (s[i] == c) { /* doubled quote */
            dbuf_add(d, s + run, i + 1 - run);
            i += 2;
            run = i;
        } else if (s[i] == '\\' && c != '`' &&
                   (s[i + 1] == '\'' || s[i + 1] == '"' || s[i + 1] == '\\')) {
            dbuf_add(d, s + run, i - run);
            dbuf_add(d, s + i + 1, 1);
            i += 2;
            run = i;
        } else if (s[i] == '\\' && c != '`') {
            i += 2; /* other backslash sequences stay as written */
        } else {
            i++;
        }
    }
    dbuf_add(d, s + run, end - run);
}

/* The key named by column token T, or -1 with the error set. */
static int find_key(struct parser *p, const struct token *t)
{
    struct dbuf name = {0};
    const char *n;
    size_t len;
    int i, k = -1;

    if (t->type == T_QIDENT) {
        unquote(&name, p->s, t->start, t->end);
        if (name.oom) {
            nomem(p);
            goto done;
        }
        n = name.p ? name.p : "";
        len = name.len;
    } else {
        n = p->s + t->start;
        len = t->end - t->start;
    }
    for (i = 0; i < p->nkeys && k < 0; i++) {
        const char *kn = p->keys[i].name;
        size_t j;
        if (kn == NULL || strlen(kn) != len)
            continue;
        for (j = 0; j < len && lower((unsigned char)kn[j]) == lower((unsigned char)n[j]); j++)
            ;
        if (j == len)
            k = i;
    }
    if (k < 0)
        fail(p, t->start, "Invalid partition expression: unknown column '%.*s'",
             len > 100 ? 100 : (int)len, n);
done:
    free(name.p);
    return k;
}

/* Parse an operand: a column or a literal, possibly in parentheses. */
static int parse_operand(struct parser *p, struct operand *o)
{
    int k = 0, i;
    while (p->tok.type == T_LPAREN) {
        if (p->depth + k >= PEXPR_MAX_DEPTH)
            return fail(p, p->tok.start, "Unsupported expression: more than %d nested parentheses",
                        PEXPR_MAX_DEPTH);
        k++;
        advance(p);
    }
    o->tok = p->tok;
    o->key = -1;
    if (p->tok.type == T_IDENT || p->tok.type == T_QIDENT) {
        if ((o->key = find_key(p, &p->tok)) < 0)
            return p->err->code;
    } else if (!is_literal(p->tok.type)) {
        return unexpected(p, "a column or literal");
    }
    advance(p);
    for (i = 0; i < k; i++) {
        if (p->tok.type != T_RPAREN)
            return unexpected(p, "')'");
        advance(p);
    }
    return CAT_OK;
}

/* Append literal T's text (as written, unescaped; typed literals canonical) to the arena at *OFF,
** *LEN bytes. */
static int literal_text(struct parser *p, const struct token *t, size_t *off, size_t *len)
{
    struct pvalue v;

    if (++p->nlits > PEXPR_MAX_LITERALS)
        return fail(p, t->start, "Unsupported expression: more than %d literals",
                    PEXPR_MAX_LITERALS);
    *off = p->arena.len;
    switch (t->type) {
    case T_STRING:
        unquote(&p->arena, p->s, t->start, t->end);
        break;
    case T_NUMBER:
        dbuf_add(&p->arena, p->s + t->start, t->vend - t->start);
        break;
    case T_TYPED:
        unquote(&p->arena, p->s, t->vstart, t->end);
        if (p->arena.oom)
            break;
        if (ptype_value((enum ptype)t->sub, p->arena.p + *off, p->arena.len - *off, &v) != 0) {
            int n = shown(p, t);
            return fail(p, t->start, "Invalid partition expression: %.*s%s is not a valid %s", n,
                        p->s + t->start, (size_t)n < t->end - t->start ? "..." : "",
                        ptype_name((enum ptype)t->sub));
        }
        p->arena.len = *off;
        dbuf_add(&p->arena, v.text, v.len);
        break;
    default: /* bare dates, TRUE, FALSE */
        dbuf_add(&p->arena, p->s + t->start, t->end - t->start);
        break;
    }
    if (p->arena.oom)
        return nomem(p);
    *len = p->arena.len - *off;
    return CAT_OK;
}

/* Emit the SQL column of key KEY: k<KEY>, or on PostgreSQL kn<KEY> / ks<KEY> by its type. */
static void emit_column(struct parser *p, int key)
{
    if (!p->pg)
        dbuf_printf(&p->sql, "k%d", key);
    else
        dbuf_printf(&p->sql, pexpr_pg_numeric(p->keys[key].type) ? "kn%d" : "ks%d", key);
}

/* Queue arena[off..off+len) as the next bind, read as type T; emit its "?N" (PostgreSQL:
** "$N::numeric" or "$N::text"). */
static int push_bind(struct parser *p, size_t off, size_t len, enum ptype t)
{
    if (p->npend == p->cappend) {
        int cap = p->cappend ? p->cappend * 2 : 8;
        struct pending *np = realloc(p->pend, (size_t)cap * sizeof(*np));
        if (np == NULL)
            return nomem(p);
        p->pend = np;
        p->cappend = cap;
    }
    p->pend[p->npend].off = off;
    p->pend[p->npend].len = len;
    p->pend[p->npend].t = t;
    if (!p->pg)
        dbuf_printf(&p->sql, "?%d", p->first_param + p->npend);
    else
        dbuf_printf(&p->sql, pexpr_pg_numeric(t) ? "$%d::numeric" : "$%d::text",
                    p->first_param + p->npend);
    p->npend++;
    return CAT_OK;
}

/* Bind literal T compared with column KEY; emits "?N".  HDP, when not NULL, is set to whether
** the literal is __HIVE_DEFAULT_PARTITION__ on a non-string column (then nothing is emitted). */
static int bind_literal(struct parser *p, int key, const struct token *t, int *hdp)
{
    static const char hive_default[] = "__HIVE_DEFAULT_PARTITION__";
    enum ptype type = p->keys[key].type;
    struct pvalue v;
    size_t off, len;
    int rc;

    if ((rc = literal_text(p, t, &off, &len)) != CAT_OK)
        return rc;
    if (hdp != NULL)
        *hdp = 0;
    /* A quoted string for a timestamp key is a timestamp, 'yyyy-MM-dd HH:mm:ss[.f]', as on
    ** Glue (glue-api.md 4.3): a date alone is not one.  DATE '..' and bare dates are dates,
    ** which compare as their midnight. */
    if ((type != PT_STRING && ptype_value(type, p->arena.p + off, len, &v) != 0) ||
        (type == PT_TIMESTAMP && t->type == T_STRING &&
         memchr(p->arena.p + off, ':', len) == NULL)) {
        int n = shown(p, t);
        if (hdp != NULL && len == sizeof(hive_default) - 1 &&
            memcmp(p->arena.p + off, hive_default, len) == 0) {
            *hdp = 1;
            p->arena.len = off;
            return CAT_OK;
        }
        return fail(
            p, t->start,
            t->type == T_STRING || t->type == T_TYPED
                ? "Invalid partition expression: %.*s%s is not a valid %s for column '%s'"
                : "Invalid partition expression: '%.*s%s' is not a valid %s for column '%s'",
            n, p->s + t->start, (size_t)n < t->end - t->start ? "..." : "", ptype_name(type),
            p->keys[key].name);
    }
    return push_bind(p, off, len, type);
}

/* Parse a literal for column KEY (IN list, BETWEEN bounds) and bind it. */
static int parse_literal(struct parser *p, int key)
{
    struct token t = p->tok;
    if (!is_literal(t.type))
        return unexpected(p, "a literal");
    advance(p);
    return bind_literal(p, key, &t, NULL);
}

/* The column operand O, or an error when it is a literal. */
static int need_column(struct parser *p, const struct operand *o)
{
    if (o->key >= 0)
        return CAT_OK;
    p->tok = o->tok; /* report at the literal */
    return unexpected(p, "a column");
}

static const char *const op_sql[] = {"=", "<>", "<", "<=", ">", ">="};

/* operand cmp operand */
static int parse_comparison(struct parser *p, const struct operand *l)
{
    static const enum op flip[] = {OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT, OP_LE};
    enum op op = (enum op)p->tok.sub;
    struct operand r;
    const struct operand *col, *lit;
    int rc, hdp;

    advance(p);
    if ((rc = parse_operand(p, &r)) != CAT_OK)
        return rc;
    if (l->key >= 0 && r.key < 0) {
        col = l, lit = &r;
    } else if (l->key < 0 && r.key >= 0) {
        col = &r, lit = l, op = flip[op];
    } else {
        p->tok = r.tok; /* report at the right-hand side */
        return unexpected(p, l->key >= 0 ? "a literal" : "a column");
    }
    emit_column(p, col->key);
    dbuf_printf(&p->sql, " %s ", op_sql[op]);
    if ((rc = bind_literal(p, col->key, &lit->tok, op == OP_EQ || op == OP_NE ? &hdp : NULL)) !=
        CAT_OK)
        return rc;
    if ((op == OP_EQ || op == OP_NE) && hdp && !p->sql.oom) {
        /* rewrite "kN = " as "kN IS NULL", "kN <> " as "kN IS NOT NULL" */
        p->sql.len -= strlen(op_sql[op]) + 1;
        dbuf_str(&p->sql, op == OP_EQ ? "IS NULL" : "IS NOT NULL");
    }
    return CAT_OK;
}

/* operand [NOT] LIKE literal, compiled to GLOB; on PostgreSQL to LIKE with its escape
** character, the backslash, escaped (a backslash in the pattern is an ordinary character). */
static int parse_like(struct parser *p, int key, int neg, size_t at)
{
    struct token t;
    size_t off, len, i, goff;
    int rc;

    if (p->keys[key].type != PT_STRING)
        return fail(p, at, "Invalid partition expression: LIKE is not supported on %s column '%s'",
                    ptype_name(p->keys[key].type), p->keys[key].name);
    if (!is_literal(p->tok.type))
        return unexpected(p, "a literal");
    t = p->tok;
    advance(p);
    if ((rc = literal_text(p, &t, &off, &len)) != CAT_OK)
        return rc;
    goff = p->arena.len;
    for (i = off; i < off + len && !p->arena.oom; i++) {
        char c = p->arena.p[i];
        const char *g = p->pg      ? (c == '\\' ? "\\\\" : NULL)
                        : c == '%' ? "*"
                        : c == '_' ? "?"
                        : c == '*' ? "[*]"
                        : c == '?' ? "[?]"
                        : c == '[' ? "[[]"
                                   : NULL;
        if (g != NULL)
            dbuf_str(&p->arena, g);
        else
            dbuf_add(&p->arena, &c, 1);
    }
    if (p->arena.oom)
        return nomem(p);
    if (neg)
        dbuf_str(&p->sql, "NOT (");
    emit_column(p, key);
    dbuf_str(&p->sql, p->pg ? " LIKE " : " GLOB ");
    if ((rc = push_bind(p, goff, p->arena.len - goff, PT_STRING)) != CAT_OK)
        return rc;
    if (neg)
        dbuf_str(&p->sql, ")");
    return CAT_OK;
}

/* A predicate: operand followed by a comparison, [NOT] IN/BETWEEN/LIKE, or IS [NOT] NULL. */
static int parse_predicate(struct parser *p)
{
    struct operand l;
    int rc, neg = 0;
    size_t at;

    if ((rc = parse_operand(p, &l)) != CAT_OK)
        return rc;
    if (p->tok.type == T_OP)
        return parse_comparison(p, &l);
    if (p->tok.type == T_NOT) {
        advance(p);
        if (p->tok.type != T_IN && p->tok.type != T_BETWEEN && p->tok.type != T_LIKE)
            return unexpected(p, "IN, BETWEEN or LIKE");
        neg = 1;
    }
    at = p->tok.start;
    switch (p->tok.type) {
    case T_IN:
        if ((rc = need_column(p, &l)) != CAT_OK)
            return rc;
        advance(p);
        if (p->tok.type != T_LPAREN)
            return unexpected(p, "'('");
        advance(p);
        emit_column(p, l.key);
        dbuf_str(&p->sql, neg ? " NOT IN (" : " IN (");
        for (;;) {
            if ((rc = parse_literal(p, l.key)) != CAT_OK)
                return rc;
            if (p->tok.type != T_COMMA)
                break;
            dbuf_str(&p->sql, ", ");
            advance(p);
        }
        if (p->tok.type != T_RPAREN)
            return unexpected(p, "',' or ')'");
        advance(p);
        dbuf_str(&p->sql, ")");
        return CAT_OK;
    case T_BETWEEN:
        if ((rc = need_column(p, &l)) != CAT_OK)
            return rc;
        advance(p);
        emit_column(p, l.key);
        dbuf_str(&p->sql, neg ? " NOT BETWEEN " : " BETWEEN ");
        if ((rc = parse_literal(p, l.key)) != CAT_OK)
            return rc;
        if (p->tok.type != T_AND)
            return unexpected(p, "AND");
        advance(p);
        dbuf_str(&p->sql, " AND ");
        return parse_literal(p, l.key);
    case T_LIKE:
        if ((rc = need_column(p, &l)) != CAT_OK)
            return rc;
        advance(p);
        return parse_like(p, l.key, neg, at);
    case T_IS:
        if ((rc = need_column(p, &l)) != CAT_OK)
            return rc;
        advance(p);
        if (p->tok.type == T_NOT) {
            neg = 1;
            advance(p);
        }
        if (p->tok.type != T_NULL)
            return unexpected(p, neg ? "NULL" : "NULL or NOT");
        advance(p);
        emit_column(p, l.key);
        dbuf_str(&p->sql, neg ? " IS NOT NULL" : " IS NULL");
        return CAT_OK;
    default:
        return unexpected(p, "a comparison operator, IN, BETWEEN, LIKE or IS");
    }
}

/* Whether the '(' at the current token opens a group rather than a parenthesised operand:
** an operand is "(" * k, column or literal, ")" * k, then an operator. */
static int opens_group(struct parser *p)
{
    struct token t = p->tok;
    int k = 0, m = 0;

    while (t.type == T_LPAREN) {
        if (p->depth + ++k > PEXPR_MAX_DEPTH)
            return 1; /* the group path reports the depth */
        lex(p->s, t.end, &t);
    }
    if (t.type != T_IDENT && t.type != T_QIDENT && !is_literal(t.type))
        return 1;
    lex(p->s, t.end, &t);
    while (t.type == T_RPAREN && m < k) {
        m++;
        lex(p->s, t.end, &t);
    }
    if (m == 0)
        return 1;
    if (t.type == T_OP || t.type == T_NOT || t.type == T_IN || t.type == T_BETWEEN ||
        t.type == T_LIKE || t.type == T_IS)
        return k > m;
    return 1;
}

static int parse_or(struct parser *p);

/* '(' expr ')' or a predicate. */
static int parse_primary(struct parser *p)
{
    int rc;
    if (p->tok.type != T_LPAREN || !opens_group(p))
        return parse_predicate(p);
    if (p->depth >= PEXPR_MAX_DEPTH)
        return fail(p, p->tok.start, "Unsupported expression: more than %d nested parentheses",
                    PEXPR_MAX_DEPTH);
    p->depth++;
    advance(p);
    if ((rc = parse_or(p)) != CAT_OK)
        return rc;
    if (p->tok.type != T_RPAREN)
        return unexpected(p, "AND, OR or ')'");
    advance(p);
    p->depth--;
    return CAT_OK;
}

/* NOT* primary; pairs of NOT cancel out. */
static int parse_not(struct parser *p)
{
    size_t mark = p->sql.len;
    int nots = 0, rc;

    while (p->tok.type == T_NOT) {
        nots ^= 1;
        advance(p);
    }
    if ((rc = parse_primary(p)) != CAT_OK)
        return rc;
    if (nots) {
        if (p->wrapped == mark && p->sql.len > mark && p->sql.p[mark] == '(') {
            dbuf_insert(&p->sql, mark, "NOT ", 4); /* already "(... OR ...)" */
        } else {
            dbuf_insert(&p->sql, mark, "NOT (", 5);
            dbuf_str(&p->sql, ")");
        }
        p->wrapped = (size_t)-1;
    }
    return CAT_OK;
}

/* ITEM (SEP ITEM)*, emitted as "(A SEP B ...)" when there are several. */
static int parse_chain(struct parser *p, enum tok_type sep, int (*item)(struct parser *))
{
    size_t mark = p->sql.len;
    int n = 0, rc;

    for (;;) {
        if ((rc = item(p)) != CAT_OK)
            return rc;
        n++;
        if (p->tok.type != sep)
            break;
        dbuf_str(&p->sql, sep == T_AND ? " AND " : " OR ");
        advance(p);
    }
    if (n > 1) {
        dbuf_insert(&p->sql, mark, "(", 1);
        dbuf_str(&p->sql, ")");
        p->wrapped = mark;
    }
    return CAT_OK;
}

static int parse_and(struct parser *p)
{
    return parse_chain(p, T_AND, parse_not);
}

static int parse_or(struct parser *p)
{
    return parse_chain(p, T_OR, parse_and);
}

/* ---------------------------------------------------------------- entry points */

/* Build OUT->binds from the queued literals: one block holding the array and the arena. */
static int build_binds(struct parser *p, struct pexpr_sql *out)
{
    struct pvalue *b;
    char *text;
    int j;

    if (p->npend == 0)
        return CAT_OK;
    b = malloc((size_t)p->npend * sizeof(*b) + p->arena.len + 1);
    if (b == NULL)
        return nomem(p);
    text = (char *)(b + p->npend);
    if (p->arena.len > 0)
        memcpy(text, p->arena.p, p->arena.len);
    text[p->arena.len] = '\0';
    for (j = 0; j < p->npend; j++) {
        if (ptype_value(p->pend[j].t, text + p->pend[j].off, p->pend[j].len, &b[j]) != 0) {
            free(b); /* checked while parsing; cannot happen */
            srv_error_set(p->err, CAT_EINTERNAL, "internal error");
            return CAT_EINTERNAL;
        }
    }
    out->binds = b;
    out->nbinds = p->npend;
    return CAT_OK;
}

int pexpr_pg_numeric(enum ptype t)
{
    return t == PT_INTEGER || t == PT_DECIMAL || t == PT_BOOLEAN;
}

static int compile(int pg, const char *expr, const struct pexpr_key *keys, int nkeys,
                   int first_param, struct pexpr_sql *out, struct srv_error *err)
{
    struct parser p;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&p, 0, sizeof(p));
    p.s = expr ? expr : "";
    p.keys = keys;
    p.nkeys = keys ? nkeys : 0;
    p.first_param = first_param;
    p.pg = pg;
    p.wrapped = (size_t)-1;
    p.err = err;

    lex(p.s, 0, &p.tok);
    if (p.tok.type == T_END) {
        dbuf_str(&p.sql, pg ? "TRUE" : "1");
    } else {
        if ((rc = parse_or(&p)) != CAT_OK)
            goto done;
        if (p.tok.type != T_END) {
            rc = unexpected(&p, "AND, OR or end of expression");
            goto done;
        }
    }
    if (p.sql.oom || p.arena.oom) {
        rc = nomem(&p);
        goto done;
    }
    if ((rc = build_binds(&p, out)) != CAT_OK)
        goto done;
    out->where = p.sql.p;
    p.sql.p = NULL;
    rc = CAT_OK;

done:
    free(p.sql.p);
    free(p.arena.p);
    free(p.pend);
    return rc;
}

int pexpr_compile(const char *expr, const struct pexpr_key *keys, int nkeys, int first_param,
                  struct pexpr_sql *out, struct srv_error *err)
{
    return compile(0, expr, keys, nkeys, first_param, out, err);
}

int pexpr_compile_pg(const char *expr, const struct pexpr_key *keys, int nkeys, int first_param,
                     struct pexpr_sql *out, struct srv_error *err)
{
    return compile(1, expr, keys, nkeys, first_param, out, err);
}

void pexpr_sql_release(struct pexpr_sql *s)
{
    if (s == NULL)
        return;
    free(s->where);
    free(s->binds);
    memset(s, 0, sizeof(*s));
}
