/* test_iceberg_glue.c -- unit tests for lang/iceberg_glue.c: Glue Columns of an Iceberg schema
** (checked by lang/hivetype.c), Iceberg schemas from Hive columns, and Glue's CreateTable and
** UpdateTable Iceberg inputs turned into REST requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iceberg_check.h"
#include "lang/hivetype.h"
#include "lang/iceberg_meta.h"

/* Every column's Type is accepted by the Hive type checker, as it is (canonical already). */
static void assert_hive_types(const json_t *cols)
{
    const json_t *c;
    size_t i;
    json_array_foreach(cols, i, c) {
        const char *type = json_string_value(json_object_get(c, "Type"));
        struct hivetype t;
        struct hivetype_error e;
        if (hivetype_parse(type, &t, &e) != 0)
            fail_msg("column %zu: '%s' is not a Hive type: %s", i, type, e.msg);
        hivetype_release(&t);
    }
}

static void test_glue_columns_of_current_schema(void **state)
{
    json_t *head =
        J("{'current-schema-id':1,'schemas':["
          "{'type':'struct','schema-id':0,'fields':[{'id':1,'name':'id','type':'int','required':"
          "true},"
          "{'id':2,'name':'gone','type':'string','required':false}]},"
          "{'type':'struct','schema-id':1,'fields':["
          "{'id':1,'name':'id','type':'long','required':true,'doc':'the key'},"
          "{'id':3,'name':'tags','type':{'type':'map','key-id':4,'key':'string','value-id':5,"
          "'value':{'type':'list','element-id':6,'element':'uuid','element-required':false},"
          "'value-required':false},'required':false}]}]}");
    json_t *want =
        J("[{'Name':'id','Type':'bigint','Comment':'the key','Parameters':{'iceberg.field.id':'1',"
          "'iceberg.field.optional':'false','iceberg.field.current':'true'}},"
          "{'Name':'tags','Type':'map<string,array<string>>','Parameters':{'iceberg.field.id':'3',"
          "'iceberg.field.optional':'true','iceberg.field.current':'true'}},"
          "{'Name':'gone','Type':'string','Parameters':{'iceberg.field.id':'2',"
          "'iceberg.field.optional':'true','iceberg.field.current':'false'}}]");
    json_t *cols = ice_glue_columns(head);
    (void)state;
    assert_json(cols, want, "ice_glue_columns");
    assert_hive_types(cols);
    json_decref(cols);
    json_decref(want);
    json_decref(head);
}

/* Each Iceberg type as GlueCatalog writes it, and the Hive checker takes it. */
static void test_glue_column_types(void **state)
{
    static const struct {
        const char *type, *hive;
    } cases[] = {
        {"'boolean'", "boolean"},
        {"'int'", "int"},
        {"'long'", "bigint"},
        {"'float'", "float"},
        {"'double'", "double"},
        {"'date'", "date"},
        {"'time'", "string"},
        {"'timestamp'", "timestamp"},
        {"'timestamptz'", "timestamp"},
        {"'timestamp_ns'", "timestamp"},
        {"'string'", "string"},
        {"'uuid'", "string"},
        {"'fixed[16]'", "binary"},
        {"'binary'", "binary"},
        {"'decimal(10, 2)'", "decimal(10,2)"},
        {"'variant'", "string"},
        {"'geometry'", "binary"},
        {"{'type':'list','element-id':2,'element':'int','element-required':true}", "array<int>"},
        {"{'type':'struct','fields':[{'id':2,'name':'a','type':'int','required':false},"
         "{'id':3,'name':'B_2','type':{'type':'struct','fields':[{'id':4,'name':'c',"
         "'type':'date','required':true}]},'required':false}]}",
         "struct<a:int,B_2:struct<c:date>>"},
        {"{'type':'struct','fields':[{'id':2,'name':'my col','type':'int','required':false},"
         "{'id':3,'name':'2x','type':'int','required':false}]}",
         "struct<`my col`:int,`2x`:int>"},
        {"{'type':'map','key-id':2,'key':'string','value-id':3,'value':'decimal(38,0)',"
         "'value-required':false}",
         "map<string,decimal(38,0)>"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[600];
        json_t *head, *cols;
        const char *got;
        snprintf(text, sizeof(text),
                 "{'current-schema-id':0,'schemas':[{'type':'struct','schema-id':0,'fields':["
                 "{'id':1,'name':'c','type':%s,'required':false}]}]}",
                 cases[i].type);
        head = J(text);
        cols = ice_glue_columns(head);
        got = json_string_value(json_object_get(json_array_get(cols, 0), "Type"));
        if (got == NULL || strcmp(got, cases[i].hive) != 0)
            fail_msg("case %zu: %s, want %s", i, got ? got : "NULL", cases[i].hive);
        assert_hive_types(cols);
        json_decref(cols);
        json_decref(head);
    }
}

static void test_glue_columns_v1_and_garbage(void **state)
{
    json_t *v1 = J("{'schema':{'type':'struct','fields':[{'id':1,'name':'a','type':'int',"
                   "'required':false}]}}");
    json_t *cols = ice_glue_columns(v1);
    json_t *junk = J("{'schemas':7,'schema':[1]}"), *none;
    (void)state;
    assert_int_equal(json_array_size(cols), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 0), "Type")), "int");
    none = ice_glue_columns(junk);
    assert_int_equal(json_array_size(none), 0);
    json_decref(none);
    none = ice_glue_columns(NULL);
    assert_true(json_is_array(none));
    json_decref(none);
    json_decref(cols);
    json_decref(v1);
    json_decref(junk);
}

