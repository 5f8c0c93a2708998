"""Every implemented route of the Iceberg REST front, answered with success and with errors, each
answer body validated against the schemas of the official OpenAPI document
(../shared/reference/iceberg/rest-catalog-open-api.yaml, with ajv: tests/js/iceberg/validate.mjs):
the route must exist in the document, the status must be one it declares for that route, and the
body must match that response's schema.  The config's `endpoints` list is the list of what must be
covered: each one with a 2xx and a 4xx answer.  With principals (401 without a token, 403 for a
reader) and a file warehouse."""

import copy
import json
import os
import shutil
import stat
import sys
import tempfile
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import iceberg_client as ic  # noqa: E402

ADMIN = ("AKIDICEADMIN0001", "ice-admin-secret-0123456789")
READER = ("AKIDICEREAD00001", "ice-reader-secret-0123456789")
ADMIN_TOKEN = "ice-admin-token-0123456789abcdef"
READER_TOKEN = "ice-reader-token-0123456789abcdef"
TMP = None

VIEW_SCHEMA = {"type": "struct", "schema-id": 0, "fields": [
    {"id": 1, "name": "n", "type": "long", "required": False}]}


def view_version(ns, version_id=1, sql="SELECT 1 AS n"):
    return {"version-id": version_id, "timestamp-ms": int(time.time() * 1000), "schema-id": 0,
            "summary": {"engine-name": "trino"}, "default-namespace": [ns],
            "representations": [{"type": "sql", "sql": sql, "dialect": "trino"}]}


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="catalogd-iceapi-")
    auth = os.path.join(TMP, "auth.json")
    with open(auth, "w") as f:
        json.dump({"principals": [
            {"name": "admin", "access_key_id": ADMIN[0], "secret_access_key": ADMIN[1],
             "tokens": [ADMIN_TOKEN], "role": "admin"},
            {"name": "reader", "access_key_id": READER[0], "secret_access_key": READER[1],
             "tokens": [READER_TOKEN], "role": "reader"}]}, f)
    os.chmod(auth, stat.S_IRUSR | stat.S_IWUSR)
    os.makedirs(os.path.join(TMP, "wh"))
    harness.start_module_server(extra_args=["--auth-file", auth,
                                            "--warehouse", "file://" + TMP + "/wh"])


def tearDownModule():
    try:
        harness.stop_module_server()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    ic.validate_recorded()


