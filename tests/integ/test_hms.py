"""The Hive Metastore Thrift front (--hms-listen) through a real Thrift client: Debian's python3-thrift
with client code generated at test time by thrift-compiler from the Hive Metastore IDL. Engines' call
sequences (Spark start-up and an INSERT into a partitioned table, Trino's pruning), cross-protocol
checks against boto3, every exception type, unknown methods, the framed transport, the size limits."""

import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402

# Hive's IDL as Trino's hive-thrift keeps it (Apache License 2.0: tests/integ/hms/LICENSE)
IDL = os.environ.get("HMS_IDL", os.path.join(harness.REPO_ROOT, "tests", "integ", "hms",
                                             "hive_metastore.thrift"))
HMS_RE = re.compile(r"Hive Metastore \(Thrift\) on 127\.0\.0\.1:(\d+)")
GEN = None  # the generated client's folder
H = T = None  # the generated modules: ThriftHiveMetastore, ttypes
SRV = None
PORT = None


def _generate():
    """Generate the Python client from the IDL into a temporary folder and import it. Debian's
    python3-thrift lives in /usr/lib/python3/dist-packages: reachable from another interpreter
    through a folder holding only a link to it."""
    global GEN, H, T
    if shutil.which("thrift") is None:
        raise unittest.SkipTest("thrift-compiler is not installed (sh tools/deps.sh)")
    if not os.path.exists(IDL):
        raise unittest.SkipTest("the Hive Metastore IDL is not at %s (HMS_IDL)" % IDL)
    GEN = tempfile.mkdtemp(prefix="catalogd-hms-gen-")
    subprocess.check_call(["thrift", "--gen", "py", "-out", GEN, IDL])
    try:
        import thrift  # noqa: F401
    except ImportError:
        deb = "/usr/lib/python3/dist-packages/thrift"
        if not os.path.isdir(deb):
            raise unittest.SkipTest("python3-thrift is not installed (sh tools/deps.sh)")
        os.makedirs(os.path.join(GEN, "site"))
        os.symlink(deb, os.path.join(GEN, "site", "thrift"))
        sys.path.insert(0, os.path.join(GEN, "site"))
    sys.path.insert(0, GEN)
    from hive_metastore import ThriftHiveMetastore, ttypes
    H, T = ThriftHiveMetastore, ttypes


def setUpModule():
    global SRV, PORT
    _generate()
    SRV = harness.start_module_server(extra_args=["--hms-listen", "127.0.0.1:0"])
    deadline = time.monotonic() + 10
    while True:
        m = HMS_RE.search(SRV.log())
        if m:
            PORT = int(m.group(1))
            break
        if time.monotonic() > deadline:
            raise RuntimeError("no Hive Metastore line in the log:\n" + SRV.log())
        time.sleep(0.01)


def tearDownModule():
    harness.stop_module_server()
    if GEN:
        shutil.rmtree(GEN, ignore_errors=True)


def connect(framed=False, strict=True):
    from thrift.protocol import TBinaryProtocol
    from thrift.transport import TSocket, TTransport
    sock = TSocket.TSocket("127.0.0.1", PORT)
    sock.setTimeout(20000)
    tr = TTransport.TFramedTransport(sock) if framed else TTransport.TBufferedTransport(sock)
    client = H.Client(TBinaryProtocol.TBinaryProtocol(tr, strictRead=strict, strictWrite=strict))
    tr.open()
    return client, tr


def sd(location, cols=None):
    return T.StorageDescriptor(
        cols=cols or [T.FieldSchema("id", "bigint", None), T.FieldSchema("v", "string", "a value")],
        location=location,
        inputFormat="org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=T.SerDeInfo(None, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                              {"serialization.format": "1"}),
        bucketCols=[], sortCols=[], parameters={})


def table(db, name, keys=(("dt", "string"), ("hr", "int")), external=True):
    return T.Table(tableName=name, dbName=db, owner="spark", createTime=int(time.time()),
                   lastAccessTime=0, retention=0, sd=sd("s3://bucket/%s/%s" % (db, name)),
                   partitionKeys=[T.FieldSchema(k, t, None) for k, t in keys],
                   parameters={"EXTERNAL": "TRUE"} if external else {},
                   tableType="EXTERNAL_TABLE" if external else "MANAGED_TABLE")


def partition(db, name, values):
    loc = "s3://bucket/%s/%s/dt=%s/hr=%s" % (db, name, values[0], values[1])
    return T.Partition(values=list(values), dbName=db, tableName=name, createTime=0,
                       lastAccessTime=0, sd=sd(loc), parameters={})


class HmsCase(unittest.TestCase):
    def setUp(self):
        self.c, self.tr = connect()
        self.glue = SRV.client()

    def tearDown(self):
        self.tr.close()

    def new_db(self):
        name = unique_name("hms")
        self.c.create_database(T.Database(name, "made over HMS", "s3://bucket/" + name, {"k": "v"}))
        return name


