"""Partition operations: CRUD, batches, StorageDescriptor round trip, cascades,
paging, segments and keyset cursors under concurrent change."""

import datetime
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_catalog_id, unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


UTC = datetime.timezone.utc

KEYS = [{"Name": "year", "Type": "string"}, {"Name": "month", "Type": "string"}]

TABLE_SD = {
    "Columns": [{"Name": "id", "Type": "bigint", "Comment": "the id"},
                {"Name": "Payload", "Type": "struct<a:int,b:string>",
                 "Parameters": {"p": "q"}}],
    "Location": "s3://bucket/warehouse/t/",
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "Compressed": True,
    "NumberOfBuckets": 4,
    "SerdeInfo": {"Name": "pq",
                  "SerializationLibrary":
                      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                  "Parameters": {"serialization.format": "1"}},
    "BucketColumns": ["id"],
    "SortColumns": [{"Column": "id", "SortOrder": 1}],
    "Parameters": {"sd.param": "v", "EMPTY": ""},
    "StoredAsSubDirectories": False,
}

SD_DEFAULTS = {"Compressed": False, "NumberOfBuckets": 0, "StoredAsSubDirectories": False,
               "BucketColumns": [], "SortColumns": [], "Parameters": {}}


def sd_at(location, base=TABLE_SD):
    return dict(base, Location=location)


def vals(parts):
    return [tuple(p["Values"]) for p in parts]


