"""Column statistics of tables and partitions: Get/Update/DeleteColumnStatisticsFor{Table,
Partition} (all seven data types round-trip exactly, per-entry Errors, limits, statistics
going with their table, partition or column) and catalogd's batch extension
BatchUpdateColumnStatisticsForPartition (Glue envelope and REST)."""

import base64
import copy
import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


COLS = [{"Name": "b", "Type": "boolean"}, {"Name": "d", "Type": "date"},
        {"Name": "dec", "Type": "decimal(20,2)"}, {"Name": "dbl", "Type": "double"},
        {"Name": "l", "Type": "bigint"}, {"Name": "s", "Type": "string"},
        {"Name": "bin", "Type": "binary"}]
SD = {"Columns": COLS, "Location": "s3://b/t/"}
KEYS = [{"Name": "dt", "Type": "string"}]


def stat(col, ctype, dtype, member, data, at=1718822493):
    return {"ColumnName": col, "ColumnType": ctype, "AnalyzedTime": at,
            "StatisticsData": {"Type": dtype, member: data}}


# One entry per ColumnStatisticsData type, as raw JSON: the edge values clients send.
RAW_STATS = [
    stat("b", "boolean", "BOOLEAN", "BooleanColumnStatisticsData",
         {"NumberOfTrues": 9007199254740993, "NumberOfFalses": 0, "NumberOfNulls": 1}),
    stat("d", "date", "DATE", "DateColumnStatisticsData",
         {"MinimumValue": -86400, "MaximumValue": 253402214400.5, "NumberOfNulls": 0,
          "NumberOfDistinctValues": 2}),
    stat("dec", "decimal(20,2)", "DECIMAL", "DecimalColumnStatisticsData",
         {"MinimumValue": {"UnscaledValue": base64.b64encode(b"\xff\x00\x01").decode(),
                           "Scale": 2},
          "MaximumValue": {"UnscaledValue": base64.b64encode(bytes(range(17))).decode(),
                           "Scale": 2},
          "NumberOfNulls": 3, "NumberOfDistinctValues": 4}),
    stat("dbl", "double", "DOUBLE", "DoubleColumnStatisticsData",
         {"MinimumValue": "-Infinity", "MaximumValue": "NaN", "NumberOfNulls": 0,
          "NumberOfDistinctValues": 1}),
    stat("l", "bigint", "LONG", "LongColumnStatisticsData",
         {"MinimumValue": -9223372036854775808, "MaximumValue": 9223372036854775807,
          "NumberOfNulls": 0, "NumberOfDistinctValues": 5}),
    stat("s", "string", "STRING", "StringColumnStatisticsData",
         {"MaximumLength": 12, "AverageLength": 0.1 + 0.2, "NumberOfNulls": 0,
          "NumberOfDistinctValues": 6}),
    stat("bin", "binary", "BINARY", "BinaryColumnStatisticsData",
         {"MaximumLength": 100, "AverageLength": 1e-300, "NumberOfNulls": 7}),
]


def long_stat(col, lo=0, hi=10, nulls=0):
    return stat(col, "bigint", "LONG", "LongColumnStatisticsData",
                {"MinimumValue": lo, "MaximumValue": hi, "NumberOfNulls": nulls,
                 "NumberOfDistinctValues": 3})