class Engines(HmsCase):
    def test_spark_startup_and_insert_into_partitioned_table(self):
        # start-up: functions, the default database, the listing
        self.assertIsInstance(self.c.get_all_functions().functions, list)
        self.assertEqual(self.c.get_config_value("hive.exec.dynamic.partition", "true"), "true")
        db = self.new_db()
        self.assertIn(db, self.c.get_all_databases())
        self.assertEqual(self.c.get_databases(db[:5] + "*"), [d for d in
                         self.c.get_all_databases() if d.startswith(db[:5])])
        got = self.c.get_database(db)
        self.assertEqual((got.name, got.description, got.locationUri, got.parameters),
                         (db, "made over HMS", "s3://bucket/" + db, {"k": "v"}))
        # CREATE TABLE ... PARTITIONED BY (dt, hr)
        self.c.create_table(table(db, "orders"))
        t = self.c.get_table(db, "orders")
        self.assertEqual(t.tableType, "EXTERNAL_TABLE")
        self.assertEqual(t.parameters["EXTERNAL"], "TRUE")
        self.assertAlmostEqual(t.createTime, time.time(), delta=120)  # seconds, not ms
        self.assertEqual([k.name for k in t.partitionKeys], ["dt", "hr"])
        self.assertEqual(t.sd.serdeInfo.serializationLib,
                         "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
        self.assertEqual(self.c.get_table_req(T.GetTableRequest(db, "orders")).table.tableName,
                         "orders")
        self.assertEqual(self.c.get_tables(db, "ord*"), ["orders"])
        # INSERT INTO orders PARTITION (dt, hr): the partitions' specs, then add_partitions_req
        self.assertEqual(self.c.get_partitions_ps(db, "orders", ["2024-01-01", ""], -1), [])
        res = self.c.add_partitions_req(T.AddPartitionsRequest(
            db, "orders", [partition(db, "orders", ("2024-01-01", "1")),
                           partition(db, "orders", ("2024-01-01", "2"))], False, True))
        self.assertEqual(sorted(p.values for p in res.partitions),
                         [["2024-01-01", "1"], ["2024-01-01", "2"]])
        # a second INSERT into the same partition: ifNotExists
        res = self.c.add_partitions_req(T.AddPartitionsRequest(
            db, "orders", [partition(db, "orders", ("2024-01-01", "1"))], True, True))
        self.assertEqual(res.partitions, [])
        # basic statistics after the insert: alter_partitions, alter_table_with_environment_context
        p = self.c.get_partition(db, "orders", ["2024-01-01", "1"])
        p.parameters = {"numRows": "10", "totalSize": "1234"}
        self.c.alter_partitions(db, "orders", [p])
        self.assertEqual(self.c.get_partition(db, "orders", ["2024-01-01", "1"])
                         .parameters["numRows"], "10")
        t.parameters["numRows"] = "20"
        self.c.alter_table_with_environment_context(db, "orders", t, T.EnvironmentContext({}))
        self.assertEqual(self.c.get_table(db, "orders").parameters["numRows"], "20")
        self.assertEqual(self.c.get_partition_names(db, "orders", -1),
                         ["dt=2024-01-01/hr=1", "dt=2024-01-01/hr=2"])

    def test_trino_pruning(self):
        db = self.new_db()
        self.c.create_table(table(db, "events"))
        self.c.add_partitions([partition(db, "events", (d, str(h)))
                               for d in ("2024-01-01", "2024-01-02", "2024-02-01")
                               for h in (1, 2, 10)])
        # the names under a partial spec, then the objects in batches
        names = self.c.get_partition_names_ps(db, "events", ["2024-01-02", ""], -1)
        self.assertEqual(names, ["dt=2024-01-02/hr=1", "dt=2024-01-02/hr=10", "dt=2024-01-02/hr=2"])
        parts = self.c.get_partitions_by_names(db, "events", names + ["dt=2030-01-01/hr=1"])
        self.assertEqual(sorted(p.values for p in parts),
                         [["2024-01-02", "1"], ["2024-01-02", "10"], ["2024-01-02", "2"]])
        for p in parts:
            self.assertEqual((p.dbName, p.tableName), (db, "events"))
            self.assertTrue(p.sd.location.endswith("hr=" + p.values[1]))
        # Hive's filter grammar: integral keys compare as numbers, strings as strings
        f = self.c.get_partitions_by_filter(db, "events", 'dt >= "2024-01-02" and hr > 2', -1)
        self.assertEqual(sorted(p.values for p in f), [["2024-01-02", "10"], ["2024-02-01", "10"]])
        f = self.c.get_partitions_by_filter(db, "events", "(dt = '2024-01-01' or dt = '2024-02-01')"
                                            " and not hr = 1", -1)
        self.assertEqual(len(f), 4)
        self.assertEqual(len(self.c.get_partitions_by_filter(db, "events", "", 3)), 3)
        self.assertEqual(self.c.get_num_partitions_by_filter(db, "events", "hr between 2 and 10"), 6)
        with self.assertRaises(T.MetaException):
            self.c.get_partitions_by_filter(db, "events", "nokey = 1", -1)


class Names(HmsCase):
    def test_escaped_partition_names_round_trip(self):
        db = self.new_db()
        self.c.create_table(table(db, "t", keys=(("k", "string"), ("hr", "int"))))
        value = "a/b=c:d%e f#"
        self.c.add_partition(partition(db, "t", (value, "3")))
        name = self.c.get_partition_names(db, "t", -1)[0]
        self.assertEqual(name, "k=a%2Fb%3Dc%3Ad%25e f%23/hr=3")
        self.assertEqual(self.c.get_partition_by_name(db, "t", name).values, [value, "3"])
        self.c.append_partition_by_name(db, "t", "k=x%2Fy/hr=4")
        p = self.c.get_partition(db, "t", ["x/y", "4"])
        self.assertEqual(p.sd.location, "s3://bucket/%s/t/k=x%%2Fy/hr=4" % db)
        self.assertTrue(self.c.drop_partition_by_name(db, "t", "k=x%2Fy/hr=4", False))
        self.assertEqual(len(self.c.get_partitions(db, "t", -1)), 1)


class CrossProtocol(HmsCase):
    def test_created_over_hms_read_over_glue(self):
        db = self.new_db()
        self.c.create_table(table(db, "x"))
        self.c.add_partition(partition(db, "x", ("2024-05-05", "7")))
        t = self.glue.get_table(DatabaseName=db, Name="x")["Table"]
        self.assertEqual(t["TableType"], "EXTERNAL_TABLE")
        self.assertEqual([k["Name"] for k in t["PartitionKeys"]], ["dt", "hr"])
        self.assertEqual(t["StorageDescriptor"]["Columns"][1],
                         {"Name": "v", "Type": "string", "Comment": "a value"})
        p = self.glue.get_partition(DatabaseName=db, TableName="x",
                                    PartitionValues=["2024-05-05", "7"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"], "s3://bucket/%s/x/dt=2024-05-05/hr=7" % db)

    def test_created_over_glue_read_over_hms(self):
        db = unique_name("glue")
        self.glue.create_database(DatabaseInput={"Name": db, "Description": "from Glue"})
        self.glue.create_table(DatabaseName=db, TableInput={
            "Name": "g", "TableType": "EXTERNAL_TABLE", "Parameters": {"EXTERNAL": "TRUE"},
            "PartitionKeys": [{"Name": "region", "Type": "string"}],
            "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"}],
                                  "Location": "s3://b/g"}})
        self.glue.batch_create_partition(DatabaseName=db, TableName="g", PartitionInputList=[
            {"Values": ["eu"], "StorageDescriptor": {"Location": "s3://b/g/region=eu"}}])
        self.glue.create_user_defined_function(DatabaseName=db, FunctionInput={
            "FunctionName": "f1", "ClassName": "com.example.F", "OwnerName": "o",
            "OwnerType": "USER", "ResourceUris": [{"ResourceType": "JAR", "Uri": "s3://b/f.jar"}]})
        self.assertEqual(self.c.get_database(db).description, "from Glue")
        t = self.c.get_table(db, "g")
        # Hive needs a SerDeInfo and the descriptor's primitives even when the writer sent none
        self.assertIsNotNone(t.sd.serdeInfo)
        self.assertIn(t.sd.numBuckets, (0, -1))
        self.assertIs(t.sd.compressed, False)
        self.assertEqual([p.values for p in self.c.get_partitions(db, "g", -1)], [["eu"]])
        self.assertEqual(self.c.get_partition_names(db, "g", -1), ["region=eu"])
        f = self.c.get_function(db, "f1")
        self.assertEqual((f.className, f.resourceUris[0].uri, f.resourceUris[0].resourceType),
                         ("com.example.F", "s3://b/f.jar", 1))
        self.assertEqual(self.c.get_functions(db, "*"), ["f1"])
        meta = self.c.get_table_meta(db, "*", ["EXTERNAL_TABLE"])
        self.assertEqual([(m.dbName, m.tableName, m.tableType) for m in meta],
                         [(db, "g", "EXTERNAL_TABLE")])

    def test_every_field_and_escape_read_over_hms(self):
        """The answers written from Glue's text (get_table, the partition listings) and from
        objects (get_partition, get_partitions_by_names) say the same, escapes included."""
        db = unique_name("glue")
        # one line for the names Glue's patterns bound; any text for parameters
        line = 'q"uote \\ back/slash\ttab \u00e9t\u00e9 \U0001F600'
        odd = line + "\nnext line \x01"
        sd_in = {"Columns": [{"Name": "a", "Type": "int", "Comment": line},
                             {"Name": "b", "Type": "array<string>"}],
                 "Location": "s3://b/all", "InputFormat": "in.F", "OutputFormat": "out.F",
                 "Compressed": True, "NumberOfBuckets": 4, "BucketColumns": ["a"],
                 "SortColumns": [{"Column": "a", "SortOrder": 0}],
                 "SerdeInfo": {"Name": "s", "SerializationLibrary": "lib.S",
                               "Parameters": {"field.delim": odd}},
                 "Parameters": {"sd": odd},
                 "SkewedInfo": {"SkewedColumnNames": ["a"], "SkewedColumnValues": ["1,2", "3"]},
                 "StoredAsSubDirectories": True}
        self.glue.create_database(DatabaseInput={"Name": db})
        self.glue.create_table(DatabaseName=db, TableInput={
            "Name": "t", "TableType": "EXTERNAL_TABLE", "Owner": line,
            "Parameters": {"EXTERNAL": "TRUE", line: odd},
            "PartitionKeys": [{"Name": "k", "Type": "string"}], "StorageDescriptor": sd_in})
        self.glue.batch_create_partition(DatabaseName=db, TableName="t", PartitionInputList=[
            {"Values": [line], "StorageDescriptor": sd_in, "Parameters": {line: odd}}])
        t = self.c.get_table(db, "t")
        self.assertEqual((t.owner, t.parameters[line], t.sd.cols[0].comment), (line, odd, line))
        self.assertEqual((t.sd.compressed, t.sd.numBuckets, t.sd.bucketCols), (True, 4, ["a"]))
        self.assertEqual([(c.col, c.order) for c in t.sd.sortCols], [("a", 0)])
        self.assertEqual(t.sd.serdeInfo.parameters, {"field.delim": odd})
        self.assertEqual(t.sd.skewedInfo.skewedColValues, [["1", "2"], ["3"]])
        self.assertIs(t.sd.storedAsSubDirectories, True)
        self.assertEqual(self.c.get_table_req(T.GetTableRequest(db, "t")).table, t)
        listed = self.c.get_partitions(db, "t", -1)
        self.assertEqual(len(listed), 1)
        p = listed[0]
        self.assertEqual((p.values, p.parameters, p.sd.parameters), ([line], {line: odd},
                                                                     {"sd": odd}))
        self.assertEqual(p.sd.cols[0].comment, line)
        # the same Partition through every method
        self.assertEqual(self.c.get_partition(db, "t", [line]), p)
        self.assertEqual(self.c.get_partitions_by_filter(db, "t", "k = 'x' or k <> 'x'", -1),
                         [p])
        self.assertEqual(self.c.get_partitions_ps(db, "t", [line], -1), [p])
        name = self.c.get_partition_names(db, "t", -1)[0]
        self.assertEqual(self.c.get_partitions_by_names(db, "t", [name]), [p])
        self.assertEqual(self.c.get_partition_by_name(db, "t", name), p)

    def test_functions_over_hms(self):
        db = self.new_db()
        self.c.create_function(T.Function("up", db, "com.example.Up", "me", 1, 0, 1,
                                          [T.ResourceUri(1, "s3://b/up.jar")]))
        f = self.glue.get_user_defined_function(DatabaseName=db, FunctionName="up")
        self.assertEqual(f["UserDefinedFunction"]["ClassName"], "com.example.Up")
        self.assertIn("up", [x.functionName for x in self.c.get_all_functions().functions])
        self.c.drop_function(db, "up")
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_function(db, "up")


