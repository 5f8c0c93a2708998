"""Table operations: CRUD, verbatim round trips, listing/paging/patterns, batch delete."""

import datetime
import json
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


UTC = datetime.timezone.utc
BIG_VALUE = ("0123456789abcdef" * 32000)[:512000]

RICH = {
    "Description": "Rich table \u2014 every member, \u65e5\u672c\u8a9e \U0001F600",
    "Owner": "hadoop",
    "LastAccessTime": datetime.datetime(2024, 6, 19, 18, 41, 33, tzinfo=UTC),
    "Retention": 7,
    "StorageDescriptor": {
        "Columns": [
            {"Name": "userId", "Type": "bigint", "Comment": "the user",
             "Parameters": {"iceberg.field.id": "1", "iceberg.field.optional": "false"}},
            {"Name": "Payload", "Type": "struct<a:int,b:array<string>,C:map<string,int>>"},
            {"Name": "amount", "Type": "decimal(10,2)", "Comment": ""},
            {"Name": "z_last", "Type": "map<string,decimal(10,2)>", "Comment": "\u00e9t\u00e9"},
            {"Name": "a_first", "Type": "string"},
        ],
        "Location": "s3://bucket/warehouse/Rich Table/",
        "AdditionalLocations": ["s3://bucket/extra1/", "s3://bucket/extra2/"],
        "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "Compressed": True,
        "NumberOfBuckets": 8,
        "SerdeInfo": {
            "Name": "parquet-serde",
            "SerializationLibrary":
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            "Parameters": {"serialization.format": "1", "field.delim": "\t",
                           "escape.delim": "\\"},
        },
        "BucketColumns": ["userId", "Payload"],
        "SortColumns": [{"Column": "userId", "SortOrder": 1},
                        {"Column": "z_last", "SortOrder": 0}],
        "Parameters": {"sd.Key.Mixed": "v", "EMPTY": ""},
        "SkewedInfo": {
            "SkewedColumnNames": ["userId"],
            "SkewedColumnValues": ["1", "2"],
            "SkewedColumnValueLocationMaps": {"1": "s3://bucket/skew1/",
                                              "2": "s3://bucket/skew2/"},
        },
        "StoredAsSubDirectories": True,
    },
    "PartitionKeys": [
        {"Name": "year", "Type": "int", "Comment": "yr"},
        {"Name": "Month", "Type": "string"},
        {"Name": "day", "Type": "string", "Parameters": {"p.k": "q"}},
    ],
    "ViewOriginalText": "/* Presto View: eyJvcmlnaW5hbFNxbCI6IlNFTEVDVCAxIn0= */",
    "ViewExpandedText": "/* Presto View */",
    "TableType": "EXTERNAL_TABLE",
    "Parameters": {
        "EXTERNAL": "TRUE",
        "classification": "parquet",
        "metadata_location": "s3://bucket/warehouse/rich/metadata/00001-abc.metadata.json",
        "spark.sql.sources.schema.part.0": '{"type":"struct","fields":[]}',
        "MixedCase.Key": "MixedValue",
        "empty.value": "",
        "numRows": "100",
        "unicode": "h\u00e9llo \u2014 \U0001F600",
    },
}

SD_DEFAULTS = {"Compressed": False, "NumberOfBuckets": 0, "StoredAsSubDirectories": False,
               "BucketColumns": [], "SortColumns": [], "Parameters": {}}


