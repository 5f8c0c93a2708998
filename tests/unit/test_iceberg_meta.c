/* test_iceberg_meta.c -- unit tests for iceberg_meta.c: every commit requirement passing and
** failing (exact messages), every update action's effect, -1 as the last added, no-op commits,
** stale sequence numbers, v1 -> v3, the metadata-log cap, snapshot removal and the log cut,
** new tables' fresh ids, split/assemble, and the delta the store writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* needs the four headers above */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/iceberg_meta.h"

#define NOW 1700000000000LL
#define PREV "s3://bucket/test/location/metadata/00001-abc.metadata.json"
#define S1 "3051729675574597004"
#define S2 "3055729675574597004"
#define UUID "9c12d441-03fe-4693-9a96-a0705ddf69c1"

/* A v2 table (after the table spec's TableMetadataV2Valid.json): two snapshots, main at S2, a
** tag t1 at S1, statistics for S1, two schemas, a sort order 3. */
static const char base_v2[] =
    "{\"format-version\": 2, \"table-uuid\": \"" UUID "\","
    " \"location\": \"s3://bucket/test/location\", \"last-sequence-number\": 34,"
    " \"last-updated-ms\": 1602638573590, \"last-column-id\": 3, \"current-schema-id\": 1,"
    " \"schemas\": ["
    "  {\"type\": \"struct\", \"schema-id\": 0, \"fields\": ["
    "   {\"id\": 1, \"name\": \"x\", \"required\": true, \"type\": \"long\"}]},"
    "  {\"type\": \"struct\", \"schema-id\": 1, \"identifier-field-ids\": [1, 2], \"fields\": ["
    "   {\"id\": 1, \"name\": \"x\", \"required\": true, \"type\": \"long\"},"
    "   {\"id\": 2, \"name\": \"y\", \"required\": true, \"type\": \"long\", \"doc\": \"c\"},"
    "   {\"id\": 3, \"name\": \"z\", \"required\": true, \"type\": \"long\"}]}],"
    " \"default-spec-id\": 0,"
    " \"partition-specs\": [{\"spec-id\": 0, \"fields\": ["
    "   {\"name\": \"x\", \"transform\": \"identity\", \"source-id\": 1, \"field-id\": 1000}]}],"
    " \"last-partition-id\": 1000, \"default-sort-order-id\": 3,"
    " \"sort-orders\": [{\"order-id\": 0, \"fields\": []}, {\"order-id\": 3, \"fields\": ["
    "   {\"transform\": \"identity\", \"source-id\": 2, \"direction\": \"asc\","
    "    \"null-order\": \"nulls-first\"},"
    "   {\"transform\": \"bucket[4]\", \"source-id\": 3, \"direction\": \"desc\","
    "    \"null-order\": \"nulls-last\"}]}],"
    " \"properties\": {\"read.split.target.size\": \"134217728\"},"
    " \"current-snapshot-id\": " S2 ","
    " \"refs\": {\"main\": {\"snapshot-id\": " S2 ", \"type\": \"branch\"},"
    "  \"t1\": {\"snapshot-id\": " S1 ", \"type\": \"tag\"}},"
    " \"snapshots\": ["
    "  {\"snapshot-id\": " S1 ", \"timestamp-ms\": 1515100955770, \"sequence-number\": 0,"
    "   \"summary\": {\"operation\": \"append\"}, \"manifest-list\": \"s3://a/b/1.avro\"},"
    "  {\"snapshot-id\": " S2 ", \"parent-snapshot-id\": " S1 ","
    "   \"timestamp-ms\": 1555100955770, \"sequence-number\": 34,"
    "   \"summary\": {\"operation\": \"append\"}, \"manifest-list\": \"s3://a/b/2.avro\","
    "   \"schema-id\": 1}],"
    " \"statistics\": [{\"snapshot-id\": " S1 ", \"statistics-path\": \"s3://a/b/s.puffin\","
    "   \"file-size-in-bytes\": 413, \"file-footer-size-in-bytes\": 42, \"blob-metadata\": []}],"
    " \"partition-statistics\": [],"
    " \"snapshot-log\": [{\"snapshot-id\": " S1 ", \"timestamp-ms\": 1515100955770},"
    "  {\"snapshot-id\": " S2 ", \"timestamp-ms\": 1555100955770}],"
    " \"metadata-log\": [{\"metadata-file\": \"s3://bucket/test/location/metadata/v1.json\","
    "   \"timestamp-ms\": 1515100}]}";

static json_t *J(const char *text)
{
    json_error_t je;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &je);
    if (v == NULL)
        fail_msg("bad test JSON (%s at %d): %s", je.text, je.position, text);
    return v;
}

/* The member at PATH ("refs.main.snapshot-id", "schemas.1.schema-id") or NULL. */
static json_t *at(json_t *v, const char *path)
{
    char buf[256], *p, *save = NULL;
    snprintf(buf, sizeof(buf), "%s", path);
    for (p = strtok_r(buf, ".", &save); p != NULL && v != NULL; p = strtok_r(NULL, ".", &save)) {
        if (json_is_array(v)) {
            char *end;
            long i = strtol(p, &end, 10);
            v = *end == '\0' ? json_array_get(v, (size_t)i) : NULL;
        } else {
            v = json_object_get(v, p);
        }
    }
    return v;
}

/* Check OUT against EXPECT: {"path": value} (equal), {"path#": n} (array/object size),
** {"!path": null} (absent). */
static void expect_members(const char *name, json_t *out, const char *expect)
{
    json_t *e = J(expect), *want;
    const char *key;
    json_object_foreach(e, key, want) {
        size_t n = strlen(key);
        if (key[0] == '!') {
            if (at(out, key + 1) != NULL)
                fail_msg("%s: %s should be absent", name, key + 1);
        } else if (n > 0 && key[n - 1] == '#') {
            char path[256];
            json_t *got;
            size_t size;
            snprintf(path, sizeof(path), "%.*s", (int)(n - 1), key);
            got = at(out, path);
            size = json_is_array(got) ? json_array_size(got) : json_object_size(got);
            if (got == NULL || (long long)size != json_integer_value(want))
                fail_msg("%s: %s has %zu entries, want %lld", name, path, size,
                         (long long)json_integer_value(want));
        } else {
            json_t *got = at(out, key);
            if (got == NULL || !json_equal(got, want)) {
                char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
                char *w = json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT);
                fail_msg("%s: %s is %s, want %s", name, key, g ? g : "(absent)", w);
            }
        }
    }
    json_decref(e);
}

/* Commit REQS and UPDATES (JSON texts) on metadata BASE (NULL: no table) with
** ice_commit_full(); *OUT the new metadata or NULL. */
static int commit(const char *base, const char *reqs, const char *updates, json_t **out,
                  struct srv_error *err)
{
    json_t *m = base ? J(base) : NULL, *r = J(reqs), *u = J(updates);
    int rc;
    srv_error_init(err);
    rc = ice_commit_full(m, r, u, NOW, PREV, out, err);
    json_decref(m);
    json_decref(r);
    json_decref(u);
    return rc;
}

/* Whatever a commit writes must split again (it is valid TableMetadata). */
static void expect_splits(const char *name, const json_t *meta)
{
    json_t *h, *s, *l;
    struct srv_error err;
    srv_error_init(&err);
    if (ice_split(meta, &h, &s, &l, &err) != CAT_OK)
        fail_msg("%s: the result does not split: %s", name, err.msg);
    json_decref(h);
    json_decref(s);
    json_decref(l);
}

