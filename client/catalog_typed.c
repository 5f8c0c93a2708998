/* catalog_typed.c -- libcatalog's typed layer over cat_call(): the versioned inputs as Glue JSON,
** one function per catalog operation, and iterators over paged listings.  Never prints, exits
** or aborts. */
#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog_int.h"

struct cat_iter {
    cat_client *c; /* borrowed */
    char *op;      /* owned */
    char *items;   /* owned: the array member holding the items */
    json_t *req;   /* owned: the request, NextToken updated per page */
    json_t *page;  /* owned: the current response */
    size_t idx;    /* next item in page */
    int started, done;
};

/* ------------------------------------------------------------------------------------------
** Typed inputs -> Glue JSON.  Builders return CAT_OK, CAT_EINVAL or CAT_ENOMEM; the
** set_*() helpers return 0, or -1 when jansson could not allocate.
*/

/* O[KEY] = string V, unless V is NULL. */
static int put_str(json_t *o, const char *key, const char *v)
{
    if (v == NULL)
        return 0;
    return json_object_set_new(o, key, json_string(v));
}

/* O[KEY] = {k: v, ...} from P[0..N-1], unless N is 0.  A NULL key or value: CAT_EINVAL. */
static int put_params(json_t *o, const char *key, const cat_param *p, size_t n)
{
    json_t *m;
    size_t i;
    if (n == 0)
        return CAT_OK;
    if (p == NULL)
        return CAT_EINVAL;
    if ((m = json_object()) == NULL)
        return CAT_ENOMEM;
    for (i = 0; i < n; i++) {
        if (p[i].key == NULL || p[i].value == NULL) {
            json_decref(m);
            return CAT_EINVAL;
        }
        if (json_object_set_new(m, p[i].key, json_string(p[i].value)) != 0) {
            json_decref(m);
            return CAT_ENOMEM;
        }
    }
    return json_object_set_new(o, key, m) == 0 ? CAT_OK : CAT_ENOMEM;
}

/* O[KEY] = [{Name, Type, Comment}, ...] from COLS[0..N-1]; always set (possibly []). */
static int put_columns(json_t *o, const char *key, const cat_column *cols, size_t n)
{
    json_t *a;
    size_t i;
    if (n > 0 && cols == NULL)
        return CAT_EINVAL;
    if ((a = json_array()) == NULL)
        return CAT_ENOMEM;
    for (i = 0; i < n; i++) {
        json_t *col;
        if (cols[i].name == NULL || cols[i].type == NULL) {
            json_decref(a);
            return CAT_EINVAL;
        }
        if ((col = json_object()) == NULL || json_array_append_new(a, col) != 0 ||
            put_str(col, "Name", cols[i].name) != 0 || put_str(col, "Type", cols[i].type) != 0 ||
            put_str(col, "Comment", cols[i].comment) != 0) {
            json_decref(a);
            return CAT_ENOMEM;
        }
    }
    return json_object_set_new(o, key, a) == 0 ? CAT_OK : CAT_ENOMEM;
}

/* A JSON array of the strings V. */
static int values_json(json_t **out, cat_values v)
{
    json_t *a;
    size_t i;
    *out = NULL;
    if (v.nvalues > 0 && v.values == NULL)
        return CAT_EINVAL;
    if ((a = json_array()) == NULL)
        return CAT_ENOMEM;
    for (i = 0; i < v.nvalues; i++) {
        if (v.values[i] == NULL) {
            json_decref(a);
            return CAT_EINVAL;
        }
        if (json_array_append_new(a, json_string(v.values[i])) != 0) {
            json_decref(a);
            return CAT_ENOMEM;
        }
    }
    *out = a;
    return CAT_OK;
}

