"""Contract test: every operation openapi.yaml documents, against the live catalogd.

Each request goes through Contract.call(), which finds the documented response for the
status the server gave (an undocumented status fails), validates the body against the
spec's schema (openapi_schema_validator, OpenAPI 3.1 dialect) and the documented headers
(presence of required ones, their schemas), and records (method, path template, status).
The last test checks that the set of (method, path) the spec documents equals the set
exercised, and that every documented status was produced except the few that cannot be
provoked from outside (UNTRIGGERABLE) -- so spec and server cannot drift apart.
"""

import json
import os
import re
import sys
import unittest

import yaml
from openapi_schema_validator import OAS31Validator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import rest_client  # noqa: E402
from harness import unique_name  # noqa: E402
from rest_client import enc, spec_path  # noqa: E402

SPEC_PATH = os.path.join(harness.REPO_ROOT, "openapi.yaml")
with open(SPEC_PATH) as _f:
    SPEC = yaml.safe_load(_f)

MAX_BODY = 65536
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
DB = "/v1/databases/{db}"
TB = DB + "/tables/{table}"
PT = TB + "/partitions"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# Documented statuses that cannot be provoked from outside: internal faults, a store
# that is not open, and UpdateTable losing a race without If-Match.
UNTRIGGERABLE = {(m, p, "500") for p, item in SPEC["paths"].items() for m in item
                 if m in METHODS} | {("get", "/health", "503"), ("put", TB, "409")}
# 401 and 403 need a server with --auth-file (test_auth.py provokes them), 503 a spent budget
UNTRIGGERABLE |= {(m, p, s) for p, item in SPEC["paths"].items() for m in item
                  if m in METHODS for s in ("401", "403", "503")}

EXERCISED = set()  # (method, template, status)
_ran = set()       # names of the walk tests that ran (the coverage test needs all)


def resolve(obj):
    while isinstance(obj, dict) and "$ref" in obj:
        node = SPEC
        for part in obj["$ref"].lstrip("#/").split("/"):
            node = node[part]
        obj = node
    return obj


def validator(schema):
    root = dict(schema)
    root["components"] = SPEC["components"]
    return OAS31Validator(root, format_checker=OAS31Validator.FORMAT_CHECKER)


def setUpModule():
    srv = harness.start_module_server(extra_args=["--max-body", str(MAX_BODY)])


def tearDownModule():
    harness.stop_module_server()


class Contract(harness.GlueTestCase):
    maxDiff = 6000

    # ------------------------------------------------------------ the checked call
    def call(self, method, template, status, params=None, query=None, body=None,
             headers=None, content_type=rest_client.JSON, raw_path=None):
        """Send METHOD to TEMPLATE (path parameters from PARAMS, percent-encoded, except
        'spec' which is given encoded), check the answer against the spec, and assert
        STATUS. Returns the Response (with .json when it has a body)."""
        params = params or {}
        path = raw_path
        if path is None:
            path = template
            for k, v in params.items():
                path = path.replace("{%s}" % k, v if k == "spec" else enc(v))
        if query:
            path += "?" + "&".join("%s=%s" % (k, enc(str(v))) for k, v in query.items())
        r = rest_client.request(self.srv.port, method.upper(), path, body=body,
                                headers=headers, content_type=content_type)
        op = SPEC["paths"][template][method]
        self.check_response(r, op["responses"], template, method)
        self.assertEqual(r.status, status, repr(r))
        EXERCISED.add((method, template, str(r.status)))
        return r

    def check_response(self, r, responses, template, method):
        doc = responses.get(str(r.status))
        self.assertIsNotNone(doc, "%s %s: status %d is not documented (documented: %s): %r"
                             % (method.upper(), template, r.status, sorted(responses), r))
        self.check_documented(r, resolve(doc))

    def check_documented(self, r, doc):
        for name, h in (doc.get("headers") or {}).items():
            h = resolve(h)
            val = r.header(name)
            if h.get("required"):
                self.assertIsNotNone(val, "header %s missing: %r" % (name, r))
            if val is not None:
                errs = list(validator(h["schema"]).iter_errors(val))
                self.assertFalse(errs, "header %s=%r: %s" % (name, val,
                                                             [e.message for e in errs]))
        rid = r.header("x-request-id")
        if r.path != "/":  # the Glue envelope answers with x-amzn-RequestId instead
            self.assertTrue(rid and UUID_RE.match(rid), "x-request-id: %r" % r)
        content = doc.get("content")
        if not content:
            self.assertEqual(r.body, b"", "documented without a body: %r" % r)
            return
        ctype = (r.header("content-type") or "").replace(" ", "").lower()
        match = [m for m in content if ctype.startswith(m.replace(" ", "").lower())]
        self.assertTrue(match, "Content-Type %r not in %s: %r" % (ctype, list(content), r))
        media = content[match[0]]
        if "json" not in match[0]:
            return
        try:
            body = r.json
        except ValueError:
            self.fail("body is not JSON: %r" % r)
        errs = sorted(validator(media["schema"]).iter_errors(body), key=lambda e: e.path)
        self.assertFalse(errs, "%s %s %d: body does not match the spec:\n%s\n%r" % (
            r.method, r.path, r.status,
            "\n".join("  at %s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300])
                      for e in errs[:8]), r))
        if isinstance(body, dict) and "request_id" in body:
            self.assertEqual(body["request_id"], rid, "error body request_id != x-request-id")

    def check_component(self, r, name):
        self.check_documented(r, resolve({"$ref": "#/components/responses/" + name}))

    # ------------------------------------------------------------ shared error probes
    def body_errors(self, method, template, params, good_body):
        """413 (over --max-body), 415 (wrong/missing Content-Type), 400 (malformed JSON,
        not an object) for one body-taking operation."""
        big = dict(good_body) if isinstance(good_body, dict) else {}
        big["padding"] = "x" * (MAX_BODY + 10)
        r = self.call(method, template, 413, params, body=big)
        self.assertEqual(r.json["code"], "InvalidInputException")
        r = self.call(method, template, 415, params, body=good_body, content_type="text/plain")
        self.assertEqual(r.json["code"], "UnsupportedMediaType")
        r = self.call(method, template, 415, params, body=good_body, content_type=None)
        self.call(method, template, 400, params, body=b"{not json")
        self.call(method, template, 400, params, body=b"[1, 2]")

    def make_db_rest(self, name=None, **extra):
        name = name or unique_name("rdb")
        self.call("post", "/v1/databases", 201, body=dict(Name=name, **extra))
        return name

    def make_table_rest(self, db, name=None, keys=(), **extra):
        name = name or unique_name("rt")
        ti = dict(Name=name, TableType="EXTERNAL_TABLE",
                  StorageDescriptor={"Columns": [{"Name": "id", "Type": "bigint"}],
                                     "Location": "s3://bucket/%s/" % name},
                  PartitionKeys=[{"Name": k, "Type": "string"} for k in keys], **extra)
        self.call("post", DB + "/tables", 201, {"db": db}, body=ti)
        return name


