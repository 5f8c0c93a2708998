/* ctl_database.c -- catalogctl's database subcommands: create, get, list, update, delete. */

#include "ctl.h"

json_t *read_input(const char *path, const char *member)
{
    json_t *j = read_json(path), *inner;
    if (j && (inner = json_object_get(j, member)) != NULL) {
        json_incref(inner);
        json_decref(j);
        j = inner;
    }
    return j;
}

/* DatabaseInput from --input or the flags.  New reference or NULL (reported). */
static json_t *database_input(const struct cmd *cmd, struct args *a, const char *name, int *rc)
{
    cat_database_input in = CAT_DATABASE_INPUT_INIT;
    json_t *j = NULL;
    if (a->v[O_INPUT]) {
        j = read_input(a->v[O_INPUT], "DatabaseInput");
        *rc = j ? 0 : EXIT_FAIL;
        return j;
    }
    if (name == NULL) {
        *rc = usage_error(cmd, "missing required option --name (or --input)", NULL);
        return NULL;
    }
    in.name = name;
    in.description = a->v[O_DESCRIPTION];
    in.location_uri = a->v[O_LOCATION];
    in.parameters = a->params;
    in.nparameters = a->nparams;
    if ((*rc = cat_database_input_json(&j, &in)) != CAT_OK) {
        errf("%s", cat_strerror(*rc));
        *rc = EXIT_FAIL;
    }
    return j;
}

int cmd_create_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    json_t *in = database_input(cmd, a, a->v[O_NAME], &rc), *req;
    if (in == NULL)
        return rc;
    req = request(NULL);
    json_object_set_new(req, "DatabaseInput", in);
    return call_print(c, "CreateDatabase", req, NULL);
}

/* The members of a Database that its DatabaseInput takes back. */
static const char *const database_input_members[] = {"Name",
                                                     "Description",
                                                     "LocationUri",
                                                     "Parameters",
                                                     "CreateTableDefaultPermissions",
                                                     "TargetDatabase",
                                                     "FederatedDatabase",
                                                     NULL};

int cmd_update_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    int rc;
    const char *nn = a->v[O_NEW_NAME] ? a->v[O_NEW_NAME] : a->v[O_NAME];
    json_t *in = database_input(cmd, a, nn, &rc), *req, *resp = NULL;
    if (in == NULL)
        return rc;
    req = request("Name", a->v[O_NAME], NULL);
    if (!a->replace && !a->v[O_INPUT]) { /* the database as it is, with what the flags change */
        json_t *merged;
        if ((rc = cat_call(&resp, c, "GetDatabase", req)) != CAT_OK) {
            json_decref(in);
            json_decref(req);
            return call_failed(c, rc);
        }
        merged = input_of(json_object_get(resp, "Database"), database_input_members);
        json_object_update_recursive(merged, in);
        json_decref(in);
        json_decref(resp);
        in = merged;
    }
    json_object_set_new(req, "DatabaseInput", in);
    return call_print(c, "UpdateDatabase", req, NULL);
}

int cmd_get_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "GetDatabase", request("Name", a->v[O_NAME], NULL), "Database");
}

int cmd_delete_database(cat_client *c, const struct cmd *cmd, struct args *a)
{
    (void)cmd;
    return call_print(c, "DeleteDatabase", request("Name", a->v[O_NAME], NULL), NULL);
}

int cmd_get_databases(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"NAME", "LOCATION", "DESCRIPTION"};
    static const char *const paths[] = {"Name", "LocationUri", "Description"};
    json_t *req = request(NULL);
    cat_iter *it = NULL;
    int rc = cat_iter_new(&it, c, "GetDatabases", req, "DatabaseList");
    (void)cmd;
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "DatabaseList", heads, paths, 3);
}
