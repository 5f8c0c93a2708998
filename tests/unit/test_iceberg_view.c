/* test_iceberg_view.c -- unit tests for lang/iceberg_view.c (ViewMetadata from CreateViewRequest,
** CommitViewRequest applied as Java's ViewMetadata.Builder does) and lang/iceberg_schema.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iceberg_check.h"
#include "lang/iceberg_meta.h"
#include "lang/iceberg_schema.h"

#define SCHEMA0                                                                                    \
    "{'type':'struct','schema-id':0,'fields':[{'id':1,'name':'x','type':'int','required':false}]}"
#define V1                                                                                         \
    "{'version-id':1,'timestamp-ms':100,'schema-id':0,'summary':{'engine-name':'spark'},"          \
    "'representations':[{'type':'sql','sql':'select 1 as x','dialect':'spark'}],"                  \
    "'default-namespace':['db']}"
#define BASE                                                                                       \
    "{'view-uuid':'u-1','format-version':1,'location':'file:///w/v','properties':{'a':'1'},"       \
    "'schemas':[" SCHEMA0 "],'current-version-id':1,'versions':[" V1 "],"                          \
    "'version-log':[{'version-id':1,'timestamp-ms':100}]}"
/* a second version, on schema -1 (the last added) */
#define V2_LAST                                                                                    \
    "{'version-id':2,'timestamp-ms':200,'schema-id':-1,'summary':{'engine-name':'spark'},"         \
    "'representations':[{'type':'sql','sql':'select 1 as x, 2 as y','dialect':'spark'}],"          \
    "'default-namespace':['db']}"
#define SCHEMA_XY                                                                                  \
    "{'type':'struct','fields':[{'id':1,'name':'x','type':'int','required':false},"                \
    "{'id':2,'name':'y','type':'int','required':false}]}"

static void test_view_new_builds_metadata(void **state)
{
    json_t *req = J("{'name':'v','properties':{'comment':'c'},"
                    "'schema':{'type':'struct','schema-id':3,'identifier-field-ids':[9],'fields':["
                    "{'id':9,'name':'a','type':'long','required':true},"
                    "{'id':4,'name':'s','type':{'type':'struct','fields':["
                    "{'id':5,'name':'l','type':{'type':'list','element-id':6,'element':'string',"
                    "'element-required':false},'required':false}]},'required':false},"
                    "{'id':7,'name':'m','type':{'type':'map','key-id':8,'key':'string',"
                    "'value-id':10,'value':'decimal(10, 2)','value-required':true},"
                    "'required':false}]},"
                    "'view-version':{'version-id':7,'timestamp-ms':5,'schema-id':99,"
                    "'summary':{'engine-name':'trino'},'default-catalog':'cat',"
                    "'representations':[{'type':'sql','sql':'select 1','dialect':'trino'}],"
                    "'default-namespace':['db']}}");
    json_t *want =
        J("{'view-uuid':'uuid-1','format-version':1,'location':'file:///w/db/v',"
          "'properties':{'comment':'c'},"
          "'schemas':[{'type':'struct','schema-id':3,'identifier-field-ids':[1],'fields':["
          "{'id':1,'name':'a','type':'long','required':true},"
          "{'id':2,'name':'s','type':{'type':'struct','fields':["
          "{'id':4,'name':'l','type':{'type':'list','element-id':5,'element':'string',"
          "'element-required':false},'required':false}]},'required':false},"
          "{'id':3,'name':'m','type':{'type':'map','key-id':6,'key':'string',"
          "'value-id':7,'value':'decimal(10, 2)','value-required':true},"
          "'required':false}]}],"
          "'current-version-id':1,"
          "'versions':[{'version-id':1,'timestamp-ms':1000,'schema-id':3,"
          "'summary':{'engine-name':'trino'},'default-catalog':'cat',"
          "'representations':[{'type':'sql','sql':'select 1','dialect':'trino'}],"
          "'default-namespace':['db']}],"
          "'version-log':[{'timestamp-ms':1000,'version-id':1}]}");
    json_t *out = NULL;
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(ice_view_new(req, "file:///w/db/v", "uuid-1", 1000, &out, &err), CAT_OK);
    assert_json(out, want, "ice_view_new");
    json_decref(out);
    json_decref(want);
    json_decref(req);
}