class A_Service(Contract):
    def test_health(self):
        _ran.add("health")
        r = self.call("get", "/health", 200)
        self.assertEqual(r.json["status"], "ok")
        self.assertIsInstance(r.json.get("schema_version"), int)
        r = rest_client.request(self.srv.port, "POST", "/health", body={})
        self.assertEqual(r.status, 405, r)
        self.check_component(r, "MethodNotAllowed")

    def test_metrics(self):
        _ran.add("metrics")
        self.call("get", "/v1/databases", 200)  # at least one REST request counted
        r = self.call("get", "/metrics", 200)
        self.assertTrue(r.header("content-type").startswith("text/plain"), r)
        self.assertIn("version=0.0.4", r.header("content-type"))
        text = r.body.decode()
        for name in ("catalogd_requests_total", "catalogd_request_duration_seconds_bucket",
                     "catalogd_database_size_bytes", "catalogd_open_connections"):
            self.assertIn(name, text)
        self.assertRegex(text, r'catalogd_requests_total\{[^}]*front="rest"')
        self.assertIn('le="0.0005"', text)
        self.assertIn('le="+Inf"', text)

    def test_index_and_openapi(self):
        _ran.add("index")
        r = self.call("get", "/", 200)
        self.assertEqual(r.json["links"], {"console": "/ui", "openapi": "/openapi.yaml",
                                           "health": "/health", "metrics": "/metrics",
                                           "rest": "/v1/databases"})
        self.assertTrue(r.body.endswith(b"}\n"), r)
        self.call("get", "/", 400, query={"x": "1"})
        r = self.call("get", "/openapi.yaml", 200)
        with open(SPEC_PATH, "rb") as f:
            self.assertEqual(r.body, f.read())  # embedded at build time: this very file
        r = self.call("get", "/openapi.yaml", 400, query={"format": "json"})
        self.assertEqual(r.json["message"], "Unknown query parameter format (this route takes "
                                            "none).")

    def test_glue_envelope(self):
        _ran.add("glue")
        hdr = {"X-Amz-Target": "AWSGlue.GetDatabases"}
        ct = harness.JSON_CT
        r = self.call("post", "/", 200, body={}, headers=hdr, content_type=ct)
        self.assertIn("DatabaseList", r.json)
        r = self.call("post", "/", 400, body={}, headers={"X-Amz-Target": "AWSGlue.NoSuchOp"},
                      content_type=ct)
        self.assertEqual(r.json["__type"], "UnknownOperationException")
        self.call("post", "/", 400, body={"DatabaseInput": {}},
                  headers={"X-Amz-Target": "AWSGlue.CreateDatabase"}, content_type=ct)
        self.call("post", "/", 413, body={"x": "y" * (MAX_BODY + 10)}, headers=hdr,
                  content_type=ct)

    def test_unknown_route_and_method(self):
        _ran.add("routes")
        for path in ("/v1/nope", "/v1", "/v1/databases/d/tables/t/nope",
                     "/v1/databases/d/nope"):
            r = rest_client.request(self.srv.port, "GET", path)
            self.assertEqual(r.status, 404, r)
            self.check_component(r, "NotFound")
            self.assertEqual(r.json["code"], "NotFound", r)
        # Every documented REST path: PATCH is never documented -> 405, Allow = the spec's.
        for template, item in SPEC["paths"].items():
            if template == "/":
                continue
            documented = {m.upper() for m in item if m in METHODS}
            path = (template.replace("{db}", "d").replace("{table}", "t")
                    .replace("{spec}", "k=v"))
            for m in ["PATCH"] + [x for x in ("GET", "PUT", "POST", "DELETE")
                                  if x not in documented and not template.endswith("}")
                                  and not template.endswith("batch-get")
                                  and not template.endswith("batch-delete")]:
                r = rest_client.request(self.srv.port, m, path,
                                        body={} if m in ("PUT", "POST", "PATCH") else None)
                with self.subTest(method=m, path=template):
                    self.assertEqual(r.status, 405, r)
                    self.check_component(r, "MethodNotAllowed")
                    allow = {a.strip() for a in (r.header("allow") or "").split(",")}
                    self.assertEqual(allow - {"HEAD", "OPTIONS"}, documented, r)