static void test_iceberg_requirements(void **state)
{
    static const struct {
        const char *reqs;
        int code;
        const char *msg;
    } cases[] = {
        {"[]", CAT_OK, NULL},
        {"[{\"type\": \"assert-create\"}]", CAT_ECONCURRENT,
         "requirement 0 (assert-create): the table already exists"},
        {"[{\"type\": \"assert-table-uuid\", \"uuid\": \"" UUID "\"}]", CAT_OK, NULL},
        {"[{\"type\": \"assert-table-uuid\", \"uuid\": \"9C12D441-03FE-4693-9A96-A0705DDF69C1\"}]",
         CAT_OK, NULL},
        {"[{\"type\": \"assert-table-uuid\", \"uuid\": \"other\"}]", CAT_ECONCURRENT,
         "requirement 0 (assert-table-uuid): the table's uuid is " UUID ", not other"},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": " S2 "}]",
         CAT_OK, NULL},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": 41}]",
         CAT_ECONCURRENT,
         "requirement 0 (assert-ref-snapshot-id): branch main is at " S2 ", not 41"},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"t1\", \"snapshot-id\": 41}]",
         CAT_ECONCURRENT, "requirement 0 (assert-ref-snapshot-id): tag t1 is at " S1 ", not 41"},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": null}]",
         CAT_ECONCURRENT,
         "requirement 0 (assert-ref-snapshot-id): branch main exists (at " S2 "), expected none"},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"dev\", \"snapshot-id\": null}]",
         CAT_OK, NULL},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"dev\", \"snapshot-id\": 7}]",
         CAT_ECONCURRENT,
         "requirement 0 (assert-ref-snapshot-id): branch or tag dev does not exist, expected it "
         "at 7"},
        {"[{\"type\": \"assert-last-assigned-field-id\", \"last-assigned-field-id\": 3}]", CAT_OK,
         NULL},
        {"[{\"type\": \"assert-last-assigned-field-id\", \"last-assigned-field-id\": 2}]",
         CAT_ECONCURRENT,
         "requirement 0 (assert-last-assigned-field-id): the last assigned field id is 3, not 2"},
        {"[{\"type\": \"assert-current-schema-id\", \"current-schema-id\": 1}]", CAT_OK, NULL},
        {"[{\"type\": \"assert-current-schema-id\", \"current-schema-id\": 0}]", CAT_ECONCURRENT,
         "requirement 0 (assert-current-schema-id): the current schema id is 1, not 0"},
        {"[{\"type\": \"assert-last-assigned-partition-id\", \"last-assigned-partition-id\": "
         "1000}]",
         CAT_OK, NULL},
        {"[{\"type\": \"assert-last-assigned-partition-id\", \"last-assigned-partition-id\": "
         "999}]",
         CAT_ECONCURRENT,
         "requirement 0 (assert-last-assigned-partition-id): the last assigned partition id is "
         "1000, not 999"},
        {"[{\"type\": \"assert-default-spec-id\", \"default-spec-id\": 0}]", CAT_OK, NULL},
        {"[{\"type\": \"assert-default-spec-id\", \"default-spec-id\": 1}]", CAT_ECONCURRENT,
         "requirement 0 (assert-default-spec-id): the default spec id is 0, not 1"},
        {"[{\"type\": \"assert-default-sort-order-id\", \"default-sort-order-id\": 3}]", CAT_OK,
         NULL},
        {"[{\"type\": \"assert-default-sort-order-id\", \"default-sort-order-id\": 0}]",
         CAT_ECONCURRENT,
         "requirement 0 (assert-default-sort-order-id): the default sort order id is 3, not 0"},
        /* the index of the one that fails */
        {"[{\"type\": \"assert-current-schema-id\", \"current-schema-id\": 1},"
         " {\"type\": \"assert-default-spec-id\", \"default-spec-id\": 5}]",
         CAT_ECONCURRENT,
         "requirement 1 (assert-default-spec-id): the default spec id is 0, not 5"},
        /* malformed or unknown: 400, even before a requirement that fails */
        {"[{\"type\": \"assert-foo\"}]", CAT_EINVAL, "requirement 0: unknown type assert-foo"},
        {"[{\"type\": \"assert-create\"}, {\"type\": \"assert-foo\"}]", CAT_EINVAL,
         "requirement 1: unknown type assert-foo"},
        {"[{\"type\": \"assert-table-uuid\"}]", CAT_EINVAL,
         "requirement 0 (assert-table-uuid): uuid must be a string"},
        {"[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\"}]", CAT_EINVAL,
         "requirement 0 (assert-ref-snapshot-id): snapshot-id must be an integer or null"},
        {"[{\"type\": \"assert-current-schema-id\", \"current-schema-id\": \"1\"}]", CAT_EINVAL,
         "requirement 0 (assert-current-schema-id): current-schema-id must be an integer"},
        {"[\"assert-create\"]", CAT_EINVAL, "requirement 0 must be an object with a type"},
        {"{}", CAT_EINVAL, "requirements must be an array"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct srv_error err;
        json_t *out = NULL;
        int rc =
            commit(base_v2, cases[i].reqs,
                   "[{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]", &out, &err);
        if (rc != cases[i].code)
            fail_msg("%s: rc %d (%s), want %d", cases[i].reqs, rc, err.msg, cases[i].code);
        if (rc == CAT_OK && out == NULL)
            fail_msg("%s: no new metadata", cases[i].reqs);
        if (cases[i].msg != NULL && strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("%s: message \"%s\", want \"%s\"", cases[i].reqs, err.msg, cases[i].msg);
        if (rc != CAT_OK && out != NULL)
            fail_msg("%s: metadata on an error", cases[i].reqs);
        json_decref(out);
    }
}

static void test_iceberg_requirements_no_table(void **state)
{
    static const struct {
        const char *reqs;
        int code;
        const char *msg;
    } cases[] = {
        {"[{\"type\": \"assert-table-uuid\", \"uuid\": \"" UUID "\"}]", CAT_ECONCURRENT,
         "requirement 0 (assert-table-uuid): the table does not exist"},
        {"[{\"type\": \"assert-create\"},"
         " {\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": 5}]",
         CAT_ECONCURRENT, "requirement 1 (assert-ref-snapshot-id): the table does not exist"},
        {"[{\"type\": \"assert-current-schema-id\", \"current-schema-id\": 0}]", CAT_ECONCURRENT,
         "requirement 0 (assert-current-schema-id): the table does not exist"},
        /* PyIceberg's create transaction with an append: no ref exists in no table */
        {"[{\"type\": \"assert-create\"},"
         " {\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": null}]",
         CAT_OK, NULL},
        {"[{\"type\": \"assert-create\"}]", CAT_OK, NULL},
    };
    /* DuckDB's create commit (iceberg_table_set.cpp): assert-create and the whole table */
    static const char create[] =
        "[{\"action\": \"assign-uuid\", \"uuid\": \"0195b1c4-5f5c-7c0e-9f5e-3a1b2c3d4e5f\"},"
        " {\"action\": \"upgrade-format-version\", \"format-version\": 2},"
        " {\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"schema-id\": 0,"
        "  \"fields\": [{\"id\": 1, \"name\": \"i\", \"required\": false, \"type\": \"int\"}]}},"
        " {\"action\": \"set-current-schema\", \"schema-id\": -1},"
        " {\"action\": \"add-spec\", \"spec\": {\"spec-id\": 0, \"fields\": []}},"
        " {\"action\": \"set-default-spec\", \"spec-id\": -1},"
        " {\"action\": \"add-sort-order\", \"sort-order\": {\"order-id\": 0, \"fields\": []}},"
        " {\"action\": \"set-default-sort-order\", \"sort-order-id\": -1},"
        " {\"action\": \"set-location\", \"location\": \"s3://w/db/t\"},"
        " {\"action\": \"set-properties\", \"updates\": {\"created-by\": \"duckdb\"}}]";
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct srv_error err;
        json_t *out = NULL;
        int rc = commit(NULL, cases[i].reqs, create, &out, &err);
        if (rc != cases[i].code)
            fail_msg("%s: rc %d (%s), want %d", cases[i].reqs, rc, err.msg, cases[i].code);
        if (cases[i].msg != NULL && strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("%s: message \"%s\", want \"%s\"", cases[i].reqs, err.msg, cases[i].msg);
        if (rc == CAT_OK) {
            expect_members("create commit", out,
                           "{\"format-version\": 2,"
                           " \"table-uuid\": \"0195b1c4-5f5c-7c0e-9f5e-3a1b2c3d4e5f\","
                           " \"location\": \"s3://w/db/t\", \"last-updated-ms\": 1700000000000,"
                           " \"last-column-id\": 1, \"current-schema-id\": 0,"
                           " \"schemas.0.schema-id\": 0, \"default-spec-id\": 0,"
                           " \"last-partition-id\": 999, \"default-sort-order-id\": 0,"
                           " \"sort-orders#\": 1, \"current-snapshot-id\": -1, \"refs#\": 0,"
                           " \"snapshots#\": 0, \"snapshot-log#\": 0, \"metadata-log#\": 0,"
                           " \"last-sequence-number\": 0,"
                           " \"properties\": {\"created-by\": \"duckdb\"}}");
            expect_splits("create commit", out);
        }
        json_decref(out);
    }
    /* a create that leaves no uuid, or no schema, is not a table */
    {
        struct srv_error err;
        json_t *out = NULL;
        assert_int_equal(commit(NULL, "[{\"type\": \"assert-create\"}]",
                                "[{\"action\": \"set-location\", \"location\": \"s3://w/t\"}]",
                                &out, &err),
                         CAT_EINVAL);
        assert_string_equal(err.msg,
                            "the metadata the updates leave is not valid: table-uuid is missing");
        assert_int_equal(commit(NULL, "[{\"type\": \"assert-create\"}]",
                                "[{\"action\": \"assign-uuid\", \"uuid\": \"u\"},"
                                " {\"action\": \"set-location\", \"location\": \"s3://w/t\"}]",
                                &out, &err),
                         CAT_EINVAL);
        assert_string_equal(err.msg, "the metadata the updates leave is not valid: schemas is "
                                     "missing or empty");
        /* v1 from the first upgrade-format-version: the v1 form */
        assert_int_equal(
            commit(NULL, "[{\"type\": \"assert-create\"}]",
                   "[{\"action\": \"upgrade-format-version\", \"format-version\": 1},"
                   " {\"action\": \"assign-uuid\", \"uuid\": \"u\"},"
                   " {\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\","
                   "  \"fields\": [{\"id\": 1, \"name\": \"i\", \"required\": false,"
                   "   \"type\": \"int\"}]}},"
                   " {\"action\": \"add-spec\", \"spec\": {\"fields\": []}},"
                   " {\"action\": \"add-sort-order\", \"sort-order\": {\"fields\": []}},"
                   " {\"action\": \"set-location\", \"location\": \"s3://w/t\"}]",
                   &out, &err),
            CAT_OK);
        expect_members("v1 create commit", out,
                       "{\"format-version\": 1, \"schema.schema-id\": 0, \"partition-spec\": [],"
                       " \"!last-sequence-number\": null, \"current-schema-id\": 0}");
        expect_splits("v1 create commit", out);
        json_decref(out);
    }
}