static void test_view_new_rejects(void **state)
{
    static const struct {
        const char *req, *msg;
    } cases[] = {
        {"[]", "CreateViewRequest must be an object"},
        {"{'schema':" SCHEMA0 ",'view-version':" V1 "}",
         "CreateViewRequest: 'name' must be a non-empty string"},
        {"{'name':'v','properties':{'a':1},'schema':" SCHEMA0 ",'view-version':" V1 "}",
         "CreateViewRequest: 'properties' must be an object of strings"},
        {"{'name':'v','view-version':" V1 "}",
         "CreateViewRequest: schema: the schema must be an object"},
        {"{'name':'v','schema':{'type':'struct','fields':[{'id':1,'name':'x','type':'strnig',"
         "'required':false}]},'view-version':" V1 "}",
         "CreateViewRequest: schema: field 'x': unknown type 'strnig'"},
        {"{'name':'v','schema':{'type':'struct','fields':[{'id':1,'name':'x','type':'int',"
         "'required':false},{'id':2,'name':'x','type':'int','required':false}]},"
         "'view-version':" V1 "}",
         "CreateViewRequest: schema: the name 'x' is used twice in one struct"},
        {"{'name':'v','schema':{'type':'struct','fields':[{'id':1,'name':'x','type':{'type':'list',"
         "'element-id':1,'element':'int','element-required':true},'required':false}]},"
         "'view-version':" V1 "}",
         "CreateViewRequest: schema: field 'x': id 1 is used twice"},
        {"{'name':'v','schema':{'type':'struct','identifier-field-ids':[3],'fields':[]},"
         "'view-version':" V1 "}",
         "CreateViewRequest: schema: identifier field id 3 is not a field"},
        {"{'name':'v','schema':" SCHEMA0 ",'view-version':7}",
         "CreateViewRequest: view-version must be an object"},
        {"{'name':'v','schema':" SCHEMA0 ",'view-version':{'summary':{},'default-namespace':[],"
         "'representations':[{'type':'sql','sql':'a','dialect':'Spark'},"
         "{'type':'sql','sql':'b','dialect':'spark'}]}}",
         "CreateViewRequest: view-version: Cannot add multiple queries for dialect spark"},
        {"{'name':'v','schema':" SCHEMA0 ",'view-version':{'summary':{},'default-namespace':[],"
         "'representations':[{'type':'sql','dialect':'spark'}]}}",
         "CreateViewRequest: view-version: representation 0 must have 'sql' and 'dialect'"},
        {"{'name':'v','schema':" SCHEMA0 ",'view-version':{'summary':{},"
         "'representations':[]}}",
         "CreateViewRequest: view-version must have a 'default-namespace' array of strings"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *req = J(cases[i].req), *out = (json_t *)1;
        struct srv_error err;
        srv_error_init(&err);
        if (ice_view_new(req, "file:///v", "u", 1, &out, &err) != CAT_EINVAL ||
            strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].msg);
        assert_null(out);
        json_decref(req);
    }
}