class B_Databases(Contract):
    def test_create(self):
        _ran.add("db_create")
        name = unique_name("RDb")
        r = self.call("post", "/v1/databases", 201, body={
            "Name": name, "Description": "d", "LocationUri": "s3://b/p/",
            "Parameters": {"k": "v"}})
        self.assertEqual(r.header("location"), "/v1/databases/" + enc(name.lower()))
        self.assertEqual(r.json["Name"], name.lower())
        self.assertEqual(r.json["Parameters"], {"k": "v"})
        r = self.call("post", "/v1/databases", 409, body={"Name": name})
        self.assertEqual(r.json["code"], "AlreadyExistsException")
        r = self.call("post", "/v1/databases", 400, body={"Description": "no name"})
        self.assertEqual(r.json["code"], "InvalidInputException")
        self.call("post", "/v1/databases", 400, body={"Name": 5})
        self.call("post", "/v1/databases", 400, body={"Name": "x" * 256})
        self.body_errors("post", "/v1/databases", {}, {"Name": unique_name("rdb")})

    def test_get(self):
        _ran.add("db_get")
        name = self.make_db_rest()
        r = self.call("get", DB, 200, {"db": name})
        self.assertEqual(r.json["Name"], name)
        self.call("get", DB, 200, {"db": name.upper()})
        r = self.call("get", DB, 404, {"db": unique_name("missing")})
        self.assertEqual(r.json["code"], "EntityNotFoundException")
        self.call("get", DB, 400, {"db": "x" * 256})

    def test_list_and_paging(self):
        _ran.add("db_list")
        names = {self.make_db_rest() for _ in range(3)}
        seen, token = [], None
        for _ in range(100):
            q = {"max_results": 2}
            if token:
                q["page_token"] = token
            r = self.call("get", "/v1/databases", 200, query=q)
            self.assertLessEqual(len(r.json["databases"]), 2)
            seen += [d["Name"] for d in r.json["databases"]]
            token = r.json.get("next_page_token")
            if token is None:
                break
        self.assertEqual(len(seen), len(set(seen)))
        self.assertLessEqual(names, set(seen))
        for bad in ({"max_results": 0}, {"max_results": 101}, {"max_results": "x"},
                    {"page_token": "forged-token"}):
            with self.subTest(query=bad):
                r = self.call("get", "/v1/databases", 400, query=bad)
                self.assertEqual(r.json["code"], "InvalidInputException")

    def test_update_and_rename(self):
        _ran.add("db_update")
        a, b = self.make_db_rest(), self.make_db_rest()
        r = self.call("put", DB, 200, {"db": a}, body={"Name": a, "Description": "new"})
        self.assertEqual(r.json["Description"], "new")
        new = unique_name("renamed")
        r = self.call("put", DB, 200, {"db": a}, body={"Name": new})
        self.assertEqual(r.json["Name"], new)
        self.call("get", DB, 404, {"db": a})
        self.call("get", DB, 200, {"db": new})
        r = self.call("put", DB, 409, {"db": new}, body={"Name": b})
        self.assertEqual(r.json["code"], "AlreadyExistsException")
        self.call("put", DB, 404, {"db": unique_name("missing")}, body={"Name": "zz"})
        self.call("put", DB, 400, {"db": new}, body={"Name": ""})
        self.body_errors("put", DB, {"db": new}, {"Name": new})

    def test_delete(self):
        _ran.add("db_delete")
        name = self.make_db_rest()
        t = self.make_table_rest(name, keys=("k",))
        self.call("post", PT, 200, {"db": name, "table": t},
                  body={"partitions": [{"Values": ["1"]}]})
        self.call("delete", DB, 204, {"db": name})
        self.call("get", DB, 404, {"db": name})
        self.call("get", TB, 404, {"db": name, "table": t})
        self.call("delete", DB, 404, {"db": name})
        self.call("delete", DB, 400, {"db": "x" * 256})