/* One update list's effect: the result's members, or the error. */
struct update_case {
    const char *name;
    const char *updates;
    int code;
    const char *msg;    /* the error, or NULL */
    const char *expect; /* members of the result (expect_members), NULL: nothing changes */
};

static void run_update_cases(const char *base, const struct update_case *cases, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        struct srv_error err;
        json_t *out = NULL;
        int rc = commit(base, "[]", cases[i].updates, &out, &err);
        if (rc != cases[i].code)
            fail_msg("%s: rc %d (%s), want %d", cases[i].name, rc, err.msg, cases[i].code);
        if (cases[i].msg != NULL && strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("%s: message \"%s\", want \"%s\"", cases[i].name, err.msg, cases[i].msg);
        if (rc == CAT_OK && cases[i].expect == NULL && out != NULL)
            fail_msg("%s: changed the metadata, want no change", cases[i].name);
        if (rc == CAT_OK && cases[i].expect != NULL) {
            if (out == NULL)
                fail_msg("%s: nothing changed", cases[i].name);
            expect_members(cases[i].name, out, cases[i].expect);
            expect_splits(cases[i].name, out);
        }
        json_decref(out);
    }
}

static void test_iceberg_update_actions(void **state)
{
    static const struct update_case cases[] = {
        /* assign-uuid */
        {"assign-uuid same", "[{\"action\": \"assign-uuid\", \"uuid\": \"" UUID "\"}]", CAT_OK,
         NULL, NULL},
        {"assign-uuid other", "[{\"action\": \"assign-uuid\", \"uuid\": \"u2\"}]", CAT_EINVAL,
         "update 0 (assign-uuid): cannot change the table's uuid " UUID " to u2", NULL},
        /* upgrade-format-version */
        {"upgrade to 3", "[{\"action\": \"upgrade-format-version\", \"format-version\": 3}]",
         CAT_OK, NULL,
         "{\"format-version\": 3, \"next-row-id\": 0, \"last-sequence-number\": 34,"
         " \"last-updated-ms\": 1700000000000}"},
        {"upgrade to the same", "[{\"action\": \"upgrade-format-version\", \"format-version\": 2}]",
         CAT_OK, NULL, NULL},
        {"downgrade", "[{\"action\": \"upgrade-format-version\", \"format-version\": 1}]",
         CAT_EINVAL, "update 0 (upgrade-format-version): cannot downgrade a v2 table to v1", NULL},
        {"v4", "[{\"action\": \"upgrade-format-version\", \"format-version\": 4}]", CAT_EINVAL,
         "update 0 (upgrade-format-version): format version 4 is not supported (1 to 3)", NULL},
        /* add-schema, set-current-schema */
        {"add-schema, nested ids count",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"schema-id\": 7,"
         "  \"fields\": [{\"id\": 1, \"name\": \"x\", \"required\": true, \"type\": \"long\"},"
         "   {\"id\": 4, \"name\": \"m\", \"required\": false, \"type\": {\"type\": \"map\","
         "    \"key-id\": 5, \"key\": \"string\", \"value-id\": 6, \"value-required\": false,"
         "    \"value\": {\"type\": \"list\", \"element-id\": 7, \"element-required\": true,"
         "     \"element\": \"double\"}}}]}},"
         " {\"action\": \"set-current-schema\", \"schema-id\": -1}]",
         CAT_OK, NULL,
         "{\"schemas#\": 3, \"schemas.2.schema-id\": 2, \"current-schema-id\": 2,"
         " \"last-column-id\": 7}"},
        {"add-schema identical to schema 0: its id",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"schema-id\": 5,"
         "  \"fields\": [{\"id\": 1, \"name\": \"x\", \"required\": true, \"type\": \"long\"}]}},"
         " {\"action\": \"set-current-schema\", \"schema-id\": -1}]",
         CAT_OK, NULL, "{\"schemas#\": 2, \"current-schema-id\": 0, \"last-column-id\": 3}"},
        {"add-schema identical to the current one: no change",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\","
         "  \"identifier-field-ids\": [2, 1], \"fields\": ["
         "   {\"id\": 1, \"name\": \"x\", \"required\": true, \"type\": \"long\"},"
         "   {\"id\": 2, \"name\": \"y\", \"required\": true, \"type\": \"long\", \"doc\": \"c\"},"
         "   {\"id\": 3, \"name\": \"z\", \"required\": true, \"type\": \"long\"}]}}]",
         CAT_OK, NULL, NULL},
        {"add-schema with a v3 type on v2",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"fields\": ["
         "  {\"id\": 4, \"name\": \"v\", \"required\": false, \"type\": \"variant\"}]}}]",
         CAT_EINVAL, "update 0 (add-schema): field v: type variant needs format version 3", NULL},
        {"add-schema unknown type",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"fields\": ["
         "  {\"id\": 4, \"name\": \"v\", \"required\": false, \"type\": \"varchar\"}]}}]",
         CAT_EINVAL, "update 0 (add-schema): field v: unknown type varchar", NULL},
        {"add-schema negative field id",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"fields\": ["
         "  {\"id\": -1, \"name\": \"a\", \"required\": false, \"type\": \"int\"}]}}]",
         CAT_EINVAL, "update 0 (add-schema): field a: id -1 is out of range", NULL},
        {"add-schema field id twice",
         "[{\"action\": \"add-schema\", \"schema\": {\"type\": \"struct\", \"fields\": ["
         "  {\"id\": 4, \"name\": \"a\", \"required\": false, \"type\": \"int\"},"
         "  {\"id\": 4, \"name\": \"b\", \"required\": false, \"type\": \"int\"}]}}]",
         CAT_EINVAL, "update 0 (add-schema): field id 4 is used twice", NULL},
        {"set-current-schema -1 with none added",
         "[{\"action\": \"set-current-schema\", \"schema-id\": -1}]", CAT_EINVAL,
         "update 0 (set-current-schema): cannot set the last added schema: no schema has been "
         "added",
         NULL},
        {"set-current-schema 0", "[{\"action\": \"set-current-schema\", \"schema-id\": 0}]", CAT_OK,
         NULL, "{\"current-schema-id\": 0}"},
        {"set-current-schema unknown", "[{\"action\": \"set-current-schema\", \"schema-id\": 9}]",
         CAT_EINVAL,
         "update 0 (set-current-schema): cannot set the current schema to unknown schema 9", NULL},
        /* add-spec, set-default-spec */
        {"add-spec, ids after the last",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": ["
         "  {\"name\": \"x\", \"transform\": \"identity\", \"source-id\": 1},"
         "  {\"name\": \"y_b\", \"transform\": \"bucket[16]\", \"source-id\": 2}]}},"
         " {\"action\": \"set-default-spec\", \"spec-id\": -1}]",
         CAT_OK, NULL,
         "{\"partition-specs#\": 2, \"partition-specs.1.spec-id\": 1,"
         " \"partition-specs.1.fields.0.field-id\": 1001,"
         " \"partition-specs.1.fields.1.field-id\": 1002, \"last-partition-id\": 1002,"
         " \"default-spec-id\": 1}"},
        {"add-spec with its ids",
         "[{\"action\": \"add-spec\", \"spec\": {\"spec-id\": 9, \"fields\": ["
         "  {\"name\": \"z\", \"transform\": \"truncate[4]\", \"source-id\": 3,"
         "   \"field-id\": 1005}]}}]",
         CAT_OK, NULL,
         "{\"partition-specs.1.spec-id\": 1, \"partition-specs.1.fields.0.field-id\": 1005,"
         " \"last-partition-id\": 1005, \"default-spec-id\": 0}"},
        {"add-spec compatible with spec 0",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": ["
         "  {\"name\": \"x\", \"transform\": \"identity\", \"source-id\": 1, \"field-id\": "
         "1000}]}},"
         " {\"action\": \"set-default-spec\", \"spec-id\": -1}]",
         CAT_OK, NULL, NULL},
        {"add-spec field id below 1000",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": ["
         "  {\"name\": \"y\", \"transform\": \"identity\", \"source-id\": 2, \"field-id\": 7}]}}]",
         CAT_EINVAL, "update 0 (add-spec): partition field y: field-id must be 1000 to 2147483647",
         NULL},
        {"add-spec unknown source",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": ["
         "  {\"name\": \"q\", \"transform\": \"identity\", \"source-id\": 42}]}}]",
         CAT_EINVAL,
         "update 0 (add-spec): partition field q: source id 42 is not in the current schema", NULL},
        {"set-default-spec -1 with none added",
         "[{\"action\": \"set-default-spec\", \"spec-id\": -1}]", CAT_EINVAL,
         "update 0 (set-default-spec): cannot set the last added spec: no spec has been added",
         NULL},
        {"set-default-spec unknown", "[{\"action\": \"set-default-spec\", \"spec-id\": 3}]",
         CAT_EINVAL, "update 0 (set-default-spec): cannot set the default spec to unknown spec 3",
         NULL},
        /* add-sort-order, set-default-sort-order */
        {"add-sort-order: one more than the highest",
         "[{\"action\": \"add-sort-order\", \"sort-order\": {\"order-id\": 1, \"fields\": ["
         "  {\"transform\": \"identity\", \"source-id\": 1, \"direction\": \"desc\","
         "   \"null-order\": \"nulls-last\"}]}},"
         " {\"action\": \"set-default-sort-order\", \"sort-order-id\": -1}]",
         CAT_OK, NULL,
         "{\"sort-orders#\": 3, \"sort-orders.2.order-id\": 4, \"default-sort-order-id\": 4}"},
        {"add-sort-order unsorted is order 0",
         "[{\"action\": \"add-sort-order\", \"sort-order\": {\"order-id\": 9, \"fields\": []}},"
         " {\"action\": \"set-default-sort-order\", \"sort-order-id\": -1}]",
         CAT_OK, NULL, "{\"sort-orders#\": 2, \"default-sort-order-id\": 0}"},
        {"add-sort-order bad direction",
         "[{\"action\": \"add-sort-order\", \"sort-order\": {\"fields\": ["
         "  {\"transform\": \"identity\", \"source-id\": 1, \"direction\": \"up\","
         "   \"null-order\": \"nulls-last\"}]}}]",
         CAT_EINVAL,
         "update 0 (add-sort-order): sort field 0: direction must be asc or desc and null-order "
         "nulls-first or nulls-last",
         NULL},
        {"set-default-sort-order -1 with none added",
         "[{\"action\": \"set-default-sort-order\", \"sort-order-id\": -1}]", CAT_EINVAL,
         "update 0 (set-default-sort-order): cannot set the last added sort order: no sort order "
         "has been added",
         NULL},
        /* add-snapshot, set-snapshot-ref */
        {"append",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 77,"
         "  \"parent-snapshot-id\": " S2 ", \"sequence-number\": 35,"
         "  \"timestamp-ms\": 1699999999000, \"manifest-list\": \"s3://a/b/3.avro\","
         "  \"summary\": {\"operation\": \"append\", \"added-records\": \"3\"},"
         "  \"schema-id\": 1}},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
         "  \"snapshot-id\": 77}]",
         CAT_OK, NULL,
         "{\"current-snapshot-id\": 77, \"refs.main\": {\"snapshot-id\": 77, \"type\": \"branch\"},"
         " \"last-sequence-number\": 35, \"last-updated-ms\": 1699999999000, \"snapshots#\": 3,"
         " \"snapshots.2.snapshot-id\": 77, \"snapshot-log#\": 3,"
         " \"snapshot-log.2\": {\"timestamp-ms\": 1699999999000, \"snapshot-id\": 77},"
         " \"metadata-log#\": 2,"
         " \"metadata-log.1\": {\"timestamp-ms\": 1602638573590, \"metadata-file\": \"" PREV
         "\"}}"},
        {"stale sequence number",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 77,"
         "  \"parent-snapshot-id\": " S2 ", \"sequence-number\": 34,"
         "  \"timestamp-ms\": 1699999999000, \"manifest-list\": \"s3://a/b/3.avro\","
         "  \"summary\": {\"operation\": \"append\"}}}]",
         CAT_ECONCURRENT,
         "update 0 (add-snapshot): sequence number 34 of snapshot 77 is not after the table's "
         "last sequence number 34",
         NULL},
        {"snapshot on a branch: main stays",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 78,"
         "  \"parent-snapshot-id\": " S2 ", \"sequence-number\": 35,"
         "  \"timestamp-ms\": 1699999999500, \"manifest-list\": \"s3://a/b/4.avro\","
         "  \"summary\": {\"operation\": \"append\"}}},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"dev\", \"type\": \"branch\","
         "  \"snapshot-id\": 78, \"min-snapshots-to-keep\": 2, \"max-snapshot-age-ms\": 3600000}]",
         CAT_OK, NULL,
         "{\"current-snapshot-id\": " S2 ", \"refs.dev\": {\"snapshot-id\": 78, \"type\": "
         "\"branch\", \"min-snapshots-to-keep\": 2, \"max-snapshot-age-ms\": 3600000},"
         " \"snapshot-log#\": 2, \"last-updated-ms\": 1699999999500}"},
        {"snapshot id taken",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": " S1 ","
         "  \"sequence-number\": 35, \"timestamp-ms\": 1, \"manifest-list\": \"m\"}}]",
         CAT_EINVAL, "update 0 (add-snapshot): snapshot " S1 " already exists", NULL},
        {"snapshot without a manifest list",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 5,"
         "  \"sequence-number\": 35, \"timestamp-ms\": 1}}]",
         CAT_EINVAL, "update 0 (add-snapshot): snapshot needs a manifest-list", NULL},
        {"rollback main to S1 (now, in the log)",
         "[{\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
         "  \"snapshot-id\": " S1 "}]",
         CAT_OK, NULL,
         "{\"current-snapshot-id\": " S1 ", \"snapshot-log#\": 3,"
         " \"snapshot-log.2\": {\"timestamp-ms\": 1700000000000, \"snapshot-id\": " S1 "},"
         " \"last-updated-ms\": 1700000000000}"},
        {"main to where it is",
         "[{\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\","
         " \"type\": \"branch\", \"snapshot-id\": " S2 "}]",
         CAT_OK, NULL, NULL},
        {"ref to an unknown snapshot",
         "[{\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
         "  \"snapshot-id\": 99}]",
         CAT_EINVAL, "update 0 (set-snapshot-ref): cannot set main to unknown snapshot 99", NULL},
        {"tag with max-ref-age",
         "[{\"action\": \"set-snapshot-ref\", \"ref-name\": \"release\", \"type\": \"tag\","
         "  \"snapshot-id\": " S2 ", \"max-ref-age-ms\": 86400000}]",
         CAT_OK, NULL,
         "{\"refs.release\": {\"snapshot-id\": " S2 ", \"type\": \"tag\","
         " \"max-ref-age-ms\": 86400000}, \"refs#\": 3, \"current-snapshot-id\": " S2 ","
         " \"snapshot-log#\": 2, \"last-updated-ms\": 1700000000000}"},
        {"tag with min-snapshots-to-keep",
         "[{\"action\": \"set-snapshot-ref\", \"ref-name\": \"t2\", \"type\": \"tag\","
         "  \"snapshot-id\": " S2 ", \"min-snapshots-to-keep\": 1}]",
         CAT_EINVAL,
         "update 0 (set-snapshot-ref): a tag has no min-snapshots-to-keep or max-snapshot-age-ms",
         NULL},
        {"ref of an odd type",
         "[{\"action\": \"set-snapshot-ref\", \"ref-name\": \"x\", \"type\": \"twig\","
         "  \"snapshot-id\": " S2 "}]",
         CAT_EINVAL, "update 0 (set-snapshot-ref): type must be branch or tag, not twig", NULL},
        /* remove-snapshots, remove-snapshot-ref */
        {"remove S1: its tag, statistics and log entries go",
         "[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [" S1 ", 12345]}]", CAT_OK, NULL,
         "{\"snapshots#\": 1, \"snapshots.0.snapshot-id\": " S2 ", \"refs#\": 1,"
         " \"!refs.t1\": null, \"statistics#\": 0, \"snapshot-log#\": 1,"
         " \"snapshot-log.0.snapshot-id\": " S2 ", \"current-snapshot-id\": " S2 "}"},
        {"remove an unknown snapshot: no change",
         "[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [12345]}]", CAT_OK, NULL, NULL},
        {"remove the current snapshot: main goes",
         "[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [" S2 "]}]", CAT_OK, NULL,
         "{\"snapshots#\": 1, \"refs#\": 1, \"!refs.main\": null, \"current-snapshot-id\": -1,"
         " \"snapshot-log#\": 0}"},
        {"remove-snapshot-ref t1", "[{\"action\": \"remove-snapshot-ref\", \"ref-name\": \"t1\"}]",
         CAT_OK, NULL, "{\"refs#\": 1, \"!refs.t1\": null, \"current-snapshot-id\": " S2 "}"},
        {"remove-snapshot-ref main",
         "[{\"action\": \"remove-snapshot-ref\", \"ref-name\": \"main\"}]", CAT_OK, NULL,
         "{\"refs#\": 1, \"!refs.main\": null, \"current-snapshot-id\": -1, \"snapshots#\": 2}"},
        {"remove-snapshot-ref unknown",
         "[{\"action\": \"remove-snapshot-ref\", \"ref-name\": \"nope\"}]", CAT_OK, NULL, NULL},
        /* location, properties */
        {"set-location", "[{\"action\": \"set-location\", \"location\": \"s3://other/t/\"}]",
         CAT_OK, NULL, "{\"location\": \"s3://other/t\"}"},
        {"set-location same",
         "[{\"action\": \"set-location\","
         " \"location\": \"s3://bucket/test/location/\"}]",
         CAT_OK, NULL, NULL},
        {"set-properties",
         "[{\"action\": \"set-properties\", \"updates\": {\"a\": \"1\","
         "  \"read.split.target.size\": \"1\"}}]",
         CAT_OK, NULL, "{\"properties\": {\"read.split.target.size\": \"1\", \"a\": \"1\"}}"},
        {"set-properties same",
         "[{\"action\": \"set-properties\", \"updates\":"
         " {\"read.split.target.size\": \"134217728\"}}]",
         CAT_OK, NULL, NULL},
        {"set-properties not a string",
         "[{\"action\": \"set-properties\", \"updates\": {\"a\": 1}}]", CAT_EINVAL,
         "update 0 (set-properties): property a must be a string", NULL},
        {"remove-properties",
         "[{\"action\": \"remove-properties\", \"removals\": [\"read.split.target.size\","
         "  \"missing\"]}]",
         CAT_OK, NULL, "{\"properties\": {}}"},
        {"remove-properties none there",
         "[{\"action\": \"remove-properties\", \"removals\": [\"missing\"]}]", CAT_OK, NULL, NULL},
        /* statistics */
        {"set-statistics replaces the snapshot's file",
         "[{\"action\": \"set-statistics\", \"snapshot-id\": " S1 ", \"statistics\": {"
         "  \"snapshot-id\": " S1 ", \"statistics-path\": \"s3://a/b/s2.puffin\","
         "  \"file-size-in-bytes\": 1, \"file-footer-size-in-bytes\": 1, \"blob-metadata\": []}},"
         " {\"action\": \"set-statistics\", \"statistics\": {"
         "  \"snapshot-id\": " S2 ", \"statistics-path\": \"s3://a/b/s3.puffin\","
         "  \"file-size-in-bytes\": 2, \"file-footer-size-in-bytes\": 1, \"blob-metadata\": []}}]",
         CAT_OK, NULL,
         "{\"statistics#\": 2, \"statistics.0.statistics-path\": \"s3://a/b/s2.puffin\","
         " \"statistics.1.snapshot-id\": " S2 "}"},
        {"set-statistics two snapshot ids",
         "[{\"action\": \"set-statistics\", \"snapshot-id\": 1, \"statistics\": {"
         "  \"snapshot-id\": " S1 ", \"statistics-path\": \"p\", \"file-size-in-bytes\": 1,"
         "  \"file-footer-size-in-bytes\": 1, \"blob-metadata\": []}}]",
         CAT_EINVAL,
         "update 0 (set-statistics): snapshot-id 1 is not the statistics' snapshot-id " S1, NULL},
        {"remove-statistics", "[{\"action\": \"remove-statistics\", \"snapshot-id\": " S1 "}]",
         CAT_OK, NULL, "{\"statistics#\": 0}"},
        {"remove-statistics none", "[{\"action\": \"remove-statistics\", \"snapshot-id\": 5}]",
         CAT_OK, NULL, NULL},
        {"set-partition-statistics",
         "[{\"action\": \"set-partition-statistics\", \"partition-statistics\": {"
         "  \"snapshot-id\": " S2 ", \"statistics-path\": \"s3://a/p.parquet\","
         "  \"file-size-in-bytes\": 43}}]",
         CAT_OK, NULL,
         "{\"partition-statistics\": [{\"snapshot-id\": " S2 ","
         " \"statistics-path\": \"s3://a/p.parquet\", \"file-size-in-bytes\": 43}]}"},
        {"set then remove partition statistics",
         "[{\"action\": \"set-partition-statistics\", \"partition-statistics\": {"
         "  \"snapshot-id\": " S2 ", \"statistics-path\": \"s3://a/p.parquet\","
         "  \"file-size-in-bytes\": 43}},"
         " {\"action\": \"remove-partition-statistics\", \"snapshot-id\": " S2 "}]",
         CAT_OK, NULL, NULL},
        /* specs and schemas removed */
        {"remove-partition-specs",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": []}},"
         " {\"action\": \"remove-partition-specs\", \"spec-ids\": [1, 8]}]",
         CAT_OK, NULL, NULL},
        {"remove the default spec", "[{\"action\": \"remove-partition-specs\", \"spec-ids\": [0]}]",
         CAT_EINVAL,
         "update 0 (remove-partition-specs): cannot remove the default partition spec 0", NULL},
        {"remove-schemas", "[{\"action\": \"remove-schemas\", \"schema-ids\": [0]}]", CAT_OK, NULL,
         "{\"schemas#\": 1, \"schemas.0.schema-id\": 1}"},
        {"remove the current schema", "[{\"action\": \"remove-schemas\", \"schema-ids\": [1]}]",
         CAT_EINVAL, "update 0 (remove-schemas): cannot remove the current schema 1", NULL},
        /* encryption keys */
        {"add-encryption-key",
         "[{\"action\": \"add-encryption-key\", \"encryption-key\": {\"key-id\": \"k1\","
         "  \"encrypted-key-metadata\": \"AAAA\", \"encrypted-by-id\": \"kms\"}}]",
         CAT_OK, NULL,
         "{\"encryption-keys\": [{\"key-id\": \"k1\", \"encrypted-key-metadata\": \"AAAA\","
         " \"encrypted-by-id\": \"kms\"}]}"},
        {"add and remove an encryption key",
         "[{\"action\": \"add-encryption-key\", \"encryption-key\": {\"key-id\": \"k1\","
         "  \"encrypted-key-metadata\": \"AAAA\"}},"
         " {\"action\": \"remove-encryption-key\", \"key-id\": \"k1\"}]",
         CAT_OK, NULL, NULL},
        {"encryption key without metadata",
         "[{\"action\": \"add-encryption-key\", \"encryption-key\": {\"key-id\": \"k1\"}}]",
         CAT_EINVAL,
         "update 0 (add-encryption-key): the key needs key-id and encrypted-key-metadata", NULL},
        /* malformed and unknown updates */
        {"unknown action (a view's)", "[{\"action\": \"add-view-version\", \"view-version\": {}}]",
         CAT_EINVAL, "update 0: unknown action add-view-version", NULL},
        {"missing member", "[{\"action\": \"set-location\"}]", CAT_EINVAL,
         "update 0 (set-location): location must be a string", NULL},
        {"not an object", "[7]", CAT_EINVAL, "update 0 must be an object with an action", NULL},
        {"the second one fails",
         "[{\"action\": \"set-location\", \"location\": \"s3://x\"},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\"}]",
         CAT_EINVAL, "update 1 (set-snapshot-ref): snapshot-id must be an integer", NULL},
        {"no updates", "[]", CAT_OK, NULL, NULL},
    };
    (void)state;
    run_update_cases(base_v2, cases, sizeof(cases) / sizeof(cases[0]));
}