class Exceptions(HmsCase):
    def test_each_exception_type(self):
        db = self.new_db()
        with self.assertRaises(T.NoSuchObjectException) as e:
            self.c.get_table(db, "missing")
        self.assertIn("missing", e.exception.message)
        with self.assertRaises(T.AlreadyExistsException):
            self.c.create_database(T.Database(db, "", "", {}))
        self.c.create_table(table(db, "t"))
        with self.assertRaises(T.AlreadyExistsException):
            self.c.create_table(table(db, "t"))
        with self.assertRaises(T.InvalidObjectException):
            bad = table(db, "")
            self.c.create_table(bad)
        with self.assertRaises(T.InvalidOperationException) as e:
            self.c.drop_database(db, False, False)
        self.assertIn("not empty", e.exception.message)
        moved = self.c.get_table(db, "t")
        moved.dbName = "elsewhere"
        with self.assertRaises(T.InvalidOperationException) as e:  # to a database that is not
            self.c.alter_table(db, "t", moved)
        self.assertIn("elsewhere", e.exception.message)
        self.assertEqual(self.c.get_table(db, "t").dbName, db)
        with self.assertRaises(T.MetaException):
            self.c.get_partition_by_name(db, "t", "no-equals-sign")
        self.c.add_partitions([partition(db, "t", ("a", "1"))])
        with self.assertRaises(T.AlreadyExistsException):  # all or nothing
            self.c.add_partitions([partition(db, "t", ("b", "1")), partition(db, "t", ("a", "1"))])
        self.assertEqual(self.c.get_partition_names(db, "t", -1), ["dt=a/hr=1"])
        with self.assertRaises(T.NoSuchObjectException):
            self.c.drop_partition(db, "t", ["zz", "9"], False)
        self.c.drop_database(db, True, True)
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_database(db)

    def test_unknown_method_then_a_good_one(self):
        from thrift.Thrift import TApplicationException
        with self.assertRaises(TApplicationException) as e:
            self.c.get_open_txns()
        self.assertEqual(e.exception.type, TApplicationException.UNKNOWN_METHOD)
        self.assertIn("get_open_txns", e.exception.message)
        self.assertIsInstance(self.c.get_all_databases(), list)  # same connection
        self.assertEqual(self.c.get_current_notificationEventId().eventId, 0)