class C_Tables(Contract):
    def test_create(self):
        _ran.add("t_create")
        db = self.make_db_rest()
        name = unique_name("RTab")
        r = self.call("post", DB + "/tables", 201, {"db": db}, body={
            "Name": name, "PartitionKeys": [{"Name": "dt", "Type": "date"}],
            "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"}]}})
        self.assertEqual(r.header("location"),
                         "/v1/databases/%s/tables/%s" % (enc(db), enc(name.lower())))
        self.assertEqual(r.header("etag"), '"0"')
        self.assertEqual(r.json["VersionId"], "0")
        self.assertEqual(r.json["DatabaseName"], db)
        r = self.call("post", DB + "/tables", 409, {"db": db}, body={"Name": name})
        self.assertEqual(r.json["code"], "AlreadyExistsException")
        r = self.call("post", DB + "/tables", 404, {"db": unique_name("missing")},
                      body={"Name": "t"})
        self.assertEqual(r.json["code"], "EntityNotFoundException")
        self.call("post", DB + "/tables", 400, {"db": db}, body={"TableType": "x"})
        self.call("post", DB + "/tables", 400, {"db": db},
                  body={"Name": "t", "StorageDescriptor": {"Columns": "nope"}})
        self.body_errors("post", DB + "/tables", {"db": db}, {"Name": unique_name("t")})

    def test_get_etag_304(self):
        _ran.add("t_get")
        db = self.make_db_rest()
        t = self.make_table_rest(db)
        r = self.call("get", TB, 200, {"db": db, "table": t})
        etag = r.header("etag")
        self.assertEqual(etag, '"%s"' % r.json["VersionId"])
        r = self.call("get", TB, 304, {"db": db, "table": t}, headers={"If-None-Match": etag})
        self.assertEqual(r.header("etag"), etag)
        self.call("get", TB, 200, {"db": db, "table": t.upper()},
                  headers={"If-None-Match": '"99"'})
        r = self.call("get", TB, 404, {"db": db, "table": unique_name("missing")})
        self.assertEqual(r.json["code"], "EntityNotFoundException")
        self.call("get", TB, 404, {"db": unique_name("missing"), "table": t})
        self.call("get", TB, 400, {"db": db, "table": "x" * 256})

    def test_list(self):
        _ran.add("t_list")
        db = self.make_db_rest()
        sales = {self.make_table_rest(db, unique_name("sales")) for _ in range(3)}
        self.make_table_rest(db, unique_name("other"))
        seen, token = [], None
        for _ in range(20):
            q = {"max_results": 2, "pattern": "sales_*"}
            if token:
                q["page_token"] = token
            r = self.call("get", DB + "/tables", 200, {"db": db}, query=q)
            seen += [x["Name"] for x in r.json["tables"]]
            token = r.json.get("next_page_token")
            if token is None:
                break
        self.assertEqual(sorted(seen), sorted(sales))
        r = self.call("get", DB + "/tables", 200, {"db": db})
        self.assertEqual(len(r.json["tables"]), 4)
        self.assertNotIn("next_page_token", r.json)
        self.call("get", DB + "/tables", 404, {"db": unique_name("missing")})
        self.call("get", DB + "/tables", 400, {"db": db}, query={"max_results": 0})
        self.call("get", DB + "/tables", 400, {"db": db}, query={"page_token": "forged"})

    def test_update(self):
        _ran.add("t_update")
        db = self.make_db_rest()
        t = self.make_table_rest(db)
        p = {"db": db, "table": t}
        r = self.call("put", TB, 200, p, body={"Name": t, "Description": "one"})
        self.assertEqual(r.header("etag"), '"1"')
        self.assertEqual(r.json["VersionId"], "1")
        r = self.call("put", TB, 200, p, body={"Description": "two"},  # Name from the path
                      headers={"If-Match": '"1"'})
        self.assertEqual(r.header("etag"), '"2"')
        self.assertEqual(r.json["Name"], t)
        r = self.call("put", TB, 412, p, body={"Description": "stale"},
                      headers={"If-Match": '"1"'})
        self.assertEqual(r.json["code"], "PreconditionFailed")
        r = self.call("get", TB, 200, p)
        self.assertEqual((r.json["Description"], r.header("etag")), ("two", '"2"'))
        r = self.call("put", TB, 200, p, query={"skip_archive": "true"},
                      body={"Description": "three"})
        self.assertEqual(r.json["VersionId"], "3")
        r = self.call("get", TB + "/versions", 200, p)
        self.assertEqual([v["VersionId"] for v in r.json["versions"]], ["3", "1", "0"])
        r = self.call("put", TB, 400, p, body={"Name": unique_name("other")})
        self.assertEqual(r.json["code"], "InvalidInputException")
        self.call("put", TB, 400, p, body={"Retention": -1})
        self.call("put", TB, 404, {"db": db, "table": unique_name("missing")}, body={})
        self.body_errors("put", TB, p, {"Name": t})

    def test_versions(self):
        _ran.add("t_versions")
        db = self.make_db_rest()
        t = self.make_table_rest(db)
        p = {"db": db, "table": t}
        for i in range(3):
            self.call("put", TB, 200, p, body={"Description": str(i)})
        seen, token = [], None
        for _ in range(10):
            q = {"max_results": 2}
            if token:
                q["page_token"] = token
            r = self.call("get", TB + "/versions", 200, p, query=q)
            seen += [v["VersionId"] for v in r.json["versions"]]
            for v in r.json["versions"]:
                self.assertEqual(v["Table"]["VersionId"], v["VersionId"])
            token = r.json.get("next_page_token")
            if token is None:
                break
        self.assertEqual(seen, ["3", "2", "1", "0"])
        self.call("get", TB + "/versions", 400, p, query={"max_results": 0})
        self.call("get", TB + "/versions", 404, {"db": db, "table": unique_name("missing")})

    def test_delete(self):
        _ran.add("t_delete")
        db = self.make_db_rest()
        t = self.make_table_rest(db)
        self.call("delete", TB, 204, {"db": db, "table": t})
        self.call("get", TB, 404, {"db": db, "table": t})
        self.call("delete", TB, 404, {"db": db, "table": t})
        self.call("delete", TB, 400, {"db": db, "table": "x" * 256})


