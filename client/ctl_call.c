/* ctl_call.c -- catalogctl call: any operation by name, its request as JSON. */

#include "ctl.h"

int cmd_call(cat_client *c, const struct cmd *cmd, struct args *a)
{
    json_t *req = NULL;
    if (a->nposargs != 1)
        return usage_error(cmd, "call takes one operation name", NULL);
    if (a->v[O_INPUT] && (req = read_json(a->v[O_INPUT])) == NULL)
        return EXIT_FAIL;
    if (req == NULL)
        req = json_object();
    if (catalog_id && !json_object_get(req, "CatalogId"))
        json_object_set_new(req, "CatalogId", json_string(catalog_id));
    out_json = 1;
    raw_answers = 1;
    return call_print(c, a->posargs[0], req, NULL);
}