/* Java's intermediate snapshots: two snapshots set on main in one commit log only the last. */
static void test_iceberg_intermediate_snapshots(void **state)
{
    static const struct update_case cases[] = {
        {"two appends in one commit",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 80,"
         "  \"parent-snapshot-id\": " S2
         ", \"sequence-number\": 35, \"timestamp-ms\": 1699999990000,"
         "  \"manifest-list\": \"m80\", \"summary\": {\"operation\": \"append\"}}},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
         "  \"snapshot-id\": 80},"
         " {\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 81,"
         "  \"parent-snapshot-id\": 80, \"sequence-number\": 36, \"timestamp-ms\": 1699999991000,"
         "  \"manifest-list\": \"m81\", \"summary\": {\"operation\": \"overwrite\"}}},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
         "  \"snapshot-id\": 81}]",
         CAT_OK, NULL,
         "{\"snapshots#\": 4, \"snapshot-log#\": 3, \"snapshot-log.2.snapshot-id\": 81,"
         " \"current-snapshot-id\": 81, \"last-sequence-number\": 36,"
         " \"last-updated-ms\": 1699999991000}"},
        {"added then removed in one commit",
         "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 80,"
         "  \"parent-snapshot-id\": " S2
         ", \"sequence-number\": 35, \"timestamp-ms\": 1699999990000,"
         "  \"manifest-list\": \"m80\", \"summary\": {\"operation\": \"append\"}}},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"dev\", \"type\": \"branch\","
         "  \"snapshot-id\": 80},"
         " {\"action\": \"remove-snapshots\", \"snapshot-ids\": [80]}]",
         CAT_OK, NULL,
         "{\"snapshots#\": 2, \"refs#\": 2, \"!refs.dev\": null, \"last-sequence-number\": 35}"},
    };
    (void)state;
    run_update_cases(base_v2, cases, sizeof(cases) / sizeof(cases[0]));
}