class D_Partitions(Contract):
    KEYS = ("dt", "region")

    def setUp(self):
        self.db = self.make_db_rest()
        self.t = self.make_table_rest(self.db, keys=self.KEYS)
        self.p = {"db": self.db, "table": self.t}

    def add(self, *values, status=200):
        r = self.call("post", PT, status, self.p,
                      body={"partitions": [{"Values": list(v)} for v in values]})
        if status == 200:
            self.assertEqual(r.json["errors"], [])
        return r

    def test_create(self):
        _ran.add("p_create")
        self.add(["2024-06-01", "eu"], ["2024-06-01", "us"])
        r = self.call("post", PT, 200, self.p, body={"partitions": [
            {"Values": ["2024-06-01", "eu"]}, {"Values": ["2024-06-02", "eu"]}]})
        self.assertEqual(len(r.json["errors"]), 1)
        e = r.json["errors"][0]
        self.assertEqual(e["PartitionValues"], ["2024-06-01", "eu"])
        self.assertEqual(e["ErrorDetail"]["ErrorCode"], "AlreadyExistsException")
        with self.subTest("empty list (contract: 1..1000)"):
            self.call("post", PT, 400, self.p, body={"partitions": []})
        self.call("post", PT, 400, self.p,
                  body={"partitions": [{"Values": ["a", str(i)]} for i in range(1001)]})
        self.call("post", PT, 400, self.p, body={"partitions": [{"Values": "x"}]})
        self.call("post", PT, 404, {"db": self.db, "table": unique_name("missing")},
                  body={"partitions": [{"Values": ["a", "b"]}]})
        self.body_errors("post", PT, self.p, {"partitions": [{"Values": ["a", "b"]}]})

    def test_list_query_segments(self):
        _ran.add("p_list")
        vals = [["2024-06-%02d" % d, r] for d in range(1, 11) for r in ("eu", "us")]
        self.add(*vals)
        expr = "region = 'eu' AND dt BETWEEN '2024-06-03' AND '2024-06-07'"
        got, token = [], None
        for _ in range(20):
            q = {"expression": expr, "max_results": 2}
            if token:
                q["page_token"] = token
            r = self.call("get", PT, 200, self.p, query=q)
            got += [tuple(x["Values"]) for x in r.json["partitions"]]
            token = r.json.get("next_page_token")
            if token is None:
                break
        self.assertEqual(sorted(got), [("2024-06-%02d" % d, "eu") for d in range(3, 8)])
        segs = []
        for s in range(3):
            r = self.call("get", PT, 200, self.p, query={"segment": s, "total_segments": 3})
            segs += [tuple(x["Values"]) for x in r.json["partitions"]]
        self.assertEqual(sorted(segs), sorted(map(tuple, vals)))
        r = self.call("get", PT, 200, self.p, query={"exclude_column_schema": "true"})
        self.assertEqual(len(r.json["partitions"]), 20)
        self.assertNotIn("Columns", r.json["partitions"][0]["StorageDescriptor"])
        for bad in ({"expression": "region = "}, {"expression": "nokey = 1"},
                    {"max_results": 1001}, {"max_results": 0}, {"page_token": "forged"},
                    {"segment": 3, "total_segments": 3}):
            with self.subTest(query=bad):
                self.call("get", PT, 400, self.p, query=bad)
        self.call("get", PT, 404, {"db": self.db, "table": unique_name("missing")})

    def test_get_by_spec(self):
        _ran.add("p_get")
        odd = "a/b=c d%"
        self.add(["2024-06-01", "eu"], ["2024-06-01", odd])
        r = self.call("get", PT + "/{spec}", 200,
                      dict(self.p, spec=spec_path(self.KEYS, ["2024-06-01", "eu"])))
        self.assertEqual(r.json["Values"], ["2024-06-01", "eu"])
        self.assertEqual(r.json["TableName"], self.t)
        r = self.call("get", PT + "/{spec}", 200,
                      dict(self.p, spec=spec_path(self.KEYS, ["2024-06-01", odd])))
        self.assertEqual(r.json["Values"], ["2024-06-01", odd])
        r = self.call("get", PT + "/{spec}", 404,
                      dict(self.p, spec=spec_path(self.KEYS, ["2024-06-09", "eu"])))
        self.assertEqual(r.json["code"], "EntityNotFoundException")
        for bad in (["region", "dt"], ["dt"], ["dt", "region", "x"]):  # wrong keys / order
            with self.subTest(keys=bad):
                self.call("get", PT + "/{spec}", 400,
                          dict(self.p, spec=spec_path(bad, ["1", "2", "3"][:len(bad)])))

    def test_update(self):
        _ran.add("p_update")
        self.add(["2024-06-01", "eu"], ["2024-06-02", "eu"])
        sp = dict(self.p, spec=spec_path(self.KEYS, ["2024-06-01", "eu"]))
        r = self.call("put", PT + "/{spec}", 200, sp, body={
            "Values": ["2024-06-01", "eu"], "Parameters": {"k": "v"}})
        self.assertEqual(r.json["Parameters"], {"k": "v"})
        r = self.call("put", PT + "/{spec}", 409, sp, body={"Values": ["2024-06-02", "eu"]})
        self.assertEqual(r.json["code"], "AlreadyExistsException")
        r = self.call("put", PT + "/{spec}", 200, sp, body={"Values": ["2024-06-03", "eu"]})
        self.assertEqual(r.json["Values"], ["2024-06-03", "eu"])
        self.call("get", PT + "/{spec}", 404, sp)
        self.call("put", PT + "/{spec}", 404, sp, body={"Values": ["2024-06-01", "eu"]})
        self.call("put", PT + "/{spec}", 400,
                  dict(self.p, spec=spec_path(self.KEYS, ["2024-06-02", "eu"])),
                  body={"Values": "nope"})
        self.body_errors("put", PT + "/{spec}",
                         dict(self.p, spec=spec_path(self.KEYS, ["2024-06-02", "eu"])),
                         {"Values": ["2024-06-02", "eu"]})

    def test_delete(self):
        _ran.add("p_delete")
        self.add(["2024-06-01", "eu"])
        sp = dict(self.p, spec=spec_path(self.KEYS, ["2024-06-01", "eu"]))
        self.call("delete", PT + "/{spec}", 204, sp)
        self.call("delete", PT + "/{spec}", 404, sp)
        self.call("delete", PT + "/{spec}", 400, dict(self.p, spec=spec_path(["nokey"], ["1"])))

    def test_batch_get(self):
        _ran.add("p_batch_get")
        self.add(["2024-06-01", "eu"], ["2024-06-02", "eu"])
        r = self.call("post", PT + "/batch-get", 200, self.p, body={"values": [
            ["2024-06-01", "eu"], ["2024-06-09", "eu"], ["2024-06-02", "eu"]]})
        self.assertEqual(sorted(tuple(x["Values"]) for x in r.json["partitions"]),
                         [("2024-06-01", "eu"), ("2024-06-02", "eu")])
        with self.subTest("empty list (contract: 1..1000)"):
            self.call("post", PT + "/batch-get", 400, self.p, body={"values": []})
        self.call("post", PT + "/batch-get", 400, self.p,
                  body={"values": [["a", str(i)] for i in range(1001)]})
        self.call("post", PT + "/batch-get", 404, {"db": self.db, "table": unique_name("m")},
                  body={"values": [["a", "b"]]})
        self.body_errors("post", PT + "/batch-get", self.p, {"values": [["a", "b"]]})

    def test_batch_delete(self):
        _ran.add("p_batch_delete")
        self.add(["2024-06-01", "eu"], ["2024-06-02", "eu"])
        r = self.call("post", PT + "/batch-delete", 200, self.p, body={"values": [
            ["2024-06-01", "eu"], ["2024-06-09", "eu"]]})
        self.assertEqual([e["PartitionValues"] for e in r.json["errors"]],
                         [["2024-06-09", "eu"]])
        self.assertEqual(r.json["errors"][0]["ErrorDetail"]["ErrorCode"],
                         "EntityNotFoundException")
        r = self.call("get", PT, 200, self.p)
        self.assertEqual([x["Values"] for x in r.json["partitions"]], [["2024-06-02", "eu"]])
        with self.subTest("empty list (contract: 1..1000)"):
            self.call("post", PT + "/batch-delete", 400, self.p, body={"values": []})
        self.call("post", PT + "/batch-delete", 404, {"db": self.db, "table": unique_name("m")},
                  body={"values": [["a", "b"]]})
        self.body_errors("post", PT + "/batch-delete", self.p, {"values": [["a", "b"]]})

    def test_column_statistics(self):
        _ran.add("p_colstats")
        self.add(["2024-06-01", "eu"])
        stat = {"ColumnName": "id", "ColumnType": "bigint", "AnalyzedTime": 1718822493,
                "StatisticsData": {"Type": "LONG", "LongColumnStatisticsData": {
                    "MinimumValue": 1, "MaximumValue": 9, "NumberOfNulls": 0,
                    "NumberOfDistinctValues": 9}}}
        good = {"entries": [{"PartitionValues": ["2024-06-01", "eu"],
                             "ColumnStatisticsList": [stat]}]}
        r = self.call("post", PT + "/column-statistics", 200, self.p, body=good)
        self.assertEqual(r.json["errors"], [])
        r = self.call("post", PT + "/column-statistics", 200, self.p, body={"entries": [
            {"PartitionValues": ["2024-06-09", "eu"], "ColumnStatisticsList": [stat]},
            {"PartitionValues": ["2024-06-01", "eu"],
             "ColumnStatisticsList": [dict(stat, ColumnName="nope")]}]})
        self.assertEqual([(e["PartitionValues"], "ColumnStatistics" in e) for e in r.json["errors"]],
                         [(["2024-06-09", "eu"], False), (["2024-06-01", "eu"], True)])
        with self.subTest("empty list (contract: 1..1000)"):
            self.call("post", PT + "/column-statistics", 400, self.p, body={"entries": []})
        self.call("post", PT + "/column-statistics", 400, self.p, body={"entries": 1})
        self.call("post", PT + "/column-statistics", 404,
                  {"db": self.db, "table": unique_name("m")}, body=good)
        self.body_errors("post", PT + "/column-statistics", self.p, good)


