"""Database operations through boto3 (plus raw HTTP where boto3 validates)."""

import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_catalog_id, unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


PARAMS = {
    "classification": "parquet",
    "spark.sql.sources.provider": "delta",
    "MixedCase.Key": "MixedValue",
    "empty.value": "",
    "unicode": "h\u00e9llo \u2014 \u65e5\u672c \U0001F600",
    "quote\"and\\backslash": "tab\there\nnewline",
}


class CreateGet(harness.GlueTestCase):
    def test_round_trip_all_members(self):
        name = unique_name("db")
        before = time.time()
        self.glue.create_database(DatabaseInput={
            "Name": name,
            "Description": "Cleaned data \u2014 Silver layer \U0001F600",
            "LocationUri": "s3://bucket/path/Mixed Case/",
            "Parameters": PARAMS,
        })
        d = self.glue.get_database(Name=name)["Database"]
        self.assertEqual(d["Name"], name)
        self.assertEqual(d["Description"], "Cleaned data \u2014 Silver layer \U0001F600")
        self.assertEqual(d["LocationUri"], "s3://bucket/path/Mixed Case/")
        self.assertEqual(d["Parameters"], PARAMS)
        self.assertIsInstance(d["CreateTime"], datetime.datetime)
        self.assertLessEqual(abs(d["CreateTime"].timestamp() - before), 5)
        self.assertIsInstance(d.get("CatalogId"), str)
        self.assertTrue(d["CatalogId"])

    def test_minimal_database(self):
        name = self.make_db()
        d = self.glue.get_database(Name=name)["Database"]
        self.assertEqual(d["Name"], name)
        self.assertNotIn("Description", d)
        self.assertEqual(d.get("Parameters", {}), {})

    def test_create_time_is_epoch_seconds_on_the_wire(self):
        name = self.make_db()
        r = self.srv.raw("GetDatabase", {"Name": name})
        ct = self.assertRawOK(r)["Database"]["CreateTime"]
        self.assertIsInstance(ct, (int, float))
        self.assertLess(abs(ct - time.time()), 60)

    def test_get_missing(self):
        err = self.assertClientError("EntityNotFoundException",
                                     self.glue.get_database, Name="nope")
        self.assertEqual(err["Message"], "Database nope not found.")

    def test_duplicate(self):
        name = self.make_db(Description="first")
        err = self.assertClientError("AlreadyExistsException", self.glue.create_database,
                                     DatabaseInput={"Name": name, "Description": "second"})
        self.assertEqual(err["Message"], "Database %s already exists." % name)
        self.assertEqual(self.glue.get_database(Name=name)["Database"]["Description"], "first")

    def test_case_folding(self):
        base = unique_name("mixedcase")
        mixed = "MixedCase" + base[len("mixedcase"):]
        self.glue.create_database(DatabaseInput={"Name": mixed})
        for variant in (mixed, base.lower(), base.upper()):
            with self.subTest(variant=variant):
                d = self.glue.get_database(Name=variant)["Database"]
                self.assertEqual(d["Name"], base.lower())
        err = self.assertClientError("AlreadyExistsException", self.glue.create_database,
                                     DatabaseInput={"Name": base.upper()})
        self.assertEqual(err["Message"], "Database %s already exists." % base.lower())
        names = self.all_database_names()
        self.assertIn(base.lower(), names)
        self.assertNotIn(mixed, names)
        self.glue.delete_database(Name=base.upper())
        self.assertFalse(self.db_exists(base.lower()))

    def test_case_folding_non_ascii(self):
        # Glue lower-cases names like Java's String.toLowerCase (glue-api.md 6.4).
        base = unique_name("\u00e9t\u00e9")            # "été_..."
        upper = base.upper()                              # "ÉTÉ_..."
        self.glue.create_database(DatabaseInput={"Name": upper})
        self.assertEqual(self.glue.get_database(Name=base)["Database"]["Name"], base)
        self.assertEqual(self.glue.get_database(Name=upper)["Database"]["Name"], base)
        self.assertClientError("AlreadyExistsException", self.glue.create_database,
                               DatabaseInput={"Name": base})

    def test_non_ascii_name(self):
        name = unique_name("caf\u00e9_\u65e5")
        self.glue.create_database(DatabaseInput={"Name": name})
        self.assertEqual(self.glue.get_database(Name=name)["Database"]["Name"], name)
        self.assertIn(name, self.all_database_names())

    def test_name_length_limit(self):
        ok = ("d" + unique_name("x"))
        ok = ok + "a" * (255 - len(ok))
        self.glue.create_database(DatabaseInput={"Name": ok})
        self.assertEqual(self.glue.get_database(Name=ok)["Database"]["Name"], ok)
        long_name = ok + "b"
        err = self.assertClientError("InvalidInputException", self.glue.create_database,
                                     DatabaseInput={"Name": long_name})
        self.assertIn("less than or equal to 255", err["Message"])
        self.assertNotIn(long_name, self.all_database_names())
        self.assertClientError("InvalidInputException", self.glue.get_database, Name=long_name)

    def test_description_length_limit(self):
        name = unique_name("desc")
        self.glue.create_database(DatabaseInput={"Name": name, "Description": "x" * 2048})
        self.assertEqual(len(self.glue.get_database(Name=name)["Database"]["Description"]),
                         2048)
        name2 = unique_name("desc")
        err = self.assertClientError("InvalidInputException", self.glue.create_database,
                                     DatabaseInput={"Name": name2, "Description": "x" * 2049})
        self.assertIn("2048", err["Message"])
        self.assertFalse(self.db_exists(name2))

    def test_lengths_count_characters_not_bytes(self):
        name = unique_name("mb") + "_"
        name = name + "\u00e9" * (255 - len(name))   # 255 characters, > 255 bytes
        desc = "\u65e5" * 2048                       # 2048 characters, 6144 bytes
        self.glue.create_database(DatabaseInput={"Name": name, "Description": desc})
        d = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((d["Name"], d["Description"]), (name, desc))
        self.assertClientError("InvalidInputException", self.glue.create_database,
                               DatabaseInput={"Name": unique_name("mb"),
                                              "Description": desc + "\u65e5"})

    def test_control_characters_in_name(self):
        base = unique_name("ctl")
        for ch in ("\x01", "\n", "\r", "\x00", "\x1f"):
            with self.subTest(ch=repr(ch)):
                self.assertClientError("InvalidInputException", self.glue.create_database,
                                       DatabaseInput={"Name": base + ch + "x"})
        self.assertFalse([n for n in self.all_database_names() if n.startswith(base)])

    def test_description_allows_newlines(self):
        name = self.make_db(Description="line1\nline2\r\n\tindented")
        self.assertEqual(self.glue.get_database(Name=name)["Database"]["Description"],
                         "line1\nline2\r\n\tindented")