/* CommitViewRequest cases on BASE (or META): the members the result must have (WANT), NULL
** with CODE 0 for "nothing changes", or the error. */
static void test_view_apply(void **state)
{
    static const struct {
        const char *meta, *reqs, *updates;
        int code;
        const char *want; /* members of the result, or the error message */
    } cases[] = {
        /* replace: a new schema and a version on it, made current */
        {NULL, "[{'type':'assert-view-uuid','uuid':'u-1'}]",
         "[{'action':'add-schema','schema':" SCHEMA_XY ",'last-column-id':2},"
         "{'action':'add-view-version','view-version':" V2_LAST "},"
         "{'action':'set-current-view-version','view-version-id':-1}]",
         0,
         "{'current-version-id':2,'schemas':[" SCHEMA0 ",{'type':'struct','schema-id':1,'fields':["
         "{'id':1,'name':'x','type':'int','required':false},"
         "{'id':2,'name':'y','type':'int','required':false}]}],"
         "'version-log':[{'version-id':1,'timestamp-ms':100},{'timestamp-ms':200,'version-id':2}]"
         "}"},
        /* the version's own id is kept when higher than the highest; the schema reused */
        {NULL, NULL,
         "[{'action':'add-schema','schema':" SCHEMA0 "},"
         "{'action':'add-view-version','view-version':{'version-id':9,'timestamp-ms':300,"
         "'schema-id':-1,'summary':{},'representations':[{'type':'sql','sql':'q','dialect':'spark'}"
         "],"
         "'default-namespace':[]}},"
         "{'action':'set-current-view-version','view-version-id':-1}]",
         0, "{'current-version-id':9,'schemas':[" SCHEMA0 "]}"},
        /* a version identical to version 1 reuses its id: nothing changes */
        {NULL, NULL,
         "[{'action':'add-view-version','view-version':{'version-id':5,'timestamp-ms':999,"
         "'schema-id':0,'summary':{'engine-name':'spark'},"
         "'representations':[{'type':'sql','sql':'select 1 as x','dialect':'spark'}],"
         "'default-namespace':['db']}},"
         "{'action':'set-current-view-version','view-version-id':1}]",
         0, NULL},
        /* ... and is not "the last added" */
        {NULL, NULL,
         "[{'action':'add-view-version','view-version':" V1 "},"
         "{'action':'set-current-view-version','view-version-id':-1}]",
         CAT_EINVAL,
         "update 1 (set-current-view-version): Cannot set last version id: no version has been "
         "added"},
        /* an older version made current again: the log entry has the commit's time */
        {"{'view-uuid':'u-1','format-version':1,'location':'l','schemas':[" SCHEMA0 "],"
         "'current-version-id':2,'versions':[" V1 ",{'version-id':2,'timestamp-ms':200,"
         "'schema-id':0,'summary':{},'representations':[],'default-namespace':[]}],"
         "'version-log':[{'version-id':1,'timestamp-ms':100},{'version-id':2,'timestamp-ms':200}]}",
         NULL, "[{'action':'set-current-view-version','view-version-id':1}]", 0,
         "{'current-version-id':1,'properties':{},'version-log':[{'version-id':1,'timestamp-ms':"
         "100},"
         "{'version-id':2,'timestamp-ms':200},{'timestamp-ms':5000,'version-id':1}]}"},
        {NULL, NULL, "[{'action':'set-properties','updates':{'a':'1'}}]", 0, NULL},
        {NULL, NULL, "[{'action':'set-properties','updates':{'b':'2'}}]", 0,
         "{'properties':{'a':'1','b':'2'},'version-log':[{'version-id':1,'timestamp-ms':100}]}"},
        {NULL, NULL, "[{'action':'remove-properties','removals':['a','zz']}]", 0,
         "{'properties':{}}"},
        {NULL, NULL, "[{'action':'remove-properties','removals':['zz']}]", 0, NULL},
        {NULL, NULL, "[{'action':'set-location','location':'s3://b/v'}]", 0,
         "{'location':'s3://b/v'}"},
        {NULL, NULL, "[{'action':'set-location','location':'file:///w/v'}]", 0, NULL},
        {NULL, NULL, "[{'action':'assign-uuid','uuid':'u-1'}]", 0, NULL},
        {NULL, NULL, "[{'action':'upgrade-format-version','format-version':1}]", 0, NULL},
        {NULL, NULL, "[]", 0, NULL},
        /* history size 1: only the current version and its log entry stay */
        {NULL, NULL,
         "[{'action':'set-properties','updates':{'version.history.num-entries':'1'}},"
         "{'action':'add-schema','schema':" SCHEMA_XY "},"
         "{'action':'add-view-version','view-version':" V2_LAST "},"
         "{'action':'set-current-view-version','view-version-id':-1}]",
         0,
         "{'versions':[{'version-id':2,'timestamp-ms':200,'schema-id':1,'summary':{'engine-name':"
         "'spark'},'representations':[{'type':'sql','sql':'select 1 as x, 2 as "
         "y','dialect':'spark'}],"
         "'default-namespace':['db']}],'version-log':[{'timestamp-ms':200,'version-id':2}]}"},
        /* a dialect may be dropped only when the property allows it */
        {NULL, NULL,
         "[{'action':'set-properties','updates':{'replace.drop-dialect.allowed':'true'}},"
         "{'action':'add-view-version','view-version':{'version-id':2,'timestamp-ms':1,"
         "'schema-id':0,'summary':{},'representations':[{'type':'sql','sql':'q','dialect':'trino'}]"
         ","
         "'default-namespace':[]}},{'action':'set-current-view-version','view-version-id':-1}]",
         0, "{'current-version-id':2}"},
        {NULL, NULL,
         "[{'action':'add-view-version','view-version':{'version-id':2,'timestamp-ms':1,"
         "'schema-id':0,'summary':{},'representations':[{'type':'sql','sql':'q','dialect':'trino'}]"
         ","
         "'default-namespace':[]}},{'action':'set-current-view-version','view-version-id':-1}]",
         CAT_EINVAL,
         "Cannot replace view due to loss of view dialects (replace.drop-dialect.allowed=false): "
         "previous dialects: [spark], new dialects: [trino]"},
        /* failures */
        {NULL, "[{'type':'assert-view-uuid','uuid':'u-2'}]", "[]", CAT_ECONCURRENT,
         "requirement 0 (assert-view-uuid): the view's uuid is u-1, not u-2"},
        {NULL, "[{'type':'assert-table-uuid','uuid':'u-1'}]", "[]", CAT_EINVAL,
         "requirement 0: unknown type 'assert-table-uuid'"},
        {NULL, "[{'type':'assert-view-uuid'}]", "[]", CAT_EINVAL,
         "requirement 0 (assert-view-uuid): 'uuid' must be a string"},
        {NULL, NULL, "{}", CAT_EINVAL, "updates must be an array"},
        {NULL, NULL, "[{'action':'frobnicate'}]", CAT_EINVAL,
         "update 0 (frobnicate): unknown action"},
        {NULL, NULL, "[{}]", CAT_EINVAL, "update 0: 'action' must be a string"},
        {NULL, NULL, "[{'action':'assign-uuid','uuid':'u-9'}]", CAT_EINVAL,
         "update 0 (assign-uuid): Cannot reassign uuid"},
        {NULL, NULL, "[{'action':'upgrade-format-version','format-version':2}]", CAT_EINVAL,
         "update 0 (upgrade-format-version): Unsupported format version: 2"},
        {NULL, NULL, "[{'action':'upgrade-format-version','format-version':0}]", CAT_EINVAL,
         "update 0 (upgrade-format-version): Cannot downgrade v1 view to v0"},
        {NULL, NULL, "[{'action':'set-location'}]", CAT_EINVAL,
         "update 0 (set-location): Invalid location: null"},
        {NULL, NULL, "[{'action':'set-properties','updates':{'a':2}}]", CAT_EINVAL,
         "update 0 (set-properties): 'updates' must be an object of strings"},
        {NULL, NULL, "[{'action':'remove-properties','removals':'a'}]", CAT_EINVAL,
         "update 0 (remove-properties): 'removals' must be an array of strings"},
        {NULL, NULL, "[{'action':'add-schema','schema':{'type':'struct','fields':[{'id':1}]}}]",
         CAT_EINVAL, "update 0 (add-schema): every field must have a non-empty 'name'"},
        {NULL, NULL, "[{'action':'add-view-version','view-version':" V2_LAST "}]", CAT_EINVAL,
         "update 0 (add-view-version): Cannot set last added schema: no schema has been added"},
        {NULL, NULL,
         "[{'action':'add-view-version','view-version':{'version-id':2,'timestamp-ms':1,"
         "'schema-id':4,'summary':{},'representations':[],'default-namespace':[]}}]",
         CAT_EINVAL, "update 0 (add-view-version): Cannot add version with unknown schema: 4"},
        {NULL, NULL,
         "[{'action':'add-view-version','view-version':{'version-id':2,'schema-id':0,"
         "'summary':{},'representations':[],'default-namespace':[]}}]",
         CAT_EINVAL,
         "update 0 (add-view-version): view-version must have an integer 'timestamp-ms'"},
        {NULL, NULL, "[{'action':'set-current-view-version','view-version-id':3}]", CAT_EINVAL,
         "update 0 (set-current-view-version): Cannot set current version to unknown version: 3"},
        {NULL, NULL, "[{'action':'set-current-view-version'}]", CAT_EINVAL,
         "update 0 (set-current-view-version): 'view-version-id' must be an integer"},
        {NULL, NULL, "[{'action':'set-properties','updates':{'version.history.num-entries':'0'}}]",
         CAT_EINVAL, "version.history.num-entries must be a positive integer, not '0'"},
        {"{'view-uuid':'u'}", NULL, "[]", CAT_EINVAL,
         "view metadata: view-uuid, format-version, location, current-version-id, versions, "
         "version-log or schemas missing or of the wrong type"},
        {"{'view-uuid':'u','format-version':1,'location':'l','current-version-id':3,'versions':[],"
         "'version-log':[],'schemas':[]}",
         NULL, "[]", CAT_EINVAL, "view metadata: current-version-id 3 is not a version"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *meta = J(cases[i].meta ? cases[i].meta : BASE), *copy = json_deep_copy(meta);
        json_t *reqs = J(cases[i].reqs), *ups = J(cases[i].updates), *out = (json_t *)1;
        struct srv_error err;
        char what[32];
        int rc;
        srv_error_init(&err);
        rc = ice_view_apply(meta, reqs, ups, 5000, &out, &err);
        snprintf(what, sizeof(what), "case %zu", i);
        if (rc != cases[i].code)
            fail_msg("case %zu: code %d (%s), want %d", i, rc, err.msg, cases[i].code);
        assert_json(meta, copy, "META is not modified");
        if (rc != CAT_OK) {
            if (strcmp(err.msg, cases[i].want) != 0)
                fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].want);
            assert_null(out);
        } else if (cases[i].want == NULL) {
            if (out != NULL)
                fail_msg("case %zu: changed: %s", i, json_dumps(out, JSON_SORT_KEYS));
        } else {
            assert_non_null(out);
            assert_members(out, cases[i].want, what);
            json_decref(out);
        }
        json_decref(meta);
        json_decref(copy);
        json_decref(reqs);
        json_decref(ups);
    }
}