def stats_objs():
    """One ColumnStatisticsObj per kind Glue keeps, with edge values."""
    D = T.ColumnStatisticsData
    return [
        T.ColumnStatisticsObj("id", "bigint", D(longStats=T.LongColumnStatsData(
            lowValue=-(1 << 63), highValue=(1 << 63) - 1, numNulls=0, numDVs=5))),
        T.ColumnStatisticsObj("v", "string", D(stringStats=T.StringColumnStatsData(
            maxColLen=12, avgColLen=0.1 + 0.2, numNulls=3, numDVs=6))),
        T.ColumnStatisticsObj("b", "boolean", D(booleanStats=T.BooleanColumnStatsData(
            numTrues=7, numFalses=8, numNulls=9))),
        T.ColumnStatisticsObj("d", "double", D(doubleStats=T.DoubleColumnStatsData(
            lowValue=float("-inf"), highValue=2.5, numNulls=0, numDVs=1))),
        T.ColumnStatisticsObj("bin", "binary", D(binaryStats=T.BinaryColumnStatsData(
            maxColLen=100, avgColLen=1e-300, numNulls=7))),
        T.ColumnStatisticsObj("dec", "decimal(20,2)", D(decimalStats=T.DecimalColumnStatsData(
            lowValue=T.Decimal(scale=2, unscaled=b"\xff\x00\x01"),
            highValue=T.Decimal(scale=2, unscaled=bytes(range(17))), numNulls=3, numDVs=4))),
        T.ColumnStatisticsObj("dt", "date", D(dateStats=T.DateColumnStatsData(
            lowValue=T.Date(-1), highValue=T.Date(19723), numNulls=0, numDVs=2))),
    ]


STATS_COLS = [("id", "bigint"), ("v", "string"), ("b", "boolean"), ("d", "double"),
              ("bin", "binary"), ("dec", "decimal(20,2)"), ("dt", "date")]


class ColumnStatistics(HmsCase):
    def stats_table(self, keys=(("p", "string"),)):
        db = self.new_db()
        t = table(db, "s", keys=keys)
        t.sd.cols = [T.FieldSchema(n, ty, None) for n, ty in STATS_COLS]
        self.c.create_table(t)
        return db

    def test_table_statistics_round_trip_every_kind(self):
        db = self.stats_table()
        desc = T.ColumnStatisticsDesc(True, db, "s", None, 1718822493)
        self.assertTrue(self.c.update_table_column_statistics(T.ColumnStatistics(desc, stats_objs())))
        for want in stats_objs():
            got = self.c.get_table_column_statistics(db, "s", want.colName)
            self.assertTrue(got.statsDesc.isTblLevel)
            self.assertEqual((got.statsDesc.dbName, got.statsDesc.tableName), (db, "s"))
            self.assertEqual(got.statsDesc.lastAnalyzed, 1718822493)
            self.assertEqual(got.statsObj, [want])
        # the same statistics through Glue: Hive's days as seconds, the decimal in base64
        g = self.glue.get_column_statistics_for_table(DatabaseName=db, TableName="s",
                                                      ColumnNames=["dt", "dec", "id"])
        by = {x["ColumnName"]: x["StatisticsData"] for x in g["ColumnStatisticsList"]}
        self.assertEqual(by["dt"]["DateColumnStatisticsData"]["MinimumValue"].timestamp(), -86400)
        self.assertEqual(by["dec"]["DecimalColumnStatisticsData"]["MinimumValue"],
                         {"UnscaledValue": b"\xff\x00\x01", "Scale": 2})
        self.assertEqual(by["id"]["LongColumnStatisticsData"]["MaximumValue"], (1 << 63) - 1)
        # get_table_statistics_req: those that have statistics, the others left out
        res = self.c.get_table_statistics_req(T.TableStatsRequest(db, "s", ["id", "v", "nope"]))
        self.assertEqual(sorted(o.colName for o in res.tableStats), ["id", "v"])
        # deleted one, then all
        self.assertTrue(self.c.delete_table_column_statistics(db, "s", "id"))
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_table_column_statistics(db, "s", "id")
        self.assertTrue(self.c.delete_table_column_statistics(db, "s", None))
        res = self.c.get_table_statistics_req(T.TableStatsRequest(db, "s", [c for c, _ in STATS_COLS]))
        self.assertEqual(res.tableStats, [])

    def test_written_over_glue_read_over_hms(self):
        db = self.stats_table(keys=())
        self.glue.update_column_statistics_for_table(DatabaseName=db, TableName="s", ColumnStatisticsList=[
            {"ColumnName": "d", "ColumnType": "double", "AnalyzedTime": 1700000000,
             "StatisticsData": {"Type": "DOUBLE", "DoubleColumnStatisticsData": {
                 "MinimumValue": -1.5, "NumberOfNulls": 2, "NumberOfDistinctValues": 3}}}])
        got = self.c.get_table_column_statistics(db, "s", "d").statsObj[0]
        self.assertEqual(got.statsData.doubleStats,
                         T.DoubleColumnStatsData(lowValue=-1.5, highValue=None, numNulls=2, numDVs=3))

    def test_partition_statistics(self):
        db = self.stats_table()
        cols = [T.FieldSchema(n, ty, None) for n, ty in STATS_COLS]
        for v, loc in (("a/b", "s3://x/1"), ("c", "s3://x/2")):
            self.c.add_partition(T.Partition(values=[v], dbName=db, tableName="s",
                                             sd=sd(loc, cols), parameters={}))
        name = "p=a%2Fb"
        desc = T.ColumnStatisticsDesc(False, db, "s", name, 1718822493)
        self.assertTrue(self.c.update_partition_column_statistics(
            T.ColumnStatistics(desc, stats_objs()[:2])))
        got = self.c.get_partition_column_statistics(db, "s", name, "v")
        self.assertFalse(got.statsDesc.isTblLevel)
        self.assertEqual(got.statsDesc.partName, name)
        self.assertEqual(got.statsObj, [stats_objs()[1]])
        # the _req form and set_aggr_stats_for (Spark's and Hive's batch writes)
        r = self.c.update_partition_column_statistics_req(T.SetPartitionsStatsRequest([
            T.ColumnStatistics(T.ColumnStatisticsDesc(False, db, "s", "p=c", 1), stats_objs()[2:4])]))
        self.assertTrue(r.result)
        self.assertTrue(self.c.set_aggr_stats_for(T.SetPartitionsStatsRequest([
            T.ColumnStatistics(T.ColumnStatisticsDesc(False, db, "s", "p=c", 1), stats_objs()[4:5])])))
        # Trino's read: the partitions asked, those without statistics and missing ones left out
        res = self.c.get_partitions_statistics_req(T.PartitionsStatsRequest(
            db, "s", ["id", "v", "b", "d", "bin"], [name, "p=c", "p=missing"]))
        self.assertEqual(sorted(res.partStats), [name, "p=c"])
        self.assertEqual(sorted(o.colName for o in res.partStats["p=c"]), ["b", "bin", "d"])
        # the same through Glue
        g = self.glue.get_column_statistics_for_partition(DatabaseName=db, TableName="s",
                                                          PartitionValues=["a/b"], ColumnNames=["id"])
        self.assertEqual(g["ColumnStatisticsList"][0]["StatisticsData"]["LongColumnStatisticsData"]
                         ["MinimumValue"], -(1 << 63))
        self.assertTrue(self.c.delete_partition_column_statistics(db, "s", name, "v"))
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_partition_column_statistics(db, "s", name, "v")
        self.assertEqual(self.c.get_partition_column_statistics(db, "s", name, "id").statsObj,
                         [stats_objs()[0]])

    def test_many_columns_in_one_transaction(self):
        """Glue takes 25 columns a call; one HMS call of 40 is one transaction: all written, or,
        when one column is unknown, none."""
        db = self.new_db()
        t = table(db, "wide", keys=())
        t.sd.cols = [T.FieldSchema("c%02d" % i, "bigint", None) for i in range(40)]
        self.c.create_table(t)
        desc = T.ColumnStatisticsDesc(True, db, "wide", None, 1700000000)

        def obj(name, n):
            return T.ColumnStatisticsObj(name, "bigint", T.ColumnStatisticsData(
                longStats=T.LongColumnStatsData(lowValue=0, highValue=n, numNulls=0, numDVs=n)))
        good = [obj("c%02d" % i, i + 1) for i in range(40)]
        with self.assertRaises(T.NoSuchObjectException) as e:
            self.c.update_table_column_statistics(T.ColumnStatistics(desc, good[:39] + [obj("nope", 1)]))
        self.assertIn("nope", e.exception.message)
        res = self.c.get_table_statistics_req(T.TableStatsRequest(db, "wide", [o.colName for o in good]))
        self.assertEqual(res.tableStats, [])  # nothing of the 39 written
        self.assertTrue(self.c.update_table_column_statistics(T.ColumnStatistics(desc, good)))
        res = self.c.get_table_statistics_req(T.TableStatsRequest(db, "wide", [o.colName for o in good]))
        self.assertEqual(sorted(o.colName for o in res.tableStats), [o.colName for o in good])
        self.assertEqual({o.colName: o.statsData.longStats.highValue for o in res.tableStats},
                         {o.colName: o.statsData.longStats.highValue for o in good})

    def test_statistics_errors(self):
        db = self.stats_table()
        desc = T.ColumnStatisticsDesc(True, db, "s", None, 1)
        nope = T.ColumnStatisticsObj("nope", "bigint", T.ColumnStatisticsData(
            longStats=T.LongColumnStatsData(numNulls=0, numDVs=0)))
        with self.assertRaises(T.NoSuchObjectException) as e:
            self.c.update_table_column_statistics(T.ColumnStatistics(desc, [nope]))
        self.assertIn("nope", e.exception.message)
        ts = T.ColumnStatisticsObj("id", "timestamp", T.ColumnStatisticsData(
            timestampStats=T.TimestampColumnStatsData(numNulls=0, numDVs=0)))
        with self.assertRaises(T.InvalidObjectException) as e:
            self.c.update_table_column_statistics(T.ColumnStatistics(desc, [ts]))
        self.assertIn("timestampStats", e.exception.message)
        with self.assertRaises(T.InvalidObjectException) as e:  # a table-level desc, partition call
            self.c.update_partition_column_statistics(T.ColumnStatistics(desc, stats_objs()[:1]))
        self.assertIn("isTblLevel", e.exception.message)
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_table_column_statistics(db, "missing", "id")
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_table_column_statistics(db, "s", "id")  # none kept
        with self.assertRaises(T.NoSuchObjectException):
            self.c.update_partition_column_statistics(T.ColumnStatistics(
                T.ColumnStatisticsDesc(False, db, "s", "p=none", 1), stats_objs()[:1]))