class Base(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("pdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def table(self, keys=KEYS, sd=TABLE_SD, db=None, name=None, **kw):
        tinput = {"PartitionKeys": keys}
        if sd is not None:
            tinput["StorageDescriptor"] = sd
        tinput.update(kw)
        return self.make_table(db or self.db, name, **tinput)

    def get(self, table, values, db=None, **kw):
        return self.glue.get_partition(DatabaseName=db or self.db, TableName=table,
                                       PartitionValues=list(values), **kw)["Partition"]

    def create(self, table, values, db=None, **pinput):
        self.glue.create_partition(DatabaseName=db or self.db, TableName=table,
                                   PartitionInput=dict(pinput, Values=list(values)))

    def exists(self, table, values, db=None):
        try:
            self.get(table, values, db=db)
            return True
        except self.glue.exceptions.EntityNotFoundException:
            return False

    def assertSdDefaults(self, sd):
        self.assertIsInstance(sd, dict)
        for k in SD_DEFAULTS:
            self.assertIn(k, sd, "StorageDescriptor lacks %s: %r" % (k, sd))
        self.assertIsInstance(sd.get("SerdeInfo"), dict, sd)

    def assertPartitionShape(self, p, table, values, db=None, catalog_id=None):
        self.assertEqual(p["DatabaseName"], db or self.db)
        self.assertEqual(p["TableName"], table)
        self.assertEqual(p["Values"], list(values))
        self.assertIsInstance(p.get("CreationTime"), datetime.datetime, p)
        self.assertIsInstance(p.get("Parameters"), dict, p)
        if catalog_id:
            self.assertEqual(p.get("CatalogId"), catalog_id)
        else:
            self.assertTrue(p.get("CatalogId"), p)
        self.assertSdDefaults(p.get("StorageDescriptor"))


class CreateGet(Base):
    def test_round_trip(self):
        t = self.table()
        pin = {
            "Values": ["2024", "01"],
            "StorageDescriptor": sd_at("s3://bucket/warehouse/t/year=2024/month=01/"),
            "Parameters": {"numRows": "10", "Mixed.Key": "MixedValue", "empty": "",
                           "unicode": "h\u00e9llo \U0001F600"},
            "LastAccessTime": datetime.datetime(2024, 6, 19, 18, 41, 33, tzinfo=UTC),
            "LastAnalyzedTime": datetime.datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC),
        }
        before = time.time()
        r = self.glue.create_partition(DatabaseName=self.db, TableName=t, PartitionInput=pin)
        self.assertEqual(set(r) - {"ResponseMetadata"}, set())
        p = self.get(t, ["2024", "01"])
        self.assertPartitionShape(p, t, ["2024", "01"])
        for k in ("StorageDescriptor", "Parameters", "LastAccessTime", "LastAnalyzedTime"):
            with self.subTest(member=k):
                self.assertEqual(p.get(k), pin[k])
        self.assertLessEqual(abs(p["CreationTime"].timestamp() - before), 5)
        # epoch seconds on the wire, not milliseconds
        raw = self.assertRawOK(self.srv.raw("GetPartition", {
            "DatabaseName": self.db, "TableName": t, "PartitionValues": ["2024", "01"]}))
        ct = raw["Partition"]["CreationTime"]
        self.assertIsInstance(ct, (int, float))
        self.assertLess(abs(ct - time.time()), 60)

    def test_sd_differing_more_is_returned_as_given(self):
        t = self.table()
        sd = {"Columns": [{"Name": "other", "Type": "string"}],
              "Location": "s3://elsewhere/p/",
              "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
              "SerdeInfo": {"SerializationLibrary":
                            "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                            "Parameters": {"field.delim": ","}},
              "Compressed": False, "NumberOfBuckets": 0, "StoredAsSubDirectories": True,
              "BucketColumns": [], "SortColumns": [], "Parameters": {"x": "y"}}
        self.create(t, ["2024", "02"], StorageDescriptor=sd)
        self.assertEqual(self.get(t, ["2024", "02"])["StorageDescriptor"], sd)

    def test_sd_with_only_location_gets_defaults_not_table_columns(self):
        t = self.table()
        self.create(t, ["2024", "03"], StorageDescriptor={"Location": "s3://x/y/"})
        sd = self.get(t, ["2024", "03"])["StorageDescriptor"]
        self.assertEqual(sd["Location"], "s3://x/y/")
        for k, v in SD_DEFAULTS.items():
            with self.subTest(member=k):
                self.assertEqual(sd.get(k), v)
        self.assertIsInstance(sd.get("SerdeInfo"), dict)
        self.assertEqual(sd.get("Columns", []), [])
        self.assertNotIn("InputFormat", sd)

    def test_no_sd_returns_table_sd(self):
        t = self.table()
        self.create(t, ["2024", "04"], Parameters={"a": "b"})
        p = self.get(t, ["2024", "04"])
        self.assertEqual(p["StorageDescriptor"],
                         sd_at(TABLE_SD["Location"] + "year=2024/month=04/"))
        self.assertEqual(p["Parameters"], {"a": "b"})
        # also on a table with a minimal StorageDescriptor
        t2 = self.table(sd=None)
        self.create(t2, ["2024", "04"])
        p2 = self.get(t2, ["2024", "04"])
        self.assertPartitionShape(p2, t2, ["2024", "04"])
        self.assertEqual(p2["Parameters"], {})

    def test_partition_sd_survives_table_update(self):
        # Partitions keep their own schema when the table's evolves (Glue/Hive).
        t = self.table()
        psd = sd_at("s3://bucket/warehouse/t/year=2020/month=01/")
        self.create(t, ["2020", "01"], StorageDescriptor=psd)
        self.create(t, ["2020", "00"])  # no StorageDescriptor: gets the table's
        newsd = dict(TABLE_SD, Columns=TABLE_SD["Columns"] + [{"Name": "added",
                                                                "Type": "int"}],
                     InputFormat="org.apache.hadoop.mapred.TextInputFormat")
        self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": KEYS, "StorageDescriptor": newsd})
        self.assertEqual(self.get(t, ["2020", "01"])["StorageDescriptor"], psd)
        self.assertEqual(self.get(t, ["2020", "00"])["StorageDescriptor"],
                         sd_at(TABLE_SD["Location"] + "year=2020/month=00/"))
        # a partition created after the update with the new SD gets the new one
        psd2 = sd_at("s3://bucket/warehouse/t/year=2020/month=02/", newsd)
        self.create(t, ["2020", "02"], StorageDescriptor=psd2)
        self.assertEqual(self.get(t, ["2020", "02"])["StorageDescriptor"], psd2)
        self.assertEqual(self.get(t, ["2020", "01"])["StorageDescriptor"], psd)

    def test_values_are_exact_strings_in_order(self):
        t = self.table()
        odd = [("b", "a"), ("a", "b"), ("A", "b"), ("a b", " lead"), ("trail ", "x=y/z"),
               ("it's", 'quote"d'), ("%", "_"), ("\u00fc\u00f1\u00ee", "\U0001F600"),
               ("007", "7"), ("__HIVE_DEFAULT_PARTITION__", "null"), ("v" * 1024, "w")]
        for v in odd:
            self.create(t, v)
        for v in odd:
            with self.subTest(values=v[:2] if len(v[0]) < 50 else "long"):
                p = self.get(t, v)
                self.assertEqual(p["Values"], list(v))
        self.assertFalse(self.exists(t, ("B", "a")))
        self.assertFalse(self.exists(t, ("7", "7")))
        self.assertFalse(self.exists(t, ("a", " b")))
        self.assertEqual(self.partition_values(self.db, t), set(odd))

    def test_value_limits(self):
        t = self.table()
        self.assertClientError("InvalidInputException", self.glue.create_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionInput={"Values": ["v" * 1025, "x"]})
        r = self.srv.raw("CreatePartition", {"DatabaseName": self.db, "TableName": t,
                                             "PartitionInput": {"Values": ["", "x"]}})
        self.assertRawError(r, "InvalidInputException")
        self.assertEqual(self.partition_values(self.db, t), set())

    def test_large_parameter_value(self):
        t = self.table()
        big = ("0123456789abcdef" * 32000)[:512000]
        self.create(t, ["big", "1"], Parameters={"big": big},
                    StorageDescriptor=dict(sd_at("s3://b/big/"), Parameters={"sdbig": big}))
        p = self.get(t, ["big", "1"])
        self.assertEqual(p["Parameters"], {"big": big})
        self.assertEqual(p["StorageDescriptor"]["Parameters"], {"sdbig": big})
        self.assertClientError("InvalidInputException", self.glue.create_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionInput={"Values": ["big", "2"],
                                               "Parameters": {"big": big + "x"}})
        self.assertFalse(self.exists(t, ["big", "2"]))

    def test_values_equal_as_numbers_are_distinct_partitions(self):
        # Values are strings: '1' and '01' are two partitions even on an int
        # key, and paging one at a time returns each exactly once.
        t = self.table(keys=[{"Name": "n", "Type": "int"},
                             {"Name": "a", "Type": "decimal(10,2)"}])
        vs = [(n, a) for n in ("1", "01", "001", "2") for a in ("1", "1.0", "1.00")]
        self.create_partitions(self.db, t, vs)
        for v in vs:
            self.assertEqual(self.get(t, v)["Values"], list(v))
        pages = list(self.glue.get_paginator("get_partitions").paginate(
            DatabaseName=self.db, TableName=t, PaginationConfig={"PageSize": 1}))
        got = [tuple(x["Values"]) for p in pages for x in p["Partitions"]]
        self.assertEqual(sorted(got), sorted(vs))
        self.assertEqual(self.partition_values(self.db, t, MaxResults=2, Expression="n = 1"),
                         {v for v in vs if v[0] != "2"})
        self.glue.delete_partition(DatabaseName=self.db, TableName=t,
                                   PartitionValues=["01", "1.0"])
        self.assertEqual(self.partition_values(self.db, t),
                         set(vs) - {("01", "1.0")})
        self.assertClientError("AlreadyExistsException", self.glue.create_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionInput={"Values": ["001", "1.00"]})

    def test_many_keys(self):
        keys = [{"Name": "k%d" % i, "Type": "string"} for i in range(12)]
        t = self.table(keys=keys)
        v = ["v%d" % i for i in range(12)]
        self.create(t, v)
        self.assertEqual(self.get(t, v)["Values"], v)

    def test_duplicate(self):
        t = self.table()
        self.create(t, ["2024", "05"], Parameters={"n": "first"})
        err = self.assertClientError("AlreadyExistsException", self.glue.create_partition,
                                     DatabaseName=self.db, TableName=t,
                                     PartitionInput={"Values": ["2024", "05"],
                                                     "Parameters": {"n": "second"}})
        self.assertEqual(err["Message"], "Partition already exists.")
        self.assertEqual(self.get(t, ["2024", "05"])["Parameters"], {"n": "first"})

    def test_parallel_duplicate_creates(self):
        t = self.table()

        def work(i):
            c = self.srv.client()
            try:
                c.create_partition(DatabaseName=self.db, TableName=t, PartitionInput={
                    "Values": ["race", "1"], "Parameters": {"by": str(i)}})
                return "ok"
            except c.exceptions.AlreadyExistsException:
                return "exists"

        res = harness.run_threads(8, work)
        self.assertEqual(sorted(res), ["exists"] * 7 + ["ok"], res)
        self.assertEqual(self.get(t, ["race", "1"])["Parameters"],
                         {"by": str(res.index("ok"))})

    def test_wrong_number_of_values(self):
        t = self.table()
        for bad in (["2024"], ["2024", "01", "x"]):
            with self.subTest(values=bad):
                self.assertClientError("InvalidInputException", self.glue.create_partition,
                                       DatabaseName=self.db, TableName=t,
                                       PartitionInput={"Values": bad})
                self.assertClientError("InvalidInputException", self.glue.get_partition,
                                       DatabaseName=self.db, TableName=t,
                                       PartitionValues=bad)
                self.assertClientError("InvalidInputException", self.glue.delete_partition,
                                       DatabaseName=self.db, TableName=t,
                                       PartitionValues=bad)
        r = self.srv.raw("CreatePartition", {"DatabaseName": self.db, "TableName": t,
                                             "PartitionInput": {"Parameters": {}}})
        self.assertRawError(r, "InvalidInputException")
        self.assertEqual(self.partition_values(self.db, t), set())
        # a table without partition keys takes no partitions
        flat = self.table(keys=[])
        self.assertClientError("InvalidInputException", self.glue.create_partition,
                               DatabaseName=self.db, TableName=flat,
                               PartitionInput={"Values": ["x"]})
        self.assertEqual(self.partition_values(self.db, flat), set())

    def test_missing_database_or_table(self):
        t = self.table()
        self.create(t, ["1", "1"])
        for db, tb in ((self.db, "nope_tbl"), ("nope_db_p", t)):
            with self.subTest(db=db, table=tb):
                base = {"DatabaseName": db, "TableName": tb}
                calls = [
                    (self.glue.create_partition, {"PartitionInput": {"Values": ["1", "2"]}}),
                    (self.glue.batch_create_partition,
                     {"PartitionInputList": [{"Values": ["1", "2"]}]}),
                    (self.glue.get_partition, {"PartitionValues": ["1", "1"]}),
                    (self.glue.get_partitions, {}),
                    (self.glue.get_partitions, {"Expression": "year = '1'"}),
                    (self.glue.batch_get_partition, {"PartitionsToGet": [{"Values":
                                                                          ["1", "1"]}]}),
                    (self.glue.update_partition, {"PartitionValueList": ["1", "1"],
                                                  "PartitionInput": {"Values": ["1", "1"]}}),
                    (self.glue.batch_update_partition, {"Entries": [{
                        "PartitionValueList": ["1", "1"],
                        "PartitionInput": {"Values": ["1", "1"]}}]}),
                    (self.glue.delete_partition, {"PartitionValues": ["1", "1"]}),
                    (self.glue.batch_delete_partition,
                     {"PartitionsToDelete": [{"Values": ["1", "1"]}]}),
                ]
                for fn, kw in calls:
                    with self.subTest(op=fn.__name__):
                        self.assertClientError("EntityNotFoundException", fn, **base, **kw)
        self.assertEqual(self.partition_values(self.db, t), {("1", "1")})

    def test_get_missing_partition(self):
        t = self.table()
        self.create(t, ["1", "1"])
        self.assertClientError("EntityNotFoundException", self.glue.get_partition,
                               DatabaseName=self.db, TableName=t, PartitionValues=["1", "2"])

    def test_names_are_case_folded(self):
        db = unique_name("PartDB")
        self.glue.create_database(DatabaseInput={"Name": db})
        self.glue.create_table(DatabaseName=db, TableInput={"Name": "MixedT",
                                                            "PartitionKeys": KEYS})
        self.glue.create_partition(DatabaseName=db.upper(), TableName="MIXEDT",
                                   PartitionInput={"Values": ["A", "b"]})
        p = self.glue.get_partition(DatabaseName=db, TableName="mixedt",
                                    PartitionValues=["A", "b"])["Partition"]
        self.assertEqual((p["DatabaseName"], p["TableName"], p["Values"]),
                         (db.lower(), "mixedt", ["A", "b"]))
        listed = self.glue.get_partitions(DatabaseName=db.lower(), TableName="MixedT")
        self.assertEqual([(x["DatabaseName"], x["TableName"]) for x in listed["Partitions"]],
                         [(db.lower(), "mixedt")])

    def test_catalog_id(self):
        cat = unique_catalog_id()
        db = unique_name("catpdb")
        self.glue.create_database(CatalogId=cat, DatabaseInput={"Name": db})
        self.glue.create_table(CatalogId=cat, DatabaseName=db,
                               TableInput={"Name": "t", "PartitionKeys": KEYS})
        self.glue.create_partition(CatalogId=cat, DatabaseName=db, TableName="t",
                                   PartitionInput={"Values": ["1", "2"]})
        self.glue.batch_create_partition(CatalogId=cat, DatabaseName=db, TableName="t",
                                         PartitionInputList=[{"Values": ["1", "3"]}])
        p = self.glue.get_partition(CatalogId=cat, DatabaseName=db, TableName="t",
                                    PartitionValues=["1", "2"])["Partition"]
        self.assertPartitionShape(p, "t", ["1", "2"], db=db, catalog_id=cat)
        listed = self.glue.get_partitions(CatalogId=cat, DatabaseName=db,
                                          TableName="t")["Partitions"]
        self.assertEqual(sorted((x["CatalogId"], tuple(x["Values"])) for x in listed),
                         [(cat, ("1", "2")), (cat, ("1", "3"))])
        got = self.glue.batch_get_partition(CatalogId=cat, DatabaseName=db, TableName="t",
                                            PartitionsToGet=[{"Values": ["1", "3"]}])
        self.assertEqual([x["CatalogId"] for x in got["Partitions"]], [cat])
        # not visible in the default catalog
        self.assertClientError("EntityNotFoundException", self.glue.get_partition,
                               DatabaseName=db, TableName="t", PartitionValues=["1", "2"])
        self.assertClientError("EntityNotFoundException", self.glue.create_partition,
                               DatabaseName=db, TableName="t",
                               PartitionInput={"Values": ["9", "9"]})
        # the default catalog's partitions carry the table's CatalogId
        t = self.table()
        self.create(t, ["1", "2"])
        tcat = self.glue.get_table(DatabaseName=self.db, Name=t)["Table"]["CatalogId"]
        self.assertEqual(self.get(t, ["1", "2"])["CatalogId"], tcat)


class LongValues(Base):
    # Values JSON longer than a PostgreSQL btree entry holds (about 2,700 bytes), stored,
    # found and ordered as on SQLite: no index there holds the values whole (partitions_vals
    # keys them by a 640-character prefix and a digest).
    def test_incompressible_values_of_4096_bytes(self):
        import random
        rnd = random.Random(7)
        keys = [{"Name": "k%d" % i, "Type": "string"} for i in range(4)]
        t = self.table(keys=keys, sd=None)
        values = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(1024))
                  for _ in range(4)]
        self.create(t, values)
        self.assertEqual(self.get(t, values)["Values"], values)
        other = values[:3] + [values[3][:-1] + "!"]
        self.create(t, other)
        self.assertClientError("AlreadyExistsException", self.create, t, values)
        self.glue.update_partition(DatabaseName=self.db, TableName=t, PartitionValueList=values,
                                   PartitionInput={"Values": values, "Parameters": {"p": "1"}})
        self.assertEqual(self.get(t, values)["Parameters"], {"p": "1"})
        self.glue.delete_partition(DatabaseName=self.db, TableName=t, PartitionValues=values)
        self.assertClientError("EntityNotFoundException", self.get, t, values)
        self.assertEqual(self.get(t, other)["Values"], other)

    def test_two_long_values_together(self):
        # On PostgreSQL the index of a string key other than the first carries the first key's
        # value (migration 0011), and an index entry holds at most about 2,700 bytes: two
        # incompressible values of about 1,400 bytes each fit alone but not together, so that
        # partition is refused whole (README, "Differences from SQLite"); SQLite stores it.
        import random
        rnd = random.Random(5)

        def long_value():  # 470 CJK characters, 3 bytes each in UTF-8
            return "".join(chr(rnd.randint(0x4E00, 0x9FFF)) for _ in range(470))
        keys = [{"Name": "a", "Type": "string"}, {"Name": "b", "Type": "string"}]
        t = self.table(keys=keys, sd=None)
        alone = [long_value(), "x"]
        self.create(t, alone)
        self.assertEqual(self.get(t, alone)["Values"], alone)
        both = [long_value(), long_value()]
        if harness.PG:
            self.assertClientError("InvalidInputException", self.create, t, both)
            self.assertClientError("EntityNotFoundException", self.get, t, both)
        else:
            self.create(t, both)
            self.assertEqual(self.get(t, both)["Values"], both)

    def test_paging_order_past_a_long_shared_prefix(self):
        # Values sharing a prefix longer than PostgreSQL's 640-character index prefix (some of
        # it multi-byte), differing at, before and after character 640 of the JSON text, page
        # by page in the byte order of the values' JSON text, as SQLite orders them.
        import random
        rnd = random.Random(11)
        keys = [{"Name": "a", "Type": "string"}, {"Name": "b", "Type": "string"}]
        t = self.table(keys=keys, sd=None)
        stem = "".join(rnd.choice("xyz\u00e9\u20ac\U0001f600") for _ in range(700))
        tails = ["", "a", "b", "ab", "A", "~", "\u00e9", "\u20ac", "\U0001f600", "a" * 300,
                 "\U0001f600" * 324]
        values = []
        for tail in tails:
            values.append([stem + tail, "1"])
            values.append([stem + tail, "2" + "\u20ac" * 700])
            values.append([stem[:638] + "!" + tail, "1"])   # differs at JSON character 640
            values.append([stem[:637] + "\x7f" + tail, "1"])  # and at character 639
            values.append([stem[:639] + "!" + tail, "1"])   # and at character 641
        values.append(["short", "1"])
        for i in range(0, len(values), 20):
            self.glue.batch_create_partition(
                DatabaseName=self.db, TableName=t,
                PartitionInputList=[{"Values": v} for v in values[i:i + 20]])
        expect = sorted(values, key=lambda v: json.dumps(
            v, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        for size in (1, 3, 7):
            got, token = [], None
            while True:
                kw = {"NextToken": token} if token else {}
                r = self.glue.get_partitions(DatabaseName=self.db, TableName=t, MaxResults=size,
                                             **kw)
                got.extend(p["Values"] for p in r["Partitions"])
                token = r.get("NextToken")
                if not token:
                    break
            self.assertEqual(got, expect)
        got = [p["Values"] for p in self.glue.get_partitions(
            DatabaseName=self.db, TableName=t, Expression="b = '1'")["Partitions"]]
        self.assertEqual(got, [v for v in expect if v[1] == "1"])
        for v in values[::7]:
            self.assertEqual(self.get(t, v)["Values"], v)


class Batch(Base):
    def test_batch_create_100_and_errors_present(self):
        t = self.table()
        inputs = [{"Values": ["2000", "%03d" % i],
                   "StorageDescriptor": sd_at("s3://b/t/%03d/" % i),
                   "Parameters": {"i": str(i)}} for i in range(100)]
        raw = self.assertRawOK(self.srv.raw("BatchCreatePartition", {
            "DatabaseName": self.db, "TableName": t, "PartitionInputList": inputs[:1]}))
        self.assertEqual(raw, {"Errors": []})
        r = self.glue.batch_create_partition(DatabaseName=self.db, TableName=t,
                                             PartitionInputList=inputs[1:])
        self.assertEqual(r["Errors"], [])
        parts = {tuple(p["Values"]): p for p in self.all_partitions(self.db, t)}
        self.assertEqual(len(parts), 100)
        for i in (0, 57, 99):
            p = parts[("2000", "%03d" % i)]
            self.assertEqual(p["Parameters"], {"i": str(i)})
            self.assertEqual(p["StorageDescriptor"], inputs[i]["StorageDescriptor"])
        # an empty list is fine
        r = self.glue.batch_create_partition(DatabaseName=self.db, TableName=t,
                                             PartitionInputList=[])
        self.assertEqual(r["Errors"], [])

    def test_batch_create_1001_rejected(self):
        t = self.table()
        self.assertClientError(
            "InvalidInputException", self.glue.batch_create_partition,
            DatabaseName=self.db, TableName=t,
            PartitionInputList=[{"Values": ["x", str(i)]} for i in range(1001)])
        self.assertEqual(self.partition_values(self.db, t), set())

    def test_batch_create_duplicates(self):
        t = self.table()
        self.create(t, ["old", "1"], Parameters={"v": "orig"})
        r = self.glue.batch_create_partition(DatabaseName=self.db, TableName=t,
                                             PartitionInputList=[
            {"Values": ["new", "1"], "Parameters": {"v": "first"}},
            {"Values": ["old", "1"], "Parameters": {"v": "clobber"}},
            {"Values": ["new", "2"]},
            {"Values": ["new", "1"], "Parameters": {"v": "second"}},
        ])
        errs = r["Errors"]
        self.assertEqual(sorted(tuple(e["PartitionValues"]) for e in errs),
                         [("new", "1"), ("old", "1")], errs)
        for e in errs:
            self.assertEqual(e["ErrorDetail"]["ErrorCode"], "AlreadyExistsException", e)
            self.assertIsInstance(e["ErrorDetail"].get("ErrorMessage"), str)
        self.assertEqual(self.partition_values(self.db, t),
                         {("old", "1"), ("new", "1"), ("new", "2")})
        self.assertEqual(self.get(t, ["old", "1"])["Parameters"], {"v": "orig"})
        self.assertEqual(self.get(t, ["new", "1"])["Parameters"], {"v": "first"})

    def test_batch_create_wrong_value_count(self):
        t = self.table()
        try:
            r = self.glue.batch_create_partition(
                DatabaseName=self.db, TableName=t,
                PartitionInputList=[{"Values": ["ok", "1"]}, {"Values": ["short"]},
                                    {"Values": ["ok", "2"]}])
        except self.glue.exceptions.InvalidInputException:
            r = None  # whole-call rejection is allowed
        if r is not None:
            errs = r["Errors"]
            self.assertEqual(len(errs), 1, errs)
            self.assertEqual(errs[0]["ErrorDetail"]["ErrorCode"], "InvalidInputException")
            self.assertEqual(self.partition_values(self.db, t), {("ok", "1"), ("ok", "2")})
        self.assertNotIn(("short",), self.partition_values(self.db, t))

    def test_batch_create_parallel_overlapping(self):
        t = self.table()
        values = [["p", "%02d" % i] for i in range(40)]

        def work(i):
            c = self.srv.client()
            r = c.batch_create_partition(
                DatabaseName=self.db, TableName=t,
                PartitionInputList=[{"Values": v, "Parameters": {"by": str(i)}}
                                    for v in values])
            return [tuple(e["PartitionValues"]) for e in r["Errors"]
                    if e["ErrorDetail"]["ErrorCode"] == "AlreadyExistsException"]

        res = harness.run_threads(4, work)
        for x in res:
            self.assertIsInstance(x, list, res)
        # every partition was created by exactly one caller
        self.assertEqual(sum(len(x) for x in res), 40 * 3)
        parts = self.all_partitions(self.db, t)
        self.assertEqual(sorted(vals(parts)), [tuple(v) for v in values])
        for p in parts:
            winner = int(p["Parameters"]["by"])
            self.assertNotIn(tuple(p["Values"]), res[winner])

    def test_batch_get(self):
        t = self.table()
        self.create_partitions(self.db, t, [["g", "%04d" % i] for i in range(0, 1200, 2)])
        keys = [{"Values": ["g", "%04d" % i]} for i in range(1000)]  # half exist
        r = self.glue.batch_get_partition(DatabaseName=self.db, TableName=t,
                                          PartitionsToGet=keys)
        self.assertEqual(r["UnprocessedKeys"], [])
        self.assertEqual(sorted(vals(r["Partitions"])),
                         [("g", "%04d" % i) for i in range(0, 1000, 2)])
        for p in r["Partitions"][:3]:
            self.assertPartitionShape(p, t, p["Values"])
        raw = self.assertRawOK(self.srv.raw("BatchGetPartition", {
            "DatabaseName": self.db, "TableName": t,
            "PartitionsToGet": [{"Values": ["g", "0001"]}]}))
        self.assertEqual(raw, {"Partitions": [], "UnprocessedKeys": []})
        self.assertClientError("InvalidInputException", self.glue.batch_get_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionsToGet=keys + [{"Values": ["g", "x"]}])
        full = self.glue.batch_get_partition(DatabaseName=self.db, TableName=t,
                                             PartitionsToGet=keys[:4])["Partitions"]
        for p in full:
            self.assertEqual(p, self.get(t, p["Values"]))

    def test_batch_get_duplicate_keys_answered_once(self):
        # Regression: 300 copies of one key of a ~1 MB partition answered the partition 300
        # times (a 300 MB answer from a 5.7 KB request).  Now each partition is answered once.
        t = self.table()
        big = "x" * ((1 << 20) // 4)
        self.create(t, ["big", "0001"], Parameters={"a": big, "b": big, "c": big, "d": big})
        self.create(t, ["small", "0002"])
        keys = [{"Values": ["big", "0001"]}] * 300 + [{"Values": ["small", "0002"]}] * 5
        r = self.srv.raw("BatchGetPartition", {"DatabaseName": self.db, "TableName": t,
                                               "PartitionsToGet": keys})
        self.assertEqual(r.status, 200)
        self.assertLess(len(r.body), 2 << 20, "the answer holds each partition once")
        out = json.loads(r.body)
        self.assertEqual(sorted(tuple(p["Values"]) for p in out["Partitions"]),
                         [("big", "0001"), ("small", "0002")])
        self.assertEqual(out["UnprocessedKeys"], [])

    def test_batch_get_cap_leaves_later_keys_unprocessed_in_order(self):
        # The answer follows the order of the keys (one statement on PostgreSQL); past the
        # 8 MB cap, every key after the last one answered comes back in UnprocessedKeys, in
        # order, missing ones included, and following them answers each partition once.
        t = self.table()
        big = "y" * ((1 << 20) // 4)
        for i in range(0, 24, 2):  # 12 partitions of about 1 MB; odd keys missing
            self.create(t, ["big", "%04d" % i], Parameters={"a": big, "b": big, "c": big,
                                                            "d": big})
        keys = [{"Values": ["big", "%04d" % i]} for i in reversed(range(24))]
        r = self.srv.raw("BatchGetPartition", {"DatabaseName": self.db, "TableName": t,
                                               "PartitionsToGet": keys})
        self.assertEqual(r.status, 200)
        out = json.loads(r.body)
        got = [p["Values"] for p in out["Partitions"]]
        self.assertTrue(4 <= len(got) < 12, len(got))
        self.assertEqual(got, [k["Values"] for k in keys if int(k["Values"][1]) % 2 == 0][
            :len(got)], "answered in the order asked")
        last = [k["Values"] for k in keys].index(got[-1])
        self.assertEqual(out["UnprocessedKeys"], keys[last + 1:])
        seen = list(got)
        todo = out["UnprocessedKeys"]
        for _ in range(5):
            if not todo:
                break
            out = json.loads(self.srv.raw("BatchGetPartition", {
                "DatabaseName": self.db, "TableName": t, "PartitionsToGet": todo}).body)
            seen += [p["Values"] for p in out["Partitions"]]
            todo = out["UnprocessedKeys"]
        self.assertEqual(todo, [])
        self.assertEqual(sorted(seen), [["big", "%04d" % i] for i in range(0, 24, 2)])

    def test_batch_delete(self):
        t = self.table()
        self.create_partitions(self.db, t, [["d", "%02d" % i] for i in range(30)])
        r = self.glue.batch_delete_partition(
            DatabaseName=self.db, TableName=t,
            PartitionsToDelete=[{"Values": ["d", "%02d" % i]} for i in range(25)])
        self.assertEqual(r["Errors"], [])
        self.assertEqual(self.partition_values(self.db, t),
                         {("d", "%02d" % i) for i in range(25, 30)})
        r = self.glue.batch_delete_partition(
            DatabaseName=self.db, TableName=t,
            PartitionsToDelete=[{"Values": ["d", "26"]}, {"Values": ["d", "03"]},
                                {"Values": ["d", "27"]}])
        errs = r["Errors"]
        self.assertEqual([e["PartitionValues"] for e in errs], [["d", "03"]])
        self.assertEqual(errs[0]["ErrorDetail"]["ErrorCode"], "EntityNotFoundException")
        self.assertIsInstance(errs[0]["ErrorDetail"].get("ErrorMessage"), str)
        self.assertEqual(self.partition_values(self.db, t),
                         {("d", "25"), ("d", "28"), ("d", "29")})
        self.assertClientError(
            "InvalidInputException", self.glue.batch_delete_partition,
            DatabaseName=self.db, TableName=t,
            PartitionsToDelete=[{"Values": ["d", "25"]}] * 1001)
        self.assertTrue(self.exists(t, ["d", "25"]))
        raw = self.assertRawOK(self.srv.raw("BatchDeletePartition", {
            "DatabaseName": self.db, "TableName": t,
            "PartitionsToDelete": [{"Values": ["d", "25"]}]}))
        self.assertEqual(raw, {"Errors": []})

    def test_batch_update(self):
        t = self.table()
        self.create_partitions(self.db, t, [{"Values": ["u", "%03d" % i],
                                             "Parameters": {"gen": "0"}}
                                            for i in range(100)])
        entries = [{"PartitionValueList": ["u", "%03d" % i],
                    "PartitionInput": {"Values": ["u", "%03d" % i],
                                       "Parameters": {"gen": "1"},
                                       "StorageDescriptor": sd_at("s3://u/%d/" % i)}}
                   for i in range(100)]
        r = self.glue.batch_update_partition(DatabaseName=self.db, TableName=t,
                                             Entries=entries)
        self.assertEqual(r["Errors"], [])
        parts = self.all_partitions(self.db, t)
        self.assertEqual(len(parts), 100)
        for p in parts:
            i = int(p["Values"][1])
            self.assertEqual(p["Parameters"], {"gen": "1"})
            self.assertEqual(p["StorageDescriptor"]["Location"], "s3://u/%d/" % i)
        self.assertClientError("InvalidInputException", self.glue.batch_update_partition,
                               DatabaseName=self.db, TableName=t,
                               Entries=entries * 10 + entries[:1])
        self.assertEqual(self.get(t, ["u", "000"])["Parameters"], {"gen": "1"})

    def test_batch_update_per_entry_errors(self):
        t = self.table()
        self.create_partitions(self.db, t, [{"Values": ["e", str(i)],
                                             "Parameters": {"n": str(i)}}
                                            for i in range(4)])
        r = self.glue.batch_update_partition(DatabaseName=self.db, TableName=t, Entries=[
            {"PartitionValueList": ["e", "0"],
             "PartitionInput": {"Values": ["e", "0"], "Parameters": {"n": "zero"}}},
            {"PartitionValueList": ["e", "missing"],
             "PartitionInput": {"Values": ["e", "missing"], "Parameters": {"n": "m"}}},
            # moving 1 onto 2 conflicts: 1 must stay as it was, 2 untouched
            {"PartitionValueList": ["e", "1"],
             "PartitionInput": {"Values": ["e", "2"], "Parameters": {"n": "clobber"}}},
            {"PartitionValueList": ["e", "3"],
             "PartitionInput": {"Values": ["e", "30"], "Parameters": {"n": "moved"}}},
        ])
        errs = {tuple(e["PartitionValueList"]): e["ErrorDetail"] for e in r["Errors"]}
        self.assertEqual(set(errs), {("e", "missing"), ("e", "1")}, r["Errors"])
        self.assertEqual(errs[("e", "missing")]["ErrorCode"], "EntityNotFoundException")
        self.assertEqual(errs[("e", "1")]["ErrorCode"], "AlreadyExistsException")
        self.assertEqual(self.partition_values(self.db, t),
                         {("e", "0"), ("e", "1"), ("e", "2"), ("e", "30")})
        self.assertEqual(self.get(t, ["e", "0"])["Parameters"], {"n": "zero"})
        self.assertEqual(self.get(t, ["e", "1"])["Parameters"], {"n": "1"})
        self.assertEqual(self.get(t, ["e", "2"])["Parameters"], {"n": "2"})
        self.assertEqual(self.get(t, ["e", "30"])["Parameters"], {"n": "moved"})
        # two entries moving onto the same new values: one of them fails whole
        r = self.glue.batch_update_partition(DatabaseName=self.db, TableName=t, Entries=[
            {"PartitionValueList": ["e", "0"],
             "PartitionInput": {"Values": ["e", "9"], "Parameters": {"n": "from0"}}},
            {"PartitionValueList": ["e", "2"],
             "PartitionInput": {"Values": ["e", "9"], "Parameters": {"n": "from2"}}}])
        self.assertEqual(len(r["Errors"]), 1, r["Errors"])
        self.assertEqual(r["Errors"][0]["ErrorDetail"]["ErrorCode"], "AlreadyExistsException")
        loser = r["Errors"][0]["PartitionValueList"]
        self.assertIn(loser, (["e", "0"], ["e", "2"]))
        winner = ["e", "2"] if loser == ["e", "0"] else ["e", "0"]
        self.assertEqual(self.get(t, ["e", "9"])["Parameters"],
                         {"n": "from" + winner[1]})
        self.assertFalse(self.exists(t, winner))
        self.assertEqual(self.get(t, loser)["Parameters"],
                         {"n": "zero" if loser == ["e", "0"] else "2"})
        raw = self.assertRawOK(self.srv.raw("BatchUpdatePartition", {
            "DatabaseName": self.db, "TableName": t, "Entries": [{
                "PartitionValueList": ["e", "1"],
                "PartitionInput": {"Values": ["e", "1"]}}]}))
        self.assertEqual(raw, {"Errors": []})


class Update(Base):
    def test_update_replaces(self):
        t = self.table()
        self.create(t, ["2024", "01"], Parameters={"a": "1"},
                    StorageDescriptor=sd_at("s3://old/"),
                    LastAccessTime=datetime.datetime(2024, 1, 1, tzinfo=UTC))
        p0 = self.get(t, ["2024", "01"])
        newsd = {"Location": "s3://new/", "Columns": [{"Name": "x", "Type": "int"}]}
        self.glue.update_partition(DatabaseName=self.db, TableName=t,
                                   PartitionValueList=["2024", "01"],
                                   PartitionInput={"Values": ["2024", "01"],
                                                   "Parameters": {"b": "2"},
                                                   "StorageDescriptor": newsd})
        p1 = self.get(t, ["2024", "01"])
        self.assertEqual(p1["Parameters"], {"b": "2"})
        self.assertNotIn("LastAccessTime", p1)
        self.assertEqual(p1["StorageDescriptor"]["Location"], "s3://new/")
        self.assertEqual(p1["StorageDescriptor"]["Columns"], newsd["Columns"])
        self.assertNotIn("InputFormat", p1["StorageDescriptor"])
        self.assertEqual(p1["CreationTime"], p0["CreationTime"])
        self.assertPartitionShape(p1, t, ["2024", "01"])

    def test_update_moves_values(self):
        t = self.table()
        self.create(t, ["2024", "01"], Parameters={"a": "1"})
        self.create(t, ["2024", "09"])
        self.glue.update_partition(DatabaseName=self.db, TableName=t,
                                   PartitionValueList=["2024", "01"],
                                   PartitionInput={"Values": ["2024", "02"],
                                                   "Parameters": {"a": "moved"}})
        self.assertFalse(self.exists(t, ["2024", "01"]))
        p = self.get(t, ["2024", "02"])
        self.assertEqual((p["Values"], p["Parameters"]), (["2024", "02"], {"a": "moved"}))
        self.assertEqual(self.partition_values(self.db, t),
                         {("2024", "02"), ("2024", "09")})
        self.assertEqual(self.partition_values(self.db, t, Expression="month = '02'"),
                         {("2024", "02")})
        self.assertEqual(self.partition_values(self.db, t, Expression="month = '01'"),
                         set())

    def test_update_move_onto_existing(self):
        t = self.table()
        self.create(t, ["a", "1"], Parameters={"n": "a"})
        self.create(t, ["b", "1"], Parameters={"n": "b"})
        self.assertClientError("AlreadyExistsException", self.glue.update_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionValueList=["a", "1"],
                               PartitionInput={"Values": ["b", "1"],
                                               "Parameters": {"n": "x"}})
        self.assertEqual(self.get(t, ["a", "1"])["Parameters"], {"n": "a"})
        self.assertEqual(self.get(t, ["b", "1"])["Parameters"], {"n": "b"})

    def test_update_errors(self):
        t = self.table()
        self.create(t, ["a", "1"], Parameters={"n": "a"})
        self.assertClientError("EntityNotFoundException", self.glue.update_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionValueList=["a", "2"],
                               PartitionInput={"Values": ["a", "2"]})
        self.assertFalse(self.exists(t, ["a", "2"]))
        self.assertClientError("InvalidInputException", self.glue.update_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionValueList=["a", "1"],
                               PartitionInput={"Values": ["a"], "Parameters": {"n": "x"}})
        self.assertClientError("InvalidInputException", self.glue.update_partition,
                               DatabaseName=self.db, TableName=t,
                               PartitionValueList=["a"],
                               PartitionInput={"Values": ["a", "1"]})
        self.assertEqual(self.get(t, ["a", "1"])["Parameters"], {"n": "a"})
        self.assertEqual(self.partition_values(self.db, t), {("a", "1")})


class Delete(Base):
    def test_delete(self):
        t = self.table()
        self.create(t, ["a", "1"])
        self.create(t, ["a", "2"])
        r = self.glue.delete_partition(DatabaseName=self.db, TableName=t,
                                       PartitionValues=["a", "1"])
        self.assertEqual(set(r) - {"ResponseMetadata"}, set())
        self.assertFalse(self.exists(t, ["a", "1"]))
        self.assertClientError("EntityNotFoundException", self.glue.delete_partition,
                               DatabaseName=self.db, TableName=t, PartitionValues=["a", "1"])
        self.assertEqual(self.partition_values(self.db, t), {("a", "2")})
        # re-create after delete
        self.create(t, ["a", "1"], Parameters={"again": "1"})
        self.assertEqual(self.get(t, ["a", "1"])["Parameters"], {"again": "1"})

    def _assert_fresh(self, db, t):
        self.assertEqual(self.glue.get_partitions(DatabaseName=db, TableName=t)["Partitions"],
                         [])
        self.assertClientError("EntityNotFoundException", self.glue.get_partition,
                               DatabaseName=db, TableName=t, PartitionValues=["x", "1"])
        self.assertEqual(self.glue.batch_get_partition(
            DatabaseName=db, TableName=t,
            PartitionsToGet=[{"Values": ["x", "1"]}])["Partitions"], [])
        self.glue.create_partition(DatabaseName=db, TableName=t,
                                   PartitionInput={"Values": ["x", "1"]})
        self.assertEqual(self.partition_values(db, t), {("x", "1")})

    def test_delete_table_cascades(self):
        t = self.table()
        self.create_partitions(self.db, t, [["x", str(i)] for i in range(50)])
        self.glue.delete_table(DatabaseName=self.db, Name=t)
        self.assertClientError("EntityNotFoundException", self.glue.get_partitions,
                               DatabaseName=self.db, TableName=t)
        self.table(name=t)
        self._assert_fresh(self.db, t)

    def test_batch_delete_table_cascades(self):
        t = self.table()
        self.create_partitions(self.db, t, [["x", str(i)] for i in range(5)])
        r = self.glue.batch_delete_table(DatabaseName=self.db, TablesToDelete=[t])
        self.assertEqual(r["Errors"], [])
        self.table(name=t)
        self._assert_fresh(self.db, t)

    def test_delete_database_cascades(self):
        db = self.make_db()
        t = self.table(db=db)
        self.create_partitions(db, t, [["x", str(i)] for i in range(20)])
        self.glue.delete_database(Name=db)
        self.assertClientError("EntityNotFoundException", self.glue.get_partition,
                               DatabaseName=db, TableName=t, PartitionValues=["x", "1"])
        self.make_db(db)
        self.table(db=db, name=t)
        self._assert_fresh(db, t)

    def test_other_tables_untouched(self):
        t1, t2 = self.table(), self.table()
        self.create(t1, ["x", "1"])
        self.create(t2, ["x", "1"])
        self.glue.delete_partition(DatabaseName=self.db, TableName=t1,
                                   PartitionValues=["x", "1"])
        self.assertTrue(self.exists(t2, ["x", "1"]))
        self.glue.delete_table(DatabaseName=self.db, Name=t2)
        self.create(t1, ["x", "2"])
        self.assertEqual(self.partition_values(self.db, t1), {("x", "2")})


class Listing(Base):
    """One table of 2,500 partitions shared by the read-only listing tests."""

    N_K, N_N = 25, 100

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = unique_name("big")
        cls.glue.create_table(DatabaseName=cls.db, TableInput={
            "Name": cls.big, "StorageDescriptor": TABLE_SD,
            "PartitionKeys": [{"Name": "k", "Type": "string"}, {"Name": "n", "Type": "int"}]})
        cls.all = set()
        inputs = []
        for k in range(cls.N_K):
            for n in range(cls.N_N):
                v = ("k%02d" % k, str(n))
                cls.all.add(v)
                inputs.append({"Values": list(v),
                               "StorageDescriptor": sd_at("s3://b/k%02d/%d/" % (k, n))})
        for i in range(0, len(inputs), 100):
            r = cls.glue.batch_create_partition(DatabaseName=cls.db, TableName=cls.big,
                                                PartitionInputList=inputs[i:i + 100])
            assert r["Errors"] == [], r["Errors"][:3]

    def page(self, **kw):
        return self.glue.get_partitions(DatabaseName=self.db, TableName=self.big, **kw)

    def test_paging_1000(self):
        seen, sizes, token = [], [], None
        while True:
            kw = {"MaxResults": 1000}
            if token is not None:
                kw["NextToken"] = token
            r = self.page(**kw)
            sizes.append(len(r["Partitions"]))
            seen += vals(r["Partitions"])
            token = r.get("NextToken")
            if token is None:
                break
            self.assertLess(len(sizes), 10)
        self.assertEqual(sizes, [1000, 1000, 500])
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), self.all)

    def test_paging_7_with_paginator(self):
        pages = list(self.glue.get_paginator("get_partitions").paginate(
            DatabaseName=self.db, TableName=self.big,
            ExcludeColumnSchema=True, PaginationConfig={"PageSize": 7}))
        sizes = [len(p["Partitions"]) for p in pages]
        self.assertTrue(all(s <= 7 for s in sizes), sizes)
        self.assertGreaterEqual(len(pages), 358)
        got = [tuple(x["Values"]) for p in pages for x in p["Partitions"]]
        self.assertEqual(len(got), len(set(got)))
        self.assertEqual(set(got), self.all)
        self.assertNotIn("NextToken", pages[-1])

    def test_default_page_size(self):
        got, sizes, token = [], [], None
        while True:
            r = self.page(**({"NextToken": token} if token else {}))
            sizes.append(len(r["Partitions"]))
            got += vals(r["Partitions"])
            token = r.get("NextToken")
            if not token:
                break
            self.assertLess(len(sizes), 3000)
        self.assertTrue(all(s <= 1000 for s in sizes), sizes)
        self.assertEqual(len(got), len(set(got)))
        self.assertEqual(set(got), self.all)

    def test_paging_with_expression(self):
        want = {v for v in self.all if int(v[1]) >= 90 or v[0] == "k03"}
        got = self.partition_values(self.db, self.big, MaxResults=13,
                                    Expression="n >= 90 OR k = 'k03'")
        self.assertEqual(got, want)

    def test_full_objects_and_exclude_column_schema(self):
        r = self.page(Expression="k = 'k07' AND n < 3")
        self.assertEqual(len(r["Partitions"]), 3)
        for p in r["Partitions"]:
            self.assertEqual(p, self.get(self.big, p["Values"]))
            self.assertPartitionShape(p, self.big, p["Values"])
            self.assertEqual(p["StorageDescriptor"],
                             sd_at("s3://b/%s/%s/" % tuple(p["Values"])))
        r = self.page(Expression="k = 'k07' AND n < 3", ExcludeColumnSchema=True)
        self.assertEqual(len(r["Partitions"]), 3)
        for p in r["Partitions"]:
            sd = p["StorageDescriptor"]
            self.assertNotIn("Columns", sd)
            want = sd_at("s3://b/%s/%s/" % tuple(p["Values"]))
            del want["Columns"]
            self.assertEqual(sd, want)
            self.assertEqual((p["DatabaseName"], p["TableName"]), (self.db, self.big))
        r = self.page(Expression="k = 'k07' AND n < 3", ExcludeColumnSchema=False)
        self.assertTrue(all("Columns" in p["StorageDescriptor"] for p in r["Partitions"]))

    def test_max_results_bounds(self):
        for bad in (0, 1001, -1):
            with self.subTest(MaxResults=bad):
                self.assertRawError(self.srv.raw("GetPartitions", {
                    "DatabaseName": self.db, "TableName": self.big, "MaxResults": bad}),
                    "InvalidInputException")
        r = self.page(MaxResults=1)
        self.assertEqual(len(r["Partitions"]), 1)
        self.assertIn("NextToken", r)

    def test_segments_cover_exactly_once(self):
        for total in range(1, 11):
            with self.subTest(TotalSegments=total):
                segs = [self.partition_values(
                    self.db, self.big, MaxResults=1000, ExcludeColumnSchema=True,
                    Segment={"SegmentNumber": i, "TotalSegments": total})
                    for i in range(total)]
                union = set().union(*segs)
                self.assertEqual(sum(len(s) for s in segs), len(union),
                                 "segments overlap: sizes %r" % [len(s) for s in segs])
                self.assertEqual(union, self.all)

    def test_segments_are_stable(self):
        seg = {"SegmentNumber": 2, "TotalSegments": 7}
        a = self.partition_values(self.db, self.big, MaxResults=1000, Segment=seg,
                                  ExcludeColumnSchema=True)
        b = self.partition_values(self.db, self.big, MaxResults=1000, Segment=seg,
                                  ExcludeColumnSchema=True)
        self.assertEqual(a, b)

    def test_segments_with_expression_and_paging(self):
        expr = "n < 40 AND k <> 'k05'"
        want = {v for v in self.all if int(v[1]) < 40 and v[0] != "k05"}
        for total in (1, 3, 10):
            with self.subTest(TotalSegments=total):
                segs = [self.partition_values(
                    self.db, self.big, MaxResults=25, Expression=expr,
                    Segment={"SegmentNumber": i, "TotalSegments": total})
                    for i in range(total)]
                self.assertEqual(sum(len(s) for s in segs), len(want))
                self.assertEqual(set().union(*segs), want)

    def test_segment_bounds(self):
        bad = [{"SegmentNumber": 3, "TotalSegments": 3},
               {"SegmentNumber": 0, "TotalSegments": 11},
               {"SegmentNumber": 0, "TotalSegments": 0},
               {"SegmentNumber": -1, "TotalSegments": 2},
               {"SegmentNumber": 10, "TotalSegments": 10}]
        for seg in bad:
            with self.subTest(Segment=seg):
                self.assertRawError(self.srv.raw("GetPartitions", {
                    "DatabaseName": self.db, "TableName": self.big, "Segment": seg}),
                    "InvalidInputException")

    def test_bad_tokens(self):
        tok = self.page(MaxResults=5)["NextToken"]
        # the genuine token works (also with the names in another case)
        r = self.glue.get_partitions(DatabaseName=self.db.upper(), TableName=self.big.upper(),
                                     MaxResults=5, NextToken=tok)
        self.assertEqual(len(r["Partitions"]), 5)
        other = unique_name("othert")
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": other, "PartitionKeys": [{"Name": "k", "Type": "string"},
                                             {"Name": "n", "Type": "int"}]})
        self.create_partitions(self.db, other, [["k00", str(i)] for i in range(20)])
        mid = len(tok) // 2
        forged = [tok[:mid] + ("A" if tok[mid] != "A" else "B") + tok[mid + 1:],
                  ("z" if tok[0] != "z" else "y") + tok[1:]]
        seg_tok = self.page(MaxResults=5, Segment={"SegmentNumber": 0,
                                                   "TotalSegments": 2})["NextToken"]
        expr_tok = self.page(MaxResults=5, Expression="n > 3")["NextToken"]
        self.make_table(self.db)
        self.make_table(self.db)
        tables_tok = self.glue.get_tables(DatabaseName=self.db, MaxResults=1)["NextToken"]
        cases = [
            ("garbage", self.big, {"NextToken": "garbage-token"}),
            ("other table", other, {"NextToken": tok}),
            ("forged middle", self.big, {"NextToken": forged[0]}),
            ("forged first", self.big, {"NextToken": forged[1]}),
            ("other expression", self.big, {"NextToken": tok, "Expression": "n > 3"}),
            ("expression dropped", self.big, {"NextToken": expr_tok}),
            ("expression changed", self.big, {"NextToken": expr_tok, "Expression": "n > 4"}),
            ("segment added", self.big, {"NextToken": tok, "Segment": {
                "SegmentNumber": 0, "TotalSegments": 2}}),
            ("segment dropped", self.big, {"NextToken": seg_tok}),
            ("segment changed", self.big, {"NextToken": seg_tok, "Segment": {
                "SegmentNumber": 1, "TotalSegments": 2}}),
            ("total changed", self.big, {"NextToken": seg_tok, "Segment": {
                "SegmentNumber": 0, "TotalSegments": 3}}),
            ("GetTables token", self.big, {"NextToken": tables_tok}),
        ]
        for label, table, kw in cases:
            with self.subTest(case=label):
                self.assertClientError("InvalidInputException", self.glue.get_partitions,
                                       DatabaseName=self.db, TableName=table,
                                       MaxResults=5, **kw)
        # a token from another table fails even in the other direction
        otok = self.glue.get_partitions(DatabaseName=self.db, TableName=other,
                                        MaxResults=5)["NextToken"]
        self.assertClientError("InvalidInputException", self.glue.get_partitions,
                               DatabaseName=self.db, TableName=self.big, NextToken=otok)
        # the segment/expression tokens work with their own parameters
        self.page(MaxResults=5, NextToken=seg_tok,
                  Segment={"SegmentNumber": 0, "TotalSegments": 2})
        self.page(MaxResults=5, NextToken=expr_tok, Expression="n > 3")

    def test_empty_table(self):
        t = self.table()
        r = self.glue.get_partitions(DatabaseName=self.db, TableName=t)
        self.assertEqual(r["Partitions"], [])
        self.assertNotIn("NextToken", r)
        raw = self.assertRawOK(self.srv.raw("GetPartitions", {"DatabaseName": self.db,
                                                              "TableName": t}))
        self.assertEqual(raw, {"Partitions": []})
        raw = self.assertRawOK(self.srv.raw("GetPartitions", {
            "DatabaseName": self.db, "TableName": t,
            "Segment": {"SegmentNumber": 4, "TotalSegments": 5}, "Expression": ""}))
        self.assertEqual(raw, {"Partitions": []})
        flat = self.table(keys=[])
        self.assertEqual(self.glue.get_partitions(DatabaseName=self.db,
                                                  TableName=flat)["Partitions"], [])

    def test_last_page_exactly_full(self):
        r1 = self.page(MaxResults=1000, Expression="k < 'k10'")  # exactly 1000 match
        self.assertEqual(len(r1["Partitions"]), 1000)
        if "NextToken" in r1:
            r2 = self.page(MaxResults=1000, Expression="k < 'k10'",
                           NextToken=r1["NextToken"])
            self.assertEqual(r2["Partitions"], [])
            self.assertNotIn("NextToken", r2)