static const struct format_row {
    const char *in, *out, *serde, *delim;
} formats[] = {
    [CAT_FORMAT_PARQUET] = {"org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", NULL},
    [CAT_FORMAT_ORC] = {"org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
                        "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
                        "org.apache.hadoop.hive.ql.io.orc.OrcSerde", NULL},
    [CAT_FORMAT_AVRO] = {"org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
                         "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
                         "org.apache.hadoop.hive.serde2.avro.AvroSerDe", NULL},
    [CAT_FORMAT_CSV] = {"org.apache.hadoop.mapred.TextInputFormat",
                        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", ","},
    [CAT_FORMAT_JSON] = {"org.apache.hadoop.mapred.TextInputFormat",
                         "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                         "org.openx.data.jsonserde.JsonSerDe", NULL},
};

/* Why a builder refused its input, for cat_errmsg(); empty when it has nothing to add. */
struct why {
    char text[200];
};

/* Accept a versioned input of VERSION 1 to CURRENT: 0 is one not initialised with its INIT
** macro, a larger one comes from a newer header than this library.  TYPE and INIT name the
** structure and its macro in the message. */
static int check_version(struct why *why, unsigned version, unsigned current, const char *type,
                         const char *init)
{
    if (version >= 1 && version <= current)
        return CAT_OK;
    if (why != NULL)
        snprintf(why->text, sizeof(why->text),
                 "%s has version %u; libcatalog %s reads versions 1 to %u (initialise it with %s)",
                 type, version, CAT_VERSION, current, init);
    return CAT_EINVAL;
}
#define CHECK_VERSION(why, in, type, NAME)                                                         \
    check_version((why), (in)->version, CAT_##NAME##_VERSION, #type, "CAT_" #NAME "_INIT")

/* The StorageDescriptor of table input T, with LOCATION. */
static int sd_json(json_t **out, const cat_table_input *t, const char *location)
{
    json_t *sd = NULL, *serde = NULL; /* owned */
    const struct format_row *f = NULL;
    int rc;

    *out = NULL;
    if (t->format != CAT_FORMAT_NONE) {
        if ((unsigned)t->format >= sizeof(formats) / sizeof(formats[0]))
            return CAT_EINVAL;
        f = &formats[t->format];
    }
    if ((sd = json_object()) == NULL || (serde = json_object()) == NULL) {
        rc = CAT_ENOMEM;
        goto done;
    }
    if ((rc = put_columns(sd, "Columns", t->columns, t->ncolumns)) != CAT_OK ||
        (rc = put_params(serde, "Parameters", t->serde_parameters, t->nserde_parameters)) != CAT_OK)
        goto done;
    if (f && f->delim && t->nserde_parameters == 0 &&
        json_object_set_new(serde, "Parameters",
                            json_pack("{s:s, s:s}", "field.delim", f->delim, "serialization.format",
                                      f->delim)) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    if (put_str(sd, "Location", location) != 0 ||
        put_str(sd, "InputFormat",
                t->input_format ? t->input_format
                : f             ? f->in
                                : NULL) != 0 ||
        put_str(sd, "OutputFormat",
                t->output_format ? t->output_format
                : f              ? f->out
                                 : NULL) != 0 ||
        put_str(serde, "SerializationLibrary",
                t->serde_library ? t->serde_library
                : f              ? f->serde
                                 : NULL) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    if (json_object_size(serde) > 0) {
        if (json_object_set_new(sd, "SerdeInfo", serde) != 0) {
            serde = NULL;
            rc = CAT_ENOMEM;
            goto done;
        }
        serde = NULL;
    }
    *out = sd;
    sd = NULL;
    rc = CAT_OK;
done:
    json_decref(serde);
    json_decref(sd);
    return rc;
}

/* The builders below read the members of version 1; members added later are read only when
** IN->version says the caller's structure has them. */

static int database_json(json_t **out, const cat_database_input *in, struct why *why)
{
    json_t *o = NULL; /* owned until handed to *out */
    int rc;
    if (out == NULL)
        return CAT_EINVAL;
    *out = NULL;
    if (in == NULL)
        return CAT_EINVAL;
    if ((rc = CHECK_VERSION(why, in, cat_database_input, DATABASE_INPUT)) != CAT_OK)
        return rc;
    if (in->name == NULL)
        return CAT_EINVAL;
    if ((o = json_object()) == NULL)
        return CAT_ENOMEM;
    if (put_str(o, "Name", in->name) != 0 || put_str(o, "Description", in->description) != 0 ||
        put_str(o, "LocationUri", in->location_uri) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    if ((rc = put_params(o, "Parameters", in->parameters, in->nparameters)) != CAT_OK)
        goto done;
    *out = o;
    o = NULL;
done:
    json_decref(o);
    return rc;
}

static int table_json(json_t **out, const cat_table_input *in, struct why *why)
{
    json_t *o = NULL, *sd = NULL; /* owned until handed on */
    int rc;
    if (out == NULL)
        return CAT_EINVAL;
    *out = NULL;
    if (in == NULL)
        return CAT_EINVAL;
    if ((rc = CHECK_VERSION(why, in, cat_table_input, TABLE_INPUT)) != CAT_OK)
        return rc;
    if (in->name == NULL)
        return CAT_EINVAL;
    if ((o = json_object()) == NULL)
        return CAT_ENOMEM;
    if (put_str(o, "Name", in->name) != 0 || put_str(o, "Description", in->description) != 0 ||
        put_str(o, "Owner", in->owner) != 0 || put_str(o, "TableType", in->table_type) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    if ((rc = sd_json(&sd, in, in->location)) != CAT_OK)
        goto done;
    rc = json_object_set_new(o, "StorageDescriptor", sd) == 0 ? CAT_OK : CAT_ENOMEM;
    sd = NULL;
    if (rc != CAT_OK ||
        (rc = put_columns(o, "PartitionKeys", in->partition_keys, in->npartition_keys)) != CAT_OK ||
        (rc = put_params(o, "Parameters", in->parameters, in->nparameters)) != CAT_OK)
        goto done;
    *out = o;
    o = NULL;
done:
    json_decref(o);
    return rc;
}

static int partition_json(json_t **out, const cat_partition_input *in, struct why *why)
{
    json_t *o = NULL, *v = NULL, *sd = NULL; /* owned until handed on */
    int rc;
    if (out == NULL)
        return CAT_EINVAL;
    *out = NULL;
    if (in == NULL)
        return CAT_EINVAL;
    if ((rc = CHECK_VERSION(why, in, cat_partition_input, PARTITION_INPUT)) != CAT_OK ||
        (in->like != NULL &&
         (rc = CHECK_VERSION(why, in->like, cat_table_input, TABLE_INPUT)) != CAT_OK))
        return rc;
    if ((rc = values_json(&v, in->values)) != CAT_OK)
        return rc;
    if ((o = json_object()) == NULL || json_object_set_new(o, "Values", v) != 0) {
        json_decref(o);
        return CAT_ENOMEM;
    }
    if (in->like != NULL) {
        if ((rc = sd_json(&sd, in->like, in->location)) != CAT_OK)
            goto done;
    } else if (in->location != NULL) {
        if ((sd = json_pack("{s:s}", "Location", in->location)) == NULL) {
            rc = CAT_ENOMEM;
            goto done;
        }
    }
    if (sd != NULL) {
        rc = json_object_set_new(o, "StorageDescriptor", sd) == 0 ? CAT_OK : CAT_ENOMEM;
        sd = NULL;
        if (rc != CAT_OK)
            goto done;
    }
    if ((rc = put_params(o, "Parameters", in->parameters, in->nparameters)) != CAT_OK)
        goto done;
    *out = o;
    o = NULL;
done:
    json_decref(o);
    return rc;
}

/* O["ResourceUris"] = [{ResourceType, Uri}, ...] from R[0..N-1], unless N is 0. */
static int put_resource_uris(json_t *o, const cat_resource_uri *r, size_t n)
{
    json_t *a;
    size_t i;
    if (n == 0)
        return CAT_OK;
    if (r == NULL)
        return CAT_EINVAL;
    if ((a = json_array()) == NULL)
        return CAT_ENOMEM;
    for (i = 0; i < n; i++) {
        if (r[i].type == NULL || r[i].uri == NULL) {
            json_decref(a);
            return CAT_EINVAL;
        }
        if (json_array_append_new(
                a, json_pack("{s:s, s:s}", "ResourceType", r[i].type, "Uri", r[i].uri)) != 0) {
            json_decref(a);
            return CAT_ENOMEM;
        }
    }
    return json_object_set_new(o, "ResourceUris", a) == 0 ? CAT_OK : CAT_ENOMEM;
}

static int function_json(json_t **out, const cat_function_input *in, struct why *why)
{
    json_t *o = NULL; /* owned until handed to *out */
    int rc;
    if (out == NULL)
        return CAT_EINVAL;
    *out = NULL;
    if (in == NULL)
        return CAT_EINVAL;
    if ((rc = CHECK_VERSION(why, in, cat_function_input, FUNCTION_INPUT)) != CAT_OK)
        return rc;
    if (in->name == NULL)
        return CAT_EINVAL;
    if ((o = json_object()) == NULL)
        return CAT_ENOMEM;
    if (put_str(o, "FunctionName", in->name) != 0 || put_str(o, "ClassName", in->class_name) != 0 ||
        put_str(o, "OwnerName", in->owner) != 0 || put_str(o, "OwnerType", in->owner_type) != 0 ||
        put_str(o, "FunctionType", in->function_type) != 0) {
        rc = CAT_ENOMEM;
        goto done;
    }
    if ((rc = put_resource_uris(o, in->resource_uris, in->nresource_uris)) != CAT_OK)
        goto done;
    *out = o;
    o = NULL;
done:
    json_decref(o);
    return rc;
}

int cat_database_input_json(json_t **out, const cat_database_input *in)
{
    return database_json(out, in, NULL);
}

int cat_table_input_json(json_t **out, const cat_table_input *in)
{
    return table_json(out, in, NULL);
}

int cat_partition_input_json(json_t **out, const cat_partition_input *in)
{
    return partition_json(out, in, NULL);
}

int cat_function_input_json(json_t **out, const cat_function_input *in)
{
    return function_json(out, in, NULL);
}

/* ------------------------------------------------------------------------------------------
** Typed calls
*/

/* A new request object holding CatalogId (when set) and the string members given as
** NULL-terminated name/value pairs; NULL values are left out.  NULL on OOM. */
#if defined(__GNUC__)
__attribute__((sentinel))
#endif
static json_t *
new_request(const cat_client *c, ...)
{
    json_t *o = json_object();
    const char *k, *v;
    va_list ap;
    int bad = 0;
    if (o == NULL)
        return NULL;
    if (cat__catalog_id(c) != NULL && put_str(o, "CatalogId", cat__catalog_id(c)) != 0)
        bad = 1;
    va_start(ap, c);
    while ((k = va_arg(ap, const char *)) != NULL) {
        v = va_arg(ap, const char *);
        if (put_str(o, k, v) != 0)
            bad = 1;
    }
    va_end(ap);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Send REQ (stolen), keep member MEMBER of the answer in *OUT (new reference), or the whole
** answer when MEMBER is NULL; OUT may be NULL to drop the answer. */
static int send_req(json_t **out, cat_client *c, const char *op, json_t *req, const char *member)
{
    json_t *resp = NULL; /* owned */
    json_t *m;           /* borrowed from resp */
    int rc;
    if (out != NULL)
        *out = NULL;
    if (req == NULL)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    rc = cat_call(&resp, c, op, req);
    json_decref(req);
    if (rc != CAT_OK)
        return rc;
    if (out == NULL) {
        json_decref(resp);
        return CAT_OK;
    }
    if (member == NULL) {
        *out = resp;
        return CAT_OK;
    }
    if ((m = json_object_get(resp, member)) == NULL) {
        json_decref(resp);
        return cat__set_err(c, CAT_EPROTO, "%s response has no %s", op, member);
    }
    *out = json_incref(m);
    json_decref(resp);
    return CAT_OK;
}

/* Report a builder failure on C: WHY (may be NULL) when the builder said why. */
static int input_err(cat_client *c, int rc, const char *what, const struct why *why)
{
    if (rc == CAT_ENOMEM)
        return cat__set_err(c, rc, "out of memory");
    if (why != NULL && why->text[0] != '\0')
        return cat__set_err(c, rc, "%s: %s", what, why->text);
    return cat__set_err(c, rc, "%s: a required member is missing", what);
}

/* Arguments that must not be NULL: fail with CAT_EINVAL naming the first NULL one. */
#define REQUIRE(c, cond, what)                                                                     \
    do {                                                                                           \
        if ((c) == NULL)                                                                           \
            return CAT_EINVAL;                                                                     \
        cat__clear_err(c);                                                                         \
        if (!(cond))                                                                               \
            return cat__set_err((c), CAT_EINVAL, "%s", what);                                      \
    } while (0)

/* REQ[KEY] = V (stolen); on failure REQ is released and NULL returned.  NULL REQ or V
** propagate as NULL (V is released). */
static json_t *with(json_t *req, const char *key, json_t *v)
{
    if (req == NULL || v == NULL) {
        json_decref(req);
        json_decref(v);
        return NULL;
    }
    if (json_object_set_new(req, key, v) != 0) {
        json_decref(req);
        return NULL;
    }
    return req;
}

int cat_database_create(cat_client *c, const cat_database_input *in)
{
    json_t *di = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, in != NULL, "cat_database_create: input is required");
    if ((rc = database_json(&di, in, &why)) != CAT_OK)
        return input_err(c, rc, "DatabaseInput", &why);
    return send_req(NULL, c, "CreateDatabase",
                    with(new_request(c, (const char *)NULL), "DatabaseInput", di), NULL);
}

int cat_database_get(json_t **out, cat_client *c, const char *name)
{
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && name != NULL, "cat_database_get: out and name are required");
    return send_req(out, c, "GetDatabase", new_request(c, "Name", name, NULL), "Database");
}

int cat_database_update(cat_client *c, const char *name, const cat_database_input *in)
{
    json_t *di = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, name != NULL && in != NULL, "cat_database_update: name and input are required");
    if ((rc = database_json(&di, in, &why)) != CAT_OK)
        return input_err(c, rc, "DatabaseInput", &why);
    return send_req(NULL, c, "UpdateDatabase",
                    with(new_request(c, "Name", name, NULL), "DatabaseInput", di), NULL);
}

int cat_database_delete(cat_client *c, const char *name)
{
    REQUIRE(c, name != NULL, "cat_database_delete: name is required");
    return send_req(NULL, c, "DeleteDatabase", new_request(c, "Name", name, NULL), NULL);
}

int cat_table_create(cat_client *c, const char *db, const cat_table_input *in)
{
    json_t *ti = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, db != NULL && in != NULL, "cat_table_create: database and input are required");
    if ((rc = table_json(&ti, in, &why)) != CAT_OK)
        return input_err(c, rc, "TableInput", &why);
    return send_req(NULL, c, "CreateTable",
                    with(new_request(c, "DatabaseName", db, NULL), "TableInput", ti), NULL);
}

int cat_table_get(json_t **out, cat_client *c, const char *db, const char *name)
{
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && db != NULL && name != NULL,
            "cat_table_get: out, database and name are required");
    return send_req(out, c, "GetTable", new_request(c, "DatabaseName", db, "Name", name, NULL),
                    "Table");
}

int cat_table_update(cat_client *c, const char *db, const cat_table_input *in,
                     const char *version_id)
{
    json_t *ti = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, db != NULL && in != NULL, "cat_table_update: database and input are required");
    if ((rc = table_json(&ti, in, &why)) != CAT_OK)
        return input_err(c, rc, "TableInput", &why);
    return send_req(
        NULL, c, "UpdateTable",
        with(new_request(c, "DatabaseName", db, "VersionId", version_id, NULL), "TableInput", ti),
        NULL);
}

int cat_table_delete(cat_client *c, const char *db, const char *name)
{
    REQUIRE(c, db != NULL && name != NULL, "cat_table_delete: database and name are required");
    return send_req(NULL, c, "DeleteTable", new_request(c, "DatabaseName", db, "Name", name, NULL),
                    NULL);
}

int cat_partition_create(cat_client *c, const char *db, const char *table,
                         const cat_partition_input *in)
{
    json_t *pi = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, db != NULL && table != NULL && in != NULL,
            "cat_partition_create: database, table and input are required");
    if ((rc = partition_json(&pi, in, &why)) != CAT_OK)
        return input_err(c, rc, "PartitionInput", &why);
    return send_req(
        NULL, c, "CreatePartition",
        with(new_request(c, "DatabaseName", db, "TableName", table, NULL), "PartitionInput", pi),
        NULL);
}

int cat_partition_batch_create(json_t **out, cat_client *c, const char *db, const char *table,
                               const cat_partition_input *const *in, size_t n)
{
    json_t *list = NULL; /* owned until handed to the request */
    struct why why = {""};
    char what[64];
    size_t i;
    int rc;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, db != NULL && table != NULL && (in != NULL || n == 0),
            "cat_partition_batch_create: database, table and inputs are required");
    if ((list = json_array()) == NULL)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        json_t *pi = NULL;
        if ((rc = partition_json(&pi, in[i], &why)) != CAT_OK) {
            json_decref(list);
            snprintf(what, sizeof(what), "PartitionInputList[%zu]", i);
            return input_err(c, rc, what, &why);
        }
        if (json_array_append_new(list, pi) != 0) {
            json_decref(list);
            return cat__set_err(c, CAT_ENOMEM, "out of memory");
        }
    }
    return send_req(out, c, "BatchCreatePartition",
                    with(new_request(c, "DatabaseName", db, "TableName", table, NULL),
                         "PartitionInputList", list),
                    NULL);
}