STAT = {"ColumnName": "id", "ColumnType": "bigint", "AnalyzedTime": 1718822493,
        "StatisticsData": {"Type": "LONG", "LongColumnStatisticsData": {
            "MinimumValue": 1, "MaximumValue": 9, "NumberOfNulls": 0,
            "NumberOfDistinctValues": 9}}}
FN = DB + "/functions"


class E_StatisticsFunctionsSearch(Contract):
    """Column statistics of tables and partitions, user-defined functions, search."""

    def setUp(self):
        self.db = self.make_db_rest()
        self.t = self.make_table_rest(self.db, keys=("dt",))
        self.p = {"db": self.db, "table": self.t}
        self.missing = {"db": self.db, "table": unique_name("m")}

    def test_table_column_statistics(self):
        _ran.add("t_colstats")
        CS = TB + "/column-statistics"
        good = {"column_statistics": [STAT]}
        r = self.call("put", CS, 200, self.p, body=good)
        self.assertEqual(r.json["errors"], [])
        r = self.call("put", CS, 200, self.p,
                      body={"column_statistics": [dict(STAT, ColumnName="nope")]})
        self.assertEqual([e["ColumnStatistics"]["ColumnName"] for e in r.json["errors"]], ["nope"])
        r = self.call("get", CS, 200, self.p, query={"columns": "id,nope"})
        self.assertEqual(r.json["column_statistics"], [STAT])
        self.assertEqual([e["ColumnName"] for e in r.json["errors"]], ["nope"])
        r = self.call("get", CS, 200, self.p, query={"columns": '["ID"]'})
        self.assertEqual(len(r.json["column_statistics"]), 1)
        r = self.call("get", CS, 400, self.p)
        self.assertEqual(r.json["message"], "Query parameter columns is required.")
        r = self.call("get", CS, 400, self.p, query={"columns": "[1]"})
        self.assertEqual(r.json["message"], "Query parameter columns must be a comma-separated "
                                            "list or a JSON array of strings.")
        self.call("get", CS, 404, self.missing, query={"columns": "id"})
        r = self.call("put", CS, 400, self.p, body={"stats": []})
        self.assertEqual(r.json["message"], "Unknown member stats in the request body (it takes "
                                            "column_statistics).")
        r = self.call("put", CS, 400, self.p, body={})
        self.assertEqual(r.json["message"], "The request body needs a 'column_statistics' array.")
        self.call("put", CS, 404, self.missing, body=good)
        self.body_errors("put", CS, self.p, good)
        self.call("delete", CS, 204, self.p, query={"columns": "id,never"})
        r = self.call("get", CS, 200, self.p, query={"columns": "id"})
        self.assertEqual(r.json["column_statistics"], [])
        self.call("delete", CS, 400, self.p)
        self.call("delete", CS, 404, self.missing, query={"columns": "id"})

    def test_partition_column_statistics(self):
        _ran.add("p_colstats_one")
        CS = PT + "/column-statistics"
        self.call("post", PT, 200, self.p, body={"partitions": [{"Values": ["2024,06"]}]})
        one = {"values": '["2024,06"]'}  # a comma inside a value: the JSON form
        good = {"column_statistics": [STAT]}
        r = self.call("put", CS, 200, self.p, query=one, body=good)
        self.assertEqual(r.json["errors"], [])
        r = self.call("get", CS, 200, self.p, query=dict(one, columns="id"))
        self.assertEqual(r.json["column_statistics"], [STAT])
        r = self.call("get", CS, 400, self.p, query={"columns": "id"})
        self.assertEqual(r.json["message"], "Query parameter values is required.")
        self.call("get", CS, 404, self.p, query={"values": "2025", "columns": "id"})
        self.call("put", CS, 400, self.p, query=one, body={})
        self.call("put", CS, 404, self.p, query={"values": "2025"}, body=good)
        self.body_errors("put", CS, self.p, good)
        self.call("delete", CS, 204, self.p, query=dict(one, columns="id"))
        r = self.call("get", CS, 200, self.p, query=dict(one, columns="id"))
        self.assertEqual(r.json["column_statistics"], [])
        self.call("delete", CS, 400, self.p, query=one)
        self.call("delete", CS, 404, self.p, query={"values": "2025", "columns": "id"})

    def test_functions(self):
        _ran.add("functions")
        d = {"db": self.db}
        fi = {"FunctionName": "Trino__Add", "ClassName": "io.trino.Add", "OwnerName": "ann",
              "OwnerType": "USER", "FunctionType": "REGULAR_FUNCTION"}
        r = self.call("post", FN, 201, d, body=fi)
        self.assertEqual(r.json["FunctionName"], "trino__add")
        self.assertEqual(r.header("location"), "/v1/databases/%s/functions/trino__add" % self.db)
        self.call("post", FN, 201, d, body=dict(fi, FunctionName="other"))
        self.call("post", FN, 409, d, body=fi)
        self.call("post", FN, 400, d, body={"ClassName": "x"})
        self.call("post", FN, 404, {"db": unique_name("m")}, body=fi)
        self.body_errors("post", FN, d, fi)
        r = self.call("get", FN, 200, d, query={"pattern": "trino__*"})
        self.assertEqual([f["FunctionName"] for f in r.json["functions"]], ["trino__add"])
        r = self.call("get", FN, 200, d, query={"max_results": 1})
        self.assertEqual([f["FunctionName"] for f in r.json["functions"]], ["other"])
        r = self.call("get", FN, 200, d, query={"page_token": r.json["next_page_token"]})
        self.assertEqual([f["FunctionName"] for f in r.json["functions"]], ["trino__add"])
        self.assertNotIn("next_page_token", r.json)
        self.call("get", FN, 400, d, query={"max_results": 0})
        self.call("get", FN, 404, {"db": unique_name("m")})
        one = {"db": self.db, "name": "TRINO__ADD"}
        r = self.call("get", FN + "/{name}", 200, one)
        self.assertEqual(r.json["ClassName"], "io.trino.Add")
        self.call("get", FN + "/{name}", 400, dict(one, name="x" * 256))
        self.call("get", FN + "/{name}", 404, dict(one, name="nope"))
        r = self.call("put", FN + "/{name}", 200, one, body=dict(fi, ClassName="io.trino.Add2"))
        self.assertEqual(r.json["ClassName"], "io.trino.Add2")
        self.call("put", FN + "/{name}", 409, one, body=dict(fi, FunctionName="other"))
        self.call("put", FN + "/{name}", 400, one, body={"ClassName": 1})
        self.call("put", FN + "/{name}", 404, dict(one, name="nope"), body=fi)
        self.body_errors("put", FN + "/{name}", one, fi)
        self.call("delete", FN + "/{name}", 204, one)
        self.call("delete", FN + "/{name}", 404, one)
        self.call("delete", FN + "/{name}", 400, dict(one, name="x" * 256))

    def test_search(self):
        _ran.add("search")
        self.make_table_rest(self.db, name="orders_" + self.db, Description="unique%s" % self.t)
        r = self.call("get", "/v1/search", 200, query={"text": "unique%s" % self.t})
        self.assertEqual([(t["DatabaseName"], t["Name"]) for t in r.json["tables"]],
                         [(self.db, "orders_" + self.db)])
        r = self.call("get", "/v1/search", 200, query={
            "filters": json.dumps([{"Key": "DatabaseName", "Value": self.db}]),
            "sort": "Name:desc", "max_results": 1})
        self.assertEqual([t["Name"] for t in r.json["tables"]], [self.t])  # rt_... > orders_...
        r = self.call("get", "/v1/search", 200, query={
            "filters": json.dumps([{"Key": "DatabaseName", "Value": self.db}]),
            "sort": "Name:desc", "page_token": r.json["next_page_token"]})
        self.assertEqual([t["Name"] for t in r.json["tables"]], ["orders_" + self.db])
        for query, msg in [
                ({"filters": "{}"}, "Query parameter filters must be a JSON array of "
                                    "{\"Key\", \"Value\", \"Comparator\"} objects."),
                ({"sort": "Name:up"}, "Query parameter sort is FIELD or FIELD:asc or "
                                      "FIELD:desc."),
                ({"sort": "Size"}, "SortCriteria FieldName Size is not one of Name, "
                                   "DatabaseName, CreateTime, UpdateTime.")]:
            r = self.call("get", "/v1/search", 400, query=query)
            self.assertEqual(r.json["message"], msg)


