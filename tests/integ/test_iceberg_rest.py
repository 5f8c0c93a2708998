"""The Iceberg REST routes' behaviour beyond the envelope (test_iceberg_front.py) and the schemas
(test_iceberg_openapi.py): paging of namespaces and tables that never repeats or skips, names that
need percent-encoding, nested namespaces, ETag/If-None-Match and snapshots=refs, rename across
namespaces, register (and overwrite), drop with purgeRequested keeping the files, views in their
own listing, properties updates with missing keys.  Answers validated against the OpenAPI
document at the end of the module."""

import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import iceberg_client as ic  # noqa: E402

WH = None


def setUpModule():
    global WH
    WH = tempfile.mkdtemp(prefix="catalogd-icerest-")
    harness.start_module_server(extra_args=["--warehouse", "file://" + WH])


def tearDownModule():
    try:
        harness.stop_module_server()
    finally:
        shutil.rmtree(WH, ignore_errors=True)
    ic.validate_recorded()


class Rest(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ice = ic.Ice(cls.srv)

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, repr(resp))
        return resp.json if resp.body else None

    def all_pages(self, fetch, key, size):
        """Every item of a listing paged by SIZE; an empty pageToken starts the paging, as the
        spec says."""
        out, token = [], ""
        for _ in range(1000):
            r = self.ok(fetch(token, size))
            self.assertLessEqual(len(r[key]), size)
            out += r[key]
            token = r.get("next-page-token")
            if token is None:
                return out
            self.assertNotEqual(token, "", "an empty next-page-token instead of none")
        self.fail("paging did not end")

    def test_paging_never_repeats_or_skips(self):
        parent = harness.unique_name("page")
        self.ok(self.ice.create_namespace(parent))
        kids = ["k%02d" % i for i in range(7)]
        for k in kids:
            self.ok(self.ice.create_namespace([parent, k]))
            self.ok(self.ice.create_table(parent, "t_" + k))
        for size in (1, 2, 3, 100):
            with self.subTest(size=size):
                got = self.all_pages(lambda tok, n: self.ice.list_namespaces(
                    parent=parent, page_token=tok, page_size=n), "namespaces", size)
                self.assertEqual(sorted(got), sorted([parent, k] for k in kids))
                got = self.all_pages(lambda tok, n: self.ice.list_tables(
                    parent, page_token=tok, page_size=n), "identifiers", size)
                self.assertEqual(sorted(i["name"] for i in got), ["t_" + k for k in kids])
                self.assertTrue(all(i["namespace"] == [parent] for i in got))
        # top level: only names without "."; the nested ones are not there
        top = self.all_pages(lambda tok, n: self.ice.list_namespaces(page_token=tok,
                                                                     page_size=n),
                             "namespaces", 5)
        self.assertIn([parent], top)
        self.assertTrue(all(len(n) == 1 for n in top), top)
        # a table created between pages is not a reason to repeat or skip the others
        r = self.ok(self.ice.list_tables(parent, page_token="", page_size=3))
        self.ok(self.ice.create_table(parent, "t_00a"))
        rest = self.all_pages(lambda tok, n: self.ice.list_tables(
            parent, page_token=tok or r["next-page-token"], page_size=n), "identifiers", 3)
        names = [i["name"] for i in r["identifiers"] + rest]
        self.assertEqual(len(names), len(set(names)))
        self.assertTrue(set("t_" + k for k in kids) <= set(names))

    def test_names_that_need_encoding(self):
        ns = [harness.unique_name("enc"), "sub level"]
        self.ok(self.ice.create_namespace(ns[0]))
        self.ok(self.ice.create_namespace(ns))
        g = self.ok(self.ice.namespace(ns))
        self.assertEqual(g["namespace"], ns)
        name = "a b%c"
        c = self.ok(self.ice.create_table(ns, name))
        self.assertIn("metadata", c)
        self.ok(self.ice.load(ns, name))
        ids = self.ok(self.ice.list_tables(ns))["identifiers"]
        self.assertEqual(ids, [{"namespace": ns, "name": name}])
        # the Glue database is the levels joined with "."
        self.assertTrue(self.table_exists(".".join(ns), name))
        self.assertEqual(self.ice.create_namespace([ns[0], "x.y"]).status, 400)

    def test_etag_and_snapshots_refs(self):
        ns = harness.unique_name("etag")
        self.ok(self.ice.create_namespace(ns))
        c = self.ok(self.ice.create_table(ns, "t"))
        r1 = self.ice.load(ns, "t")
        tag = r1.header("etag")
        self.assertTrue(tag)
        self.assertEqual(self.ice.load(ns, "t", headers={"If-None-Match": tag}).status, 304)
        self.assertNotEqual(self.ice.load(ns, "t", snapshots="refs").header("etag"), tag)
        m = c["metadata"]
        for _ in range(2):
            rq, up, _ = ic.append_changes(m)
            m = self.ok(self.ice.commit(ns, "t", rq, up))["metadata"]
        # a snapshot no ref names: only in snapshots=all
        orphan = ic.snapshot(m, parent=m["current-snapshot-id"])
        self.ok(self.ice.commit(ns, "t", [], [{"action": "add-snapshot", "snapshot": orphan}]))
        r2 = self.ice.load(ns, "t", headers={"If-None-Match": tag})
        self.assertEqual(r2.status, 200)
        self.assertNotEqual(r2.header("etag"), tag)
        self.assertEqual(len(r2.json["metadata"]["snapshots"]), 3)
        refs = self.ok(self.ice.load(ns, "t", snapshots="refs"))["metadata"]
        self.assertEqual([s["snapshot-id"] for s in refs["snapshots"]], [m["current-snapshot-id"]])
        self.assertEqual(self.ok(self.ice.load(ns, "t", snapshots="all"))["metadata"]["snapshots"],
                         r2.json["metadata"]["snapshots"])

    def test_rename_across_namespaces_register_and_drop(self):
        a, b = harness.unique_name("ra"), harness.unique_name("rb")
        self.ok(self.ice.create_namespace(a))
        self.ok(self.ice.create_namespace(b))
        c = self.ok(self.ice.create_table(a, "t"))
        rq, up, s = ic.append_changes(c["metadata"])
        c2 = self.ok(self.ice.commit(a, "t", rq, up))
        self.ok(self.ice.rename(a, "t", b, "u"), 204)
        self.assertEqual(self.ice.load(a, "t").status, 404)
        moved = self.ok(self.ice.load(b, "u"))
        self.assertEqual(moved["metadata"]["table-uuid"], c["metadata"]["table-uuid"])
        self.assertEqual(moved["metadata"]["current-snapshot-id"], s["snapshot-id"])
        self.assertEqual(moved["metadata-location"], c2["metadata-location"])
        # register the first metadata file under another name: its own table, from the file
        r = self.ok(self.ice.req("POST", "namespaces/%s/register" % a,
                                 {"name": "old", "metadata-location": c["metadata-location"]}))
        self.assertEqual(r["metadata-location"], c["metadata-location"])
        self.assertEqual(r["metadata"].get("snapshots", []), [])
        # overwrite: point it at the newer file
        r = self.ok(self.ice.req("POST", "namespaces/%s/register" % a,
                                 {"name": "old", "metadata-location": c2["metadata-location"],
                                  "overwrite": True}))
        self.assertEqual(r["metadata"]["current-snapshot-id"], s["snapshot-id"])
        # purgeRequested: the table goes, the files stay
        self.ok(self.ice.drop(b, "u", purge=True), 204)
        self.assertEqual(self.ice.load(b, "u").status, 404)
        for loc in (c["metadata-location"], c2["metadata-location"]):
            self.assertTrue(os.path.exists(loc[len("file://"):]), loc)

    def test_views_are_listed_apart(self):
        ns = harness.unique_name("views")
        self.ok(self.ice.create_namespace(ns))
        self.ok(self.ice.create_table(ns, "t"))
        body = {"name": "v", "schema": {"type": "struct", "schema-id": 0, "fields": [
            {"id": 1, "name": "n", "type": "long", "required": False}]},
            "view-version": {"version-id": 1, "timestamp-ms": 1700000000000, "schema-id": 0,
                             "summary": {}, "default-namespace": [ns],
                             "representations": [{"type": "sql", "sql": "SELECT 1 AS n",
                                                  "dialect": "spark"}]},
            "properties": {}}
        v = self.ok(self.ice.req("POST", "namespaces/%s/views" % ns, body))
        self.assertEqual(v["metadata"]["current-version-id"], 1)
        self.assertEqual([i["name"] for i in self.ok(self.ice.list_tables(ns))["identifiers"]],
                         ["t"])
        self.assertEqual([i["name"] for i in self.ok(self.ice.list_tables(ns, views=True))
                          ["identifiers"]], ["v"])
        g = self.glue.get_table(DatabaseName=ns, Name="v")["Table"]
        self.assertEqual(g["TableType"], "VIRTUAL_VIEW")
        self.assertEqual(g["Parameters"]["table_type"].upper(), "ICEBERG-VIEW")
        self.assertEqual(self.ice.create_table(ns, "v").status, 409)
        self.assertEqual(self.ice.namespace(ns, "DELETE").status, 409)

    def test_namespace_properties(self):
        ns = harness.unique_name("props")
        loc = "file://%s/nsloc_%s" % (WH, ns)
        c = self.ok(self.ice.create_namespace(ns, {"owner": "a", "location": loc,
                                                   "comment": "hello"}))
        self.assertEqual(c["namespace"], [ns])
        g = self.ok(self.ice.namespace(ns))
        self.assertEqual(g["properties"].get("owner"), "a")
        self.assertEqual(g["properties"].get("location"), loc)
        self.assertEqual(g["properties"].get("comment"), "hello")
        d = self.glue.get_database(Name=ns)["Database"]
        self.assertEqual(d.get("LocationUri"), loc)
        self.assertEqual(d.get("Description"), "hello")
        r = self.ok(self.ice.update_properties(ns, ["owner", "nothere"], {"team": "b"}))
        self.assertEqual(sorted(r["updated"]), ["team"])
        self.assertEqual(sorted(r["removed"]), ["owner"])
        self.assertEqual(r.get("missing"), ["nothere"])
        g = self.ok(self.ice.namespace(ns))["properties"]
        self.assertNotIn("owner", g)
        self.assertEqual(g.get("team"), "b")
        # a table without a location goes under the namespace's
        t = self.ok(self.ice.create_table(ns, "t"))
        self.assertEqual(t["metadata"]["location"], loc + "/t")
        # and without a namespace location, under the warehouse
        ns2 = harness.unique_name("props")
        self.ok(self.ice.create_namespace(ns2))
        t = self.ok(self.ice.create_table(ns2, "t"))
        self.assertEqual(t["metadata"]["location"], "file://%s/%s.db/t" % (WH, ns2))


if __name__ == "__main__":
    unittest.main()