/* A request naming DB.TABLE and the partition VALUES as KEY. */
static json_t *partition_req(cat_client *c, const char *db, const char *table, const char *key,
                             cat_values values, int *rc)
{
    json_t *v = NULL;
    if ((*rc = values_json(&v, values)) != CAT_OK)
        return NULL;
    return with(new_request(c, "DatabaseName", db, "TableName", table, NULL), key, v);
}

int cat_partition_get(json_t **out, cat_client *c, const char *db, const char *table,
                      cat_values values)
{
    json_t *req;
    int rc;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && db != NULL && table != NULL,
            "cat_partition_get: out, database and table are required");
    if ((req = partition_req(c, db, table, "PartitionValues", values, &rc)) == NULL && rc != CAT_OK)
        return input_err(c, rc, "PartitionValues", NULL);
    return send_req(out, c, "GetPartition", req, "Partition");
}

/* The Glue list [{"Values": [...]}, ...] of KEYS[0..N-1]. */
static int keys_json(json_t **out, const cat_values *keys, size_t n)
{
    json_t *list;
    size_t i;
    int rc;
    *out = NULL;
    if (n > 0 && keys == NULL)
        return CAT_EINVAL;
    if ((list = json_array()) == NULL)
        return CAT_ENOMEM;
    for (i = 0; i < n; i++) {
        json_t *v = NULL, *e;
        if ((rc = values_json(&v, keys[i])) != CAT_OK) {
            json_decref(list);
            return rc;
        }
        if ((e = json_object()) == NULL || json_array_append_new(list, e) != 0 ||
            json_object_set_new(e, "Values", v) != 0) {
            json_decref(list);
            return CAT_ENOMEM;
        }
    }
    *out = list;
    return CAT_OK;
}