class Listing(harness.GlueTestCase):
    def test_lists_created_database(self):
        name = self.make_db(Description="listed")
        dbs = {d["Name"]: d for d in self.glue.get_paginator("get_databases")
               .paginate().build_full_result()["DatabaseList"]}
        self.assertIn(name, dbs)
        self.assertEqual(dbs[name]["Description"], "listed")

    def test_empty_catalog(self):
        cat = unique_catalog_id()
        r = self.glue.get_databases(CatalogId=cat)
        self.assertEqual(r["DatabaseList"], [])
        self.assertNotIn("NextToken", r)
        raw = self.assertRawOK(self.srv.raw("GetDatabases", {"CatalogId": cat}))
        self.assertEqual(raw.get("DatabaseList"), [])
        self.assertNotIn("NextToken", raw)

    def test_paging_manual(self):
        cat = unique_catalog_id()
        names = {self.make_db(catalog_id=cat) for _ in range(7)}
        seen, pages, token = [], [], None
        while True:
            kw = {"CatalogId": cat, "MaxResults": 3}
            if token:
                kw["NextToken"] = token
            r = self.glue.get_databases(**kw)
            pages.append(len(r["DatabaseList"]))
            seen += [d["Name"] for d in r["DatabaseList"]]
            for d in r["DatabaseList"]:
                self.assertEqual(d["CatalogId"], cat)
            token = r.get("NextToken")
            if token is None:
                break
            self.assertNotEqual(token, "")
            self.assertLess(len(pages), 10, "paging does not terminate")
        self.assertEqual(pages, [3, 3, 1])
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), names)

    def test_paging_exact_multiple_has_no_trailing_token(self):
        cat = unique_catalog_id()
        for _ in range(4):
            self.make_db(catalog_id=cat)
        r1 = self.glue.get_databases(CatalogId=cat, MaxResults=2)
        self.assertIn("NextToken", r1)
        r2 = self.glue.get_databases(CatalogId=cat, MaxResults=2, NextToken=r1["NextToken"])
        self.assertEqual(len(r2["DatabaseList"]), 2)
        if "NextToken" in r2:  # allowed, but then the next page must be empty and final
            r3 = self.glue.get_databases(CatalogId=cat, MaxResults=2,
                                         NextToken=r2["NextToken"])
            self.assertEqual(r3["DatabaseList"], [])
            self.assertNotIn("NextToken", r3)

    def test_paginator(self):
        cat = unique_catalog_id()
        names = {self.make_db(catalog_id=cat) for _ in range(5)}
        pages = list(self.glue.get_paginator("get_databases").paginate(
            CatalogId=cat, PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["DatabaseList"]) for p in pages], [2, 2, 1])
        got = [d["Name"] for p in pages for d in p["DatabaseList"]]
        self.assertEqual(sorted(got), sorted(names))

    def test_max_results_bounds(self):
        cat = unique_catalog_id()
        self.make_db(catalog_id=cat)
        for bad in (0, 101, -1):
            with self.subTest(MaxResults=bad):
                r = self.srv.raw("GetDatabases", {"CatalogId": cat, "MaxResults": bad})
                self.assertRawError(r, "InvalidInputException")
        for good in (1, 100):
            with self.subTest(MaxResults=good):
                r = self.glue.get_databases(CatalogId=cat, MaxResults=good)
                self.assertEqual(len(r["DatabaseList"]), 1)

    def test_garbage_next_token(self):
        for tok in ("garbage", "AAAA", "!!!", "x" * 2000):
            with self.subTest(tok=tok[:20]):
                self.assertClientError("InvalidInputException", self.glue.get_databases,
                                       NextToken=tok)

    def test_forged_next_token(self):
        cat = unique_catalog_id()
        for _ in range(3):
            self.make_db(catalog_id=cat)
        tok = self.glue.get_databases(CatalogId=cat, MaxResults=1)["NextToken"]
        # structurally corrupted
        forged = ("z" if tok[0] != "z" else "y") + tok[1:]
        self.assertClientError("InvalidInputException", self.glue.get_databases,
                               CatalogId=cat, MaxResults=1, NextToken=forged)
        self.assertClientError("InvalidInputException", self.glue.get_databases,
                               CatalogId=cat, MaxResults=1, NextToken=tok[:-1])
        # a token from another catalog's listing
        self.assertClientError("InvalidInputException", self.glue.get_databases,
                               CatalogId=unique_catalog_id(), MaxResults=1, NextToken=tok)
        self.assertClientError("InvalidInputException", self.glue.get_databases,
                               MaxResults=1, NextToken=tok)
        # a token from a table listing
        db = self.make_db(catalog_id=cat)
        for t in ("t1", "t2"):
            self.make_table(db, t, catalog_id=cat)
        ttok = self.glue.get_tables(CatalogId=cat, DatabaseName=db, MaxResults=1)["NextToken"]
        self.assertClientError("InvalidInputException", self.glue.get_databases,
                               CatalogId=cat, MaxResults=1, NextToken=ttok)
        # the genuine token still works
        r = self.glue.get_databases(CatalogId=cat, MaxResults=1, NextToken=tok)
        self.assertEqual(len(r["DatabaseList"]), 1)


