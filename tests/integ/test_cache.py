"""The read fast paths: the table cache across processes (two catalogd on one database file; what
one writes, the other serves at once) and GetPartition's text answer (the same as its
GetPartitions and BatchGetPartition entries)."""

import http.client
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

COLUMNS = [{"Name": "c1", "Type": "string"}]
KEYS = [{"Name": "dt", "Type": "date"}, {"Name": "hr", "Type": "int"}]


def table_input(columns=COLUMNS, keys=KEYS, **kw):
    return dict({"Name": "t", "StorageDescriptor": {"Columns": columns, "Location": "s3://b/t/"},
                 "PartitionKeys": keys}, **kw)


@unittest.skipIf(harness.external_endpoint(), "needs two catalogd processes")
class TwoProcesses(unittest.TestCase):
    """A is read (and caches); B writes the same file; every read of A after B's write
    must show it."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="catalogd-integ-")
        self.a = harness.Server(db_dir=self.tmp.name).start()
        self.b = harness.Server(db_dir=self.tmp.name).start()
        self.ca, self.cb = self.a.client(), self.b.client()

    def tearDown(self):
        try:
            self.a.stop()
            self.b.stop()
        finally:
            self.tmp.cleanup()

    def table(self, db="d"):
        return self.ca.get_table(DatabaseName=db, Name="t")["Table"]

    def partition(self, values, db="d"):
        return self.ca.get_partition(DatabaseName=db, TableName="t",
                                     PartitionValues=values)["Partition"]

    def hr_above_9(self):
        r = self.ca.get_partitions(DatabaseName="d", TableName="t", Expression="hr > 9")
        return sorted(p["Values"][1] for p in r["Partitions"])

    def rest_etag(self, db="d"):
        c = http.client.HTTPConnection("127.0.0.1", self.a.port, timeout=30)
        try:
            c.request("GET", "/v1/databases/%s/tables/t" % db)
            r = c.getresponse()
            r.read()
            return r.status, r.getheader("ETag")
        finally:
            c.close()

    def warm(self):
        """Read everything twice through A, so that its cache holds the table."""
        for _ in range(2):
            self.table()
            self.partition(["2024-01-01", "10"])
            self.hr_above_9()
            self.rest_etag()

    def test_update_seen_at_once_by_gettable_getpartition_and_rest(self):
        self.ca.create_database(DatabaseInput={"Name": "d"})
        self.ca.create_table(DatabaseName="d", TableInput=table_input())
        self.ca.batch_create_partition(DatabaseName="d", TableName="t", PartitionInputList=[
            {"Values": ["2024-01-01", "9"]}, {"Values": ["2024-01-01", "10"]}])
        self.warm()
        self.assertEqual(self.table()["VersionId"], "0")
        self.assertEqual(self.hr_above_9(), ["10"])  # hr is an int
        self.assertEqual(self.rest_etag(), (200, '"0"'))

        # B changes the columns, a parameter and retypes hr to string
        self.cb.update_table(DatabaseName="d", TableInput=table_input(
            columns=[{"Name": "c2", "Type": "bigint"}],
            keys=[KEYS[0], {"Name": "hr", "Type": "string"}], Parameters={"p": "1"}))
        t = self.table()
        self.assertEqual(t["VersionId"], "1")
        self.assertEqual(t["Parameters"], {"p": "1"})
        self.assertEqual([c["Name"] for c in t["StorageDescriptor"]["Columns"]], ["c2"])
        self.assertEqual(t["PartitionKeys"][1]["Type"], "string")
        self.assertEqual(self.rest_etag(), (200, '"1"'))
        self.assertEqual(self.hr_above_9(), [])  # "10" < "9" as strings
        self.assertEqual(self.partition(["2024-01-01", "10"])["Values"], ["2024-01-01", "10"])

        # B drops the table and creates another of the same name with one key
        self.cb.delete_table(DatabaseName="d", Name="t")
        self.cb.create_table(DatabaseName="d", TableInput=table_input(keys=KEYS[:1]))
        t = self.table()
        self.assertEqual((t["VersionId"], len(t["PartitionKeys"])), ("0", 1))
        with self.assertRaises(self.ca.exceptions.InvalidInputException):
            self.partition(["2024-01-01", "10"])  # two values for one key now
        with self.assertRaises(self.ca.exceptions.EntityNotFoundException):
            self.partition(["2024-01-01"])  # its partitions went with the old table

    def test_partition_answers_kept_follow_the_other_process(self):
        # A's GetPartition answers are kept while nothing is committed (store_answer_get):
        # a change of the partition through B is seen at the next read through A
        self.ca.create_database(DatabaseInput={"Name": "d"})
        self.ca.create_table(DatabaseName="d", TableInput=table_input())
        self.ca.create_partition(DatabaseName="d", TableName="t", PartitionInput={
            "Values": ["2024-01-01", "10"], "StorageDescriptor": {"Location": "s3://b/1/"}})
        for n in range(2, 5):
            for _ in range(3):  # read, then from what A kept
                self.assertEqual(self.partition(["2024-01-01", "10"])["StorageDescriptor"]
                                 ["Location"], "s3://b/%d/" % (n - 1))
            self.cb.update_partition(
                DatabaseName="d", TableName="t", PartitionValueList=["2024-01-01", "10"],
                PartitionInput={"Values": ["2024-01-01", "10"],
                                "StorageDescriptor": {"Location": "s3://b/%d/" % n}})
            self.assertEqual(self.partition(["2024-01-01", "10"])["StorageDescriptor"]
                             ["Location"], "s3://b/%d/" % n)
        self.cb.delete_partition(DatabaseName="d", TableName="t",
                                 PartitionValues=["2024-01-01", "10"])
        with self.assertRaises(self.ca.exceptions.EntityNotFoundException):
            self.partition(["2024-01-01", "10"])

    def test_database_rename_seen_at_once(self):
        self.ca.create_database(DatabaseInput={"Name": "d"})
        self.ca.create_table(DatabaseName="d", TableInput=table_input())
        self.ca.batch_create_partition(DatabaseName="d", TableName="t", PartitionInputList=[
            {"Values": ["2024-01-01", "10"]}])
        self.warm()
        self.cb.update_database(Name="d", DatabaseInput={"Name": "e"})
        with self.assertRaises(self.ca.exceptions.EntityNotFoundException):
            self.table("d")
        with self.assertRaises(self.ca.exceptions.EntityNotFoundException):
            self.partition(["2024-01-01", "10"], db="d")
        self.assertEqual(self.rest_etag("d")[0], 404)
        self.assertEqual(self.table("e")["DatabaseName"], "e")
        self.assertEqual(self.partition(["2024-01-01", "10"], db="e")["DatabaseName"], "e")


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class GetPartitionText(harness.GlueTestCase):
    """GetPartition is written as text straight from the row; BatchGetPartition still builds
    jansson objects: both must give the same Partition, and so must GetPartitions."""

    def test_same_as_getpartitions_and_batchget(self):
        db = self.make_db()
        sd = {"Columns": [{"Name": "c1", "Type": "string", "Comment": "x"}],
              "Location": "s3://b/t/", "InputFormat": "in", "OutputFormat": "out",
              "SerdeInfo": {"SerializationLibrary": "lib", "Parameters": {"k": "v"}},
              "Parameters": {"sd": "1"}}
        self.glue.create_table(DatabaseName=db, TableInput={
            "Name": "t", "StorageDescriptor": sd, "PartitionKeys": [{"Name": "k", "Type": "string"}]})
        inputs = [
            {"Values": ["plain"]},
            {"Values": ["under"], "StorageDescriptor": dict(sd, Location="s3://b/t/k=under/")},
            {"Values": ["elsewhere"], "StorageDescriptor": dict(sd, Location="s3://other/x/")},
            {"Values": ["differs"], "StorageDescriptor": dict(
                sd, Columns=[{"Name": "c9", "Type": "int"}], Location="s3://b/t/d/")},
            {"Values": ["no-serde"], "StorageDescriptor": {"Location": "s3://b/t/n/"}},
            {"Values": ["params \"q\" \u00e9"], "Parameters": {"numRows": "7", "e": ""},
             "LastAccessTime": 1700000000},
        ]
        self.create_partitions(db, "t", inputs)
        listed = {tuple(p["Values"]): p for p in self.all_partitions(db, "t")}
        batch = self.glue.batch_get_partition(DatabaseName=db, TableName="t", PartitionsToGet=[
            {"Values": p["Values"]} for p in inputs])["Partitions"]
        batch = {tuple(p["Values"]): p for p in batch}
        self.assertEqual(len(listed), len(inputs))
        for p in inputs:
            got = self.glue.get_partition(DatabaseName=db, TableName="t",
                                          PartitionValues=p["Values"])["Partition"]
            self.assertEqual(got, listed[tuple(p["Values"])])
            self.assertEqual(got, batch[tuple(p["Values"])])


@harness.sqlite_only("PRAGMA mmap_size is SQLite's")
@unittest.skipIf(harness.external_endpoint(), "needs its own catalogd process")
class SqliteMmap(unittest.TestCase):
    """The database file is read through a memory map by default (it shows in the process's
    mappings once read), answers unchanged; with --sqlite-mmap 0, no mapping."""

    def mapped(self, srv):
        path = os.path.realpath(srv.db_path)  # the file itself, not its -shm or -wal
        with open("/proc/%d/maps" % srv.proc.pid) as f:
            return any(line.split(None, 5)[-1] == path for line in f.read().splitlines())

    def run_with(self, args):
        with tempfile.TemporaryDirectory(prefix="catalogd-integ-") as tmp:
            srv = harness.Server(extra_args=args, db_dir=tmp).start()
            try:
                g = srv.client()
                g.create_database(DatabaseInput={"Name": "d"})
                g.create_table(DatabaseName="d", TableInput=table_input())
                g.batch_create_partition(DatabaseName="d", TableName="t", PartitionInputList=[
                    {"Values": ["2024-01-%02d" % (1 + i % 28), str(i)]} for i in range(200)])
                got = g.get_partition(DatabaseName="d", TableName="t",
                                      PartitionValues=["2024-01-08", "7"])["Partition"]
                self.assertEqual(got["Values"], ["2024-01-08", "7"])
                self.assertEqual(len(g.get_partitions(DatabaseName="d", TableName="t",
                                                      Expression="hr < 50")["Partitions"]), 50)
                return self.mapped(srv)
            finally:
                srv.stop()

    def test_mapped_unless_turned_off(self):
        self.assertTrue(self.run_with([]))
        self.assertTrue(self.run_with(["--sqlite-mmap", "64"]))
        self.assertFalse(self.run_with(["--sqlite-mmap", "0"]))


if __name__ == "__main__":
    harness.main()