class Base(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("tdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def get(self, name, db=None):
        return self.glue.get_table(DatabaseName=db or self.db, Name=name)["Table"]

    def assertDefaultsPresent(self, t):
        self.assertIsInstance(t.get("Parameters"), dict, t)
        self.assertIsInstance(t.get("PartitionKeys"), list, t)
        self.assertIsInstance(t.get("VersionId"), str, t)
        self.assertTrue(t.get("DatabaseName"), t)
        self.assertTrue(t.get("CatalogId"), t)
        sd = t.get("StorageDescriptor")
        self.assertIsInstance(sd, dict, t)
        for k in SD_DEFAULTS:
            self.assertIn(k, sd, "StorageDescriptor lacks %s: %r" % (k, sd))
        self.assertIsInstance(sd.get("SerdeInfo"), dict, sd)


class CreateGet(Base):
    def test_rich_round_trip_verbatim(self):
        name = unique_name("rich")
        before = time.time()
        self.glue.create_table(DatabaseName=self.db, TableInput=dict(RICH, Name=name))
        t = self.get(name)
        for key, want in RICH.items():
            with self.subTest(member=key):
                self.assertEqual(t.get(key), want)
        self.assertEqual(t["Name"], name)
        self.assertEqual(t["DatabaseName"], self.db)
        self.assertEqual(t["VersionId"], "0")
        self.assertTrue(t["CatalogId"])
        self.assertIsInstance(t["CreateTime"], datetime.datetime)
        self.assertIsInstance(t["UpdateTime"], datetime.datetime)
        self.assertLessEqual(abs(t["CreateTime"].timestamp() - before), 5)
        self.assertDefaultsPresent(t)

    def test_extra_members_round_trip(self):
        name = unique_name("extra")
        tinput = {
            "Name": name,
            "LastAnalyzedTime": datetime.datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC),
            "TargetTable": {"CatalogId": "123456789012", "DatabaseName": "other_db",
                            "Name": "other_table"},
        }
        self.glue.create_table(DatabaseName=self.db, TableInput=tinput)
        t = self.get(name)
        self.assertEqual(t.get("LastAnalyzedTime"), tinput["LastAnalyzedTime"])
        self.assertEqual(t.get("TargetTable"), tinput["TargetTable"])

    def test_timestamps_on_the_wire(self):
        name = unique_name("ts")
        r = self.srv.raw("CreateTable", {"DatabaseName": self.db, "TableInput": {
            "Name": name, "LastAccessTime": 1718822493.5}})
        self.assertRawOK(r)
        name2 = unique_name("ts")
        r = self.srv.raw("CreateTable", b'{"DatabaseName": "%s", "TableInput": {"Name": "%s", '
                         b'"LastAccessTime": 1.718822493E9}}' % (self.db.encode(), name2.encode()))
        self.assertRawOK(r)
        for n in (name, name2):
            t = self.assertRawOK(self.srv.raw("GetTable", {"DatabaseName": self.db,
                                                           "Name": n}))["Table"]
            self.assertIsInstance(t["CreateTime"], (int, float))
            self.assertIsInstance(t["UpdateTime"], (int, float))
            self.assertLess(abs(t["CreateTime"] - time.time()), 60)
            self.assertIsInstance(t["LastAccessTime"], (int, float))
            self.assertLess(abs(t["LastAccessTime"] - 1718822493), 1.0)

    def test_negative_zero_time_reads_back_as_zero(self):
        # SQLite keeps an integral REAL as an integer, so -0.0 reads back as 0.0; the
        # PostgreSQL store must answer the same bytes.
        name = unique_name("negz")
        self.assertRawOK(self.srv.raw("CreateTable", b'{"DatabaseName": "%s", "TableInput": '
                                      b'{"Name": "%s", "LastAccessTime": -0.0}}'
                                      % (self.db.encode(), name.encode())))
        r = self.srv.raw("GetTable", {"DatabaseName": self.db, "Name": name})
        self.assertRawOK(r)
        self.assertIn(b'"LastAccessTime":0.0', r.body)

    def test_minimal_table_gets_defaults(self):
        name = self.make_table(self.db)
        t = self.get(name)
        self.assertEqual(t["Parameters"], {})
        self.assertEqual(t["PartitionKeys"], [])
        self.assertEqual(t["VersionId"], "0")
        sd = t["StorageDescriptor"]
        for k, v in SD_DEFAULTS.items():
            with self.subTest(member=k):
                self.assertEqual(sd.get(k), v)
        self.assertIsInstance(sd.get("SerdeInfo"), dict)
        self.assertDefaultsPresent(t)

    def test_iceberg_style_sd_gets_defaults(self):
        name = unique_name("ice")
        cols = [{"Name": "id", "Type": "bigint"}, {"Name": "Data", "Type": "string"}]
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": name, "TableType": "EXTERNAL_TABLE",
            "Parameters": {"table_type": "ICEBERG", "metadata_location": "s3://b/m.json"},
            "StorageDescriptor": {"Location": "s3://b/t", "Columns": cols}})
        t = self.get(name)
        sd = t["StorageDescriptor"]
        self.assertEqual(sd["Columns"], cols)
        self.assertEqual(sd["Location"], "s3://b/t")
        for k, v in SD_DEFAULTS.items():
            with self.subTest(member=k):
                self.assertEqual(sd.get(k), v)
        self.assertIsInstance(sd.get("SerdeInfo"), dict)
        self.assertEqual(t["Parameters"]["table_type"], "ICEBERG")

    def test_returned_table_accepted_back_as_input(self):
        # Iceberg's renameTable passes the returned StorageDescriptor to CreateTable.
        src = unique_name("src")
        self.glue.create_table(DatabaseName=self.db, TableInput=dict(RICH, Name=src))
        t = self.get(src)
        dst = unique_name("dst")
        tinput = {k: t[k] for k in ("StorageDescriptor", "PartitionKeys", "Parameters",
                                    "TableType", "Description", "Owner", "Retention",
                                    "ViewOriginalText", "ViewExpandedText",
                                    "LastAccessTime") if k in t}
        tinput["Name"] = dst
        self.glue.create_table(DatabaseName=self.db, TableInput=tinput)
        t2 = self.get(dst)
        for k in tinput:
            if k != "Name":
                self.assertEqual(t2[k], t[k], k)

    def test_large_parameter_value(self):
        name = unique_name("big")
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": name, "Parameters": {"big": BIG_VALUE, "small": "s"},
            "StorageDescriptor": {"Parameters": {"big.sd": BIG_VALUE},
                                  "SerdeInfo": {"Parameters": {"big.serde": BIG_VALUE}}}})
        t = self.get(name)
        self.assertEqual(len(t["Parameters"]["big"]), 512000)
        self.assertEqual(t["Parameters"], {"big": BIG_VALUE, "small": "s"})
        self.assertEqual(t["StorageDescriptor"]["Parameters"]["big.sd"], BIG_VALUE)
        self.assertEqual(t["StorageDescriptor"]["SerdeInfo"]["Parameters"]["big.serde"],
                         BIG_VALUE)
        listed = self.glue.get_tables(DatabaseName=self.db, Expression=name)["TableList"]
        self.assertEqual(listed[0]["Parameters"]["big"], BIG_VALUE)

    def test_large_parameter_value_over_limit(self):
        name = unique_name("toobig")
        err = self.assertClientError(
            "InvalidInputException", self.glue.create_table, DatabaseName=self.db,
            TableInput={"Name": name, "Parameters": {"big": BIG_VALUE + "x"}})
        self.assertIn("512000", err["Message"])
        self.assertFalse(self.table_exists(self.db, name))

    def test_large_view_text_and_many_columns(self):
        name = unique_name("wide")
        cols = [{"Name": "Col_%04d" % i, "Type": "string" if i % 2 else "int",
                 "Comment": "c%d" % i} for i in range(1000)]
        view = "V" * 409600
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": name, "ViewOriginalText": view, "TableType": "VIRTUAL_VIEW",
            "StorageDescriptor": {"Columns": cols}})
        t = self.get(name)
        self.assertEqual(t["StorageDescriptor"]["Columns"], cols)
        self.assertEqual(t["ViewOriginalText"], view)
        self.assertEqual(t["TableType"], "VIRTUAL_VIEW")

    def test_raw_utf8_body(self):
        name = unique_name("utf8")
        body = json.dumps({"DatabaseName": self.db, "TableInput": {
            "Name": name, "Description": "d\u00e9j\u00e0 \u2014 \U0001F680",
            "StorageDescriptor": {"Columns": [{"Name": "\u00e9t\u00e9", "Type": "string",
                                               "Comment": "\u65e5\u672c"}]}}},
            ensure_ascii=False).encode("utf-8")
        self.assertRawOK(self.srv.raw("CreateTable", body))
        t = self.get(name)
        self.assertEqual(t["Description"], "d\u00e9j\u00e0 \u2014 \U0001F680")
        self.assertEqual(t["StorageDescriptor"]["Columns"][0]["Name"], "\u00e9t\u00e9")
        self.assertEqual(t["StorageDescriptor"]["Columns"][0]["Comment"], "\u65e5\u672c")

    def test_case_folding(self):
        dbbase = unique_name("mixeddb")
        dbmixed = "MixedDB" + dbbase[len("mixeddb"):]
        self.glue.create_database(DatabaseInput={"Name": dbmixed})
        self.glue.create_table(DatabaseName=dbmixed, TableInput={
            "Name": "MixedCaseTbl",
            "StorageDescriptor": {"Columns": [{"Name": "userId", "Type": "int"},
                                              {"Name": "CamelCase", "Type": "string"}]},
            "PartitionKeys": [{"Name": "EventDate", "Type": "date"}]})
        for dbn in (dbmixed, dbbase.upper(), dbbase):
            for tn in ("MixedCaseTbl", "mixedcasetbl", "MIXEDCASETBL"):
                with self.subTest(db=dbn, table=tn):
                    t = self.glue.get_table(DatabaseName=dbn, Name=tn)["Table"]
                    self.assertEqual(t["Name"], "mixedcasetbl")
                    self.assertEqual(t["DatabaseName"], dbbase)
        t = self.get("mixedcasetbl", db=dbbase)
        self.assertEqual([c["Name"] for c in t["StorageDescriptor"]["Columns"]],
                         ["userId", "CamelCase"])
        self.assertEqual(t["PartitionKeys"][0]["Name"], "EventDate")
        err = self.assertClientError("AlreadyExistsException", self.glue.create_table,
                                     DatabaseName=dbbase.upper(),
                                     TableInput={"Name": "MIXEDCASETBL"})
        self.assertEqual(err["Message"], "Table mixedcasetbl already exists.")
        names = [x["Name"] for x in self.glue.get_tables(DatabaseName=dbbase)["TableList"]]
        self.assertEqual(names, ["mixedcasetbl"])

    def test_duplicate(self):
        name = self.make_table(self.db, Description="first")
        err = self.assertClientError("AlreadyExistsException", self.glue.create_table,
                                     DatabaseName=self.db,
                                     TableInput={"Name": name, "Description": "second"})
        self.assertEqual(err["Message"], "Table %s already exists." % name.lower())
        t = self.get(name)
        self.assertEqual((t["Description"], t["VersionId"]), ("first", "0"))

    def test_same_name_in_two_databases(self):
        other = self.make_db()
        name = self.make_table(self.db, Description="here")
        self.make_table(other, name, Description="there")
        self.assertEqual(self.get(name)["Description"], "here")
        self.assertEqual(self.get(name, db=other)["Description"], "there")

    def test_create_in_missing_database(self):
        err = self.assertClientError("EntityNotFoundException", self.glue.create_table,
                                     DatabaseName="nope_db", TableInput={"Name": "t"})
        self.assertEqual(err["Message"], "Database nope_db not found.")
        self.assertFalse(self.db_exists("nope_db"))

    def test_get_missing(self):
        err = self.assertClientError("EntityNotFoundException", self.glue.get_table,
                                     DatabaseName=self.db, Name="nope_t")
        self.assertEqual(err["Message"], "Table nope_t not found.")
        self.assertClientError("EntityNotFoundException", self.glue.get_table,
                               DatabaseName="nope_db", Name="nope_t")

    def test_catalog_id(self):
        cat = unique_catalog_id()
        db = unique_name("catdb")
        self.glue.create_database(CatalogId=cat, DatabaseInput={"Name": db})
        self.glue.create_table(CatalogId=cat, DatabaseName=db, TableInput={"Name": "t"})
        t = self.glue.get_table(CatalogId=cat, DatabaseName=db, Name="t")["Table"]
        self.assertEqual((t["CatalogId"], t["DatabaseName"]), (cat, db))
        self.assertClientError("EntityNotFoundException", self.glue.get_table,
                               DatabaseName=db, Name="t")
        self.assertClientError("EntityNotFoundException", self.glue.create_table,
                               DatabaseName=db, TableInput={"Name": "t2"})
        tl = self.glue.get_tables(CatalogId=cat, DatabaseName=db)["TableList"]
        self.assertEqual([(x["Name"], x["CatalogId"]) for x in tl], [("t", cat)])

    def test_parallel_duplicate_creates(self):
        name = unique_name("race")

        def work(i):
            c = self.srv.client()
            try:
                c.create_table(DatabaseName=self.db,
                               TableInput={"Name": name, "Description": "by %d" % i})
                return "ok"
            except c.exceptions.AlreadyExistsException:
                return "exists"

        res = harness.run_threads(8, work)
        self.assertEqual(sorted(res), ["exists"] * 7 + ["ok"], res)
        winner = res.index("ok")
        t = self.get(name)
        self.assertEqual((t["Description"], t["VersionId"]), ("by %d" % winner, "0"))