class F_Crawlers(Contract):
    def test_crawlers(self):
        _ran.add("crawlers")
        db = self.make_db_rest()
        names = sorted(unique_name("crawler") for _ in range(2))
        for n in names:
            self.glue.create_crawler(Name=n, Role="r", DatabaseName=db,
                                     Targets={"S3Targets": [{"Path": "s3://bucket/%s/" % n}]})
        r = self.call("get", "/v1/crawlers", 200)
        got = [c["Name"] for c in r.json["crawlers"]]
        self.assertTrue(set(names) <= set(got), got)
        first = self.call("get", "/v1/crawlers", 200, query={"max_results": 1})
        self.assertEqual(len(first.json["crawlers"]), 1)
        nxt = self.call("get", "/v1/crawlers", 200,
                        query={"page_token": first.json["next_page_token"]})
        self.assertNotIn(first.json["crawlers"][0]["Name"],
                         [c["Name"] for c in nxt.json["crawlers"]])
        self.call("get", "/v1/crawlers", 400, query={"max_results": 0})
        one = {"name": names[0]}
        r = self.call("get", "/v1/crawlers/{name}/crawls", 200, one)
        self.assertEqual(r.json["crawls"], [])  # never run
        self.call("get", "/v1/crawlers/{name}/crawls", 400, one, query={"max_results": 0})
        r = self.call("get", "/v1/crawlers/{name}/crawls", 404, {"name": unique_name("nope")})
        self.assertEqual(r.json["code"], "EntityNotFoundException")


