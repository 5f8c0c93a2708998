"""The REST API refuses what it would otherwise ignore (issue 19, item 12): an unknown query
parameter or body member (nested too) is a 400 naming it; every body ends with a newline;
GET / is a small index and /openapi.yaml the embedded description.

The query parameters each route takes are checked against openapi.yaml: the server's list in
its "Unknown query parameter" message must equal the parameters the spec declares.
"""

import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import rest_client  # noqa: E402

with open(os.path.join(harness.REPO_ROOT, "openapi.yaml")) as _f:
    SPEC = yaml.safe_load(_f)
METHODS = ("get", "put", "post", "delete")
TAKES = re.compile(r"^Unknown query parameter zz_unknown \(this route takes (.*)\)\.$")


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class Strict(harness.GlueTestCase):

    def req(self, method, path, body=None):
        return rest_client.request(self.srv.port, method, path, body=body)

    def test_query_parameters_are_the_specs(self):
        for template, item in SPEC["paths"].items():
            params = [p for p in item.get("parameters", [])]
            for m in METHODS:
                if m not in item or (template == "/" and m == "post"):
                    continue
                declared = {p["name"] for p in params + item[m].get("parameters", [])
                            if "$ref" not in p and p["in"] == "query"}
                declared |= {SPEC["components"]["parameters"][p["$ref"].split("/")[-1]]["name"]
                             for p in params + item[m].get("parameters", []) if "$ref" in p
                             and SPEC["components"]["parameters"][p["$ref"].split("/")[-1]]
                             ["in"] == "query"}
                path = (template.replace("{db}", "d").replace("{table}", "t")
                        .replace("{spec}", "k=v").replace("{name}", "f"))
                r = self.req(m.upper(), path + "?zz_unknown=1",
                             body={} if m in ("put", "post") else None)
                with self.subTest(method=m, path=template):
                    self.assertEqual(r.status, 400, r)
                    got = TAKES.match(r.json["message"])
                    self.assertTrue(got, r.json["message"])
                    takes = set() if got.group(1) == "none" else set(got.group(1).split())
                    self.assertEqual(takes, declared)

    def test_unknown_body_members_are_named(self):
        db = self.make_db()
        cases = [
            ("POST", "/v1/databases", {"Name": harness.unique_name("x"), "Descripton": "d"},
             "Unknown member Descripton in the request body (a DatabaseInput)."),
            ("POST", "/v1/databases/%s/tables" % db,
             {"Name": "t", "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"},
                                                             {"Name": "b", "Typ": "int"}]}},
             "Unknown member StorageDescriptor.Columns[1].Typ in the request body (a "
             "TableInput)."),
            ("PUT", "/v1/databases/%s" % db, {"LocationURI": "s3://x/"},
             "Unknown member LocationURI in the request body (a DatabaseInput)."),
            ("POST", "/v1/databases/%s/tables/t/partitions" % db,
             {"partitions": [{"Values": ["1"]}], "dry_run": True},
             "Unknown member dry_run in the request body (it takes partitions)."),
            ("POST", "/v1/databases/%s/tables/t/partitions" % db,
             {"partitions": [{"Values": ["1"]}, {"Values": ["2"], "Location": "x"}]},
             "Unknown member partitions[1].Location in the request body."),
            ("POST", "/v1/databases/%s/tables/t/partitions/batch-delete" % db,
             {"values": [["1"]], "all": True},
             "Unknown member all in the request body (it takes values)."),
        ]
        for method, path, body, msg in cases:
            with self.subTest(path=path, body=body):
                r = self.req(method, path, body)
                self.assertEqual(r.status, 400, r)
                self.assertEqual((r.json["code"], r.json["message"]),
                                 ("InvalidInputException", msg))
        # nothing was made
        self.assertEqual([t["Name"] for t in self.glue.get_tables(DatabaseName=db)["TableList"]],
                         [])
        # parameters' keys are the user's: any key is fine
        r = self.req("POST", "/v1/databases/%s/tables" % db,
                     {"Name": "ok", "Parameters": {"Anything.Goes": "v"},
                      "StorageDescriptor": {"SerdeInfo": {"Parameters": {"x y": "z"}}}})
        self.assertEqual(r.status, 201, r)

    def test_bodies_end_with_a_newline(self):
        db = self.make_db()
        for method, path, body, status in [
                ("GET", "/", None, 200), ("GET", "/health", None, 200),
                ("GET", "/v1/databases", None, 200), ("GET", "/v1/databases/" + db, None, 200),
                ("GET", "/v1/databases/nope_" + db, None, 404),
                ("GET", "/v1/databases/%s/tables/t/partitions" % db, None, 404),
                ("POST", "/v1/databases", {"Name": harness.unique_name("nl")}, 201),
                ("GET", "/v1/nothing", None, 404), ("GET", "/metrics", None, 200),
                ("GET", "/openapi.yaml", None, 200)]:
            with self.subTest(method=method, path=path):
                r = self.req(method, path, body)
                self.assertEqual(r.status, status, r)
                self.assertTrue(r.body.endswith(b"\n") and not r.body.endswith(b"\n\n"), r)

    def test_index_links_and_openapi(self):
        r = self.req("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "application/json")
        for link in r.json["links"].values():
            if link != "/ui":  # the console is another engineer's front
                self.assertIn(self.req("GET", link).status, (200,), link)
        r = self.req("GET", "/openapi.yaml")
        self.assertEqual(r.header("content-type"), "application/yaml")
        self.assertEqual(yaml.safe_load(r.body), SPEC)
        # / is still the Glue endpoint for POST; other methods are refused as before
        self.assertEqual(self.srv.raw("GetDatabases", {}).status, 200)
        self.assertEqual(self.req("PUT", "/", body={}).status, 405)