static void test_schema_from_glue(void **state)
{
    json_t *cols =
        J("[{'Name':'a','Type':'TINYINT','Comment':'small'},{'Name':'b','Type':'bigint'},"
          "{'Name':'c','Type':'varchar(10)'},{'Name':'d','Type':'decimal(12, 2)'},"
          "{'Name':'e','Type':'array<struct<x:int,`y z`:map<string,timestamp>>>'},"
          "{'Name':'f','Type':'char(3)'},{'Name':'g','Type':'boolean'},"
          "{'Name':'h','Type':'binary'},{'Name':'i','Type':'date'},"
          "{'Name':'j','Type':'float'},{'Name':'k','Type':'double'},"
          "{'Name':'l','Type':'smallint'},{'Name':'m','Type':'string'}]");
    json_t *want =
        J("{'type':'struct','schema-id':0,'fields':["
          "{'id':1,'name':'a','required':false,'type':'int','doc':'small'},"
          "{'id':2,'name':'b','required':false,'type':'long'},"
          "{'id':3,'name':'c','required':false,'type':'string'},"
          "{'id':4,'name':'d','required':false,'type':'decimal(12,2)'},"
          "{'id':5,'name':'e','required':false,'type':{'type':'list','element-id':14,"
          "'element':{'type':'struct','fields':[{'id':15,'name':'x','required':false,'type':'int'},"
          "{'id':16,'name':'y z','required':false,'type':{'type':'map','key-id':17,'key':'string',"
          "'value-id':18,'value':'timestamp','value-required':false}}]},'element-required':false}},"
          "{'id':6,'name':'f','required':false,'type':'string'},"
          "{'id':7,'name':'g','required':false,'type':'boolean'},"
          "{'id':8,'name':'h','required':false,'type':'binary'},"
          "{'id':9,'name':'i','required':false,'type':'date'},"
          "{'id':10,'name':'j','required':false,'type':'float'},"
          "{'id':11,'name':'k','required':false,'type':'double'},"
          "{'id':12,'name':'l','required':false,'type':'int'},"
          "{'id':13,'name':'m','required':false,'type':'string'}]}");
    json_t *out = NULL, *back;
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(ice_schema_from_glue(cols, &out, &err), CAT_OK);
    assert_json(out, want, "ice_schema_from_glue");
    /* and back: the Glue columns of that schema */
    {
        json_t *head = json_pack("{s:i,s:[O]}", "current-schema-id", 0, "schemas", out);
        back = ice_glue_columns(head);
        json_decref(head);
    }
    assert_string_equal(json_string_value(json_object_get(json_array_get(back, 4), "Type")),
                        "array<struct<x:int,`y z`:map<string,timestamp>>>");
    assert_string_equal(json_string_value(json_object_get(json_array_get(back, 3), "Type")),
                        "decimal(12,2)");
    assert_hive_types(back);
    json_decref(back);
    json_decref(out);
    json_decref(want);
    json_decref(cols);
}