ALL_WALKS = {"health", "index", "metrics", "glue", "routes", "db_create", "db_get", "db_list",
             "db_update", "db_delete", "t_create", "t_get", "t_list", "t_update",
             "t_versions", "t_delete", "p_create", "p_list", "p_get", "p_update",
             "p_delete", "p_batch_get", "p_batch_delete", "p_colstats", "t_colstats",
             "p_colstats_one", "functions", "search", "crawlers"}


class Z_Coverage(Contract):
    """Runs last (classes load in name order): spec and exercised sets must agree."""

    def test_spec_equals_exercised(self):
        if _ran != ALL_WALKS:
            self.skipTest("only a subset of the walk ran (missing: %s)"
                          % sorted(ALL_WALKS - _ran))
        documented = {(m, p) for p, item in SPEC["paths"].items() for m in item
                      if m in METHODS}
        exercised = {(m, p) for m, p, _ in EXERCISED}
        self.assertEqual(documented, exercised)
        statuses = {(m, p, s) for p, item in SPEC["paths"].items() for m, op in item.items()
                    if m in METHODS for s in op["responses"]}
        missing = statuses - UNTRIGGERABLE - EXERCISED
        self.assertEqual(sorted(missing), [], "documented statuses never produced")
        extra = EXERCISED - statuses
        self.assertEqual(sorted(extra), [], "statuses produced but not documented")


if __name__ == "__main__":
    harness.main()