/* v1 (the old "schema" / "partition-spec" form) read, then upgraded to v2 and v3, where a
** snapshot needs row lineage. */
static void test_iceberg_v1_to_v3(void **state)
{
    static const char v1[] =
        "{\"format-version\": 1, \"table-uuid\": \"d20125c8-7284-442c-9aea-15fee620737c\","
        " \"location\": \"file:///tmp/t\", \"last-updated-ms\": 1602638573874,"
        " \"last-column-id\": 2,"
        " \"schema\": {\"type\": \"struct\", \"fields\": ["
        "  {\"id\": 1, \"name\": \"a\", \"required\": true, \"type\": \"int\"},"
        "  {\"id\": 2, \"name\": \"b\", \"required\": false, \"type\": \"string\"}]},"
        " \"partition-spec\": [{\"name\": \"a\", \"transform\": \"identity\", \"source-id\": 1,"
        "  \"field-id\": 1000}],"
        " \"properties\": {}, \"current-snapshot-id\": -1, \"snapshots\": []}";
    static const struct update_case cases[] = {
        {"v1 as it is", "[]", CAT_OK, NULL, NULL},
        {"v1 keeps its form", "[{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]",
         CAT_OK, NULL,
         "{\"format-version\": 1, \"schema.schema-id\": 0, \"partition-spec#\": 1,"
         " \"schemas#\": 1, \"partition-specs.0.spec-id\": 0, \"last-partition-id\": 1000,"
         " \"sort-orders\": [{\"order-id\": 0, \"fields\": []}], \"!last-sequence-number\": null}"},
        {"v1 -> v2", "[{\"action\": \"upgrade-format-version\", \"format-version\": 2}]", CAT_OK,
         NULL,
         "{\"format-version\": 2, \"!schema\": null, \"!partition-spec\": null,"
         " \"last-sequence-number\": 0, \"!next-row-id\": null}"},
        {"v1 -> v3 and an append",
         "[{\"action\": \"upgrade-format-version\", \"format-version\": 3},"
         " {\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 9,"
         "  \"sequence-number\": 1, \"timestamp-ms\": 1699999000000, \"manifest-list\": \"m\","
         "  \"summary\": {\"operation\": \"append\"}, \"first-row-id\": 0, \"added-rows\": 25}},"
         " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
         "  \"snapshot-id\": 9}]",
         CAT_OK, NULL,
         "{\"format-version\": 3, \"next-row-id\": 25, \"last-sequence-number\": 1,"
         " \"current-snapshot-id\": 9, \"!schema\": null}"},
        {"v3 snapshot without first-row-id",
         "[{\"action\": \"upgrade-format-version\", \"format-version\": 3},"
         " {\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 9,"
         "  \"sequence-number\": 1, \"timestamp-ms\": 1, \"manifest-list\": \"m\"}}]",
         CAT_EINVAL, "update 1 (add-snapshot): a v3 snapshot needs first-row-id", NULL},
        {"v1 spec ids must be sequential",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": [{\"name\": \"b\","
         "  \"transform\": \"identity\", \"source-id\": 2, \"field-id\": 1003}]}}]",
         CAT_EINVAL, "update 0 (add-spec): a v1 spec must use sequential field ids from 1000",
         NULL},
        {"v1 spec ids assigned in order",
         "[{\"action\": \"add-spec\", \"spec\": {\"fields\": [{\"name\": \"b\","
         "  \"transform\": \"identity\", \"source-id\": 2}]}}]",
         CAT_OK, NULL,
         "{\"partition-specs.1.fields.0.field-id\": 1000, \"last-partition-id\": 1000}"},
    };
    (void)state;
    run_update_cases(v1, cases, sizeof(cases) / sizeof(cases[0]));

    /* a stale first-row-id is a conflict */
    {
        struct srv_error err;
        json_t *v3 = NULL, *out = NULL;
        char *text;
        assert_int_equal(commit(v1, "[]", cases[3].updates, &v3, &err), CAT_OK);
        text = json_dumps(v3, 0);
        assert_int_equal(
            commit(text, "[]",
                   "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 10,"
                   " \"parent-snapshot-id\": 9, \"sequence-number\": 2, \"timestamp-ms\": 2,"
                   " \"manifest-list\": \"m\", \"first-row-id\": 20, \"added-rows\": 5}}]",
                   &out, &err),
            CAT_ECONCURRENT);
        assert_string_equal(err.msg, "update 0 (add-snapshot): first-row-id 20 of snapshot 10 is "
                                     "behind the table's next-row-id 25");
        assert_int_equal(
            commit(text, "[]",
                   "[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 10,"
                   " \"parent-snapshot-id\": 9, \"sequence-number\": 2, \"timestamp-ms\": 2,"
                   " \"manifest-list\": \"m\", \"first-row-id\": 25, \"added-rows\": 5}}]",
                   &out, &err),
            CAT_OK);
        expect_members("second v3 append", out,
                       "{\"next-row-id\": 30, \"snapshots#\": 2, \"current-snapshot-id\": 9}");
        json_decref(out);
        free(text);
        json_decref(v3);
    }
}

