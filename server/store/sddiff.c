/* sddiff.c -- a partition's storage descriptor as a difference from its table's (both backends). */
#include "store/sddiff.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Is member KEY of a partition descriptor (V; NULL when absent) the same as in BASE,
** reading an absent Columns / Parameters / SerdeInfo.Parameters as empty, the way a
** stored descriptor reads back?  Compares in place: this runs for every partition written. */
static int member_same(const char *key, const json_t *v, const json_t *base)
{
    const json_t *bv = json_object_get(base, key);
    if (strcmp(key, "Columns") == 0 || strcmp(key, "Parameters") == 0) {
        if (v == NULL)
            return bv == NULL || json_is_object(bv) ? json_object_size(bv) == 0
                                                    : json_array_size(bv) == 0;
        return json_equal((json_t *)v, (json_t *)bv);
    }
    if (strcmp(key, "SerdeInfo") == 0 && json_is_object(v) && json_is_object(bv)) {
        const char *k;
        json_t *x;
        if (json_object_size(json_object_get(v, "Parameters")) !=
                json_object_size(json_object_get(bv, "Parameters")) ||
            !json_equal(json_object_get(v, "Parameters") ? json_object_get(v, "Parameters")
                                                         : json_object_get(bv, "Parameters"),
                        json_object_get(bv, "Parameters")))
            return 0;
        json_object_foreach((json_t *)v, k, x)
            if (strcmp(k, "Parameters") != 0 && !json_equal(x, json_object_get(bv, k)))
                return 0;
        json_object_foreach((json_t *)bv, k, x)
            if (strcmp(k, "Parameters") != 0 && json_object_get(v, k) == NULL)
                return 0;
        return 1;
    }
    return v != NULL && json_equal((json_t *)v, (json_t *)bv);
}

void sd_form_release(struct sd_form *f)
{
    json_decref(f->diff);
    json_decref(f->absent);
}

void sd_diff(const json_t *base, const json_t *sd, struct sd_form *f)
{
    const char *key, *loc, *base_loc;
    json_t *v;
    memset(f, 0, sizeof(*f));
    if (sd == NULL) {
        /* the table's own location; none when the table has none */
        if (json_is_string(json_object_get(base, "Location")))
            f->loc_rel = "";
        return;
    }
    json_object_foreach((json_t *)sd, key, v) /* foreach isn't const-correct */
    {
        if (strcmp(key, "Location") == 0 || member_same(key, v, base))
            continue;
        if (f->diff == NULL)
            f->diff = json_object();
        json_object_set(f->diff, key, v);
    }
    json_object_foreach((json_t *)base, key, v) {
        if (strcmp(key, "Location") != 0 && json_object_get(sd, key) == NULL &&
            !member_same(key, NULL, base)) {
            if (f->absent == NULL)
                f->absent = json_array();
            json_array_append_new(f->absent, json_string(key));
        }
    }
    loc = json_string_value(json_object_get(sd, "Location"));
    base_loc = json_string_value(json_object_get(base, "Location"));
    if (loc && base_loc && strncmp(loc, base_loc, strlen(base_loc)) == 0)
        f->loc_rel = loc + strlen(base_loc);
    else
        f->location = loc;
}

int sd_row_visit(struct store_prow *row, const char *loc_rel, const char *rest, store_prow_fn *fn,
                 void *arg, struct srv_error *err)
{
    struct sbuf loc = {0};
    json_t *members = NULL;
    char *members_text = NULL;
    int rc;
    if (loc_rel) {
        const char *b = json_string_value(json_object_get(row->base, "Location"));
        sbuf_adds(&loc, b ? b : "");
        sbuf_adds(&loc, loc_rel);
        row->location = loc.p;
    }
    row->members = rest;
    if (rest && strstr(rest, "\"__sd") != NULL && (members = json_loads(rest, 0, NULL)) != NULL) {
        row->sd_diff = json_object_get(members, "__sd");
        row->sd_absent = json_object_get(members, "__sdx");
        json_incref((json_t *)row->sd_diff);
        json_incref((json_t *)row->sd_absent);
        json_object_del(members, "__sd");
        json_object_del(members, "__sdx");
        if ((members_text = json_dumps(members, JSON_COMPACT)) == NULL) {
            rc = srv_error_set(err, CAT_ENOMEM, "Out of memory.");
            goto done;
        }
        row->members = members_text;
    }
    rc = fn(arg, row);
done:
    json_decref((json_t *)row->sd_diff);
    json_decref((json_t *)row->sd_absent);
    row->sd_diff = row->sd_absent = NULL;
    json_decref(members);
    free(members_text);
    free(loc.p);
    return rc;
}