/* A wide table (checks stay linear): 20,000 columns, then one more with a name already used. */
static void test_schema_from_glue_wide(void **state)
{
    json_t *cols = json_array(), *out = NULL;
    struct srv_error err;
    char name[32];
    int i;
    (void)state;
    for (i = 0; i < 20000; i++) {
        snprintf(name, sizeof(name), "c%d", i);
        json_array_append_new(cols, json_pack("{s:s,s:s}", "Name", name, "Type", "bigint"));
    }
    srv_error_init(&err);
    assert_int_equal(ice_schema_from_glue(cols, &out, &err), CAT_OK);
    assert_int_equal(json_array_size(json_object_get(out, "fields")), 20000);
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(out, "fields"), 19999), "id")),
                     20000);
    json_decref(out);
    json_array_append_new(cols, json_pack("{s:s,s:s}", "Name", "c7", "Type", "int"));
    assert_int_equal(ice_schema_from_glue(cols, &out, &err), CAT_EINVAL);
    assert_string_equal(err.msg, "Columns: the name 'c7' is used twice in one struct");
    json_decref(cols);
}

static void test_schema_from_glue_rejects(void **state)
{
    static const struct {
        const char *cols, *msg;
    } cases[] = {
        {"{}", "Columns must be a list of columns"},
        {"[{'Type':'int'}]", "Columns[0]: Name must be a non-empty string"},
        {"[{'Name':'a'}]", "column 'a': Type must be a string"},
        {"[{'Name':'a','Type':'strnig'}]",
         "column 'a': invalid type 'strnig': unknown type 'strnig' at position 1"},
        {"[{'Name':'a','Type':'uniontype<int,string>'}]",
         "column 'a': type 'uniontype<int,string>' has no Iceberg counterpart"},
        {"[{'Name':'a','Type':'interval_day_time'}]",
         "column 'a': type 'interval_day_time' has no Iceberg counterpart"},
        {"[{'Name':'a','Type':'array<uniontype<int>>'}]",
         "column 'a': type 'array<uniontype<int>>' has no Iceberg counterpart"},
        {"[{'Name':'a','Type':'int'},{'Name':'a','Type':'int'}]",
         "Columns: the name 'a' is used twice in one struct"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *cols = J(cases[i].cols), *out = (json_t *)1;
        struct srv_error err;
        srv_error_init(&err);
        if (ice_schema_from_glue(cols, &out, &err) != CAT_EINVAL ||
            strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].msg);
        assert_null(out);
        json_decref(cols);
    }
}