/* metadata-log: one entry per commit that changes something, capped by
** write.metadata.previous-versions-max (default 100), the oldest dropped. */
static void test_iceberg_metadata_log_cap(void **state)
{
    struct srv_error err;
    json_t *m = J(base_v2), *out = NULL, *log;
    char name[64], loc[128];
    int i;
    (void)state;
    /* the default cap: 100 entries at most */
    log = json_object_get(m, "metadata-log");
    json_array_clear(log);
    for (i = 0; i < 100; i++) {
        snprintf(name, sizeof(name), "s3://m/%03d.json", i);
        json_array_append_new(log,
                              json_pack("{s:s,s:i}", "metadata-file", name, "timestamp-ms", i));
    }
    srv_error_init(&err);
    assert_int_equal(ice_commit_full(m, NULL, NULL, NOW, PREV, &out, &err), CAT_OK);
    assert_null(out); /* no updates: nothing written, no entry */
    {
        json_t *u = J("[{\"action\": \"set-properties\", \"updates\": {\"k\": \"v\"}}]");
        assert_int_equal(ice_commit_full(m, NULL, u, NOW, PREV, &out, &err), CAT_OK);
        json_decref(u);
    }
    log = json_object_get(out, "metadata-log");
    assert_int_equal(json_array_size(log), 100);
    assert_string_equal(json_string_value(at(log, "0.metadata-file")), "s3://m/001.json");
    assert_string_equal(json_string_value(at(log, "99.metadata-file")), PREV);
    json_decref(out);
    json_decref(m);

    /* a cap of 2, commit after commit */
    m = J(base_v2);
    json_object_set_new(json_object_get(m, "properties"), "write.metadata.previous-versions-max",
                        json_string("2"));
    for (i = 0; i < 4; i++) {
        json_t *u = json_pack("[{s:s,s:{s:o}}]", "action", "set-properties", "updates", "n",
                              json_sprintf("%d", i));
        snprintf(loc, sizeof(loc), "s3://m/%05d.json", i);
        assert_int_equal(ice_commit_full(m, NULL, u, NOW + i, loc, &out, &err), CAT_OK);
        assert_non_null(out);
        json_decref(u);
        json_decref(m);
        m = out;
    }
    log = json_object_get(m, "metadata-log");
    assert_int_equal(json_array_size(log), 2);
    assert_string_equal(json_string_value(at(log, "0.metadata-file")), "s3://m/00002.json");
    assert_int_equal(json_integer_value(at(log, "0.timestamp-ms")), NOW + 1);
    assert_string_equal(json_string_value(at(log, "1.metadata-file")), "s3://m/00003.json");
    assert_int_equal(json_integer_value(at(log, "1.timestamp-ms")), NOW + 2);
    assert_int_equal(json_integer_value(json_object_get(m, "last-updated-ms")), NOW + 3);
    json_decref(m);
}

/* The store's view: ice_commit_apply() asks for snapshots by id and hands back a delta. */
struct lookups {
    json_t *snapshots; /* what exists */
    int calls;
    int fail; /* answer a store error */
};

static int lookup(void *arg, int64_t id, json_t **out, struct srv_error *err)
{
    struct lookups *l = arg;
    size_t i;
    json_t *s;
    l->calls++;
    *out = NULL;
    if (l->fail)
        return srv_error_set(err, CAT_EINTERNAL, "database is locked");
    json_array_foreach(l->snapshots, i, s) {
        if (json_integer_value(json_object_get(s, "snapshot-id")) == id)
            *out = json_incref(s);
    }
    return CAT_OK;
}