int cat_partition_batch_get(json_t **out, cat_client *c, const char *db, const char *table,
                            const cat_values *keys, size_t n)
{
    json_t *list = NULL;
    int rc;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && db != NULL && table != NULL,
            "cat_partition_batch_get: out, database and table are required");
    if ((rc = keys_json(&list, keys, n)) != CAT_OK)
        return input_err(c, rc, "PartitionsToGet", NULL);
    return send_req(
        out, c, "BatchGetPartition",
        with(new_request(c, "DatabaseName", db, "TableName", table, NULL), "PartitionsToGet", list),
        NULL);
}

int cat_partition_update(cat_client *c, const char *db, const char *table, cat_values values,
                         const cat_partition_input *in)
{
    json_t *req, *pi = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, db != NULL && table != NULL && in != NULL,
            "cat_partition_update: database, table and input are required");
    if ((rc = partition_json(&pi, in, &why)) != CAT_OK)
        return input_err(c, rc, "PartitionInput", &why);
    if ((req = partition_req(c, db, table, "PartitionValueList", values, &rc)) == NULL &&
        rc != CAT_OK) {
        json_decref(pi);
        return input_err(c, rc, "PartitionValueList", NULL);
    }
    return send_req(NULL, c, "UpdatePartition", with(req, "PartitionInput", pi), NULL);
}