static void test_create_from_glue(void **state)
{
    static const struct {
        const char *input, *table, *want;
    } cases[] = {
        /* Glue's own Iceberg shapes, nested types in either case style */
        {"{'MetadataOperation':'CREATE','Version':'2','CreateIcebergTableInput':{"
         "'Location':'s3://b/t','Properties':{'write.format.default':'parquet'},"
         "'Schema':{'SchemaId':0,'Type':'struct','IdentifierFieldIds':[1],'Fields':["
         "{'Id':1,'Name':'id','Type':'long','Required':true,'Doc':'key'},"
         "{'Id':2,'Name':'ts','Type':'TIMESTAMPTZ','Required':false},"
         "{'Id':3,'Name':'p','Type':{'Type':'struct','Fields':[{'Id':4,'Name':'q','Type':'int',"
         "'Required':false}]},'Required':false},"
         "{'Id':5,'Name':'l','Type':{'type':'list','element-id':6,'element':'string',"
         "'element-required':true},'Required':false,'WriteDefault':null}]},"
         "'PartitionSpec':{'SpecId':0,'Fields':[{'SourceId':2,'Transform':'day','Name':'ts_day',"
         "'FieldId':1000}]},"
         "'WriteOrder':{'OrderId':1,'Fields':[{'SourceId':1,'Transform':'identity',"
         "'Direction':'desc','NullOrder':'nulls-last'}]}}}",
         "{'Name':'t','Parameters':{'table_type':'ICEBERG'}}",
         "{'name':'t','location':'s3://b/t','schema':{'type':'struct','schema-id':0,"
         "'identifier-field-ids':[1],'fields':["
         "{'id':1,'name':'id','type':'long','required':true,'doc':'key'},"
         "{'id':2,'name':'ts','type':'timestamptz','required':false},"
         "{'id':3,'name':'p','type':{'type':'struct','fields':[{'id':4,'name':'q','type':'int',"
         "'required':false}]},'required':false},"
         "{'id':5,'name':'l','type':{'type':'list','element-id':6,'element':'string',"
         "'element-required':true},'required':false,'write-default':null}]},"
         "'partition-spec':{'spec-id':0,'fields':[{'source-id':2,'field-id':1000,"
         "'transform':'day','name':'ts_day'}]},"
         "'write-order':{'order-id':1,'fields':[{'transform':'identity','source-id':1,"
         "'direction':'desc','null-order':'nulls-last'}]},"
         "'properties':{'write.format.default':'parquet','format-version':'2'}}"},
        /* no CreateIcebergTableInput: the Hive columns and partition keys of TableInput */
        {"{'MetadataOperation':'CREATE','Version':'1'}",
         "{'Name':'t','StorageDescriptor':{'Location':'file:///w/t','Columns':["
         "{'Name':'a','Type':'int'},{'Name':'b','Type':'struct<c:string>'}]},"
         "'PartitionKeys':[{'Name':'dt','Type':'string'},{'Name':'h','Type':'int'}]}",
         "{'name':'t','location':'file:///w/t','schema':{'type':'struct','schema-id':0,'fields':["
         "{'id':1,'name':'a','required':false,'type':'int'},"
         "{'id':2,'name':'b','required':false,'type':{'type':'struct','fields':[{'id':5,"
         "'name':'c','required':false,'type':'string'}]}},"
         "{'id':3,'name':'dt','required':false,'type':'string'},"
         "{'id':4,'name':'h','required':false,'type':'int'}]},"
         "'partition-spec':{'spec-id':0,'fields':["
         "{'source-id':3,'field-id':1000,'transform':'identity','name':'dt'},"
         "{'source-id':4,'field-id':1001,'transform':'identity','name':'h'}]},"
         "'properties':{'format-version':'1'}}"},
        /* nothing but the operation: an empty schema, no location; a property's
        ** format-version wins over Version */
        {"{'MetadataOperation':'CREATE','Version':'3','CreateIcebergTableInput':{'Properties':{"
         "'format-version':'2'}}}",
         "{'Name':'t'}",
         "{'name':'t','schema':{'type':'struct','schema-id':0,'fields':[]},"
         "'partition-spec':{'spec-id':0,'fields':[]},'properties':{'format-version':'2'}}"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *in = J(cases[i].input), *ti = J(cases[i].table), *want = J(cases[i].want);
        json_t *out = NULL;
        struct srv_error err;
        char what[32];
        srv_error_init(&err);
        if (ice_create_from_glue(in, ti, &out, &err) != CAT_OK)
            fail_msg("case %zu: %s", i, err.msg);
        snprintf(what, sizeof(what), "case %zu", i);
        assert_json(out, want, what);
        json_decref(out);
        json_decref(want);
        json_decref(in);
        json_decref(ti);
    }
}

static void test_create_from_glue_rejects(void **state)
{
#define CTI_SCHEMA "'Schema':{'Fields':[{'Id':1,'Name':'a','Type':'int','Required':false}]}"
    static const struct {
        const char *input, *table, *msg;
    } cases[] = {
        {"[]", "{'Name':'t'}", "OpenTableFormatInput.IcebergInput must be an object"},
        {"{'MetadataOperation':'UPDATE'}", "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.MetadataOperation must be CREATE"},
        {"{'MetadataOperation':'CREATE','Version':'9'}", "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.Version must be 1, 2 or 3"},
        {"{'MetadataOperation':'CREATE'}", "{}", "TableInput.Name must be a non-empty string"},
        {"{'MetadataOperation':'CREATE'}", NULL, "TableInput.Name must be a non-empty string"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':[]}", "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput must be an object"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{'Location':1}}", "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.Location must be a string"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{'Properties':{'a':1}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.Properties must be a map of "
         "strings"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{'Schema':{'Fields':[{'Id':1,"
         "'Name':'a','Type':'strnig','Required':false}]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.Schema: field 'a': unknown "
         "type 'strnig'"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{'Schema':{'Type':'list',"
         "'Fields':[]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.Schema.Type must be "
         "\"struct\""},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{'Schema':{}}}", "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.Schema.Fields must be a list"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{'Schema':{'Fields':[{'Id':1,"
         "'Name':'a','Type':'int'}]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.Schema: field 'a': 'required' "
         "must be true or false"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{" CTI_SCHEMA
         ",'PartitionSpec':{'Fields':[{'SourceId':1,'Transform':'identity'}]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.PartitionSpec.Fields[0] must "
         "have SourceId (integer), Transform and Name"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{" CTI_SCHEMA
         ",'WriteOrder':{'OrderId':1,'Fields':[{'SourceId':1,'Transform':'identity',"
         "'Direction':'up','NullOrder':'nulls-first'}]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.WriteOrder.Fields[0].Direction "
         "must be asc or desc"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{" CTI_SCHEMA
         ",'WriteOrder':{'OrderId':1,'Fields':[{'SourceId':1,'Transform':'identity',"
         "'Direction':'asc','NullOrder':'first'}]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.WriteOrder.Fields[0].NullOrder "
         "must be nulls-first or nulls-last"},
        {"{'MetadataOperation':'CREATE','CreateIcebergTableInput':{" CTI_SCHEMA
         ",'WriteOrder':{'Fields':[]}}}",
         "{'Name':'t'}",
         "OpenTableFormatInput.IcebergInput.CreateIcebergTableInput.WriteOrder.OrderId must be an "
         "integer"},
        {"{'MetadataOperation':'CREATE'}",
         "{'Name':'t','StorageDescriptor':{'Columns':[{'Name':'u','Type':'uniontype<int>'}]}}",
         "column 'u': type 'uniontype<int>' has no Iceberg counterpart"},
        {"{'MetadataOperation':'CREATE'}", "{'Name':'t','PartitionKeys':{}}",
         "TableInput.PartitionKeys must be a list"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *in = J(cases[i].input), *ti = J(cases[i].table), *out = (json_t *)1;
        struct srv_error err;
        srv_error_init(&err);
        if (ice_create_from_glue(in, ti, &out, &err) != CAT_EINVAL ||
            strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].msg);
        assert_null(out);
        json_decref(in);
        json_decref(ti);
    }
}

static void test_updates_from_glue(void **state)
{
#define G_SCHEMA "{'SchemaId':1,'Fields':[{'Id':1,'Name':'a','Type':'int','Required':false}]}"
#define R_SCHEMA                                                                                   \
    "{'type':'struct','schema-id':1,'fields':[{'id':1,'name':'a','type':'int','required':false}]}"
    static const struct {
        const char *updates, *want;
    } cases[] = {
        /* no Action: the new state, each member made current */
        {"[{'Schema':" G_SCHEMA ",'Location':'s3://b/t',"
         "'PartitionSpec':{'Fields':[{'SourceId':1,'Transform':'bucket[4]','Name':'a_b'}]},"
         "'SortOrder':{'OrderId':2,'Fields':[]},'Properties':{'k':'v'}}]",
         "[{'action':'add-schema','schema':" R_SCHEMA "},"
         "{'action':'set-current-schema','schema-id':-1},"
         "{'action':'add-spec','spec':{'spec-id':0,'fields':[{'source-id':1,"
         "'transform':'bucket[4]','name':'a_b'}]}},"
         "{'action':'set-default-spec','spec-id':-1},"
         "{'action':'add-sort-order','sort-order':{'order-id':2,'fields':[]}},"
         "{'action':'set-default-sort-order','sort-order-id':-1},"
         "{'action':'set-location','location':'s3://b/t'},"
         "{'action':'set-properties','updates':{'k':'v'}}]"},
        {"[{'Action':'add-schema','Schema':" G_SCHEMA ",'Location':'x'},"
         "{'Action':'set-current-schema','Schema':" G_SCHEMA ",'Location':'x'},"
         "{'Action':'set-current-schema','Location':'x'}]",
         "[{'action':'add-schema','schema':" R_SCHEMA "},"
         "{'action':'set-current-schema','schema-id':1},"
         "{'action':'set-current-schema','schema-id':-1}]"},
        {"[{'Action':'add-spec','PartitionSpec':{'SpecId':3,'Fields':[]}},"
         "{'Action':'set-default-spec','PartitionSpec':{'SpecId':3,'Fields':[]}},"
         "{'Action':'add-sort-order','SortOrder':{'OrderId':1,'Fields':[{'SourceId':1,"
         "'Transform':'identity','Direction':'asc','NullOrder':'nulls-first'}]}},"
         "{'Action':'set-default-sort-order','SortOrder':{'OrderId':1,'Fields':[]}}]",
         "[{'action':'add-spec','spec':{'spec-id':3,'fields':[]}},"
         "{'action':'set-default-spec','spec-id':3},"
         "{'action':'add-sort-order','sort-order':{'order-id':1,'fields':[{'transform':'identity',"
         "'source-id':1,'direction':'asc','null-order':'nulls-first'}]}},"
         "{'action':'set-default-sort-order','sort-order-id':1}]"},
        {"[{'Action':'set-location','Location':'file:///n'},"
         "{'Action':'set-properties','Properties':{'a':'1'}},"
         "{'Action':'remove-properties','Properties':{'a':'','b':''}}]",
         "[{'action':'set-location','location':'file:///n'},"
         "{'action':'set-properties','updates':{'a':'1'}},"
         "{'action':'remove-properties','removals':['a','b']}]"},
        {"[{'Action':'add-encryption-key','EncryptionKey':{'KeyId':'k1',"
         "'EncryptedKeyMetadata':'AAA=','EncryptedById':'k0','Properties':{'p':'q'}}},"
         "{'Action':'remove-encryption-key','KeyId':'k0'}]",
         "[{'action':'add-encryption-key','encryption-key':{'key-id':'k1',"
         "'encrypted-key-metadata':'AAA=','encrypted-by-id':'k0','properties':{'p':'q'}}},"
         "{'action':'remove-encryption-key','key-id':'k0'}]"},
        {"[]", "[]"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *in = J(cases[i].updates), *want = J(cases[i].want), *out = NULL;
        struct srv_error err;
        char what[32];
        srv_error_init(&err);
        if (ice_updates_from_glue(in, &out, &err) != CAT_OK)
            fail_msg("case %zu: %s", i, err.msg);
        snprintf(what, sizeof(what), "case %zu", i);
        assert_json(out, want, what);
        json_decref(out);
        json_decref(want);
        json_decref(in);
    }
}

static void test_updates_from_glue_rejects(void **state)
{
    static const struct {
        const char *updates, *msg;
    } cases[] = {
        {"{}", "UpdateIcebergTableInput.Updates must be a list"},
        {"[1]", "UpdateIcebergTableInput.Updates[0] must be an object"},
        {"[{}]", "UpdateIcebergTableInput.Updates[0] has no Action and no Schema, PartitionSpec, "
                 "SortOrder, Location or Properties"},
        {"[{'Location':'x'},{'Action':'drop-table'}]",
         "UpdateIcebergTableInput.Updates[1].Action 'drop-table' is not one of add-schema, "
         "set-current-schema, add-spec, set-default-spec, add-sort-order, set-default-sort-order, "
         "set-location, set-properties, remove-properties, add-encryption-key, "
         "remove-encryption-key"},
        {"[{'Action':5}]", "UpdateIcebergTableInput.Updates[0].Action must be a string"},
        {"[{'Action':'add-schema'}]",
         "UpdateIcebergTableInput.Updates[0].Schema must be an object"},
        {"[{'Action':'add-schema','Schema':{'Fields':[{'Id':1,'Name':'a','Type':{'Type':'list',"
         "'ElementId':1,'Element':'int','ElementRequired':false},'Required':false}]}}]",
         "UpdateIcebergTableInput.Updates[0].Schema: field 'a': id 1 is used twice"},
        {"[{'Action':'set-location'}]",
         "UpdateIcebergTableInput.Updates[0].Location must be a string"},
        {"[{'Action':'set-properties'}]",
         "UpdateIcebergTableInput.Updates[0].Properties must be a map of strings"},
        {"[{'Action':'remove-properties','Properties':['a']}]",
         "UpdateIcebergTableInput.Updates[0].Properties must be a map of strings"},
        {"[{'Action':'add-spec','PartitionSpec':{'SpecId':'1','Fields':[]}}]",
         "UpdateIcebergTableInput.Updates[0].PartitionSpec.SpecId must be an integer"},
        {"[{'Action':'add-encryption-key','EncryptionKey':{'KeyId':'k'}}]",
         "UpdateIcebergTableInput.Updates[0].EncryptionKey must have KeyId and "
         "EncryptedKeyMetadata"},
        {"[{'Action':'remove-encryption-key'}]",
         "UpdateIcebergTableInput.Updates[0].KeyId must be a string"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *in = J(cases[i].updates), *out = (json_t *)1;
        struct srv_error err;
        srv_error_init(&err);
        if (ice_updates_from_glue(in, &out, &err) != CAT_EINVAL ||
            strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].msg);
        assert_null(out);
        json_decref(in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glue_columns_of_current_schema),
        cmocka_unit_test(test_glue_column_types),
        cmocka_unit_test(test_glue_columns_v1_and_garbage),
        cmocka_unit_test(test_schema_from_glue),
        cmocka_unit_test(test_schema_from_glue_wide),
        cmocka_unit_test(test_schema_from_glue_rejects),
        cmocka_unit_test(test_create_from_glue),
        cmocka_unit_test(test_create_from_glue_rejects),
        cmocka_unit_test(test_updates_from_glue),
        cmocka_unit_test(test_updates_from_glue_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