class Validation(Base):
    def create_raw(self, tinput, db=None):
        return self.srv.raw("CreateTable", {"DatabaseName": db or self.db,
                                            "TableInput": tinput})

    def test_name_length(self):
        ok = unique_name("len")
        ok = ok + "a" * (255 - len(ok))
        self.make_table(self.db, ok)
        self.assertEqual(self.get(ok)["Name"], ok)
        err = self.assertClientError("InvalidInputException", self.glue.create_table,
                                     DatabaseName=self.db, TableInput={"Name": ok + "b"})
        self.assertIn("less than or equal to 255", err["Message"])
        self.assertNotIn(ok + "b", [t["Name"] for t in self.glue.get_tables(
            DatabaseName=self.db, Expression=ok[:20] + "*")["TableList"]])

    def test_member_limits(self):
        base = unique_name("lim")
        cases = {
            "description": {"Description": "d" * 2049},
            "column_name": {"StorageDescriptor": {"Columns": [{"Name": "c" * 256,
                                                               "Type": "int"}]}},
            "param_key": {"Parameters": {"k" * 256: "v"}},
            "owner": {"Owner": "o" * 256},
        }
        for i, (label, extra) in enumerate(cases.items()):
            with self.subTest(case=label):
                name = "%s_%d" % (base, i)
                self.assertClientError("InvalidInputException", self.glue.create_table,
                                       DatabaseName=self.db, TableInput=dict(extra, Name=name))
                self.assertFalse(self.table_exists(self.db, name))

    def test_control_character_in_name(self):
        base = unique_name("ctl")
        for ch in ("\x01", "\n", "\x1b"):
            with self.subTest(ch=repr(ch)):
                self.assertClientError("InvalidInputException", self.glue.create_table,
                                       DatabaseName=self.db, TableInput={"Name": base + ch})
        self.assertEqual(self.glue.get_tables(DatabaseName=self.db,
                                              Expression=base + "*")["TableList"], [])

    def test_wrong_member_types(self):
        base = unique_name("typ")
        cases = [
            {"Name": 17},
            {"StorageDescriptor": {"Columns": {"Name": "c", "Type": "int"}}},
            {"StorageDescriptor": {"Columns": [{"Type": "int"}]}},
            {"StorageDescriptor": {"Columns": ["c"]}},
            {"StorageDescriptor": {"NumberOfBuckets": "3"}},
            {"StorageDescriptor": {"Compressed": "yes"}},
            {"StorageDescriptor": {"SerdeInfo": "parquet"}},
            {"StorageDescriptor": {"BucketColumns": "a,b"}},
            {"StorageDescriptor": {"SortColumns": [{"Column": "a", "SortOrder": "asc"}]}},
            {"PartitionKeys": "dt"},
            {"PartitionKeys": [{"Name": "dt", "Type": 5}]},
            {"Retention": "7"},
            {"Retention": -1},
            {"Parameters": {"a": 1}},
            {"Parameters": "a=1"},
            {"TableType": ["EXTERNAL_TABLE"]},
        ]
        for i, extra in enumerate(cases):
            name = "%s_%d" % (base, i)
            with self.subTest(case=extra):
                tinput = dict({"Name": name}, **extra) if "Name" not in extra else extra
                self.assertRawError(self.create_raw(tinput), "InvalidInputException")
        self.assertEqual(self.glue.get_tables(DatabaseName=self.db,
                                              Expression=base + "*")["TableList"], [])
        self.assertRawError(self.srv.raw("CreateTable", {"DatabaseName": self.db,
                                                         "TableInput": "t"}),
                            "InvalidInputException")
        self.assertRawError(self.srv.raw("CreateTable", {"DatabaseName": 5,
                                                         "TableInput": {"Name": "t"}}),
                            "InvalidInputException")

    def test_missing_required(self):
        name = unique_name("req")
        self.assertRawError(self.create_raw({"Description": name}), "InvalidInputException")
        self.assertRawError(self.srv.raw("CreateTable", {"TableInput": {"Name": name}}),
                            "InvalidInputException")
        self.assertRawError(self.create_raw({"Name": ""}), "InvalidInputException")
        self.assertFalse(self.table_exists(self.db, name))