int cat_partition_delete(cat_client *c, const char *db, const char *table, cat_values values)
{
    json_t *req;
    int rc;
    REQUIRE(c, db != NULL && table != NULL,
            "cat_partition_delete: database and table are required");
    if ((req = partition_req(c, db, table, "PartitionValues", values, &rc)) == NULL && rc != CAT_OK)
        return input_err(c, rc, "PartitionValues", NULL);
    return send_req(NULL, c, "DeletePartition", req, NULL);
}

int cat_partition_batch_delete(json_t **out, cat_client *c, const char *db, const char *table,
                               const cat_values *keys, size_t n)
{
    json_t *list = NULL;
    int rc;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, db != NULL && table != NULL,
            "cat_partition_batch_delete: database and table are required");
    if ((rc = keys_json(&list, keys, n)) != CAT_OK)
        return input_err(c, rc, "PartitionsToDelete", NULL);
    return send_req(out, c, "BatchDeletePartition",
                    with(new_request(c, "DatabaseName", db, "TableName", table, NULL),
                         "PartitionsToDelete", list),
                    NULL);
}

int cat_column_statistics_update_batch(json_t **out, cat_client *c, const char *db,
                                       const char *table, const cat_values *values,
                                       const json_t *const *stats, size_t n)
{
    json_t *entries = NULL; /* owned until handed to the request */
    size_t i;
    int rc;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, db != NULL && table != NULL && ((values != NULL && stats != NULL) || n == 0),
            "cat_column_statistics_update_batch: database, table, values and statistics are "
            "required");
    if ((entries = json_array()) == NULL)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        json_t *v = NULL;
        if (!json_is_array(stats[i])) {
            json_decref(entries);
            return cat__set_err(c, CAT_EINVAL, "Entries[%zu]: the statistics must be a JSON array",
                                i);
        }
        if ((rc = values_json(&v, values[i])) != CAT_OK) {
            json_decref(entries);
            return input_err(c, rc, "Entries: PartitionValues", NULL);
        }
        if (json_array_append_new(entries, json_pack("{s:o, s:o}", "PartitionValues", v,
                                                     "ColumnStatisticsList",
                                                     json_deep_copy(stats[i]))) != 0) {
            json_decref(entries);
            return cat__set_err(c, CAT_ENOMEM, "out of memory");
        }
    }
    return send_req(
        out, c, "BatchUpdateColumnStatisticsForPartition",
        with(new_request(c, "DatabaseName", db, "TableName", table, NULL), "Entries", entries),
        NULL);
}