/* A create, then replaces: the result of each is the next one's base, as the operation
** stores it; the metadata stays valid for ice_view_apply()'s own check throughout. */
static void test_view_replace_chain(void **state)
{
    json_t *req = J("{'name':'v','schema':" SCHEMA0 ",'properties':{},'view-version':" V1 "}");
    json_t *m = NULL, *next;
    struct srv_error err;
    int i;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(ice_view_new(req, "file:///v", "u-1", 10, &m, &err), CAT_OK);
    for (i = 0; i < 14; i++) {
        char text[600];
        json_t *ups;
        snprintf(text, sizeof(text),
                 "[{'action':'add-schema','schema':{'type':'struct','fields':[{'id':1,'name':'c%d',"
                 "'type':'int','required':false}]}},"
                 "{'action':'add-view-version','view-version':{'version-id':1,'timestamp-ms':%d,"
                 "'schema-id':-1,'summary':{},'representations':[{'type':'sql','sql':'select %d',"
                 "'dialect':'spark'}],'default-namespace':[]}},"
                 "{'action':'set-current-view-version','view-version-id':-1}]",
                 i, 100 + i, i);
        ups = J(text);
        assert_int_equal(ice_view_apply(m, NULL, ups, 1000 + i, &next, &err), CAT_OK);
        assert_non_null(next);
        json_decref(ups);
        json_decref(m);
        m = next;
    }
    /* 15 versions made, the default history of 10 kept: versions 6..15, current 15 first */
    assert_int_equal(json_integer_value(json_object_get(m, "current-version-id")), 15);
    assert_int_equal(json_array_size(json_object_get(m, "versions")), 10);
    assert_int_equal(json_array_size(json_object_get(m, "version-log")), 10);
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(m, "versions"), 9), "version-id")),
                     6);
    assert_int_equal(json_array_size(json_object_get(m, "schemas")), 15);
    json_decref(m);
    json_decref(req);
}