static void test_iceberg_delta(void **state)
{
    struct srv_error err;
    json_t *meta = J(base_v2), *head, *snaps, *log, *u, *r;
    struct lookups l = {NULL, 0, 0};
    struct ice_snapshots s = {lookup, &l};
    struct ice_delta d;
    (void)state;
    srv_error_init(&err);
    assert_int_equal(ice_split(meta, &head, &snaps, &log, &err), CAT_OK);
    assert_null(json_object_get(head, "snapshots"));
    assert_null(json_object_get(head, "snapshot-log"));
    assert_int_equal(json_array_size(snaps), 2);
    assert_int_equal(json_array_size(log), 2);
    l.snapshots = snaps;

    /* an append: one lookup (is the id free?) plus none for main (it was just added) */
    u = J("[{\"action\": \"add-snapshot\", \"snapshot\": {\"snapshot-id\": 77,"
          " \"parent-snapshot-id\": " S2
          ", \"sequence-number\": 35, \"timestamp-ms\": 1699999999000,"
          " \"manifest-list\": \"m\", \"summary\": {\"operation\": \"append\"}}},"
          " {\"action\": \"set-snapshot-ref\", \"ref-name\": \"main\", \"type\": \"branch\","
          " \"snapshot-id\": 77}]");
    r = J("[{\"type\": \"assert-ref-snapshot-id\", \"ref\": \"main\", \"snapshot-id\": " S2 "}]");
    assert_int_equal(ice_commit_apply(head, &s, r, u, NOW, PREV, &d, &err), CAT_OK);
    assert_int_equal(l.calls, 1);
    assert_int_equal(d.changed, 1);
    assert_int_equal(json_array_size(d.added), 1);
    assert_int_equal(json_array_size(d.removed), 0);
    assert_int_equal(json_array_size(d.log), 1);
    assert_int_equal(d.log_cut, 0);
    assert_null(json_object_get(d.head, "snapshots"));
    assert_int_equal(json_integer_value(json_object_get(d.head, "current-snapshot-id")), 77);
    ice_delta_release(&d);
    ice_delta_release(&d); /* twice is harmless */
    json_decref(u);
    json_decref(r);

    /* a removal: removed ids and the log cut */
    u = J("[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [" S1 "]}]");
    assert_int_equal(ice_commit_apply(head, &s, NULL, u, NOW, NULL, &d, &err), CAT_OK);
    assert_int_equal(d.changed, 1);
    assert_int_equal(json_array_size(d.removed), 1);
    assert_int_equal(json_integer_value(json_array_get(d.removed, 0)), 3051729675574597004LL);
    assert_int_equal(d.log_cut, 1);
    assert_int_equal(json_array_size(json_object_get(d.head, "metadata-log")), 1); /* no PREV */
    ice_delta_release(&d);

    /* a store error comes back as it is */
    l.fail = 1;
    assert_int_equal(ice_commit_apply(head, &s, NULL, u, NOW, NULL, &d, &err), CAT_EINTERNAL);
    assert_string_equal(err.msg, "database is locked");
    assert_int_equal(d.changed, 0);
    assert_null(d.head);
    json_decref(u);

    /* nothing changes: changed 0, nothing to write */
    l.fail = 0;
    u = J("[{\"action\": \"set-properties\", \"updates\": {\"read.split.target.size\":"
          " \"134217728\"}}]");
    assert_int_equal(ice_commit_apply(head, &s, NULL, u, NOW, PREV, &d, &err), CAT_OK);
    assert_int_equal(d.changed, 0);
    assert_null(d.head);
    assert_null(d.added);
    json_decref(u);

    /* snapshots=refs: the ids the refs name */
    {
        json_t *ids = ice_ref_snapshot_ids(head);
        assert_int_equal(json_array_size(ids), 2);
        assert_int_equal(json_integer_value(json_array_get(ids, 0)), 3055729675574597004LL);
        assert_int_equal(json_integer_value(json_array_get(ids, 1)), 3051729675574597004LL);
        json_decref(ids);
    }
    /* assembled again: the same metadata */
    {
        json_t *whole = ice_assemble(head, snaps, log);
        assert_true(json_equal(whole, meta));
        json_decref(whole);
    }
    json_decref(head);
    json_decref(snaps);
    json_decref(log);
    json_decref(meta);
}