class ConcurrentPaging(Base):
    """Keyset cursors: partitions added or removed between pages never cause
    repeats, and those present throughout are never skipped."""

    def fill(self, n):
        t = self.table(keys=[{"Name": "k", "Type": "string"}])
        vs = ["p%04d" % (i * 10) for i in range(n)]
        self.create_partitions(self.db, t, [[v] for v in vs])
        return t, set(vs)

    def scan_with_changes(self, t, live, page_size, seg=None, tag=""):
        """Page through T; between pages delete the last and first partition
        just returned and the first and last not yet seen, and add partitions
        that sort before, after and between the others. LIVE is the set of
        partitions now stored; returns (seen, created, deleted_seen,
        deleted_unseen, live)."""
        seen, token, created, deleted_seen, deleted_unseen = [], None, set(), set(), set()
        live = set(live)
        step = 0
        while True:
            kw = {"MaxResults": page_size}
            if seg is not None:
                kw["Segment"] = seg
            if token is not None:
                kw["NextToken"] = token
            r = self.glue.get_partitions(DatabaseName=self.db, TableName=t, **kw)
            page = [p["Values"][0] for p in r["Partitions"]]
            seen += page
            token = r.get("NextToken")
            if token is None:
                break
            step += 1
            self.assertLess(step, 1000)
            dels = set(page[-1:] + page[:1])
            unseen = sorted(live - set(seen) - dels)
            dels.update(unseen[:1] + unseen[-1:])
            adds = {"p%04d%s" % (step * 10 + 5, tag), "p%04d%s" % (step * 10 + 3005, tag),
                    "a%s%03d" % (tag, step), "z%s%03d" % (tag, step),
                    (page[-1] + "x" + tag) if page else "m%s%03d" % (tag, step)}
            adds -= live
            if dels:
                r2 = self.glue.batch_delete_partition(
                    DatabaseName=self.db, TableName=t,
                    PartitionsToDelete=[{"Values": [v]} for v in sorted(dels)])
                self.assertEqual(r2["Errors"], [])
            self.create_partitions(self.db, t, [[v] for v in sorted(adds)])
            for v in dels:
                (deleted_seen if v in seen else deleted_unseen).add(v)
            live = (live - dels) | adds
            created |= adds
        return seen, created, deleted_seen, deleted_unseen, live

    def check(self, seen, initial, created, deleted_seen, deleted_unseen):
        self.assertEqual(len(seen), len(set(seen)),
                         "repeated: %r" % sorted({v for v in seen if seen.count(v) > 1}))
        survivors = initial - deleted_seen - deleted_unseen
        missing = survivors - set(seen)
        self.assertFalse(missing, "skipped partitions present throughout: %r"
                         % sorted(missing)[:10])
        self.assertFalse(set(seen) & deleted_unseen,
                         "returned partitions deleted before their page")
        self.assertLessEqual(set(seen), initial | created)

    def test_add_delete_between_pages(self):
        t, initial = self.fill(300)
        seen, created, ds, du, _ = self.scan_with_changes(t, initial, 40)
        self.assertTrue(ds and du and created)
        self.check(seen, initial, created, ds, du)

    def test_add_delete_between_pages_small_pages(self):
        t, initial = self.fill(60)
        seen, created, ds, du, _ = self.scan_with_changes(t, initial, 3)
        self.check(seen, initial, created, ds, du)

    def test_add_delete_between_pages_segmented(self):
        t, initial = self.fill(200)
        live, seen_all, deleted = set(initial), [], set()
        for i in range(3):
            seen, _, ds, du, live = self.scan_with_changes(
                t, live, 15, seg={"SegmentNumber": i, "TotalSegments": 3}, tag="s%d" % i)
            self.assertEqual(len(seen), len(set(seen)))
            seen_all += seen
            deleted |= ds | du
        self.assertEqual(len(seen_all), len(set(seen_all)),
                         "a partition was returned by two segments")
        missing = initial - deleted - set(seen_all)
        self.assertFalse(missing, sorted(missing)[:10])

    def test_background_writer(self):
        t, initial = self.fill(400)
        victims = sorted(initial)[::7]
        stable = initial - set(victims)
        stop = threading.Event()
        errors = []

        def writer():
            c = self.srv.client()
            i = 0
            try:
                while not stop.is_set() and i < 400:
                    c.create_partition(DatabaseName=self.db, TableName=t,
                                       PartitionInput={"Values": ["p%04dnew" % (i * 7)]})
                    if i < len(victims):
                        c.delete_partition(DatabaseName=self.db, TableName=t,
                                           PartitionValues=[victims[i]])
                    i += 1
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        th = threading.Thread(target=writer)
        th.start()
        try:
            for _ in range(3):
                got = [tuple(p["Values"]) for p in self.all_partitions(self.db, t,
                                                                        MaxResults=9)]
                self.assertEqual(len(got), len(set(got)))
                missing = stable - {g[0] for g in got}
                self.assertFalse(missing, sorted(missing)[:10])
        finally:
            stop.set()
            th.join(30)
        self.assertEqual(errors, [])