/* A commit that adds a version and goes back to the old one keeps both (Java keeps the versions
** a commit adds), past a history size of 1; a commit without updates then writes nothing: it
** does not expire the added version (the fuzz target's crash-a4c48f50: no fixed point). */
static void test_view_noop_after_kept_versions(void **state)
{
    json_t *base = J(BASE), *next = NULL, *again = NULL, *none = J("[]");
    json_t *ups = J("[{'action':'set-properties','updates':{'version.history.num-entries':'1'}},"
                    "{'action':'add-schema','schema':" SCHEMA_XY "},"
                    "{'action':'add-view-version','view-version':" V2_LAST "},"
                    "{'action':'set-current-view-version','view-version-id':-1},"
                    "{'action':'set-current-view-version','view-version-id':1}]");
    struct srv_error err;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(ice_view_apply(base, NULL, ups, 5000, &next, &err), CAT_OK);
    assert_non_null(next);
    assert_int_equal(json_integer_value(json_object_get(next, "current-version-id")), 1);
    assert_int_equal(json_array_size(json_object_get(next, "versions")), 2);
    assert_int_equal(ice_view_apply(next, NULL, none, 6000, &again, &err), CAT_OK);
    assert_null(again);
    json_decref(base);
    json_decref(next);
    json_decref(none);
    json_decref(ups);
}

static void test_schema_primitives(void **state)
{
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"boolean", 1},
        {"long", 1},
        {"timestamptz_ns", 1},
        {"decimal(38,0)", 1},
        {"decimal( 9 , 2 )", 1},
        {"decimal(39,0)", 0},
        {"decimal(5,6)", 0},
        {"decimal(5)", 0},
        {"fixed[16]", 1},
        {"fixed[]", 0},
        {"geometry(srid:4326)", 1},
        {"Long", 0},
        {"bigint", 0},
        {"", 0},
        {"variant", 1},
        {"decimal(5,2)x", 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (icesch_primitive_ok(cases[i].s) != cases[i].ok)
            fail_msg("icesch_primitive_ok(\"%s\") != %d", cases[i].s, cases[i].ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_new_builds_metadata),
        cmocka_unit_test(test_view_new_rejects),
        cmocka_unit_test(test_view_apply),
        cmocka_unit_test(test_view_replace_chain),
        cmocka_unit_test(test_view_noop_after_kept_versions),
        cmocka_unit_test(test_schema_primitives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