class CatalogIds(harness.GlueTestCase):
    def test_catalog_id_echoed_and_isolated(self):
        cat = unique_catalog_id()
        name = unique_name("catdb")
        self.glue.create_database(CatalogId=cat, DatabaseInput={"Name": name})
        d = self.glue.get_database(CatalogId=cat, Name=name)["Database"]
        self.assertEqual(d["CatalogId"], cat)
        self.assertFalse(self.db_exists(name))
        self.assertFalse(self.db_exists(name, catalog_id=unique_catalog_id()))
        self.assertNotIn(name, self.all_database_names())
        self.assertEqual([x["Name"] for x in self.glue.get_databases(CatalogId=cat)
                          ["DatabaseList"]], [name])
        # The same name can exist independently in the default catalog.
        self.glue.create_database(DatabaseInput={"Name": name, "Description": "default"})
        self.assertNotIn("Description",
                         self.glue.get_database(CatalogId=cat, Name=name)["Database"])
        self.glue.delete_database(CatalogId=cat, Name=name)
        self.assertTrue(self.db_exists(name))
        self.assertFalse(self.db_exists(name, catalog_id=cat))

    def test_default_catalog_id_is_consistent(self):
        a = self.glue.get_database(Name=self.make_db())["Database"]["CatalogId"]
        b = self.glue.get_database(Name=self.make_db())["Database"]["CatalogId"]
        self.assertEqual(a, b)
        self.assertTrue(a)
        # Passing the default id explicitly addresses the same catalog.
        name = self.make_db()
        self.assertEqual(self.glue.get_database(CatalogId=a, Name=name)["Database"]["Name"],
                         name)