class AlterTable(HmsCase):
    def test_rename_keeps_partitions_and_statistics(self):
        db = self.new_db()
        self.c.create_table(table(db, "old"))
        self.c.add_partition(partition(db, "old", ("2024-01-01", "1")))
        obj = T.ColumnStatisticsObj("id", "bigint", T.ColumnStatisticsData(
            longStats=T.LongColumnStatsData(lowValue=1, highValue=2, numNulls=0, numDVs=2)))
        self.c.update_table_column_statistics(
            T.ColumnStatistics(T.ColumnStatisticsDesc(True, db, "old", None, 5), [obj]))
        t = self.c.get_table(db, "old")
        t.tableName = "New_Name"
        t.parameters["comment"] = "renamed"
        self.c.alter_table(db, "old", t)
        with self.assertRaises(T.NoSuchObjectException):
            self.c.get_table(db, "old")
        got = self.c.get_table(db, "new_name")
        self.assertEqual(got.parameters["comment"], "renamed")
        self.assertEqual(self.c.get_partition_names(db, "new_name", -1), ["dt=2024-01-01/hr=1"])
        self.assertEqual(self.c.get_table_column_statistics(db, "new_name", "id").statsObj, [obj])
        # the old definition is kept as a version, as an UpdateTable keeps it
        versions = self.glue.get_table_versions(DatabaseName=db, TableName="new_name")
        self.assertEqual(len(versions["TableVersions"]), 2)
        # onto a name that is taken: nothing changes
        self.c.create_table(table(db, "taken"))
        got.tableName = "taken"
        with self.assertRaises(T.InvalidOperationException) as e:
            self.c.alter_table(db, "new_name", got)
        self.assertIn("taken", e.exception.message)
        self.assertEqual(self.c.get_table(db, "new_name").tableName, "new_name")
        # a rename of a table that does not exist
        got.tableName = "other"
        with self.assertRaises(T.InvalidOperationException):
            self.c.alter_table(db, "missing", got)
        # to another database, renamed on the way: partitions, statistics and versions go along
        db2 = self.new_db()
        got = self.c.get_table(db, "new_name")
        got.dbName, got.tableName = db2, "moved"
        self.c.alter_table(db, "new_name", got)
        self.assertEqual(self.c.get_all_tables(db), ["taken"])
        self.assertEqual(self.c.get_table(db2, "moved").dbName, db2)
        self.assertEqual(self.c.get_partition_names(db2, "moved", -1), ["dt=2024-01-01/hr=1"])
        self.assertEqual(self.c.get_table_column_statistics(db2, "moved", "id").statsObj, [obj])
        self.assertEqual(self.glue.get_table(DatabaseName=db2, Name="moved")["Table"]["DatabaseName"],
                         db2)
        self.assertEqual(len(self.glue.get_table_versions(DatabaseName=db2, TableName="moved")
                             ["TableVersions"]), 3)
        # the same move onto a name taken there: nothing changes
        got = self.c.get_table(db, "taken")
        got.dbName, got.tableName = db2, "moved"
        with self.assertRaises(T.InvalidOperationException):
            self.c.alter_table(db, "taken", got)
        self.assertEqual(self.c.get_table(db, "taken").dbName, db)

    def test_alter_table_with_cascade(self):
        db = self.new_db()
        self.c.create_table(table(db, "c"))
        self.c.add_partitions([partition(db, "c", ("d%d" % i, str(i))) for i in range(150)])
        t = self.c.get_table(db, "c")
        t.sd.cols.append(T.FieldSchema("added", "int", "new column"))
        # without cascade the partitions keep their columns
        self.c.alter_table(db, "c", t)
        self.assertEqual([c.name for c in self.c.get_partition(db, "c", ["d0", "0"]).sd.cols],
                         ["id", "v"])
        # with cascade every partition gets the table's (in batches: 150 of them)
        t.sd.cols.append(T.FieldSchema("more", "string", None))
        self.c.alter_table_with_cascade(db, "c", t, True)
        for vals in (["d0", "0"], ["d149", "149"]):
            p = self.c.get_partition(db, "c", vals)
            self.assertEqual([c.name for c in p.sd.cols], ["id", "v", "added", "more"])
            self.assertTrue(p.sd.location.endswith("hr=" + vals[1]))  # the rest kept
        # CASCADE in the environment context, as Hive's ALTER TABLE ... CASCADE sends it
        t.sd.cols = t.sd.cols[:3]
        self.c.alter_table_with_environment_context(db, "c", t, T.EnvironmentContext({"CASCADE": "true"}))
        self.assertEqual([c.name for c in self.c.get_partition(db, "c", ["d7", "7"]).sd.cols],
                         ["id", "v", "added"])


