/* typecheck.c -- a table's column and partition key types against the Hive type system, under
** the server's policy; the schema-evolution check of UpdateTable. */
#include "ops/typecheck.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lang/hivetype.h"

/* Check one list of columns; KIND is "Column" or "Partition key". */
static int check_list(const char *what, const json_t *cols, const char *kind, int need_primitive,
                      json_t *warnings, struct srv_error *err)
{
    enum hivetype_policy pol = hivetype_policy();
    const json_t *c;
    size_t i;
    json_array_foreach(cols, i, c) {
        const char *name = json_string_value(json_object_get(c, "Name"));
        const char *type = json_string_value(json_object_get(c, "Type"));
        struct hivetype t;
        struct hivetype_error e;
        char msg[400];
        if (type == NULL)
            continue; /* Glue allows a column without a Type */
        if (hivetype_parse(type, &t, &e) != 0)
            snprintf(msg, sizeof(msg), "%s %.100s has an invalid type '%.100s': %s.", kind,
                     name ? name : "", type, e.msg);
        else if (need_primitive && !t.primitive)
            snprintf(msg, sizeof(msg), "%s %.100s must have a primitive type, not '%.100s'.", kind,
                     name ? name : "", type);
        else
            msg[0] = '\0';
        hivetype_release(&t);
        if (msg[0] == '\0')
            continue;
        if (pol == HIVETYPE_STRICT)
            return srv_error_set(err, CAT_EINVAL, "%s", msg);
        fprintf(stderr, "catalogd: warning: %s: %s\n", what, msg);
        if (warnings)
            json_array_append_new(warnings, json_string(msg));
    }
    return CAT_OK;
}

int typecheck_table(const char *what, const json_t *ti, json_t *warnings, struct srv_error *err)
{
    int rc;
    if (hivetype_policy() == HIVETYPE_OFF)
        return CAT_OK;
    rc = check_list(what, json_object_get(json_object_get(ti, "StorageDescriptor"), "Columns"),
                    "Column", 0, warnings, err);
    if (rc == CAT_OK)
        rc = check_list(what, json_object_get(ti, "PartitionKeys"), "Partition key", 1, warnings,
                        err);
    return rc;
}

/* The Type of the column named NAME (case-insensitive, as Hive matches) in TI, or NULL. */
static const char *new_type_of(const json_t *ti, const char *name)
{
    const json_t *lists[2], *c;
    size_t i, k;
    lists[0] = json_object_get(json_object_get(ti, "StorageDescriptor"), "Columns");
    lists[1] = json_object_get(ti, "PartitionKeys");
    for (k = 0; k < 2; k++)
        json_array_foreach(lists[k], i, c) {
            const char *n = json_string_value(json_object_get(c, "Name"));
            if (n && strcasecmp(n, name) == 0)
                return json_string_value(json_object_get(c, "Type"));
        }
    return NULL;
}

static int parses(const char *type)
{
    struct hivetype t;
    struct hivetype_error e;
    if (hivetype_parse(type, &t, &e) != 0)
        return 0;
    hivetype_release(&t);
    return 1;
}

int typecheck_evolution(const json_t *cur, const json_t *ti, struct srv_error *err)
{
    const json_t *lists[2], *c;
    size_t i, k;
    if (!hivetype_evolution_check())
        return CAT_OK;
    lists[0] = json_object_get(json_object_get(cur, "StorageDescriptor"), "Columns");
    lists[1] = json_object_get(cur, "PartitionKeys");
    for (k = 0; k < 2; k++)
        json_array_foreach(lists[k], i, c) {
            const char *name = json_string_value(json_object_get(c, "Name"));
            const char *old = json_string_value(json_object_get(c, "Type"));
            const char *now = name ? new_type_of(ti, name) : NULL;
            if (old == NULL || now == NULL || strcmp(old, now) == 0 || !parses(old) ||
                hivetype_compatible(old, now))
                continue; /* a type that never parsed has nothing to keep readable */
            return srv_error_set(err, CAT_EINVAL,
                                 "Column %.100s cannot change its type from '%.100s' to "
                                 "'%.100s': existing data would not read as the new type.",
                                 name, old, now);
        }
    return CAT_OK;
}