class Update(harness.GlueTestCase):
    def test_update_replaces_definition(self):
        name = self.make_db(Description="old", LocationUri="s3://old/",
                            Parameters={"a": "1", "b": "2"})
        created = self.glue.get_database(Name=name)["Database"]["CreateTime"]
        self.glue.update_database(Name=name, DatabaseInput={
            "Name": name, "Description": "new", "Parameters": {"b": "3", "c": ""}})
        d = self.glue.get_database(Name=name)["Database"]
        self.assertEqual(d["Description"], "new")
        self.assertEqual(d["Parameters"], {"b": "3", "c": ""})
        self.assertNotIn("LocationUri", d)
        self.assertEqual(d["CreateTime"], created)

    def test_update_with_mixed_case_names(self):
        name = self.make_db(Description="old")
        self.glue.update_database(Name=name.upper(), DatabaseInput={
            "Name": name.upper(), "Description": "new"})
        d = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((d["Name"], d["Description"]), (name, "new"))

    def test_update_missing(self):
        self.assertClientError("EntityNotFoundException", self.glue.update_database,
                               Name="nope_upd", DatabaseInput={"Name": "nope_upd"})
        self.assertFalse(self.db_exists("nope_upd"))

    def test_rename(self):
        old = self.make_db(Description="moving")
        self.make_table(old, "t1", StorageDescriptor={"Columns": [{"Name": "c", "Type": "int"}]})
        new_mixed = unique_name("Renamed").replace("renamed", "ReNamed")
        self.glue.update_database(Name=old, DatabaseInput={"Name": new_mixed,
                                                           "Description": "moved"})
        new = new_mixed.lower()
        self.assertFalse(self.db_exists(old))
        d = self.glue.get_database(Name=new)["Database"]
        self.assertEqual((d["Name"], d["Description"]), (new, "moved"))
        t = self.glue.get_table(DatabaseName=new, Name="t1")["Table"]
        self.assertEqual(t["DatabaseName"], new)
        self.assertEqual(t["StorageDescriptor"]["Columns"], [{"Name": "c", "Type": "int"}])
        vs = self.glue.get_table_versions(DatabaseName=new, TableName="t1")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in vs], ["0"])
        self.glue.update_table(DatabaseName=new, VersionId="0", TableInput={"Name": "t1"})
        self.assertEqual(self.glue.get_table(DatabaseName=new, Name="t1")["Table"]["VersionId"],
                         "1")
        self.assertAssertTablesGone(old)
        # the old name is free again
        self.glue.create_database(DatabaseInput={"Name": old})
        self.assertEqual(self.glue.get_tables(DatabaseName=old)["TableList"], [])

    def assertAssertTablesGone(self, db):
        self.assertClientError("EntityNotFoundException", self.glue.get_tables,
                               DatabaseName=db)
        self.assertClientError("EntityNotFoundException", self.glue.get_table,
                               DatabaseName=db, Name="t1")

    def test_rename_onto_existing(self):
        a = self.make_db(Description="a")
        b = self.make_db(Description="b")
        self.assertClientError("AlreadyExistsException", self.glue.update_database,
                               Name=a, DatabaseInput={"Name": b.upper(), "Description": "x"})
        self.assertEqual(self.glue.get_database(Name=a)["Database"]["Description"], "a")
        self.assertEqual(self.glue.get_database(Name=b)["Database"]["Description"], "b")

    def test_update_validation(self):
        name = self.make_db(Description="keep")
        self.assertClientError("InvalidInputException", self.glue.update_database,
                               Name=name, DatabaseInput={"Name": name,
                                                         "Description": "y" * 2049})
        self.assertClientError("InvalidInputException", self.glue.update_database,
                               Name=name, DatabaseInput={"Name": "z" * 256})
        d = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((d["Name"], d["Description"]), (name, "keep"))


