"""Partition indexes: CreatePartitionIndex, GetPartitionIndexes,
DeletePartitionIndex and their errors."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_catalog_id, unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


KEYS = [{"Name": "dt", "Type": "date"}, {"Name": "hr", "Type": "int"},
        {"Name": "region", "Type": "string"}, {"Name": "src", "Type": "varchar(10)"}]
SD = {"Columns": [{"Name": "payload", "Type": "string"}], "Location": "s3://b/t/"}
KTYPE = {k["Name"]: k["Type"] for k in KEYS}


class Base(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("idb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def table(self, keys=KEYS, db=None, name=None, **kw):
        return self.make_table(db or self.db, name, PartitionKeys=keys, StorageDescriptor=SD,
                               **kw)

    def create_index(self, table, name, keys, db=None, **kw):
        return self.glue.create_partition_index(
            DatabaseName=db or self.db, TableName=table,
            PartitionIndex={"IndexName": name, "Keys": keys}, **kw)

    def indexes(self, table, db=None, **kw):
        r = self.glue.get_partition_indexes(DatabaseName=db or self.db, TableName=table, **kw)
        self.assertIsInstance(r.get("PartitionIndexDescriptorList"), list, r)
        self.assertNotIn("NextToken", r)
        return {d["IndexName"]: d for d in r["PartitionIndexDescriptorList"]}

    def assertDescriptor(self, d, name, keys):
        self.assertEqual(d["IndexName"], name)
        self.assertEqual(d["Keys"], [{"Name": k, "Type": KTYPE[k]} for k in keys])
        self.assertEqual(d["IndexStatus"], "ACTIVE")
        self.assertFalse(d.get("BackfillErrors"), d)


class Lifecycle(Base):
    def test_create_get_delete(self):
        t = self.table()
        self.assertEqual(self.indexes(t), {})
        raw = self.assertRawOK(self.srv.raw("GetPartitionIndexes", {"DatabaseName": self.db,
                                                                    "TableName": t}))
        self.assertEqual(raw, {"PartitionIndexDescriptorList": []})
        r = self.create_index(t, "idx_dt", ["dt"])
        self.assertEqual(set(r) - {"ResponseMetadata"}, set())
        self.create_index(t, "idx_hr_dt", ["hr", "dt"])
        got = self.indexes(t)
        self.assertEqual(set(got), {"idx_dt", "idx_hr_dt"})
        self.assertDescriptor(got["idx_dt"], "idx_dt", ["dt"])
        self.assertDescriptor(got["idx_hr_dt"], "idx_hr_dt", ["hr", "dt"])
        r = self.glue.delete_partition_index(DatabaseName=self.db, TableName=t,
                                             IndexName="idx_dt")
        self.assertEqual(set(r) - {"ResponseMetadata"}, set())
        self.assertEqual(set(self.indexes(t)), {"idx_hr_dt"})
        self.assertClientError("EntityNotFoundException", self.glue.delete_partition_index,
                               DatabaseName=self.db, TableName=t, IndexName="idx_dt")
        # the name is free again
        self.create_index(t, "idx_dt", ["region", "src"])
        self.assertDescriptor(self.indexes(t)["idx_dt"], "idx_dt", ["region", "src"])

    def test_all_keys_and_paginator(self):
        t = self.table()
        self.create_index(t, "everything", [k["Name"] for k in KEYS])
        self.assertDescriptor(self.indexes(t)["everything"], "everything",
                              [k["Name"] for k in KEYS])
        pages = list(self.glue.get_paginator("get_partition_indexes").paginate(
            DatabaseName=self.db, TableName=t))
        names = [d["IndexName"] for p in pages for d in p["PartitionIndexDescriptorList"]]
        self.assertEqual(names, ["everything"])

    def test_limit_three_per_table(self):
        t = self.table()
        for i, keys in enumerate((["dt"], ["hr"], ["region", "dt"])):
            self.create_index(t, "i%d" % i, keys)
        self.assertClientError("ResourceNumberLimitExceededException", self.create_index,
                               t, "i3", ["src"])
        self.assertEqual(set(self.indexes(t)), {"i0", "i1", "i2"})
        # the limit is per table
        other = self.table()
        self.create_index(other, "i3", ["src"])
        self.glue.delete_partition_index(DatabaseName=self.db, TableName=t, IndexName="i1")
        self.create_index(t, "i3", ["src"])
        self.assertEqual(set(self.indexes(t)), {"i0", "i2", "i3"})
        self.assertClientError("ResourceNumberLimitExceededException", self.create_index,
                               t, "i4", ["hr"])

    def test_duplicate_name(self):
        t = self.table()
        self.create_index(t, "dup", ["dt"])
        self.assertClientError("AlreadyExistsException", self.create_index, t, "dup", ["hr"])
        self.assertDescriptor(self.indexes(t)["dup"], "dup", ["dt"])
        # the same name on another table is fine
        other = self.table()
        self.create_index(other, "dup", ["hr"])
        self.assertDescriptor(self.indexes(other)["dup"], "dup", ["hr"])
        self.assertDescriptor(self.indexes(t)["dup"], "dup", ["dt"])

    def test_keys_must_be_partition_keys(self):
        t = self.table()
        for keys in (["payload"], ["nope"], ["dt", "nope"], ["nope", "dt"]):
            with self.subTest(keys=keys):
                self.assertClientError("InvalidInputException", self.create_index,
                                       t, "bad_%d" % len(keys), keys)
        self.assertRawError(self.srv.raw("CreatePartitionIndex", {
            "DatabaseName": self.db, "TableName": t,
            "PartitionIndex": {"IndexName": "empty", "Keys": []}}), "InvalidInputException")
        self.assertRawError(self.srv.raw("CreatePartitionIndex", {
            "DatabaseName": self.db, "TableName": t,
            "PartitionIndex": {"Keys": ["dt"]}}), "InvalidInputException")
        self.assertRawError(self.srv.raw("CreatePartitionIndex", {
            "DatabaseName": self.db, "TableName": t,
            "PartitionIndex": {"IndexName": "x" * 256, "Keys": ["dt"]}}),
            "InvalidInputException")
        self.assertEqual(self.indexes(t), {})
        # an unpartitioned table takes no index
        flat = self.make_table(self.db, StorageDescriptor=SD)
        self.assertClientError("InvalidInputException", self.create_index,
                               flat, "i", ["payload"])
        self.assertEqual(self.indexes(flat), {})

    def test_missing_database_or_table(self):
        t = self.table()
        for db, tb in ((self.db, "nope_tbl"), ("nope_db_i", t)):
            with self.subTest(db=db, table=tb):
                self.assertClientError("EntityNotFoundException", self.create_index,
                                       tb, "i", ["dt"], db=db)
                self.assertClientError("EntityNotFoundException",
                                       self.glue.get_partition_indexes,
                                       DatabaseName=db, TableName=tb)
                self.assertClientError("EntityNotFoundException",
                                       self.glue.delete_partition_index,
                                       DatabaseName=db, TableName=tb, IndexName="i")

    def test_delete_table_drops_indexes(self):
        t = self.table()
        self.create_index(t, "a", ["dt"])
        self.create_index(t, "b", ["hr"])
        self.create_index(t, "c", ["region"])
        self.glue.delete_table(DatabaseName=self.db, Name=t)
        self.table(name=t)
        self.assertEqual(self.indexes(t), {})
        for n in ("a", "b", "c"):
            self.create_index(t, n, ["src"])
        self.assertEqual(set(self.indexes(t)), {"a", "b", "c"})

    def test_delete_database_drops_indexes(self):
        db = self.make_db()
        t = self.table(db=db)
        self.create_index(t, "a", ["dt"], db=db)
        self.glue.delete_database(Name=db)
        self.make_db(db)
        self.table(db=db, name=t)
        self.assertEqual(self.indexes(t, db=db), {})

    def test_names_case_folded_for_database_and_table(self):
        t = self.table()
        self.create_index(t.upper(), "cased", ["dt"], db=self.db.upper())
        self.assertEqual(set(self.indexes(t)), {"cased"})
        self.assertEqual(set(self.indexes(t.upper(), db=self.db.upper())), {"cased"})

    def test_catalog_id(self):
        cat = unique_catalog_id()
        db = unique_name("icat")
        self.glue.create_database(CatalogId=cat, DatabaseInput={"Name": db})
        self.glue.create_table(CatalogId=cat, DatabaseName=db, TableInput={
            "Name": "t", "PartitionKeys": KEYS})
        self.create_index("t", "c", ["dt"], db=db, CatalogId=cat)
        self.assertEqual(set(self.indexes("t", db=db, CatalogId=cat)), {"c"})
        self.assertClientError("EntityNotFoundException", self.glue.get_partition_indexes,
                               DatabaseName=db, TableName="t")


class WithPartitions(Base):
    def test_index_does_not_change_results(self):
        t = self.table()
        rows = [("2020-01-%02d" % d, str(h), r, s) for d in (1, 2, 3, 10) for h in (1, 9, 10, 23)
                for r in ("us", "eu") for s in ("a", "b")]
        rows.append(("__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "x", "y"))
        self.create_partitions(self.db, t, rows)
        exprs = ["dt = '2020-01-02'", "dt >= '2020-01-02' AND hr > 9",
                 "hr BETWEEN 9 AND 10 AND dt < '2020-01-10'", "region = 'us' OR hr = 1",
                 "dt IN ('2020-01-01', '2020-01-10') AND region LIKE 'e%'",
                 "NOT (hr > 9)", "hr IS NULL", "dt IS NOT NULL AND src <> 'a'", ""]
        before = {e: self.partition_values(self.db, t, Expression=e) for e in exprs}
        self.create_index(t, "by_dt_hr", ["dt", "hr"])
        self.create_index(t, "by_region", ["region"])
        for e in exprs:
            with self.subTest(expression=e):
                self.assertEqual(self.partition_values(self.db, t, Expression=e), before[e])
                self.assertEqual(self.partition_values(self.db, t, Expression=e,
                                                       MaxResults=5), before[e])
        self.assertEqual(len(before[""]), len(rows))
        self.assertEqual(len(before["dt = '2020-01-02'"]), 16)
        # partitions written after the index are found through it
        self.create_partitions(self.db, t, [("2020-01-02", "11", "us", "c")])
        self.assertIn(("2020-01-02", "11", "us", "c"),
                      self.partition_values(self.db, t, Expression="dt = '2020-01-02' AND "
                                                                    "hr = 11"))
        self.glue.delete_partition(DatabaseName=self.db, TableName=t,
                                   PartitionValues=["2020-01-02", "11", "us", "c"])
        self.assertEqual(self.partition_values(self.db, t, Expression="dt = '2020-01-02' "
                                                                      "AND hr = 11"), set())
        # and after the indexes are gone, too
        for n in ("by_dt_hr", "by_region"):
            self.glue.delete_partition_index(DatabaseName=self.db, TableName=t, IndexName=n)
        for e in exprs:
            with self.subTest(expression=e, dropped=True):
                self.assertEqual(self.partition_values(self.db, t, Expression=e), before[e])


if __name__ == "__main__":
    harness.main()


class AtCreateTable(Base):
    """CreateTable's PartitionIndexes member, and input checks on index keys."""

    def test_create_table_with_partition_indexes(self):
        name = unique_name("t")
        self.glue.create_table(
            DatabaseName=self.db,
            TableInput={"Name": name, "PartitionKeys": KEYS, "StorageDescriptor": SD},
            PartitionIndexes=[{"IndexName": "by_dt", "Keys": ["dt"]},
                              {"IndexName": "by_dt_hr", "Keys": ["dt", "hr"]}])
        got = self.glue.get_partition_indexes(DatabaseName=self.db, TableName=name)
        by_name = {d["IndexName"]: d for d in got["PartitionIndexDescriptorList"]}
        self.assertEqual(set(by_name), {"by_dt", "by_dt_hr"})
        self.assertEqual(by_name["by_dt_hr"]["Keys"],
                         [{"Name": "dt", "Type": "date"}, {"Name": "hr", "Type": "int"}])
        self.assertEqual(by_name["by_dt"]["IndexStatus"], "ACTIVE")

    def test_bad_index_at_create_table_creates_nothing(self):
        for idx in ({"IndexName": "bad", "Keys": ["nope"]},
                    {"IndexName": "dup", "Keys": ["dt", "dt"]}):
            name = unique_name("t")
            with self.subTest(index=idx):
                self.assertClientError(
                    "InvalidInputException", self.glue.create_table, DatabaseName=self.db,
                    TableInput={"Name": name, "PartitionKeys": KEYS, "StorageDescriptor": SD},
                    PartitionIndexes=[idx])
                self.assertClientError("EntityNotFoundException", self.glue.get_table,
                                       DatabaseName=self.db, Name=name)

    def test_duplicate_keys_rejected(self):
        t = self.table()
        self.assertClientError("InvalidInputException", self.create_index, t, "dup",
                               ["hr", "hr"])

    def test_garbage_next_token_rejected(self):
        t = self.table()
        self.assertClientError("InvalidInputException", self.glue.get_partition_indexes,
                               DatabaseName=self.db, TableName=t, NextToken="junk")
