"""Smoke test of the REST front (/v1, /health, /metrics) against the real daemon.

The full contract tests live elsewhere; this pins the server side end to end:
statuses, headers (Location, ETag, Allow, x-request-id), reshaped bodies, and
the error shape {"code", "message", "request_id"}.
"""

import http.client
import json
import re
import unittest
import urllib.parse

import harness


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


def q(s):
    return urllib.parse.quote(s, safe="")


class RestSmoke(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = harness.module_server(__name__)

    def req(self, method, path, body=None, headers=None, ctype="application/json"):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if ctype:
                h["Content-Type"] = ctype
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            raw = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
        finally:
            conn.close()
        self.assertRegex(hdrs.get("x-request-id", ""), r"^[0-9a-f-]{36}$")
        return Resp(r.status, hdrs, raw)

    def assertError(self, resp, status, code):
        self.assertEqual(resp.status, status, resp.body)
        body = resp.json()
        self.assertEqual(body["code"], code)
        self.assertIsInstance(body["message"], str)
        self.assertEqual(body["request_id"], resp.headers["x-request-id"])

    def make_db(self):
        name = harness.unique_name("rest")
        r = self.req("POST", "/v1/databases", {"Name": name.upper(), "Description": "d"})
        self.assertEqual(r.status, 201, r.body)
        return name

    def make_table(self, db, keys=(("k", "string"), ("n", "int"))):
        name = harness.unique_name("t")
        r = self.req("POST", "/v1/databases/%s/tables" % db, {
            "Name": name,
            "StorageDescriptor": {"Columns": [{"Name": "c", "Type": "string"}],
                                  "Location": "s3://b/%s/" % name},
            "PartitionKeys": [{"Name": k, "Type": t} for k, t in keys]})
        self.assertEqual(r.status, 201, r.body)
        return name, r

    # ---------------------------------------------------------- databases

    def test_database_lifecycle(self):
        name = harness.unique_name("rest")
        r = self.req("POST", "/v1/databases", {"Name": name.upper(), "Description": "first"})
        self.assertEqual(r.status, 201, r.body)
        self.assertEqual(r.headers["location"], "/v1/databases/" + name)
        self.assertEqual(r.headers["content-type"], "application/json")
        self.assertEqual(r.json()["Name"], name)
        self.assertEqual(r.json()["Description"], "first")

        r = self.req("GET", "/v1/databases/" + name.upper())
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["Name"], name)

        names = []
        token = None
        for _ in range(1000):
            path = "/v1/databases?max_results=1"
            if token:
                path += "&page_token=" + q(token)
            r = self.req("GET", path)
            self.assertEqual(r.status, 200, r.body)
            page = r.json()
            self.assertLessEqual(len(page["databases"]), 1)
            names += [d["Name"] for d in page["databases"]]
            token = page.get("next_page_token")
            if not token:
                break
        self.assertIn(name, names)
        self.assertEqual(len(names), len(set(names)))

        r = self.req("PUT", "/v1/databases/" + name, {"Name": name, "Description": "second"})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["Description"], "second")
        renamed = name + "_b"
        r = self.req("PUT", "/v1/databases/" + name, {"Name": renamed})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["Name"], renamed)
        self.assertError(self.req("GET", "/v1/databases/" + name), 404,
                         "EntityNotFoundException")

        r = self.req("DELETE", "/v1/databases/" + renamed)
        self.assertEqual(r.status, 204)
        self.assertEqual(r.body, b"")
        self.assertError(self.req("DELETE", "/v1/databases/" + renamed), 404,
                         "EntityNotFoundException")

    # ---------------------------------------------------------- tables

    def test_table_etags(self):
        db = self.make_db()
        name, r = self.make_table(db)
        self.assertEqual(r.headers["location"], "/v1/databases/%s/tables/%s" % (db, name))
        self.assertEqual(r.headers["etag"], '"0"')
        self.assertEqual(r.json()["VersionId"], "0")
        self.assertEqual(r.json()["DatabaseName"], db)

        path = "/v1/databases/%s/tables/%s" % (db, name)
        r = self.req("GET", path)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.headers["etag"], '"0"')
        r = self.req("GET", path, headers={"If-None-Match": '"0"'})
        self.assertEqual(r.status, 304)
        self.assertEqual(r.body, b"")
        r = self.req("GET", path, headers={"If-None-Match": '"5"'})
        self.assertEqual(r.status, 200)

        tin = {"StorageDescriptor": {"Columns": [{"Name": "c2", "Type": "int"}]},
               "PartitionKeys": [{"Name": "k", "Type": "string"}, {"Name": "n", "Type": "int"}],
               "Parameters": {"p": "1"}}
        r = self.req("PUT", path, tin, headers={"If-Match": '"0"'})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.headers["etag"], '"1"')
        self.assertEqual(r.json()["Parameters"], {"p": "1"})
        r = self.req("PUT", path, tin, headers={"If-Match": '"0"'})  # stale now
        self.assertError(r, 412, "PreconditionFailed")
        self.assertEqual(self.req("GET", path).headers["etag"], '"1"')  # nothing changed
        r = self.req("PUT", path + "?skip_archive=true", tin)  # no If-Match: unconditional
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.headers["etag"], '"2"')
        self.assertError(self.req("PUT", path, dict(tin, Name="other")), 400,
                         "InvalidInputException")
        self.assertError(self.req("PUT", path + "?skip_archive=maybe", tin), 400,
                         "InvalidInputException")

        r = self.req("GET", path + "/versions")
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual([v["VersionId"] for v in r.json()["versions"]], ["2", "0"])

        r = self.req("GET", "/v1/databases/%s/tables?pattern=%s" % (db, q(name[:3] + "*")))
        self.assertEqual([t["Name"] for t in r.json()["tables"]], [name])

        self.assertEqual(self.req("DELETE", path).status, 204)
        self.assertError(self.req("GET", path), 404, "EntityNotFoundException")

    # ---------------------------------------------------------- partitions

    def test_partitions(self):
        db = self.make_db()
        name, _ = self.make_table(db)
        base = "/v1/databases/%s/tables/%s/partitions" % (db, name)
        odd = "a/b=c d%"
        parts = [{"Values": [odd, "1"]}] + [{"Values": ["v", str(i)]} for i in range(2, 7)]
        r = self.req("POST", base, {"partitions": parts})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json(), {"errors": []})
        r = self.req("POST", base, {"partitions": parts[:1]})  # again: per-entry error
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["errors"][0]["PartitionValues"], [odd, "1"])
        self.assertEqual(r.json()["errors"][0]["ErrorDetail"]["ErrorCode"],
                         "AlreadyExistsException")

        spec = "k=%s/n=1" % q(odd)
        r = self.req("GET", base + "/" + spec)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["Values"], [odd, "1"])
        self.assertError(self.req("GET", base + "/n=1/k=x"), 400, "InvalidInputException")
        self.assertError(self.req("GET", base + "/k=zz/n=9"), 404, "EntityNotFoundException")

        r = self.req("PUT", base + "/" + spec, {"Values": [odd, "1"], "Parameters": {"x": "y"}})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["Parameters"], {"x": "y"})

        seen, token = [], None
        for _ in range(20):
            path = base + "?max_results=2&expression=" + q("n >= 2 AND k = 'v'")
            if token:
                path += "&page_token=" + q(token)
            r = self.req("GET", path)
            self.assertEqual(r.status, 200, r.body)
            self.assertLessEqual(len(r.json()["partitions"]), 2)
            seen += [p["Values"][1] for p in r.json()["partitions"]]
            token = r.json().get("next_page_token")
            if not token:
                break
        self.assertEqual(sorted(seen, key=int), ["2", "3", "4", "5", "6"])
        self.assertError(self.req("GET", base + "?expression=" + q("n >")), 400,
                         "InvalidInputException")

        r = self.req("POST", base + "/batch-get", {"values": [[odd, "1"], ["v", "3"], ["no", "9"]]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(sorted(p["Values"][1] for p in r.json()["partitions"]), ["1", "3"])

        r = self.req("POST", base + "/batch-delete", {"values": [["v", "3"], ["v", "4"]]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json(), {"errors": []})
        r = self.req("DELETE", base + "/" + spec)
        self.assertEqual(r.status, 204)
        self.assertError(self.req("GET", base + "/" + spec), 404, "EntityNotFoundException")
        r = self.req("GET", base)
        self.assertEqual(sorted(p["Values"][1] for p in r.json()["partitions"]),
                         ["2", "5", "6"])

    def test_partition_spec_with_wrong_number_of_keys(self):
        # The error path once read the table's keys after freeing them (valgrind sees it:
        # make valgrind runs this module under it).
        db = self.make_db()
        name, _ = self.make_table(db)
        base = "/v1/databases/%s/tables/%s/partitions" % (db, name)
        self.assertEqual(self.req("POST", base, {"partitions": [{"Values": ["x", "1"]}]}).status,
                         200)
        for spec, n in [("k=x", 1), ("k=x/n=1/z=2", 3)]:
            for method in ("GET", "DELETE"):
                r = self.req(method, base + "/" + spec)
                self.assertError(r, 400, "InvalidInputException")
                self.assertEqual(r.json()["message"],
                                 "The partition spec names %d keys; the table has 2." % n)
        self.assertEqual(self.req("GET", base + "/k=x/n=1").status, 200)

    # ---------------------------------------------------------- errors, health, metrics

    def test_errors(self):
        db = self.make_db()
        self.assertError(self.req("GET", "/v1/nothing"), 404, "NotFound")
        r = self.req("PATCH", "/v1/databases")
        self.assertError(r, 405, "MethodNotAllowed")
        self.assertEqual(r.headers["allow"], "GET, POST")
        r = self.req("GET", "/v1/databases/%s/tables/t/partitions/batch-get" % db)
        self.assertError(r, 405, "MethodNotAllowed")
        self.assertEqual(r.headers["allow"], "POST")
        self.assertError(self.req("POST", "/v1/databases", {"Name": db}), 409,
                         "AlreadyExistsException")
        self.assertError(self.req("POST", "/v1/databases", {"Name": "x"}, ctype="text/plain"),
                         415, "UnsupportedMediaType")
        self.assertError(self.req("POST", "/v1/databases", "{not json"), 400,
                         "InvalidInputException")
        self.assertError(self.req("POST", "/v1/databases", {"Name": 5}), 400,
                         "InvalidInputException")
        self.assertError(self.req("GET", "/v1/databases?max_results=abc"), 400,
                         "InvalidInputException")
        self.assertError(self.req("GET", "/v1/databases?max_results=0"), 400,
                         "InvalidInputException")
        self.assertError(self.req("GET", "/v1/databases/%s/tables/nope" % db), 404,
                         "EntityNotFoundException")

    def test_health(self):
        r = self.req("GET", "/health")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertEqual(body["status"], "ok")
        self.assertIsInstance(body["schema_version"], int)
        self.assertGreaterEqual(body["schema_version"], 1)

    def test_metrics(self):
        self.assertEqual(self.req("GET", "/v1/databases").status, 200)
        glue = self.srv.raw("GetDatabases", {})
        self.assertEqual(glue.status, 200)
        self.assertIn("x-amzn-requestid", glue.headers)
        r = self.req("GET", "/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["content-type"].startswith("text/plain; version=0.0.4"))
        text = r.body.decode()
        self.assertRegex(text, r'catalogd_requests_total\{front="rest",operation="GetDatabases",'
                               r'status="200"\} [1-9]')
        self.assertRegex(text, r'catalogd_requests_total\{front="glue",operation="GetDatabases",'
                               r'status="200"\} [1-9]')
        self.assertRegex(text, r'catalogd_request_duration_seconds_bucket\{front="glue",'
                               r'operation="GetDatabases",le="\+Inf"\} [1-9]')
        m = re.search(r"^catalogd_database_size_bytes (\d+)$", text, re.M)
        self.assertIsNotNone(m)
        self.assertGreater(int(m.group(1)), 0)
        m = re.search(r"^catalogd_open_connections (\d+)$", text, re.M)
        self.assertIsNotNone(m)
        self.assertGreaterEqual(int(m.group(1)), 1)  # this request's own connection


if __name__ == "__main__":
    unittest.main()