class Listing(Base):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pdb = unique_name("pat")
        cls.glue.create_database(DatabaseInput={"Name": cls.pdb})
        cls.pnames = ["sales_2023", "sales_2024", "Sales_EU", "salesx", "a1", "abc", "b2",
                      "c3", "xa"]
        for n in cls.pnames:
            cls.glue.create_table(DatabaseName=cls.pdb, TableInput={"Name": n})
        cls.pall = {n.lower() for n in cls.pnames}

    def names(self, db, **kw):
        out = []
        for page in self.glue.get_paginator("get_tables").paginate(DatabaseName=db, **kw):
            out += [t["Name"] for t in page["TableList"]]
        self.assertEqual(len(out), len(set(out)), "duplicates across pages: %r" % out)
        return set(out)

    def test_patterns(self):
        cases = {
            "*": self.pall,
            ".*": self.pall,
            "sales_*": {"sales_2023", "sales_2024", "sales_eu"},
            "SALES_*": {"sales_2023", "sales_2024", "sales_eu"},
            "a*|b*": {"a1", "abc", "b2"},
            "a*": {"a1", "abc"},
            "*a": {"xa"},
            "abc": {"abc"},
            "ABC": {"abc"},
            "ab": set(),
            "bc": set(),
            "sales_20*|c3": {"sales_2023", "sales_2024", "c3"},
            "sales_202[34]": {"sales_2023", "sales_2024"},
            "a.c": {"abc"},
            "nomatch*": set(),
        }
        for expr, want in cases.items():
            with self.subTest(expression=expr):
                self.assertEqual(self.names(self.pdb, Expression=expr), want)

    def test_no_expression_lists_all(self):
        self.assertEqual(self.names(self.pdb), self.pall)

    def test_pattern_with_paging(self):
        pages = list(self.glue.get_paginator("get_tables").paginate(
            DatabaseName=self.pdb, Expression="sales*",
            PaginationConfig={"PageSize": 2}))
        sizes = [len(p["TableList"]) for p in pages]
        self.assertIn(sizes, ([2, 2], [2, 2, 0]))
        got = {t["Name"] for p in pages for t in p["TableList"]}
        self.assertEqual(got, {"sales_2023", "sales_2024", "sales_eu", "salesx"})

    def test_invalid_expression(self):
        for expr in ("sales_[", "a(b", "[z-a]"):
            with self.subTest(expression=expr):
                self.assertClientError("InvalidInputException", self.glue.get_tables,
                                       DatabaseName=self.pdb, Expression=expr)

    def test_paging_25_tables(self):
        db = self.make_db()
        want = {self.make_table(db, "t%02d" % i) for i in range(25)}
        # manual NextToken loop
        seen, sizes, token = [], [], None
        while True:
            kw = {"DatabaseName": db, "MaxResults": 10}
            if token is not None:
                kw["NextToken"] = token
            r = self.glue.get_tables(**kw)
            sizes.append(len(r["TableList"]))
            seen += [t["Name"] for t in r["TableList"]]
            token = r.get("NextToken")
            if token is None:
                break
            self.assertIsInstance(token, str)
            self.assertNotEqual(token, "")
            self.assertLess(len(sizes), 10, "paging does not terminate")
        self.assertEqual(sizes, [10, 10, 5])
        self.assertEqual(len(seen), 25)
        self.assertEqual(set(seen), want)
        # boto3 paginator
        pages = list(self.glue.get_paginator("get_tables").paginate(
            DatabaseName=db, PaginationConfig={"PageSize": 10}))
        self.assertEqual([len(p["TableList"]) for p in pages], [10, 10, 5])
        self.assertEqual({t["Name"] for p in pages for t in p["TableList"]}, want)
        self.assertNotIn("NextToken", pages[-1])
        full = self.glue.get_paginator("get_tables").paginate(
            DatabaseName=db, PaginationConfig={"PageSize": 7, "MaxItems": 30}
        ).build_full_result()
        self.assertEqual(len(full["TableList"]), 25)
        # default page size returns all 25 at once (≤ 100 per page)
        r = self.glue.get_tables(DatabaseName=db)
        self.assertEqual(len(r["TableList"]), 25)
        self.assertNotIn("NextToken", r)

    def test_default_page_size_at_most_100(self):
        db = self.make_db()
        for i in range(205):
            self.make_table(db, "d%03d" % i)
        sizes, names, token = [], [], None
        while True:
            kw = {"DatabaseName": db}
            if token:
                kw["NextToken"] = token
            r = self.glue.get_tables(**kw)
            sizes.append(len(r["TableList"]))
            names += [t["Name"] for t in r["TableList"]]
            token = r.get("NextToken")
            if not token:
                break
            self.assertLess(len(sizes), 300)
        self.assertTrue(all(0 < n <= 100 for n in sizes), sizes)
        self.assertEqual(sorted(names), ["d%03d" % i for i in range(205)])

    def test_max_results_bounds(self):
        for bad in (0, 101):
            with self.subTest(MaxResults=bad):
                r = self.srv.raw("GetTables", {"DatabaseName": self.pdb, "MaxResults": bad})
                self.assertRawError(r, "InvalidInputException")
        self.assertEqual(len(self.glue.get_tables(DatabaseName=self.pdb,
                                                  MaxResults=100)["TableList"]),
                         len(self.pall))

    def test_bad_next_token(self):
        self.assertClientError("InvalidInputException", self.glue.get_tables,
                               DatabaseName=self.pdb, NextToken="garbage-token")
        tok = self.glue.get_tables(DatabaseName=self.pdb, MaxResults=2)["NextToken"]
        forged = ("z" if tok[0] != "z" else "y") + tok[1:]
        self.assertClientError("InvalidInputException", self.glue.get_tables,
                               DatabaseName=self.pdb, MaxResults=2, NextToken=forged)
        # a token of another database's listing, or of a database listing
        other = self.make_db()
        self.assertClientError("InvalidInputException", self.glue.get_tables,
                               DatabaseName=other, MaxResults=2, NextToken=tok)
        self.make_db()
        self.make_db()
        dtok = self.glue.get_databases(MaxResults=1)["NextToken"]
        self.assertClientError("InvalidInputException", self.glue.get_tables,
                               DatabaseName=self.pdb, MaxResults=2, NextToken=dtok)
        # the genuine token still works, also with the database name in another case
        r = self.glue.get_tables(DatabaseName=self.pdb.upper(), MaxResults=2, NextToken=tok)
        self.assertEqual(len(r["TableList"]), 2)

    def test_empty_database(self):
        db = self.make_db()
        r = self.glue.get_tables(DatabaseName=db)
        self.assertEqual(r["TableList"], [])
        self.assertNotIn("NextToken", r)
        raw = self.assertRawOK(self.srv.raw("GetTables", {"DatabaseName": db}))
        self.assertEqual(raw.get("TableList"), [])
        self.assertNotIn("NextToken", raw)

    def test_missing_database(self):
        self.assertClientError("EntityNotFoundException", self.glue.get_tables,
                               DatabaseName="nope_db_list")

    def test_get_tables_returns_full_objects(self):
        db = self.make_db()
        self.glue.create_table(DatabaseName=db, TableInput=dict(RICH, Name="rich"))
        self.make_table(db, "plain")
        self.glue.update_table(DatabaseName=db, TableInput=dict(RICH, Name="rich",
                                                                Description="v1"))
        listed = {t["Name"]: t for t in self.glue.get_tables(DatabaseName=db)["TableList"]}
        self.assertEqual(set(listed), {"rich", "plain"})
        for n in ("rich", "plain"):
            with self.subTest(table=n):
                self.assertEqual(listed[n], self.get(n, db=db))
                self.assertDefaultsPresent(listed[n])
        self.assertEqual(listed["rich"]["VersionId"], "1")
        self.assertEqual(listed["rich"]["StorageDescriptor"], RICH["StorageDescriptor"])