class Filters(HmsCase):
    def setUp(self):
        super().setUp()
        self.db = self.new_db()
        self.c.create_table(table(self.db, "f"))
        self.c.add_partitions([partition(self.db, "f", (d, str(h)))
                               for d in ("2024-01-01", "2024-01-02", "2024.02.01", "x_y")
                               for h in (1, 2)])

    def names(self, flt):
        return sorted("%s/%s" % tuple(p.values) for p in
                      self.c.get_partitions_by_filter(self.db, "f", flt, -1))

    def test_like_is_a_regular_expression(self):
        # Hive's metastore matches LIKE as a Java regular expression: '.*' any string, '.' one
        # character, '\.' a dot; Spark's '%' form too
        self.assertEqual(self.names("dt like '2024-01.*' and hr = 1"),
                         ["2024-01-01/1", "2024-01-02/1"])
        self.assertEqual(self.names("dt like '2024.0.*' and hr = 2"),
                         ["2024-01-01/2", "2024-01-02/2", "2024.02.01/2"])
        self.assertEqual(self.names("dt like '2024\\.02.*' and hr = 2"), ["2024.02.01/2"])
        self.assertEqual(self.names('dt like "%-02" and hr = 1'), ["2024-01-02/1"])
        self.assertEqual(self.c.get_num_partitions_by_filter(self.db, "f", "dt like 'x.y'"), 2)
        # what SQL LIKE cannot say is refused, naming it
        for bad, what in (("dt like 'x_y'", "a literal '_'"), ("dt like '^2024'", "'^'"),
                          ("dt like '(a|b)'", "'('"), ("dt like '2024-0[12].*'", "'['")):
            with self.assertRaises(T.MetaException) as e:
                self.c.get_partitions_by_filter(self.db, "f", bad, -1)
            self.assertIn("Hive's LIKE is a regular expression", e.exception.message)
            self.assertIn(what, e.exception.message)

    def test_long_filter(self):
        # Spark sends long filters (IN lists as or-chains): past Glue's 2048 characters
        flt = "(" + " or ".join("dt = '2099-%02d-%02d'" % (m, d) for m in range(1, 13)
                                for d in range(1, 29)) + " or dt = '2024-01-02') and hr = 2"
        self.assertGreater(len(flt), 2048 * 3)
        self.assertEqual(self.names(flt), ["2024-01-02/2"])
        self.assertEqual(self.c.get_num_partitions_by_filter(self.db, "f", flt), 1)
        # Glue itself keeps its cap
        with self.assertRaises(Exception) as e:
            self.glue.get_partitions(DatabaseName=self.db, TableName="f", Expression=flt)
        self.assertIn("2048", str(e.exception))
        # pexpr's own limits still hold: more than 1000 literals
        many = " or ".join("hr = %d" % i for i in range(1100))
        with self.assertRaises(T.MetaException) as e:
            self.c.get_partitions_by_filter(self.db, "f", many, -1)
        self.assertIn("1000", e.exception.message)

    def test_get_partitions_bounded_by_the_answer_cap(self):
        db = self.new_db()
        self.c.create_table(table(db, "big"))
        fat = "x" * 100000
        for b in range(5):
            parts = [partition(db, "big", ("d%03d" % i, "1")) for i in range(b * 20, b * 20 + 20)]
            for p in parts:
                p.parameters = {"fat": fat}
            self.c.add_partitions(parts)
        # 100 partitions of 100 KB: past the 8 MiB cap as a whole, refused naming it
        with self.assertRaises(T.MetaException) as e:
            self.c.get_partitions(db, "big", -1)
        self.assertIn("answer cap", e.exception.message)
        with self.assertRaises(T.MetaException):
            self.c.get_partitions_by_names(db, "big", ["dt=d%03d/hr=1" % i for i in range(100)])
        # names, counts and bounded asks still answer
        self.assertEqual(len(self.c.get_partition_names(db, "big", -1)), 100)
        self.assertEqual(self.c.get_num_partitions_by_filter(db, "big", "hr = 1"), 100)
        self.assertEqual(len(self.c.get_partitions(db, "big", 10)), 10)
        self.assertEqual(len(self.c.get_partitions_by_names(db, "big", ["dt=d001/hr=1"])), 1)
        # and the connection is still good
        self.assertIn(db, self.c.get_all_databases())


