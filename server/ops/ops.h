/* ops.h -- what every resource operation takes and gives: the context, the Glue-shaped request,
** the answer (an object, or a page of items as JSON text), the error sink; shared helpers. */
#ifndef SRV_OPS_H
#define SRV_OPS_H

#include <jansson.h>
#include <stddef.h>

#include "base/error.h"
#include "base/util.h"
#include "store/store.h"

/* Answers are capped at this many bytes unless the server sets another cap: a listing ends
** its page early (with a NextToken), BatchGetPartition returns the rest in UnprocessedKeys.
** A single item larger than the cap is still answered (one per page). */
#define OPS_DEFAULT_MAX_ANSWER (8u * 1024 * 1024)

/* An answer written as JSON text item by item, so that each front frames it without
** building or re-parsing a tree: Glue writes {"<member>": [items], "NextToken": t}
** (or {"<member>": item} when SINGLE), the REST front its own envelope. */
struct op_page {
    const char *member; /* Glue member name ("Partitions"); NULL: the op answered *out */
    int single;         /* 1: exactly one item, framed as an object member, not a list */
    struct sbuf items;  /* the items' JSON text, separated by commas, no brackets */
    size_t count;
    char *next_token; /* malloc'd, or NULL on the last page */
    json_t *extra;    /* further members of the Glue answer (owned), or NULL */
};

struct auth_principal;

struct op_ctx {
    struct store *st;                 /* this request's connection */
    const char *catalog_id;           /* default CatalogId (the account id) */
    const char *op;                   /* the operation's name (registry.def), or NULL */
    const struct auth_principal *who; /* who asks (auth.h), or NULL: all allowed */
    size_t max_answer;   /* byte cap of an answer (see OPS_DEFAULT_MAX_ANSWER; 0: none) */
    struct op_page page; /* an op answering as text fills this and leaves *out NULL */
    int whole_stats;     /* 1: a statistics entry's error fails the whole update */
};

/* A resource operation.  IN is the Glue request object (borrowed, already checked against
** the model).  On success *OUT is a new reference to the Glue response object, or *OUT is
** NULL and CTX->page holds the answer as text; on failure *OUT is NULL and ERR holds the code
** and message (CTX->page is then released by the caller). */
typedef int op_fn(struct op_ctx *ctx, const json_t *in, json_t **out, struct srv_error *err);

/* Free what PAGE owns and zero it.  Safe on a zeroed page. */
void op_page_release(struct op_page *page);
/* PAGE framed as the Glue answer ({"<member>": item | [items], extra members, "NextToken"})
** and parsed, for callers inside catalogd that need the object rather than the text (REST
** handlers reading members, the crawler): a new reference, or NULL when the text does not
** parse.  PAGE is left as it is. */
json_t *op_page_object(const struct op_page *page);
/* Start the page's next item: a comma unless it is the first. */
void op_page_next(struct op_page *page);

/* The request's CatalogId, or the default one.  Borrowed from IN or CTX. */
const char *ops_catalog(const struct op_ctx *ctx, const json_t *in);
/* The string member KEY of IN, or NULL after setting ERR (InvalidInputException). */
const char *ops_required_str(const json_t *in, const char *key, struct srv_error *err);
/* MaxResults of IN within 1..MAX, default DEF.  Returns CAT_OK or CAT_EINVAL. */
int ops_max_results(const json_t *in, int def, int max, int *out, struct srv_error *err);

/* Open the table named by IN's DatabaseName and TableName (folded) for partition work.
** ENOTFOUND, EINVAL (a name missing); release PT with store_ptable_close(). */
int ops_open_table(struct op_ctx *ctx, const json_t *in, struct store_ptable *pt,
                   struct srv_error *err);

/* Set OUT's NextToken to TOKEN and free TOKEN. */
void ops_set_token(json_t *out, char *token);
/* {"ErrorCode": <Glue type>, "ErrorMessage": <text>} of E: a batch's per-entry failure
** (the ErrorDetail of BatchDeleteTable's and the partition batches' Errors, the Error of the
** column statistics batches').  A new object. */
json_t *ops_error_detail(const struct srv_error *e);
/* One listing read a page at a time, for ops_list_visible(): FETCH the items after cursor
** AFTER (NULL: from the start), at most LIMIT, in order, into *OUT (a new array), *MORE = 1 when
** further items exist; KEEP whether ITEM may be shown (NULL: all); KEY the cursor (new string)
** that resumes after ITEM.  ARG is theirs. */
struct ops_listing {
    int (*fetch)(void *arg, const char *after, int limit, json_t **out, int *more,
                 struct srv_error *err);
    int (*keep)(void *arg, const json_t *item);
    char *(*key)(void *arg, const json_t *item);
    void *arg;
};
/* A page of at most LIMIT items of L after cursor AFTER that L->keep keeps, filtered before
** paging: fetched again past the items left out until the page is full or the listing ends
** (or a fetch stops short of LIMIT for its byte cap), so a page holds only what may be shown
** and is full when more of it exists.  *OUT a new array; *NEXT the cursor after the last item
** looked at (new string; the caller makes it a token) when more may follow, else NULL. */
int ops_list_visible(const struct ops_listing *l, const char *after, int limit, json_t **out,
                     char **next, struct srv_error *err);

/* AttributesToGet: reduce each object of LIST to Name plus the members ATTRS names
** (NAME -> Name, TABLE_TYPE -> TableType).  ATTRS not an array: no change. */
void ops_project(json_t *list, const json_t *attrs);

#endif