class Update(Base):
    def test_update_replaces_and_bumps_version(self):
        name = self.make_table(self.db, Description="old", Owner="me",
                               Parameters={"a": "1"}, Retention=3,
                               StorageDescriptor={"Location": "s3://old/"})
        t0 = self.get(name)
        time.sleep(1.05)
        self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": name, "Parameters": {"b": "2"},
            "StorageDescriptor": {"Location": "s3://new/",
                                  "Columns": [{"Name": "x", "Type": "int"}]}})
        t1 = self.get(name)
        self.assertEqual(t1["Parameters"], {"b": "2"})
        self.assertNotIn("Description", t1)
        self.assertNotIn("Owner", t1)
        self.assertEqual(t1["StorageDescriptor"]["Location"], "s3://new/")
        self.assertEqual(t1["StorageDescriptor"]["Columns"], [{"Name": "x", "Type": "int"}])
        self.assertEqual(t1["VersionId"], "1")
        self.assertEqual(t1["CreateTime"], t0["CreateTime"])
        self.assertGreater(t1["UpdateTime"], t0["UpdateTime"])
        self.assertDefaultsPresent(t1)

    def test_update_mixed_case_name(self):
        name = self.make_table(self.db, Description="old")
        self.glue.update_table(DatabaseName=self.db.upper(),
                               TableInput={"Name": name.upper(), "Description": "new"})
        t = self.get(name)
        self.assertEqual((t["Name"], t["Description"]), (name, "new"))

    def test_update_missing(self):
        self.assertClientError("EntityNotFoundException", self.glue.update_table,
                               DatabaseName=self.db, TableInput={"Name": "nope_upd"})
        self.assertFalse(self.table_exists(self.db, "nope_upd"))
        self.assertClientError("EntityNotFoundException", self.glue.update_table,
                               DatabaseName="nope_db_upd", TableInput={"Name": "t"})

    def test_invalid_update_changes_nothing(self):
        name = self.make_table(self.db, Description="keep")
        self.assertClientError("InvalidInputException", self.glue.update_table,
                               DatabaseName=self.db,
                               TableInput={"Name": name, "Description": "x" * 2049})
        self.assertRawError(self.srv.raw("UpdateTable", {"DatabaseName": self.db, "TableInput": {
            "Name": name, "StorageDescriptor": {"Columns": [{"Type": "int"}]}}}),
            "InvalidInputException")
        t = self.get(name)
        self.assertEqual((t["Description"], t["VersionId"]), ("keep", "0"))
        vs = self.glue.get_table_versions(DatabaseName=self.db, TableName=name)
        self.assertEqual([v["VersionId"] for v in vs["TableVersions"]], ["0"])