int cat_function_create(cat_client *c, const char *db, const cat_function_input *in)
{
    json_t *fi = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, db != NULL && in != NULL, "cat_function_create: database and input are required");
    if ((rc = function_json(&fi, in, &why)) != CAT_OK)
        return input_err(c, rc, "FunctionInput", &why);
    return send_req(NULL, c, "CreateUserDefinedFunction",
                    with(new_request(c, "DatabaseName", db, NULL), "FunctionInput", fi), NULL);
}

int cat_function_get(json_t **out, cat_client *c, const char *db, const char *name)
{
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && db != NULL && name != NULL,
            "cat_function_get: out, database and name are required");
    return send_req(out, c, "GetUserDefinedFunction",
                    new_request(c, "DatabaseName", db, "FunctionName", name, NULL),
                    "UserDefinedFunction");
}

int cat_function_update(cat_client *c, const char *db, const char *name,
                        const cat_function_input *in)
{
    json_t *fi = NULL;
    struct why why = {""};
    int rc;
    REQUIRE(c, db != NULL && name != NULL && in != NULL,
            "cat_function_update: database, name and input are required");
    if ((rc = function_json(&fi, in, &why)) != CAT_OK)
        return input_err(c, rc, "FunctionInput", &why);
    return send_req(
        NULL, c, "UpdateUserDefinedFunction",
        with(new_request(c, "DatabaseName", db, "FunctionName", name, NULL), "FunctionInput", fi),
        NULL);
}