/* Snapshot removal cuts the log up to the last entry naming a removed snapshot. */
static void test_iceberg_log_cut(void **state)
{
    static const char three[] =
        "{\"format-version\": 2, \"table-uuid\": \"u\", \"location\": \"s3://l\","
        " \"last-sequence-number\": 3, \"last-updated-ms\": 30, \"last-column-id\": 1,"
        " \"current-schema-id\": 0, \"schemas\": [{\"type\": \"struct\", \"schema-id\": 0,"
        "  \"fields\": [{\"id\": 1, \"name\": \"a\", \"required\": false, \"type\": \"int\"}]}],"
        " \"default-spec-id\": 0, \"partition-specs\": [{\"spec-id\": 0, \"fields\": []}],"
        " \"last-partition-id\": 999, \"default-sort-order-id\": 0,"
        " \"sort-orders\": [{\"order-id\": 0, \"fields\": []}], \"properties\": {},"
        " \"current-snapshot-id\": 3, \"refs\": {\"main\": {\"snapshot-id\": 3, \"type\":"
        " \"branch\"}},"
        " \"snapshots\": [{\"snapshot-id\": 1, \"timestamp-ms\": 10, \"manifest-list\": \"1\"},"
        "  {\"snapshot-id\": 2, \"timestamp-ms\": 20, \"manifest-list\": \"2\"},"
        "  {\"snapshot-id\": 3, \"timestamp-ms\": 30, \"manifest-list\": \"3\"}],"
        " \"snapshot-log\": [{\"snapshot-id\": 1, \"timestamp-ms\": 10},"
        "  {\"snapshot-id\": 2, \"timestamp-ms\": 20}, {\"snapshot-id\": 1, \"timestamp-ms\": 25},"
        "  {\"snapshot-id\": 3, \"timestamp-ms\": 30}],"
        " \"metadata-log\": []}";
    static const struct update_case cases[] = {
        {"remove 2: entries up to its own go",
         "[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [2]}]", CAT_OK, NULL,
         "{\"snapshots#\": 2, \"snapshot-log\": [{\"snapshot-id\": 1, \"timestamp-ms\": 25},"
         " {\"snapshot-id\": 3, \"timestamp-ms\": 30}]}"},
        {"remove 1: entries up to its last one go",
         "[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [1]}]", CAT_OK, NULL,
         "{\"snapshots#\": 2, \"snapshot-log\": [{\"snapshot-id\": 3, \"timestamp-ms\": 30}]}"},
        {"remove 1 and 2", "[{\"action\": \"remove-snapshots\", \"snapshot-ids\": [2, 1]}]", CAT_OK,
         NULL, "{\"snapshots#\": 1, \"snapshot-log#\": 1, \"refs#\": 1}"},
    };
    (void)state;
    run_update_cases(three, cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_iceberg_table_new(void **state)
{
    struct srv_error err;
    json_t *req, *m;
    (void)state;
    /* ids reassigned as Java does: a struct's fields first, then their types */
    req =
        J("{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"schema-id\": 4,"
          " \"identifier-field-ids\": [10], \"fields\": ["
          "  {\"id\": 10, \"name\": \"id\", \"required\": true, \"type\": \"long\"},"
          "  {\"id\": 20, \"name\": \"loc\", \"required\": false, \"type\": {\"type\": \"struct\","
          "   \"fields\": [{\"id\": 21, \"name\": \"lat\", \"required\": false, \"type\":"
          "    \"double\"}]}},"
          "  {\"id\": 30, \"name\": \"tags\", \"required\": false, \"type\": {\"type\": \"map\","
          "   \"key-id\": 31, \"key\": \"string\", \"value-id\": 32, \"value-required\": false,"
          "   \"value\": {\"type\": \"list\", \"element-id\": 33, \"element-required\": true,"
          "    \"element\": \"string\"}}},"
          "  {\"id\": 40, \"name\": \"ts\", \"required\": false, \"type\": \"timestamptz\"}]},"
          " \"partition-spec\": {\"spec-id\": 3, \"fields\": ["
          "  {\"name\": \"ts_day\", \"transform\": \"day\", \"source-id\": 40, \"field-id\": 1077},"
          "  {\"name\": \"id_b\", \"transform\": \"bucket[16]\", \"source-id\": 10}]},"
          " \"write-order\": {\"order-id\": 5, \"fields\": [{\"transform\": \"identity\","
          "  \"source-id\": 21, \"direction\": \"asc\", \"null-order\": \"nulls-first\"}]},"
          " \"properties\": {\"format-version\": \"1\", \"owner\": \"me\"},"
          " \"stage-create\": true}");
    srv_error_init(&err);
    assert_int_equal(ice_table_new(req, "s3://w/db.db/t/", "u-1", NOW, &m, &err), CAT_OK);
    expect_members(
        "table_new", m,
        "{\"format-version\": 1, \"table-uuid\": \"u-1\", \"location\": \"s3://w/db.db/t\","
        " \"last-updated-ms\": 1700000000000, \"last-column-id\": 8,"
        " \"!last-sequence-number\": null,"
        " \"schemas.0.schema-id\": 0, \"current-schema-id\": 0,"
        " \"schemas.0.identifier-field-ids\": [1],"
        " \"schemas.0.fields.0.id\": 1, \"schemas.0.fields.1.id\": 2,"
        " \"schemas.0.fields.2.id\": 3, \"schemas.0.fields.3.id\": 4,"
        " \"schemas.0.fields.1.type.fields.0.id\": 5,"
        " \"schemas.0.fields.2.type.key-id\": 6, \"schemas.0.fields.2.type.value-id\": 7,"
        " \"schemas.0.fields.2.type.value.element-id\": 8,"
        " \"schema.schema-id\": 0, \"partition-spec#\": 2,"
        " \"partition-specs\": [{\"spec-id\": 0, \"fields\": ["
        "  {\"name\": \"ts_day\", \"transform\": \"day\", \"source-id\": 4, \"field-id\": 1000},"
        "  {\"name\": \"id_b\", \"transform\": \"bucket[16]\", \"source-id\": 1,"
        "   \"field-id\": 1001}]}],"
        " \"default-spec-id\": 0, \"last-partition-id\": 1001,"
        " \"sort-orders\": [{\"order-id\": 1, \"fields\": [{\"transform\": \"identity\","
        "  \"source-id\": 5, \"direction\": \"asc\", \"null-order\": \"nulls-first\"}]}],"
        " \"default-sort-order-id\": 1,"
        " \"properties\": {\"owner\": \"me\", \"write.parquet.compression-codec\": \"zstd\"},"
        " \"current-snapshot-id\": -1, \"refs\": {}, \"snapshots\": [],"
        " \"snapshot-log\": [], \"metadata-log\": [], \"statistics\": [],"
        " \"partition-statistics\": []}");
    expect_splits("table_new", m);
    json_decref(m);
    json_decref(req);

    /* the defaults: v2, unpartitioned, unsorted */
    req = J("{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": ["
            " {\"id\": 1, \"name\": \"a\", \"required\": false, \"type\": \"int\"}]}}");
    assert_int_equal(ice_table_new(req, "file:///w/t", "u-2", NOW, &m, &err), CAT_OK);
    expect_members(
        "table_new defaults", m,
        "{\"format-version\": 2, \"last-sequence-number\": 0, \"last-partition-id\": 999,"
        " \"partition-specs\": [{\"spec-id\": 0, \"fields\": []}],"
        " \"sort-orders\": [{\"order-id\": 0, \"fields\": []}],"
        " \"default-sort-order-id\": 0, \"!schema\": null, \"!next-row-id\": null,"
        " \"location\": \"file:///w/t\"}");
    json_decref(m);
    json_decref(req);
    /* v3: next-row-id */
    req = J("{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": ["
            " {\"id\": 1, \"name\": \"v\", \"required\": false, \"type\": \"variant\"}]},"
            " \"properties\": {\"format-version\": \"3\"}}");
    assert_int_equal(ice_table_new(req, "s3://w/t", "u-3", NOW, &m, &err), CAT_OK);
    expect_members("table_new v3", m,
                   "{\"format-version\": 3, \"next-row-id\": 0, \"properties\":"
                   " {\"write.parquet.compression-codec\": \"zstd\"}}");
    json_decref(m);
    json_decref(req);

    /* what is not a CreateTableRequest */
    {
        static const struct {
            const char *req, *msg;
        } bad[] = {
            {"[]", "invalid CreateTableRequest: the request must be an object"},
            {"{\"schema\": {\"type\": \"struct\", \"fields\": []}}",
             "invalid CreateTableRequest: name must be a non-empty string"},
            {"{\"name\": \"t\"}", "invalid CreateTableRequest: schema: a schema must be an object"},
            {"{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": []},"
             " \"properties\": {\"format-version\": \"4\"}}",
             "invalid CreateTableRequest: format-version must be 1, 2 or 3, not 4"},
            {"{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": []},"
             " \"properties\": {\"k\": 1}}",
             "invalid CreateTableRequest: property k must be a string"},
            {"{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": ["
             " {\"id\": 1, \"name\": \"a\", \"required\": false, \"type\": \"int\"}]},"
             " \"partition-spec\": {\"fields\": [{\"name\": \"p\", \"transform\": \"identity\","
             " \"source-id\": 2}]}}",
             "invalid CreateTableRequest: partition field p: source id 2 is not in the schema"},
            {"{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": ["
             " {\"id\": 1, \"name\": \"a\", \"required\": false, \"type\": \"int\"}]},"
             " \"write-order\": {\"fields\": [{\"transform\": \"identity\", \"source-id\": 1,"
             " \"direction\": \"sideways\", \"null-order\": \"nulls-last\"}]}}",
             "invalid CreateTableRequest: sort field 0 needs source-id, transform, direction "
             "(asc, desc) and null-order (nulls-first, nulls-last)"},
            {"{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": ["
             " {\"id\": 1, \"name\": \"a\", \"required\": false, \"type\": \"timestamp_ns\"}]}}",
             "invalid CreateTableRequest: schema: field a: type timestamp_ns needs format "
             "version 3"},
            {"{\"name\": \"t\", \"schema\": {\"type\": \"struct\", \"fields\": ["
             " {\"id\": 1, \"name\": \"a\", \"required\": false, \"type\": \"int\"},"
             " {\"id\": 2, \"name\": \"a\", \"required\": false, \"type\": \"int\"}]}}",
             "invalid CreateTableRequest: schema: field name a repeats in a struct"},
        };
        size_t i;
        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            req = J(bad[i].req);
            m = NULL;
            if (ice_table_new(req, "s3://w/t", "u", NOW, &m, &err) != CAT_EINVAL)
                fail_msg("%s: accepted", bad[i].req);
            if (strcmp(err.msg, bad[i].msg) != 0)
                fail_msg("%s: message \"%s\", want \"%s\"", bad[i].req, err.msg, bad[i].msg);
            assert_null(m);
            json_decref(req);
        }
    }
}

static void test_iceberg_split_rejects(void **state)
{
    static const struct {
        const char *edit; /* members set on base_v2 (null: removed) */
        const char *msg;
    } cases[] = {
        {"{\"format-version\": 4}", "format-version must be 1, 2 or 3"},
        {"{\"table-uuid\": null}", "table-uuid is missing"},
        {"{\"location\": 5}", "location is missing"},
        {"{\"schemas\": []}", "schemas is missing or empty"},
        {"{\"current-schema-id\": 7}", "current-schema-id names no schema"},
        {"{\"default-spec-id\": 7}", "default-spec-id names no partition spec"},
        {"{\"sort-orders\": null}", "sort-orders is missing or empty"},
        {"{\"properties\": {\"a\": 1}}", "property a must be a string"},
        {"{\"current-snapshot-id\": \"x\"}", "current-snapshot-id must be an integer"},
        {"{\"current-snapshot-id\": 5}", "current-snapshot-id 5 is not branch main's " S2},
        {"{\"refs\": {\"b\": {\"snapshot-id\": 9, \"type\": \"branch\"},"
         " \"main\": {\"snapshot-id\": " S2 ", \"type\": \"branch\"}}}",
         "ref b names snapshot 9, which is not in snapshots"},
        {"{\"snapshots\": [{\"snapshot-id\": 1}]}",
         "snapshot 0 needs snapshot-id and timestamp-ms"},
        {"{\"snapshots\": {}}", "snapshots must be an array"},
        {"{\"snapshot-log\": [{\"snapshot-id\": 1}]}",
         "snapshot-log entry 0 needs snapshot-id and timestamp-ms"},
        {"{\"metadata-log\": [{\"timestamp-ms\": 1}]}",
         "metadata-log entry 0 needs timestamp-ms and metadata-file"},
        {"{\"schemas\": [{\"type\": \"struct\", \"schema-id\": 1, \"fields\": ["
         " {\"id\": 1, \"name\": \"x\", \"required\": true, \"type\": \"lung\"}]}]}",
         "schema 1: field x: unknown type lung"},
        {"{\"last-column-id\": null}", "last-column-id is missing"},
        {"{\"last-column-id\": 3000000000}", "last-column-id 3000000000 is out of range"},
        {"{\"schemas\": [{\"type\": \"struct\", \"schema-id\": 9223372036854775807,"
         " \"fields\": []}]}",
         "schema id 9223372036854775807 is out of range"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *m = J(base_v2), *edit = J(cases[i].edit), *v, *h, *s, *l;
        const char *key;
        char want[300];
        struct srv_error err;
        json_object_foreach(edit, key, v) {
            if (json_is_null(v))
                json_object_del(m, key);
            else
                json_object_set(m, key, v);
        }
        srv_error_init(&err);
        if (ice_split(m, &h, &s, &l, &err) != CAT_EINVAL)
            fail_msg("%s: accepted", cases[i].edit);
        snprintf(want, sizeof(want), "not Iceberg table metadata: %s", cases[i].msg);
        if (strcmp(err.msg, want) != 0)
            fail_msg("%s: message \"%s\", want \"%s\"", cases[i].edit, err.msg, want);
        assert_null(h);
        json_decref(m);
        json_decref(edit);
    }
}

static void test_iceberg_file_name(void **state)
{
    char buf[128];
    (void)state;
    ice_metadata_file_name(buf, sizeof(buf), 1, "3f2b9e1c-0a5d-4c7e-8f21-6d4a0b9c8e7f");
    assert_string_equal(buf, "00001-3f2b9e1c-0a5d-4c7e-8f21-6d4a0b9c8e7f.metadata.json");
    ice_metadata_file_name(buf, sizeof(buf), 123456, "u");
    assert_string_equal(buf, "123456-u.metadata.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iceberg_requirements),
        cmocka_unit_test(test_iceberg_requirements_no_table),
        cmocka_unit_test(test_iceberg_update_actions),
        cmocka_unit_test(test_iceberg_intermediate_snapshots),
        cmocka_unit_test(test_iceberg_v1_to_v3),
        cmocka_unit_test(test_iceberg_metadata_log_cap),
        cmocka_unit_test(test_iceberg_delta),
        cmocka_unit_test(test_iceberg_log_cut),
        cmocka_unit_test(test_iceberg_table_new),
        cmocka_unit_test(test_iceberg_split_rejects),
        cmocka_unit_test(test_iceberg_file_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