class Version(unittest.TestCase):
    def test_get_version_and_getVersion(self):
        # neither is in Trino's trimmed IDL: sent raw, each answered a string, twice on one
        # connection
        s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
        try:
            for name in ("get_version", "getVersion"):
                s.sendall(Transport.call(name, seq=7))
                want = struct.pack(">Ii", 0x80010002, len(name)) + name.encode() + \
                    struct.pack(">i", 7) + b"\x0b\x00\x00" + struct.pack(">i", 16) + \
                    b"3.1.3 (catalogd)\x00"
                data = b""
                while len(data) < len(want):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                self.assertEqual(data, want)
        finally:
            s.close()


ADMIN_KEY = ("AKIDHMSADMIN0001", "admin-secret-0123456789")
ADMIN_TOKEN = "hms-admin-token-0123456789"
READER_TOKEN = "hms-reader-token-0123456789"
SCOPED_TOKEN = "hms-scoped-token-0123456789"


class SecureHms(unittest.TestCase):
    """--auth-file with --hms-principal, and TLS on the Thrift port (--tls-cert/--tls-key): a
    client that never calls set_ugi (Trino) is the listener's principal; set_ugi with a bearer
    token as the user name (Hive, Spark) makes the connection that principal's."""

    @classmethod
    def setUpClass(cls):
        import json
        cls.tmp = tempfile.mkdtemp(prefix="catalogd-hms-sec-")
        auth = os.path.join(cls.tmp, "auth.json")
        with open(auth, "w") as f:
            json.dump({"principals": [
                {"name": "admin", "access_key_id": ADMIN_KEY[0],
                 "secret_access_key": ADMIN_KEY[1], "tokens": [ADMIN_TOKEN], "role": "admin"},
                {"name": "reader", "tokens": [READER_TOKEN], "role": "reader"},
                {"name": "trino", "tokens": [SCOPED_TOKEN], "role": "writer",
                 "databases": ["sales_*"]}]}, f)
        if shutil.which("openssl") is None:
            raise unittest.SkipTest("no openssl")
        cls.cert, key = os.path.join(cls.tmp, "cert.pem"), os.path.join(cls.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=catalogd-test", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cls.cert], check=True, capture_output=True,
                       timeout=60)
        cls.srv = harness.Server(extra_args=[
            "--auth-file", auth, "--tls-cert", cls.cert, "--tls-key", key,
            "--hms-listen", "127.0.0.1:0", "--hms-principal", "trino"]).start()
        deadline = time.monotonic() + 10
        while not HMS_RE.search(cls.srv.log()):
            if time.monotonic() > deadline:
                raise RuntimeError("no Hive Metastore line:\n" + cls.srv.log())
            time.sleep(0.01)
        cls.port = int(HMS_RE.search(cls.srv.log()).group(1))
        import boto3
        from botocore.config import Config
        cls.glue = boto3.client("glue", endpoint_url=cls.srv.endpoint, region_name="us-east-1",
                                aws_access_key_id=ADMIN_KEY[0], aws_secret_access_key=ADMIN_KEY[1],
                                verify=cls.cert, config=Config(retries={"max_attempts": 1}))
        cls.sales, cls.other = unique_name("sales"), unique_name("hr")
        for db in (cls.sales, cls.other):
            cls.glue.create_database(DatabaseInput={"Name": db})

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def connect(self, framed=False):
        import ssl
        from thrift.protocol import TBinaryProtocol
        from thrift.transport import TSSLSocket, TTransport
        ctx = ssl.create_default_context(cafile=self.cert)
        sock = TSSLSocket.TSSLSocket("127.0.0.1", self.port, ssl_context=ctx,
                                     server_hostname="127.0.0.1")
        sock.setTimeout(20000)
        tr = TTransport.TFramedTransport(sock) if framed else TTransport.TBufferedTransport(sock)
        client = H.Client(TBinaryProtocol.TBinaryProtocol(tr))
        tr.open()
        self.addCleanup(tr.close)
        return client

    def test_tls_and_the_listener_principal(self):
        # Trino: TLS, no set_ugi: the listener's principal, scoped to sales_*
        c = self.connect()
        dbs = c.get_all_databases()
        self.assertIn(self.sales, dbs)
        self.assertNotIn(self.other, dbs)
        with self.assertRaises(T.MetaException) as e:
            c.get_database(self.other)
        self.assertIn("User: trino is not authorized to perform: glue:GetDatabase",
                      e.exception.message)
        c.create_table(table(self.sales, "t"))
        with self.assertRaises(T.MetaException) as e:
            c.create_table(table(self.other, "t"))
        self.assertIn(self.other, e.exception.message)
        # the framed transport over TLS too; an operating system user name changes nothing
        c2 = self.connect(framed=True)
        self.assertEqual(c2.set_ugi("spark", ["staff"]), ["staff"])
        self.assertNotIn(self.other, c2.get_all_databases())

    def test_set_ugi_with_a_token(self):
        c = self.connect()
        c.set_ugi(READER_TOKEN, [])
        self.assertIn(self.other, c.get_all_databases())  # the reader sees every database
        with self.assertRaises(T.MetaException) as e:  # but may not write
            c.create_table(table(self.other, "r"))
        self.assertIn("reader", e.exception.message)
        c.set_ugi(ADMIN_TOKEN, [])
        c.create_table(table(self.other, "a"))
        self.assertEqual(self.glue.get_table(DatabaseName=self.other, Name="a")["Table"]["Name"], "a")

    def test_tls_versions_as_https(self):
        # the HTTPS priorities hold on the Thrift port: TLS 1.2 and 1.3, forward secrecy only
        for args, ok in ((["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"], False),
                         (["-tls1_2", "-cipher", "AES128-SHA:AES128-GCM-SHA256"], False),
                         (["-tls1_2"], True), (["-tls1_3"], True)):
            r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % self.port] +
                               args, input=b"", capture_output=True, timeout=30)
            out = r.stdout.decode("latin-1")
            done = "Cipher is (NONE)" not in out and "Cipher is " in out
            self.assertEqual(done, r.returncode == 0, out[-400:])
            self.assertEqual(done, ok, (args, out[-400:]))

    def test_hms_principal_usage(self):
        auth = os.path.join(self.tmp, "auth.json")
        for args, code, msg in (
                (["--hms-principal", "trino"], 2,
                 "catalogd: --hms-principal goes with --hms-listen and --auth-file"),
                (["--auth-file", auth, "--hms-listen", "127.0.0.1:0", "--hms-principal", "nobody",
                  "--listen", "127.0.0.1:0", "--db", os.path.join(self.tmp, "u.db")], 1,
                 "--hms-principal nobody is not a principal of the auth file")):
            r = subprocess.run([harness.catalogd_path()] + args, capture_output=True, text=True,
                               timeout=30)
            self.assertEqual(r.returncode, code, r.stderr)
            self.assertIn(msg, r.stderr)

    def test_plain_client_is_refused(self):
        # a client that does not speak TLS to the TLS port gets nothing it can read as Thrift
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        try:
            s.sendall(Transport.call("get_all_databases"))
            try:
                data = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                data = b""
            self.assertFalse(data.startswith(b"\x80\x01"))
        finally:
            s.close()
        # and the port still serves TLS clients
        self.assertIn(self.sales, self.connect().get_all_databases())