int cat_function_delete(cat_client *c, const char *db, const char *name)
{
    REQUIRE(c, db != NULL && name != NULL, "cat_function_delete: database and name are required");
    return send_req(NULL, c, "DeleteUserDefinedFunction",
                    new_request(c, "DatabaseName", db, "FunctionName", name, NULL), NULL);
}

/* ------------------------------------------------------------------------------------------
** Iterators
*/

void cat_iter_free(cat_iter *it)
{
    if (it == NULL)
        return;
    free(it->op);
    free(it->items);
    json_decref(it->req);
    json_decref(it->page);
    free(it);
}

int cat_iter_new(cat_iter **out, cat_client *c, const char *op, const json_t *req,
                 const char *items)
{
    cat_iter *it = NULL; /* owned until handed to *out */
    int rc;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && op != NULL && items != NULL,
            "cat_iter_new: out, operation and item member are required");
    if (req != NULL && !json_is_object(req))
        return cat__set_err(c, CAT_EINVAL, "cat_iter_new: the request must be a JSON object");
    if ((it = calloc(1, sizeof(*it))) == NULL || (it->op = strdup(op)) == NULL ||
        (it->items = strdup(items)) == NULL ||
        (it->req = req ? json_deep_copy(req) : json_object()) == NULL) {
        rc = cat__set_err(c, CAT_ENOMEM, "out of memory");
        goto done;
    }
    it->c = c;
    *out = it;
    it = NULL;
    rc = CAT_OK;