class Base(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("csdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def table(self, keys=(), cols=COLS):
        sd = dict(SD, Columns=list(cols))
        return self.make_table(self.db, PartitionKeys=list(keys), StorageDescriptor=sd)

    def ptable(self, parts=("1", "2")):
        t = self.table(KEYS)
        self.create_partitions(self.db, t, [{"Values": [p], "StorageDescriptor": SD}
                                            for p in parts])
        return t

    def raw_ok(self, op, body):
        return self.assertRawOK(self.srv.raw(op, body))

    def names(self, t, part=None):
        """Columns of T (or partition PART) that have statistics."""
        kw = dict(DatabaseName=self.db, TableName=t, ColumnNames=[c["Name"] for c in COLS])
        if part is None:
            r = self.glue.get_column_statistics_for_table(**kw)
        else:
            r = self.glue.get_column_statistics_for_partition(PartitionValues=part, **kw)
        return sorted(s["ColumnName"] for s in r["ColumnStatisticsList"])


class RoundTrip(Base):
    def test_every_type_round_trips_exactly_on_tables_and_partitions(self):
        t = self.ptable(["x"])
        for suffix, extra in (("Table", {}), ("Partition", {"PartitionValues": ["x"]})):
            with self.subTest(suffix):
                req = dict(DatabaseName=self.db, TableName=t, ColumnStatisticsList=RAW_STATS,
                           **extra)
                r = self.raw_ok("UpdateColumnStatisticsFor" + suffix, req)
                self.assertEqual(r, {"Errors": []})
                got = self.raw_ok("GetColumnStatisticsFor" + suffix,
                                  dict(DatabaseName=self.db, TableName=t,
                                       ColumnNames=[c["Name"] for c in COLS], **extra))
                self.assertEqual(got["Errors"], [])
                self.assertEqual(got["ColumnStatisticsList"], RAW_STATS)

    def test_boto3_decimal_bytes_and_nan_round_trip(self):
        t = self.table()
        cs = [stat("dec", "decimal(20,2)", "DECIMAL", "DecimalColumnStatisticsData",
                   {"MinimumValue": {"UnscaledValue": b"\x80\x00", "Scale": 2},
                    "MaximumValue": {"UnscaledValue": b"\x7f" + b"\xff" * 15, "Scale": 2},
                    "NumberOfNulls": 0, "NumberOfDistinctValues": 2}),
              stat("dbl", "double", "DOUBLE", "DoubleColumnStatisticsData",
                   {"MinimumValue": float("-inf"), "MaximumValue": float("inf"),
                    "NumberOfNulls": 0, "NumberOfDistinctValues": 2})]
        r = self.glue.update_column_statistics_for_table(DatabaseName=self.db, TableName=t,
                                                         ColumnStatisticsList=cs)
        self.assertEqual(r["Errors"], [])
        got = self.glue.get_column_statistics_for_table(DatabaseName=self.db, TableName=t,
                                                        ColumnNames=["dec", "dbl"])
        by = {s["ColumnName"]: s["StatisticsData"] for s in got["ColumnStatisticsList"]}
        dec = by["dec"]["DecimalColumnStatisticsData"]
        self.assertEqual(dec["MinimumValue"]["UnscaledValue"], b"\x80\x00")
        self.assertEqual(dec["MaximumValue"]["UnscaledValue"], b"\x7f" + b"\xff" * 15)
        dbl = by["dbl"]["DoubleColumnStatisticsData"]
        self.assertEqual(dbl["MinimumValue"], "-Infinity")  # botocore leaves them as strings
        self.assertEqual(dbl["MaximumValue"], "Infinity")

    def test_update_replaces_and_names_are_folded(self):
        t = self.table()
        self.raw_ok("UpdateColumnStatisticsForTable",
                    dict(DatabaseName=self.db, TableName=t, ColumnStatisticsList=[long_stat("L")]))
        self.raw_ok("UpdateColumnStatisticsForTable",
                    dict(DatabaseName=self.db, TableName=t.upper(),
                         ColumnStatisticsList=[long_stat("l", hi=99)]))
        got = self.raw_ok("GetColumnStatisticsForTable",
                          dict(DatabaseName=self.db.upper(), TableName=t, ColumnNames=["L"]))
        self.assertEqual(got["ColumnStatisticsList"], [long_stat("l", hi=99)])


class Errors(Base):
    def test_get_reports_columns_without_statistics(self):
        t = self.table()
        self.raw_ok("UpdateColumnStatisticsForTable",
                    dict(DatabaseName=self.db, TableName=t, ColumnStatisticsList=[long_stat("l")]))
        got = self.raw_ok("GetColumnStatisticsForTable",
                          dict(DatabaseName=self.db, TableName=t, ColumnNames=["l", "s", "nope"]))
        self.assertEqual([s["ColumnName"] for s in got["ColumnStatisticsList"]], ["l"])
        self.assertEqual(got["Errors"], [
            {"ColumnName": "s", "Error": {"ErrorCode": "EntityNotFoundException",
                                          "ErrorMessage": "No statistics for column s."}},
            {"ColumnName": "nope", "Error": {
                "ErrorCode": "EntityNotFoundException",
                "ErrorMessage": "Column nope not found in table %s." % t}}])

    def test_update_reports_bad_entries_and_keeps_the_good_ones(self):
        t = self.table()
        bad_col = long_stat("nope")
        mismatch = stat("l", "bigint", "LONG", "DoubleColumnStatisticsData",
                        {"NumberOfNulls": 0, "NumberOfDistinctValues": 1})
        good = long_stat("l")
        r = self.raw_ok("UpdateColumnStatisticsForTable",
                        dict(DatabaseName=self.db, TableName=t,
                             ColumnStatisticsList=[bad_col, mismatch, good]))
        self.assertEqual(r["Errors"], [
            {"ColumnStatistics": bad_col, "Error": {
                "ErrorCode": "EntityNotFoundException",
                "ErrorMessage": "Column nope not found in table %s." % t}},
            {"ColumnStatistics": mismatch, "Error": {
                "ErrorCode": "InvalidInputException",
                "ErrorMessage": "Statistics of type LONG need LongColumnStatisticsData."}}])
        self.assertEqual(self.names(t), ["l"])

    def test_limits_and_model_checks(self):
        t = self.table()
        cases = [
            ("UpdateColumnStatisticsForTable",
             dict(ColumnStatisticsList=[long_stat("l")] * 26), "length less than or equal to 25"),
            ("GetColumnStatisticsForTable", dict(ColumnNames=["l"] * 101),
             "length less than or equal to 100"),
            ("UpdateColumnStatisticsForTable",
             dict(ColumnStatisticsList=[stat("l", "bigint", "WIDE", "LongColumnStatisticsData",
                                             {"NumberOfNulls": 0, "NumberOfDistinctValues": 1})]),
             "enum value set"),
            ("UpdateColumnStatisticsForTable",
             dict(ColumnStatisticsList=[long_stat("l", nulls=-1)]),
             "greater than or equal to 0"),
            ("DeleteColumnStatisticsForTable", dict(), "at 'columnName'"),
        ]
        for op, extra, wording in cases:
            with self.subTest(op=op, wording=wording):
                body = self.assertRawError(
                    self.srv.raw(op, dict(DatabaseName=self.db, TableName=t, **extra)),
                    "InvalidInputException")
                self.assertIn(wording, body["message"])
        self.assertEqual(self.names(t), [])

    def test_missing_parents(self):
        t = self.ptable(["1"])
        cases = [
            (self.glue.get_column_statistics_for_table,
             dict(DatabaseName=self.db, TableName="nope", ColumnNames=["l"])),
            (self.glue.update_column_statistics_for_table,
             dict(DatabaseName="nodb", TableName=t, ColumnStatisticsList=[long_stat("l")])),
            (self.glue.delete_column_statistics_for_table,
             dict(DatabaseName=self.db, TableName="nope", ColumnName="l")),
            (self.glue.get_column_statistics_for_partition,
             dict(DatabaseName=self.db, TableName=t, PartitionValues=["9"], ColumnNames=["l"])),
            (self.glue.update_column_statistics_for_partition,
             dict(DatabaseName=self.db, TableName=t, PartitionValues=["9"],
                  ColumnStatisticsList=[long_stat("l")])),
            (self.glue.delete_column_statistics_for_partition,
             dict(DatabaseName=self.db, TableName=t, PartitionValues=["9"], ColumnName="l")),
        ]
        for fn, kw in cases:
            with self.subTest(fn.__name__):
                self.assertClientError("EntityNotFoundException", fn, **kw)
        self.assertClientError("InvalidInputException",
                               self.glue.get_column_statistics_for_partition, DatabaseName=self.db,
                               TableName=t, PartitionValues=["1", "2"], ColumnNames=["l"])

    def test_delete_is_blind(self):
        t = self.ptable(["1"])
        self.raw_ok("UpdateColumnStatisticsForPartition",
                    dict(DatabaseName=self.db, TableName=t, PartitionValues=["1"],
                         ColumnStatisticsList=[long_stat("l"), long_stat("s")]))
        for _ in range(2):  # the second finds nothing and still succeeds
            self.glue.delete_column_statistics_for_partition(
                DatabaseName=self.db, TableName=t, PartitionValues=["1"], ColumnName="L")
        self.glue.delete_column_statistics_for_table(DatabaseName=self.db, TableName=t,
                                                     ColumnName="never_existed")
        self.assertEqual(self.names(t, ["1"]), ["s"])


class Lifecycle(Base):
    def put(self, t, part=None, cols=("l", "s")):
        req = dict(DatabaseName=self.db, TableName=t,
                   ColumnStatisticsList=[long_stat(c) for c in cols])
        if part is None:
            self.raw_ok("UpdateColumnStatisticsForTable", req)
        else:
            self.raw_ok("UpdateColumnStatisticsForPartition", dict(req, PartitionValues=part))

    def test_statistics_go_with_their_table_and_partition(self):
        t = self.ptable(["1", "2"])
        self.put(t)
        self.put(t, ["1"])
        self.put(t, ["2"])
        self.glue.delete_partition(DatabaseName=self.db, TableName=t, PartitionValues=["1"])
        self.create_partitions(self.db, t, [{"Values": ["1"], "StorageDescriptor": SD}])
        self.assertEqual(self.names(t, ["1"]), [])
        self.assertEqual(self.names(t, ["2"]), ["l", "s"])
        self.glue.delete_table(DatabaseName=self.db, Name=t)
        self.make_table(self.db, t, PartitionKeys=KEYS, StorageDescriptor=SD)
        self.create_partitions(self.db, t, [{"Values": ["2"], "StorageDescriptor": SD}])
        self.assertEqual(self.names(t), [])
        self.assertEqual(self.names(t, ["2"]), [])

    def test_statistics_go_with_their_database(self):
        db = self.make_db()
        self.make_table(db, "t", StorageDescriptor=SD)
        self.raw_ok("UpdateColumnStatisticsForTable",
                    dict(DatabaseName=db, TableName="t", ColumnStatisticsList=[long_stat("l")]))
        self.glue.delete_database(Name=db)
        self.make_db(db)
        self.make_table(db, "t", StorageDescriptor=SD)
        got = self.raw_ok("GetColumnStatisticsForTable",
                          dict(DatabaseName=db, TableName="t", ColumnNames=["l"]))
        self.assertEqual(got["ColumnStatisticsList"], [])

    def test_statistics_go_with_their_column(self):
        t = self.ptable(["1"])
        self.put(t)
        self.put(t, ["1"])
        fewer = [c for c in COLS if c["Name"] != "s"]
        self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": KEYS, "StorageDescriptor": dict(SD, Columns=fewer)})
        self.assertEqual(self.names(t), ["l"])
        self.assertEqual(self.names(t, ["1"]), ["l", "s"])  # the partition keeps its own
        self.glue.update_partition(DatabaseName=self.db, TableName=t, PartitionValueList=["1"],
                                   PartitionInput={"Values": ["1"],
                                                   "StorageDescriptor": dict(SD, Columns=fewer)})
        self.assertEqual(self.names(t, ["1"]), ["l"])
        # a partition moved to other values keeps its statistics
        self.glue.update_partition(DatabaseName=self.db, TableName=t, PartitionValueList=["1"],
                                   PartitionInput={"Values": ["9"], "StorageDescriptor": SD})
        self.assertEqual(self.names(t, ["9"]), ["l"])


class Batch(Base):
    """catalogd's BatchUpdateColumnStatisticsForPartition (not a Glue operation)."""

    def test_many_partitions_in_one_call(self):
        parts = [str(i) for i in range(300)]
        t = self.ptable(parts)
        entries = [{"PartitionValues": [p], "ColumnStatisticsList": [long_stat("l", hi=int(p))]}
                   for p in parts]
        entries.append({"PartitionValues": ["missing"], "ColumnStatisticsList": [long_stat("l")]})
        entries.append({"PartitionValues": ["0"], "ColumnStatisticsList": [long_stat("nope")],
                        "Unknown": 1})
        r = self.raw_ok("BatchUpdateColumnStatisticsForPartition",
                        dict(DatabaseName=self.db, TableName=t, Entries=entries))
        self.assertEqual(r["Errors"], [
            {"PartitionValues": ["missing"], "Error": {"ErrorCode": "EntityNotFoundException",
                                                       "ErrorMessage": "Partition not found."}},
            {"PartitionValues": ["0"], "ColumnStatistics": long_stat("nope"), "Error": {
                "ErrorCode": "EntityNotFoundException",
                "ErrorMessage": "Column nope not found in table %s." % t}}])
        got = self.raw_ok("GetColumnStatisticsForPartition",
                          dict(DatabaseName=self.db, TableName=t, PartitionValues=["299"],
                               ColumnNames=["l"]))
        self.assertEqual(got["ColumnStatisticsList"], [long_stat("l", hi=299)])

    def test_request_checks(self):
        t = self.ptable(["1"])
        one = {"PartitionValues": ["1"], "ColumnStatisticsList": [long_stat("l")]}
        bad = copy.deepcopy(one)
        bad["ColumnStatisticsList"][0]["StatisticsData"]["Type"] = "WIDE"
        cases = [
            (dict(DatabaseName=self.db, TableName=t, Entries=[]), "between 1 and 1000"),
            (dict(DatabaseName=self.db, TableName=t, Entries=[one] * 1001), "between 1 and 1000"),
            (dict(DatabaseName=self.db, TableName=t), "at 'entries'"),
            (dict(DatabaseName=self.db, Entries=[one]), "at 'tableName'"),
            (dict(DatabaseName=self.db, TableName=t, Entries=[one, bad]),
             "at 'entries.2.member.columnStatisticsList.1.member.statisticsData.type'"),
            (dict(DatabaseName=self.db, TableName=t, Entries=[one, 5]),
             "at 'entries.2.member'"),
            (dict(DatabaseName=self.db, TableName=t,
                  Entries=[dict(one, ColumnStatisticsList=[long_stat("l")] * 26)]),
             "length less than or equal to 25"),
        ]
        for body, wording in cases:
            with self.subTest(wording):
                err = self.assertRawError(
                    self.srv.raw("BatchUpdateColumnStatisticsForPartition", body),
                    "InvalidInputException")
                self.assertIn(wording, err["message"])
        self.assertEqual(self.names(t, ["1"]), [])
        self.assertRawError(self.srv.raw("BatchUpdateColumnStatisticsForPartition",
                                         dict(DatabaseName=self.db, TableName="nope",
                                              Entries=[one])), "EntityNotFoundException")

    def test_rest_route(self):
        t = self.ptable(["1", "2"])
        url = "http://127.0.0.1:%d/v1/databases/%s/tables/%s/partitions/column-statistics" % (
            self.srv.port, self.db, t)
        body = {"entries": [{"PartitionValues": ["1"], "ColumnStatisticsList": [long_stat("l")]},
                            {"PartitionValues": ["3"], "ColumnStatisticsList": [long_stat("l")]}]}
        rq = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                    headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(rq) as r:
            self.assertEqual(r.status, 200)
            out = json.loads(r.read())
        self.assertEqual([e["PartitionValues"] for e in out["errors"]], [["3"]])
        self.assertEqual(self.names(t, ["1"]), ["l"])