class Delete(Base):
    def test_delete(self):
        name = self.make_table(self.db)
        self.glue.delete_table(DatabaseName=self.db, Name=name)
        self.assertFalse(self.table_exists(self.db, name))
        err = self.assertClientError("EntityNotFoundException", self.glue.delete_table,
                                     DatabaseName=self.db, Name=name)
        self.assertEqual(err["Message"], "Table %s not found." % name)
        self.assertClientError("EntityNotFoundException", self.glue.delete_table,
                               DatabaseName="nope_db_del", Name=name)

    def test_delete_mixed_case_and_recreate_starts_fresh(self):
        name = self.make_table(self.db, Description="v0")
        self.glue.update_table(DatabaseName=self.db, TableInput={"Name": name,
                                                                 "Description": "v1"})
        self.glue.delete_table(DatabaseName=self.db.upper(), Name=name.upper())
        self.assertFalse(self.table_exists(self.db, name))
        self.make_table(self.db, name)
        t = self.get(name)
        self.assertEqual(t["VersionId"], "0")
        self.assertNotIn("Description", t)
        vs = self.glue.get_table_versions(DatabaseName=self.db, TableName=name)
        self.assertEqual([v["VersionId"] for v in vs["TableVersions"]], ["0"])

    def test_batch_delete(self):
        db = self.make_db()
        for n in ("t1", "t2", "t3", "keep"):
            self.make_table(db, n)
        r = self.glue.batch_delete_table(DatabaseName=db,
                                         TablesToDelete=["t1", "T2", "missing_x", "t3"])
        errs = r["Errors"]
        self.assertEqual(len(errs), 1, errs)
        self.assertEqual(errs[0]["TableName"].lower(), "missing_x")
        self.assertEqual(errs[0]["ErrorDetail"]["ErrorCode"], "EntityNotFoundException")
        self.assertIsInstance(errs[0]["ErrorDetail"].get("ErrorMessage"), str)
        self.assertEqual({t["Name"] for t in self.glue.get_tables(DatabaseName=db)
                          ["TableList"]}, {"keep"})

    def test_batch_delete_all_ok_has_empty_errors(self):
        db = self.make_db()
        for n in ("a", "b"):
            self.make_table(db, n)
        raw = self.assertRawOK(self.srv.raw("BatchDeleteTable", {
            "DatabaseName": db, "TablesToDelete": ["a", "b"]}))
        self.assertEqual(raw, {"Errors": []})
        self.assertEqual(self.glue.get_tables(DatabaseName=db)["TableList"], [])

    def test_batch_delete_cascades_versions(self):
        db = self.make_db()
        self.make_table(db, "v")
        self.glue.update_table(DatabaseName=db, TableInput={"Name": "v", "Description": "1"})
        self.glue.batch_delete_table(DatabaseName=db, TablesToDelete=["v"])
        self.make_table(db, "v")
        vs = self.glue.get_table_versions(DatabaseName=db, TableName="v")["TableVersions"]
        self.assertEqual([x["VersionId"] for x in vs], ["0"])

    def test_batch_delete_missing_database(self):
        self.assertClientError("EntityNotFoundException", self.glue.batch_delete_table,
                               DatabaseName="nope_db_batch", TablesToDelete=["a"])

    def test_batch_delete_too_many(self):
        db = self.make_db()
        self.make_table(db, "t0")
        self.assertClientError("InvalidInputException", self.glue.batch_delete_table,
                               DatabaseName=db,
                               TablesToDelete=["t%d" % i for i in range(101)])
        self.assertTrue(self.table_exists(db, "t0"))


if __name__ == "__main__":
    harness.main()