done:
    cat_iter_free(it);
    return rc;
}

/* Hand REQ (stolen) to a new iterator. */
static int iter_with(cat_iter **out, cat_client *c, const char *op, json_t *req, const char *items)
{
    int rc;
    if (req == NULL)
        return cat__set_err(c, CAT_ENOMEM, "out of memory");
    rc = cat_iter_new(out, c, op, req, items);
    json_decref(req);
    return rc;
}

int cat_iter_databases(cat_iter **out, cat_client *c)
{
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL, "cat_iter_databases: out is required");
    return iter_with(out, c, "GetDatabases", new_request(c, (const char *)NULL), "DatabaseList");
}

int cat_iter_tables(cat_iter **out, cat_client *c, const char *db, const char *expression)
{
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && db != NULL, "cat_iter_tables: out and database are required");
    return iter_with(out, c, "GetTables",
                     new_request(c, "DatabaseName", db, "Expression", expression, NULL),
                     "TableList");
}

int cat_iter_partitions(cat_iter **out, cat_client *c, const char *db, const char *table,
                        const char *expression, int segment, int total_segments)
{
    json_t *req;
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && db != NULL && table != NULL,
            "cat_iter_partitions: out, database and table are required");
    if (total_segments > 1 && (segment < 0 || segment >= total_segments))
        return cat__set_err(c, CAT_EINVAL, "segment %d is not in [0, %d)", segment, total_segments);
    req = new_request(c, "DatabaseName", db, "TableName", table, "Expression", expression, NULL);
    if (req != NULL && total_segments > 1)
        req = with(
            req, "Segment",
            json_pack("{s:i, s:i}", "SegmentNumber", segment, "TotalSegments", total_segments));
    return iter_with(out, c, "GetPartitions", req, "Partitions");
}

int cat_iter_functions(cat_iter **out, cat_client *c, const char *db, const char *pattern)
{
    if (out != NULL)
        *out = NULL;
    REQUIRE(c, out != NULL && pattern != NULL, "cat_iter_functions: out and pattern are required");
    return iter_with(out, c, "GetUserDefinedFunctions",
                     new_request(c, "DatabaseName", db, "Pattern", pattern, NULL),
                     "UserDefinedFunctions");
}

int cat_iter_set_page_size(cat_iter *it, int max_results)
{
    if (it == NULL)
        return CAT_EINVAL;
    cat__clear_err(it->c);
    if (max_results <= 0 || it->started)
        return cat__set_err(it->c, CAT_EINVAL,
                            "page size must be positive and set before iterating");
    if (json_object_set_new(it->req, "MaxResults", json_integer(max_results)) != 0)
        return cat__set_err(it->c, CAT_ENOMEM, "out of memory");
    return CAT_OK;
}

int cat_iter_next(const json_t **item, cat_iter *it)
{
    json_t *list; /* borrowed from it->page */
    const char *token;
    int rc;

    if (item != NULL)
        *item = NULL;
    if (item == NULL || it == NULL)
        return CAT_EINVAL;
    cat__clear_err(it->c);
    for (;;) {
        list = it->page ? json_object_get(it->page, it->items) : NULL;
        if (list != NULL && it->idx < json_array_size(list)) {
            *item = json_array_get(list, it->idx++);
            return CAT_OK;
        }
        if (it->done)
            return CAT_ITEROVER;
        json_decref(it->page);
        it->page = NULL;
        it->started = 1;
        if ((rc = cat_call(&it->page, it->c, it->op, it->req)) != CAT_OK)
            return rc; /* the same page is asked for again by the next call */
        it->idx = 0;
        list = json_object_get(it->page, it->items);
        if (list != NULL && !json_is_array(list))
            return cat__set_err(it->c, CAT_EPROTO, "%s response: %s is not a list", it->op,
                                it->items);
        token = json_string_value(json_object_get(it->page, "NextToken"));
        if (token != NULL && token[0] != '\0') {
            if (json_object_set_new(it->req, "NextToken", json_string(token)) != 0)
                return cat__set_err(it->c, CAT_ENOMEM, "out of memory");
        } else {
            it->done = 1;
        }
    }
}