class Transport(unittest.TestCase):
    def test_framed_transport(self):
        c, tr = connect(framed=True)
        try:
            self.assertIsInstance(c.get_all_databases(), list)
            self.assertIsInstance(c.get_all_databases(), list)
        finally:
            tr.close()

    def test_non_strict_header(self):
        c, tr = connect(strict=False)
        try:
            self.assertIsInstance(c.get_all_databases(), list)
        finally:
            tr.close()

    def raw(self, data, read=True):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
        try:
            s.sendall(data)
            if not read:
                return s
            out = b""
            while True:
                b = s.recv(65536)
                if not b:
                    return out
                out += b
        finally:
            if read:
                s.close()

    @staticmethod
    def call(name, args=b"\x00", seq=1):
        n = name.encode()
        return struct.pack(">Ii", 0x80010001, len(n)) + n + struct.pack(">i", seq) + args

    def test_size_limits(self):
        # a string longer than the limit (16 MiB, --max-body) is refused as soon as its length
        # arrives, with a protocol error, and the connection closed
        big = self.call("get_database", b"\x0b\x00\x01" + struct.pack(">i", 1 << 30))
        out = self.raw(big)
        self.assertIn(b"A string is longer than the limit.", out)
        # a list longer than the limit
        lst = self.call("get_partitions_by_names", b"\x0f\x00\x03\x0b" + struct.pack(">i", 2000000))
        self.assertIn(b"A container has more elements than the limit.", self.raw(lst))
        # nesting deeper than 64
        deep = self.call("get_database", b"\x0c\x00\x01" * 70)
        self.assertIn(b"The message nests too deep.", self.raw(deep))
        # a frame longer than the limit
        self.assertIn(b"longer than the limit", self.raw(struct.pack(">I", 100 << 20) + b"\x80\x01"))
        # not Thrift at all
        self.assertIn(b"Not a Thrift binary protocol message.",
                      self.raw(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        # the server still answers
        c, tr = connect()
        try:
            self.assertIsInstance(c.get_all_databases(), list)
        finally:
            tr.close()

    @staticmethod
    def from_address(source):
        """A socket to the Thrift port from loopback address SOURCE (another client to the
        per-client caps)."""
        s = socket.socket()
        s.settimeout(10)
        s.bind((source, 0))
        s.connect(("127.0.0.1", PORT))
        return s

    def test_flood_of_half_open_connections(self):
        # 660 half-sent calls from 11 addresses: more than one client may hold (64) and than the
        # port keeps (512). The extra ones are closed, none holds a worker, the HTTP front answers
        # throughout, and a client from another address is served meanwhile
        from thrift.protocol import TBinaryProtocol
        from thrift.transport import TSocket, TTransport
        held = []
        half = self.call("get_all_databases")[:7]
        deadline = time.monotonic() + 30
        try:
            for n in range(11):
                for _ in range(60):
                    if time.monotonic() > deadline:
                        break
                    try:
                        s = self.from_address("127.0.0.%d" % (10 + n))
                        s.sendall(half)
                        held.append(s)
                    except OSError:
                        pass
            glue = SRV.client()
            worst = 0.0
            for _ in range(20):
                t0 = time.monotonic()
                self.assertIn("DatabaseList", glue.get_databases())
                worst = max(worst, time.monotonic() - t0)
            self.assertLess(worst, 2.0)
            ts = TSocket.TSocket()
            ts.handle = self.from_address("127.0.0.2")
            tr = TTransport.TBufferedTransport(ts)
            c = H.Client(TBinaryProtocol.TBinaryProtocol(tr))
            try:
                t0 = time.monotonic()
                self.assertIsInstance(c.get_all_databases(), list)
                self.assertLess(time.monotonic() - t0, 2.0)
            finally:
                tr.close()
            # what the server kept: at most 64 a client, 512 in all
            time.sleep(0.5)
            kept = {}
            for s in held:
                s.setblocking(False)
                try:
                    s.recv(1)  # b"": closed by the server
                except BlockingIOError:
                    src = s.getsockname()[0]
                    kept[src] = kept.get(src, 0) + 1
                except OSError:
                    pass
            self.assertGreater(sum(kept.values()), 64)
            self.assertLessEqual(sum(kept.values()), 512)
            self.assertLessEqual(max(kept.values()), 64)
        finally:
            for s in held:
                s.close()

    def test_a_client_that_reads_no_reply_holds_no_worker(self):
        # calls sent and their replies never read, on more connections than there are workers,
        # until the sockets are full both ways: a worker sends what the socket takes and goes
        # on with its other connections (the rest waits for room, HMS_SEND_SECONDS at most)
        one = self.call("get_all_databases")
        hogs = []
        try:
            for _ in range(4):
                h = socket.create_connection(("127.0.0.1", PORT), timeout=10)
                h.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                h.settimeout(1.5)
                try:
                    h.sendall(one * 200000)  # ~6 MB of calls; the server stops reading
                except socket.timeout:
                    pass
                hogs.append(h)
            for _ in range(4):  # fresh connections land on every worker in turn
                c, tr = connect()
                try:
                    t0 = time.monotonic()
                    self.assertIsInstance(c.get_all_databases(), list)
                    self.assertLess(time.monotonic() - t0, 2)
                finally:
                    tr.close()
        finally:
            for h in hogs:
                h.close()

    def test_slow_client_does_not_hold_a_worker(self):
        # half a message held open on more connections than there are workers: calls still go
        held = [self.raw(self.call("get_all_databases")[:7], read=False) for _ in range(6)]
        try:
            c, tr = connect()
            try:
                t0 = time.monotonic()
                self.assertIsInstance(c.get_all_databases(), list)
                self.assertLess(time.monotonic() - t0, 2)
            finally:
                tr.close()
            # and the HTTP front answers too
            self.assertIn("DatabaseList", SRV.client().get_databases())
        finally:
            for s in held:
                s.close()


if __name__ == "__main__":
    harness.main()
