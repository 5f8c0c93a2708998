/* ctl_udf.c -- catalogctl's user-defined function subcommands: create, list by pattern. */

#include "ctl.h"

int cmd_create_function(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static cat_resource_uri uris[MAX_PARAMS];
    cat_function_input in = CAT_FUNCTION_INPUT_INIT;
    json_t *fi = NULL, *req;
    size_t i;
    int rc;
    (void)cmd;
    for (i = 0; i < a->nparams; i++) {
        uris[i].type = a->params[i].key;
        uris[i].uri = a->params[i].value;
    }
    in.name = a->v[O_NAME];
    in.class_name = a->v[O_CLASS];
    in.owner = a->v[O_OWNER];
    in.resource_uris = uris;
    in.nresource_uris = a->nparams;
    if ((rc = cat_function_input_json(&fi, &in)) != CAT_OK) {
        errf("%s", cat_strerror(rc));
        return EXIT_FAIL;
    }
    req = request("DatabaseName", a->v[O_DATABASE], NULL);
    json_object_set_new(req, "FunctionInput", fi);
    return call_print(c, "CreateUserDefinedFunction", req, NULL);
}

int cmd_get_functions(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"DATABASE", "NAME", "CLASS", "OWNER"};
    static const char *const paths[] = {"DatabaseName", "FunctionName", "ClassName", "OwnerName"};
    json_t *req = request("Pattern", a->v[O_PATTERN] ? a->v[O_PATTERN] : "*", NULL);
    cat_iter *it = NULL;
    int rc;
    (void)cmd;
    if (a->v[O_DATABASE])
        json_object_set_new(req, "DatabaseName", json_string(a->v[O_DATABASE]));
    rc = cat_iter_new(&it, c, "GetUserDefinedFunctions", req, "UserDefinedFunctions");
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "UserDefinedFunctions", heads, paths, 4);
}