class EveryRoute(harness.GlueTestCase):
    def setUp(self):
        self.ice = ic.Ice(self.srv, ADMIN_TOKEN)
        self.reader = ic.Ice(self.srv, READER_TOKEN)
        self.anon = ic.Ice(self.srv)

    def expect(self, resp, *statuses):
        self.assertIn(resp.status, statuses, repr(resp))
        if resp.method == "HEAD":
            self.assertEqual(resp.body, b"", "a HEAD answer with a body")
        elif resp.status >= 400 and "oauth" not in resp.path:
            self.assertEqual(resp.json["error"]["code"], resp.status, repr(resp))
        return resp

    def test_every_route_success_and_errors(self):
        start = len(ic.RECORDS)
        ice, ns = self.ice, harness.unique_name("api")
        ns2 = ns + "_b"
        e = self.expect

        # config and oauth
        cfg = e(ice.config(), 200).json
        e(ice.config(warehouse="123456789012"), 200)
        e(ice.config(warehouse="not a catalog id"), 400, 404)
        e(self.anon.config(), 401)
        e(ic.oauth_token(self.srv, *ADMIN), 200)
        e(ic.oauth_token(self.srv, ADMIN[0], "wrong"), 401)
        e(ic.oauth_token(self.srv, ADMIN[0], ADMIN[1], {"grant_type": "password"}), 400)
        e(ic.oauth_token(self.srv, None, None, raw_body="%zz=&&="), 400)

        # namespaces
        e(ice.create_namespace(ns, {"owner": "api", "comment": "c"}), 200)
        e(ice.create_namespace([ns, "child"]), 200)
        e(ice.create_namespace(ns2), 200)
        e(ice.create_namespace(ns), 409)
        e(ice.req("POST", "namespaces", {"namespace": "not-a-list"}), 400)
        e(ice.req("POST", "namespaces", "{"), 400)
        e(ice.create_namespace([ns, "bad.level"]), 400)
        e(self.reader.create_namespace(ns + "_r"), 403)
        e(self.anon.create_namespace(ns + "_a"), 401)
        e(ice.list_namespaces(), 200)
        e(ice.list_namespaces(parent=ns), 200)
        e(ice.list_namespaces(page_size=1), 200)
        e(ice.list_namespaces(page_token="garbage"), 400)
        e(ice.list_namespaces(page_size=0), 400)
        e(ice.list_namespaces(parent="nosuch_" + ns), 404)
        e(ice.namespace(ns), 200)
        e(ice.namespace([ns, "child"]), 200)
        e(ice.namespace("nosuch_" + ns), 404)
        e(ice.namespace(ns, "HEAD"), 204, 200)
        e(ice.namespace("nosuch_" + ns, "HEAD"), 404)
        e(ice.req("GET", "namespaces/%zz"), 400)
        e(ice.update_properties(ns, ["comment", "absent"], {"k": "v"}), 200)
        e(ice.update_properties(ns, ["k"], {"k": "v"}), 400, 422)
        e(ice.update_properties("nosuch_" + ns, [], {"k": "v"}), 404)

        # tables
        t = harness.unique_name("t")
        c = e(ice.create_table(ns, t, order=ic.SORT,
                               headers={"X-Iceberg-Access-Delegation": "vended-credentials"}),
              200).json
        e(ice.create_table(ns, t), 409)
        e(ice.create_table("nosuch_" + ns, t), 404)
        e(ice.create_table(ns, harness.unique_name("t"), schema={"type": "struct"}), 400)
        e(ice.create_table(ns, harness.unique_name("t"), spec={"fields": [
            {"source-id": 99, "name": "x", "transform": "identity"}]}), 400)
        e(self.reader.create_table(ns, harness.unique_name("t")), 403)
        e(ice.create_table(ns, harness.unique_name("s"), stage_create=True), 200)
        e(ice.list_tables(ns), 200)
        e(ice.list_tables(ns, page_size=1), 200)
        e(ice.list_tables("nosuch_" + ns), 404)
        e(ice.list_tables(ns, page_token="garbage"), 400)
        lr = e(ice.load(ns, t), 200)
        self.assertTrue(lr.header("etag"), repr(lr))
        e(ice.load(ns, t, headers={"If-None-Match": lr.header("etag")}), 304)
        e(ice.load(ns, t, snapshots="refs"), 200)
        e(ice.load(ns, t, snapshots="bogus"), 400)
        e(ice.load(ns, "nosuch_" + t), 404)
        e(ice.load("nosuch_" + ns, t), 404)
        e(self.anon.load(ns, t), 401)
        e(ice.req("HEAD", ice.table_path(ns, t)), 204, 200)
        e(ice.req("HEAD", ice.table_path(ns, "nosuch_" + t)), 404)
        rq, up, _ = ic.append_changes(c["metadata"])
        e(ice.commit(ns, t, rq, up, identifier=True), 200)
        e(ice.commit(ns, t, rq, up), 409)
        e(ice.commit(ns, t, [], [{"action": "nope"}]), 400)
        e(ice.commit(ns, "nosuch_" + t, [], []), 404)
        e(self.reader.commit(ns, t, [], [{"action": "set-properties", "updates": {"a": "b"}}]),
          403)
        e(ice.req("POST", ice.table_path(ns, t) + "/metrics", {
            "report-type": "commit-report", "table-name": "%s.%s" % (ns, t), "snapshot-id": 1,
            "sequence-number": 1, "operation": "append", "metrics": {}}), 204)
        e(ice.req("POST", ice.table_path(ns, "nosuch_" + t) + "/metrics", {
            "report-type": "commit-report", "table-name": "x", "snapshot-id": 1,
            "sequence-number": 1, "operation": "append", "metrics": {}}), 204, 404)
        e(self.anon.req("POST", ice.table_path(ns, t) + "/metrics", {
            "report-type": "commit-report", "table-name": "x", "snapshot-id": 1,
            "sequence-number": 1, "operation": "append", "metrics": {}}), 401)
        t2 = harness.unique_name("t")
        e(ice.rename(ns, t, ns2, t2), 204, 200)
        e(ice.rename(ns, t, ns2, t2), 404)
        e(ice.create_table(ns, t), 200)
        e(ice.rename(ns, t, ns2, t2), 409)
        e(ice.rename(ns, t, "nosuch_" + ns, t2), 404)
        e(ice.req("POST", "tables/rename", {"source": {"namespace": [ns]}}), 400)
        # register: another name for a metadata file of the warehouse
        loc = e(ice.load(ns2, t2), 200).json["metadata-location"]
        reg = harness.unique_name("reg")
        e(ice.req("POST", "namespaces/%s/register" % ic.ns_path(ns),
                  {"name": reg, "metadata-location": loc}), 200)
        e(ice.req("POST", "namespaces/%s/register" % ic.ns_path(ns),
                  {"name": reg, "metadata-location": loc}), 409)
        e(ice.req("POST", "namespaces/%s/register" % ic.ns_path(ns),
                  {"name": harness.unique_name("reg"),
                   "metadata-location": "file://%s/wh/nowhere/00000-x.metadata.json" % TMP}),
          400, 404)
        # a file outside the warehouse: catalogd does not read it (ForbiddenException)
        e(ice.req("POST", "namespaces/%s/register" % ic.ns_path(ns),
                  {"name": harness.unique_name("reg"),
                   "metadata-location": "file://%s/nowhere/00000-x.metadata.json" % TMP}), 403)
        e(ice.req("POST", "namespaces/%s/register" % ic.ns_path("nosuch_" + ns),
                  {"name": reg, "metadata-location": loc}), 404)
        # transactions
        m = e(ice.load(ns2, t2), 200).json["metadata"]
        rq, up, _ = ic.append_changes(m)
        e(ice.transaction([(ns2, t2, rq, up)]), 204)
        e(ice.transaction([(ns2, t2, rq, up)]), 409)
        e(ice.transaction([(ns2, "nosuch_" + t2, [], up)]), 404)
        e(ice.req("POST", "transactions/commit", {"table-changes": [{"updates": []}]}), 400)
        e(self.reader.transaction([(ns2, t2, [], [])]), 403)

        # views
        v = harness.unique_name("v")
        vbody = {"name": v, "schema": VIEW_SCHEMA, "view-version": view_version(ns),
                 "properties": {"comment": "x"}}
        vr = e(ice.req("POST", "namespaces/%s/views" % ic.ns_path(ns), vbody), 200).json
        e(ice.req("POST", "namespaces/%s/views" % ic.ns_path(ns), vbody), 409)
        e(ice.req("POST", "namespaces/%s/views" % ic.ns_path(ns),
                  {"name": harness.unique_name("v")}), 400)
        e(ice.req("POST", "namespaces/%s/views" % ic.ns_path("nosuch_" + ns), vbody), 404)
        e(ice.list_tables(ns, views=True), 200)
        e(ice.list_tables("nosuch_" + ns, views=True), 404)
        e(ice.req("GET", ice.table_path(ns, v, "views")), 200)
        e(ice.req("GET", ice.table_path(ns, "nosuch_" + v, "views")), 404)
        e(ice.req("HEAD", ice.table_path(ns, v, "views")), 204, 200)
        e(ice.req("HEAD", ice.table_path(ns, "nosuch_" + v, "views")), 404)
        e(ice.load(ns, v), 404)  # a view is not a table
        vv2 = view_version(ns, 2, "SELECT 2 AS n")
        replace = {"requirements": [{"type": "assert-view-uuid",
                                     "uuid": vr["metadata"]["view-uuid"]}],
                   "updates": [{"action": "add-view-version", "view-version": vv2},
                               {"action": "set-current-view-version", "view-version-id": -1}]}
        e(ice.req("POST", ice.table_path(ns, v, "views"), replace), 200)
        bad = copy.deepcopy(replace)
        bad["requirements"][0]["uuid"] = str(uuid.uuid4())
        e(ice.req("POST", ice.table_path(ns, v, "views"), bad), 409)
        e(ice.req("POST", ice.table_path(ns, "nosuch_" + v, "views"), replace), 404)
        v2 = harness.unique_name("v")
        e(ice.rename(ns, v, ns2, v2, kind="views"), 204, 200)
        e(ice.rename(ns, v, ns2, v2, kind="views"), 404)
        e(ice.drop(ns2, v2, kind="views"), 204)
        e(ice.drop(ns2, v2, kind="views"), 404)

        # drops
        e(ice.namespace(ns, "DELETE"), 409)  # holds tables and a child namespace
        e(self.reader.drop(ns, t), 403)
        e(ice.drop(ns, t, purge=True), 204)
        e(ice.drop(ns, t), 404)
        e(ice.drop(ns, reg, purge=False), 204)
        e(ice.namespace(ns, "DELETE"), 409)  # the child namespace is left
        e(ice.namespace([ns, "child"], "DELETE"), 204)
        e(ice.namespace(ns, "DELETE"), 204)
        e(ice.namespace(ns, "DELETE"), 404)
        e(ice.drop(ns2, t2), 204)
        e(ice.namespace(ns2, "DELETE"), 204)
        # routes that are not there
        e(ice.req("POST", "namespaces/%s/tables/%s/plan" % (ns2, t2), {}), 404, 406, 501)
        e(ice.req("GET", "namespaces/%s/nothing" % ns2), 404, 405)

        # every answer valid, every advertised endpoint answered with success and with an error
        records = ic.RECORDS[start:]
        problems, covered = ic.validate(records)
        self.assertEqual(problems, "", "answers that do not match the OpenAPI document")
        self.assertIsInstance(cfg.get("endpoints"), list)
        got = {}
        for method, route, status in covered:
            got.setdefault("%s %s" % (method, route), set()).add(status // 100)
        missing = []
        for ep in cfg["endpoints"]:
            seen = got.get(ep, set())
            if 2 not in seen or 4 not in seen:
                missing.append("%s (status classes seen: %s)" % (ep, sorted(seen)))
        self.assertEqual(missing, [], "advertised endpoints not covered with 2xx and 4xx")
        for ep in ("GET /v1/{prefix}/namespaces", "POST /v1/{prefix}/transactions/commit",
                   "GET /v1/{prefix}/namespaces/{namespace}/views",
                   "POST /v1/{prefix}/namespaces/{namespace}/register"):
            self.assertIn(ep, cfg["endpoints"])


if __name__ == "__main__":
    unittest.main()
