/* ctl_search.c -- catalogctl's search-tables subcommand: SearchText, filters, sort. */
#include <string.h>

#include "ctl.h"

int cmd_search_tables(cat_client *c, const struct cmd *cmd, struct args *a)
{
    static const char *const heads[] = {"DATABASE", "NAME", "TYPE", "LOCATION"};
    static const char *const paths[] = {"DatabaseName", "Name", "TableType",
                                        "StorageDescriptor.Location"};
    json_t *req, *filters;
    cat_iter *it = NULL;
    size_t i;
    int rc;
    const char *sort = a->v[O_SORT], *colon = sort ? strrchr(sort, ':') : NULL;
    if (sort &&
        (colon == sort || (colon && strcmp(colon, ":asc") != 0 && strcmp(colon, ":desc") != 0)))
        return usage_error(cmd, "--sort is FIELD[:asc|:desc], not ", sort);
    req = request("SearchText", a->v[O_TEXT], NULL);
    if (a->v[O_TEXT] == NULL)
        json_object_del(req, "SearchText");
    if (a->nparams > 0) {
        filters = json_array();
        for (i = 0; i < a->nparams; i++)
            json_array_append_new(filters, json_pack("{s:s, s:s}", "Key", a->params[i].key, "Value",
                                                     a->params[i].value));
        json_object_set_new(req, "Filters", filters);
    }
    if (sort)
        json_object_set_new(req, "SortCriteria",
                            json_pack("[{s:s#, s:s}]", "FieldName", sort,
                                      (int)(colon ? (size_t)(colon - sort) : strlen(sort)), "Sort",
                                      colon && strcmp(colon, ":desc") == 0 ? "DESC" : "ASC"));
    rc = cat_iter_new(&it, c, "SearchTables", req, "TableList");
    json_decref(req);
    if (rc != CAT_OK)
        return call_failed(c, rc);
    return list_print(c, it, a->v[O_PAGE_SIZE], "TableList", heads, paths, 4);
}
