"""Table versions: VersionId compare-and-swap, SkipArchive, listing, deleting."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class Base(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("vdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def new_table(self, desc="v0"):
        return self.make_table(self.db, Description=desc,
                               StorageDescriptor={"Columns": [{"Name": "c0", "Type": "int"}]})

    def update(self, name, desc, **kw):
        return self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": name, "Description": desc,
            "StorageDescriptor": {"Columns": [{"Name": "c_" + desc, "Type": "int"}]}}, **kw)

    def current(self, name):
        return self.glue.get_table(DatabaseName=self.db, Name=name)["Table"]

    def versions(self, name, **kw):
        out = []
        for page in self.glue.get_paginator("get_table_versions").paginate(
                DatabaseName=self.db, TableName=name, **kw):
            out += page["TableVersions"]
        return out

    def version_ids(self, name):
        return [v["VersionId"] for v in self.versions(name)]


class Cas(Base):
    def test_version_ids_advance(self):
        name = self.new_table()
        self.assertEqual(self.current(name)["VersionId"], "0")
        self.update(name, "v1")
        self.assertEqual(self.current(name)["VersionId"], "1")
        self.update(name, "v2", VersionId="1")
        t = self.current(name)
        self.assertEqual((t["VersionId"], t["Description"]), ("2", "v2"))

    def test_stale_version_rejected_and_table_unchanged(self):
        name = self.new_table()
        self.update(name, "v1", VersionId="0")
        before = self.current(name)
        err = self.assertClientError("ConcurrentModificationException", self.update,
                                     name, "stale", VersionId="0")
        self.assertTrue(err["Message"])
        after = self.current(name)
        self.assertEqual(after, before)
        self.assertEqual(self.version_ids(name), ["1", "0"])
        # a future version id is just as wrong
        self.assertClientError("ConcurrentModificationException", self.update,
                               name, "future", VersionId="7")
        self.assertEqual(self.current(name)["Description"], "v1")

    def test_stale_version_with_skip_archive(self):
        name = self.new_table()
        self.update(name, "v1", VersionId="0", SkipArchive=True)
        self.assertClientError("ConcurrentModificationException", self.update,
                               name, "stale", VersionId="0", SkipArchive=True)
        t = self.current(name)
        self.assertEqual((t["VersionId"], t["Description"]), ("1", "v1"))

    def test_update_without_version_id_is_unconditional(self):
        name = self.new_table()
        for i in range(1, 4):
            self.update(name, "v%d" % i)
        self.assertEqual(self.current(name)["VersionId"], "3")

    def test_parallel_cas_exactly_one_winner(self):
        name = self.new_table()
        n = 8

        def work(i):
            c = self.srv.client()
            try:
                c.update_table(DatabaseName=self.db, VersionId="0",
                               TableInput={"Name": name, "Description": "w%d" % i})
                return "ok"
            except c.exceptions.ConcurrentModificationException:
                return "conflict"

        res = harness.run_threads(n, work)
        self.assertEqual(sorted(res), ["conflict"] * (n - 1) + ["ok"], res)
        t = self.current(name)
        self.assertEqual(t["VersionId"], "1")
        self.assertEqual(t["Description"], "w%d" % res.index("ok"))
        self.assertEqual(self.version_ids(name), ["1", "0"])

    def test_iceberg_commit_loop(self):
        # read VersionId -> update with it, concurrently from several writers;
        # every writer retries on ConcurrentModificationException until it lands.
        name = self.new_table()
        n, per = 4, 5

        def work(i):
            c = self.srv.client()
            done = 0
            attempts = 0
            while done < per:
                attempts += 1
                if attempts > 500:
                    return "starved"
                t = c.get_table(DatabaseName=self.db, Name=name)["Table"]
                params = dict(t.get("Parameters", {}))
                params["w%d_%d" % (i, done)] = t["VersionId"]
                try:
                    c.update_table(DatabaseName=self.db, VersionId=t["VersionId"],
                                   SkipArchive=True,
                                   TableInput={"Name": name, "Parameters": params})
                    done += 1
                except c.exceptions.ConcurrentModificationException:
                    pass
            return "ok"

        self.assertEqual(harness.run_threads(n, work), ["ok"] * n)
        t = self.current(name)
        self.assertEqual(t["VersionId"], str(n * per))
        # no lost update: every write is present and saw a distinct version
        self.assertEqual(len(t["Parameters"]), n * per)
        self.assertEqual(sorted(int(v) for v in t["Parameters"].values()),
                         list(range(n * per)))
        # SkipArchive on every commit: nothing was archived
        self.assertEqual(self.version_ids(name), [str(n * per)])


class Archive(Base):
    def test_versions_newest_first_with_contents(self):
        name = self.new_table("v0")
        self.update(name, "v1")
        self.update(name, "v2")
        vs = self.versions(name)
        self.assertEqual([v["VersionId"] for v in vs], ["2", "1", "0"])
        for v in vs:
            with self.subTest(version=v["VersionId"]):
                t = v["Table"]
                self.assertEqual(t["VersionId"], v["VersionId"])
                self.assertEqual(t["Description"], "v" + v["VersionId"])
                self.assertEqual(t["Name"], name)
                self.assertEqual(t["DatabaseName"], self.db)
                want_col = "c0" if v["VersionId"] == "0" else "c_v" + v["VersionId"]
                self.assertEqual(t["StorageDescriptor"]["Columns"][0]["Name"], want_col)
        self.assertEqual(vs[0]["Table"], self.current(name))

    def test_skip_archive(self):
        name = self.new_table("v0")
        self.update(name, "v1")                    # archives 0
        self.update(name, "v2", SkipArchive=True)  # 1 is not kept
        self.assertEqual(self.current(name)["VersionId"], "2")
        self.update(name, "v3")                    # archives 2
        self.update(name, "v4", SkipArchive=True)  # 3 is not kept
        self.assertEqual(self.version_ids(name), ["4", "2", "0"])
        self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="1")
        self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="3")

    def test_skip_archive_false_explicit(self):
        name = self.new_table("v0")
        self.update(name, "v1", SkipArchive=False)
        self.assertEqual(self.version_ids(name), ["1", "0"])

    def test_get_table_version(self):
        name = self.new_table("v0")
        self.update(name, "v1")
        cur = self.glue.get_table_version(DatabaseName=self.db, TableName=name)["TableVersion"]
        self.assertEqual(cur["VersionId"], "1")
        self.assertEqual(cur["Table"], self.current(name))
        v0 = self.glue.get_table_version(DatabaseName=self.db, TableName=name.upper(),
                                         VersionId="0")["TableVersion"]
        self.assertEqual((v0["VersionId"], v0["Table"]["Description"]), ("0", "v0"))
        self.assertEqual(v0["Table"]["VersionId"], "0")
        self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="99")
        self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                               DatabaseName=self.db, TableName="nope_tv", VersionId="0")
        self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                               DatabaseName="nope_db_tv", TableName=name)
        # Regression: a VersionId that is no number was EntityNotFoundException; Glue says
        # InvalidInputException.
        for bad in ("abc", "-1", "01", "1.0"):
            err = self.assertClientError("InvalidInputException", self.glue.get_table_version,
                                         DatabaseName=self.db, TableName=name, VersionId=bad)
            self.assertEqual(err["Message"],
                             "Invalid VersionId %s: a version is a non-negative integer." % bad)
        self.assertClientError("InvalidInputException", self.glue.delete_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="x")

    def test_versions_of_missing_table(self):
        self.assertClientError("EntityNotFoundException", self.glue.get_table_versions,
                               DatabaseName=self.db, TableName="nope_tvs")
        self.assertClientError("EntityNotFoundException", self.glue.get_table_versions,
                               DatabaseName="nope_db_tvs", TableName="x")

    def test_versions_paging(self):
        name = self.new_table("v0")
        for i in range(1, 25):
            self.update(name, "v%d" % i)
        want = [str(i) for i in range(24, -1, -1)]
        # manual
        got, sizes, token = [], [], None
        while True:
            kw = {"DatabaseName": self.db, "TableName": name, "MaxResults": 10}
            if token is not None:
                kw["NextToken"] = token
            r = self.glue.get_table_versions(**kw)
            sizes.append(len(r["TableVersions"]))
            got += [v["VersionId"] for v in r["TableVersions"]]
            token = r.get("NextToken")
            if token is None:
                break
            self.assertNotEqual(token, "")
            self.assertLess(len(sizes), 10, "paging does not terminate")
        self.assertEqual(sizes, [10, 10, 5])
        self.assertEqual(got, want)
        # paginator
        pages = list(self.glue.get_paginator("get_table_versions").paginate(
            DatabaseName=self.db, TableName=name, PaginationConfig={"PageSize": 10}))
        self.assertEqual([len(p["TableVersions"]) for p in pages], [10, 10, 5])
        self.assertEqual([v["VersionId"] for p in pages for v in p["TableVersions"]], want)
        # bounds
        for bad in (0, 101):
            with self.subTest(MaxResults=bad):
                self.assertRawError(self.srv.raw("GetTableVersions", {
                    "DatabaseName": self.db, "TableName": name, "MaxResults": bad}),
                    "InvalidInputException")
        r = self.glue.get_table_versions(DatabaseName=self.db, TableName=name,
                                         MaxResults=100)
        self.assertEqual(len(r["TableVersions"]), 25)
        self.assertNotIn("NextToken", r)
        self.assertClientError("InvalidInputException", self.glue.get_table_versions,
                               DatabaseName=self.db, TableName=name, NextToken="bogus!")
        # a token of another table's version listing
        tok = self.glue.get_table_versions(DatabaseName=self.db, TableName=name,
                                           MaxResults=10)["NextToken"]
        other = self.new_table()
        self.assertClientError("InvalidInputException", self.glue.get_table_versions,
                               DatabaseName=self.db, TableName=other, NextToken=tok)


class DeleteVersions(Base):
    def test_delete_archived_version(self):
        name = self.new_table("v0")
        self.update(name, "v1")
        self.update(name, "v2")
        self.glue.delete_table_version(DatabaseName=self.db, TableName=name, VersionId="1")
        self.assertEqual(self.version_ids(name), ["2", "0"])
        self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="1")
        self.assertClientError("EntityNotFoundException", self.glue.delete_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="1")
        # the table itself is untouched, and the next update gets a new id
        self.assertEqual(self.current(name)["Description"], "v2")
        self.update(name, "v3", VersionId="2")
        self.assertEqual(self.version_ids(name), ["3", "2", "0"])

    def test_delete_current_version_refused(self):
        name = self.new_table("v0")
        self.update(name, "v1")
        self.assertClientError("InvalidInputException", self.glue.delete_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="1")
        self.assertEqual(self.version_ids(name), ["1", "0"])
        self.assertEqual(self.current(name)["Description"], "v1")
        fresh = self.new_table("only")
        self.assertClientError("InvalidInputException", self.glue.delete_table_version,
                               DatabaseName=self.db, TableName=fresh, VersionId="0")
        self.assertEqual(self.current(fresh)["VersionId"], "0")

    def test_non_numeric_version_ids(self):
        name = self.new_table()
        self.update(name, "v1")
        for fn, kw in [(self.glue.get_table_version, {}),
                       (self.glue.delete_table_version, {})]:
            try:
                fn(DatabaseName=self.db, TableName=name, VersionId="abc", **kw)
                self.fail("VersionId 'abc' accepted by %s" % fn.__name__)
            except self.glue.exceptions.ClientError as e:
                self.assertIn(e.response["Error"]["Code"],
                              ("EntityNotFoundException", "InvalidInputException"))
                self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        try:
            self.update(name, "x", VersionId="abc")
            self.fail("UpdateTable with VersionId 'abc' succeeded")
        except self.glue.exceptions.ClientError as e:
            self.assertIn(e.response["Error"]["Code"],
                          ("ConcurrentModificationException", "InvalidInputException"))
        self.assertEqual(self.version_ids(name), ["1", "0"])
        self.assertEqual(self.current(name)["Description"], "v1")

    def test_delete_unknown_version(self):
        name = self.new_table()
        self.assertClientError("EntityNotFoundException", self.glue.delete_table_version,
                               DatabaseName=self.db, TableName=name, VersionId="42")
        self.assertClientError("EntityNotFoundException", self.glue.delete_table_version,
                               DatabaseName=self.db, TableName="nope_dtv", VersionId="0")

    def test_batch_delete_versions(self):
        name = self.new_table("v0")
        for i in range(1, 5):
            self.update(name, "v%d" % i)   # versions 4(current),3,2,1,0
        r = self.glue.batch_delete_table_version(DatabaseName=self.db, TableName=name,
                                                 VersionIds=["0", "2", "99", "4"])
        errs = {e["VersionId"]: e for e in r["Errors"]}
        self.assertEqual(set(errs), {"99", "4"}, r["Errors"])
        self.assertEqual(errs["99"]["ErrorDetail"]["ErrorCode"], "EntityNotFoundException")
        self.assertEqual(errs["4"]["ErrorDetail"]["ErrorCode"], "InvalidInputException")
        for e in r["Errors"]:
            self.assertEqual(e["TableName"], name)
            self.assertIsInstance(e["ErrorDetail"].get("ErrorMessage"), str)
        self.assertEqual(self.version_ids(name), ["4", "3", "1"])
        self.assertEqual(self.current(name)["Description"], "v4")

    def test_batch_delete_versions_all_ok(self):
        name = self.new_table("v0")
        self.update(name, "v1")
        self.update(name, "v2")
        raw = self.assertRawOK(self.srv.raw("BatchDeleteTableVersion", {
            "DatabaseName": self.db, "TableName": name, "VersionIds": ["0", "1"]}))
        self.assertEqual(raw, {"Errors": []})
        self.assertEqual(self.version_ids(name), ["2"])

    def test_batch_delete_versions_missing_table(self):
        self.assertClientError("EntityNotFoundException", self.glue.batch_delete_table_version,
                               DatabaseName=self.db, TableName="nope_bdtv", VersionIds=["0"])

    def test_batch_delete_versions_too_many(self):
        name = self.new_table("v0")
        self.update(name, "v1")
        self.assertClientError("InvalidInputException", self.glue.batch_delete_table_version,
                               DatabaseName=self.db, TableName=name,
                               VersionIds=[str(i) for i in range(101)])
        self.assertEqual(self.version_ids(name), ["1", "0"])


if __name__ == "__main__":
    harness.main()