class FastPathAgreement(Base):
    """GetPartitions writes partitions as JSON text by hand; GetPartition goes through
    jansson.  Both must give the same partition for unusual inputs."""

    def raw_list_and_get(self, t, db=None):
        db = db or self.db
        listed = self.assertRawOK(self.srv.raw("GetPartitions", {
            "DatabaseName": db, "TableName": t}))["Partitions"]
        for p in listed:
            one = self.assertRawOK(self.srv.raw("GetPartition", {
                "DatabaseName": db, "TableName": t,
                "PartitionValues": p["Values"]}))["Partition"]
            yield p, one

    def assertSame(self, listed, one):
        a, b = dict(listed), dict(one)
        self.assertAlmostEqual(a.pop("CreationTime"), b.pop("CreationTime"), places=2)
        self.assertEqual(a, b)

    def test_unusual_values_locations_parameters(self):
        t = self.table(keys=[{"Name": "k", "Type": "string"}],
                       sd=sd_at('s3://b/"q\\/'))
        weird = ['a"b', "c\\d", "e\x01f\n", "\u00e9\u2603\U0001F600", "\u2028", "'",
                 "__sd", '"__sd', '"Parameters":']
        for w in weird:
            safe = w.replace("\x01", "\t").replace("\n", "\t")
            self.create(t, [w], Parameters={safe: w},
                        StorageDescriptor=sd_at('s3://b/"q\\/k=' + safe))
        n = 0
        for listed, one in self.raw_list_and_get(t):
            with self.subTest(values=listed["Values"]):
                self.assertSame(listed, one)
                safe = listed["Values"][0].replace("\x01", "\t").replace("\n", "\t")
                self.assertEqual(listed["StorageDescriptor"]["Location"],
                                 's3://b/"q\\/k=' + safe)
                n += 1
        self.assertEqual(n, len(weird))

    def test_members_outside_the_model(self):
        # Only raw clients can send these; they must neither drop Parameters from the
        # listing nor be read back as the stored descriptor differences (nor at all).
        t = self.table(keys=[{"Name": "k", "Type": "string"}])
        for values, extra in ((["nested"], {"Foo": {"Parameters": "x"}}),
                              (["sd"], {"__sd": {"Location": "evil", "Columns": 5}}),
                              (["sdx"], {"__sdx": [1, "Columns"], "__sd": "zz"})):
            self.assertRawOK(self.srv.raw("CreatePartition", {
                "DatabaseName": self.db, "TableName": t,
                "PartitionInput": dict(extra, Values=values)}))
        got = {}
        for listed, one in self.raw_list_and_get(t):
            with self.subTest(values=listed["Values"]):
                self.assertSame(listed, one)
                self.assertEqual(listed["Parameters"], {})
                self.assertEqual(listed["StorageDescriptor"]["Location"],
                                 TABLE_SD["Location"] + "k=%s/" % listed["Values"][0])
                self.assertEqual(listed["StorageDescriptor"]["Columns"], TABLE_SD["Columns"])
                got[listed["Values"][0]] = listed
        self.assertEqual(set(got), {"nested", "sd", "sdx"})
        self.assertNotIn("Foo", got["nested"])  # not in the Glue model: dropped, not stored
        # and boto3 reads them all
        self.assertEqual(len(self.glue.get_partitions(DatabaseName=self.db,
                                                      TableName=t)["Partitions"]), 3)

    def test_no_descriptor_gets_the_hive_location_under_the_tables(self):
        # Hive's FileUtils.escapePathName: controls, " # % ' * / : = ? \\ { [ ] ^ and DEL as
        # %XX; other characters (UTF-8 too) as they are
        keys = [{"Name": "dt", "Type": "string"}, {"Name": "region", "Type": "string"}]
        t = self.table(keys=keys, sd=sd_at("s3://b/w/t"))  # no trailing '/'
        cases = [(["2024-06-01", "eu"], "dt=2024-06-01/region=eu/"),
                 (["2024-06-01 10:00:00", "a/b=c"], "dt=2024-06-01 10%3A00%3A00/region=a%2Fb%3Dc/"),
                 (["%#?*'\"", "[x]{y}^\\\x01\x7f"],
                  "dt=%25%23%3F%2A%27%22/region=%5Bx%5D%7By}%5E%5C%01%7F/"),
                 (["\u00e9 +~!@$&()", "z"], "dt=\u00e9 +~!@$&()/region=z/")]
        self.create(t, cases[0][0])
        self.glue.batch_create_partition(DatabaseName=self.db, TableName=t, PartitionInputList=[
            {"Values": cases[1][0]}, {"Values": cases[2][0]}])
        import rest_client
        r = rest_client.request(self.srv.port, "POST", "/v1/databases/%s/tables/%s/partitions"
                                % (self.db, t), body={"partitions": [{"Values": cases[3][0]}]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json.get("errors"), [], r.json)
        for values, rel in cases:
            with self.subTest(values=values):
                sd = self.get(t, values)["StorageDescriptor"]
                self.assertEqual(sd["Location"], "s3://b/w/t/" + rel)
                self.assertEqual((sd["Columns"], sd["InputFormat"]),
                                 (TABLE_SD["Columns"], TABLE_SD["InputFormat"]))
        # a descriptor given is kept as given
        self.create(t, ["own", "x"], StorageDescriptor={"Location": "s3://x/own/"})
        self.assertEqual(self.get(t, ["own", "x"])["StorageDescriptor"]["Location"],
                         "s3://x/own/")

    def test_table_without_location(self):
        t = self.table(keys=[{"Name": "k", "Type": "string"}], sd=None)
        self.create(t, ["none"])
        self.create(t, ["own"], StorageDescriptor={"Location": "s3://x/own/"})
        for listed, one in self.raw_list_and_get(t):
            with self.subTest(values=listed["Values"]):
                self.assertSame(listed, one)
                sd = listed["StorageDescriptor"]
                if listed["Values"] == ["own"]:
                    self.assertEqual(sd["Location"], "s3://x/own/")
                else:
                    self.assertNotIn("Location", sd)  # not an invented ""

    def test_token_scope_with_long_names(self):
        # 255 four-byte characters: the token's scope must still hold segment and expression
        cat = "\U0001F600" * 255
        db = unique_name("d" * 240)
        self.glue.create_database(CatalogId=cat, DatabaseInput={"Name": db})
        self.glue.create_table(CatalogId=cat, DatabaseName=db, TableInput={
            "Name": "t", "PartitionKeys": [{"Name": "k", "Type": "string"}]})
        self.glue.batch_create_partition(CatalogId=cat, DatabaseName=db, TableName="t",
                                         PartitionInputList=[{"Values": [str(i)]}
                                                             for i in range(10)])
        seg = {"SegmentNumber": 0, "TotalSegments": 2}
        tok = self.glue.get_partitions(CatalogId=cat, DatabaseName=db, TableName="t",
                                       Segment=seg, MaxResults=1)["NextToken"]
        r = self.glue.get_partitions(CatalogId=cat, DatabaseName=db, TableName="t",
                                     Segment=seg, NextToken=tok)
        self.assertEqual(len(r["Partitions"]), 4)
        for kw in ({"Segment": {"SegmentNumber": 1, "TotalSegments": 2}},
                   {"Segment": seg, "Expression": "k = '5'"}):
            with self.subTest(kw=kw):
                self.assertClientError("InvalidInputException", self.glue.get_partitions,
                                       CatalogId=cat, DatabaseName=db, TableName="t",
                                       NextToken=tok, **kw)


if __name__ == "__main__":
    harness.main()