class Delete(harness.GlueTestCase):
    def test_delete_then_not_found(self):
        name = self.make_db()
        self.glue.delete_database(Name=name)
        self.assertFalse(self.db_exists(name))
        self.assertNotIn(name, self.all_database_names())
        err = self.assertClientError("EntityNotFoundException", self.glue.delete_database,
                                     Name=name)
        self.assertEqual(err["Message"], "Database %s not found." % name)

    def test_delete_mixed_case(self):
        name = self.make_db()
        self.glue.delete_database(Name=name.upper())
        self.assertFalse(self.db_exists(name))

    def test_delete_cascades(self):
        name = self.make_db()
        for t in ("t1", "t2"):
            self.make_table(name, t, Description="v0")
            self.glue.update_table(DatabaseName=name, TableInput={"Name": t,
                                                                  "Description": "v1"})
        self.glue.delete_database(Name=name)
        self.assertClientError("EntityNotFoundException", self.glue.get_table,
                               DatabaseName=name, Name="t1")
        self.assertClientError("EntityNotFoundException", self.glue.get_tables,
                               DatabaseName=name)
        self.glue.create_database(DatabaseInput={"Name": name})
        r = self.glue.get_tables(DatabaseName=name)
        self.assertEqual(r["TableList"], [])
        self.assertClientError("EntityNotFoundException", self.glue.get_table,
                               DatabaseName=name, Name="t1")
        self.assertClientError("EntityNotFoundException", self.glue.get_table_versions,
                               DatabaseName=name, TableName="t1")
        self.make_table(name, "t1")
        t = self.glue.get_table(DatabaseName=name, Name="t1")["Table"]
        self.assertEqual(t["VersionId"], "0")
        self.assertNotIn("Description", t)
        vs = self.glue.get_table_versions(DatabaseName=name, TableName="t1")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in vs], ["0"])

    def test_delete_only_affects_its_database(self):
        a = self.make_db()
        b = self.make_db()
        self.make_table(a, "same")
        self.make_table(b, "same", Description="in b")
        self.glue.delete_database(Name=a)
        t = self.glue.get_table(DatabaseName=b, Name="same")["Table"]
        self.assertEqual(t["Description"], "in b")


if __name__ == "__main__":
    harness.main()
