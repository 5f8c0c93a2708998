"""`catalogd copy`: a catalog filled through the API, copied to another store, answers the same.

The source is always a SQLite file.  Copies to a second SQLite file always, and to PostgreSQL
(and from there back to SQLite) when CATALOG_TEST_PG is a server locator (URI or key=value) on
which the test may CREATE DATABASE (it drops it afterwards).
"""

import datetime
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import harness

ACCOUNT = "000000000000"
NPART = 2000


def run_copy(src, dst, *extra):
    return subprocess.run([harness.catalogd_path(), "copy", "--from", src, "--to", dst] +
                          list(extra), capture_output=True, text=True, timeout=600,
                          cwd=harness.REPO_ROOT)


def call(srv, op, body):
    r = srv.raw(op, body)
    if r.status != 200:
        raise AssertionError("%s %r: %s %s" % (op, body, r.status, r.body[:500]))
    return r.json


def all_pages(srv, op, body, key):
    out, token = [], None
    while True:
        b = dict(body)
        if token:
            b["NextToken"] = token
        r = call(srv, op, b)
        out += r[key]
        token = r.get("NextToken")
        if not token:
            return out


class CopyTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="catalogd-copy-")
        cls.src_dir = os.path.join(cls.tmp, "src")
        os.mkdir(cls.src_dir)
        cls.src_db = os.path.join(cls.src_dir, "catalog.db")
        cls.crawl_root = os.path.join(cls.tmp, "crawl")
        os.makedirs(os.path.join(cls.crawl_root, "events", "k=1"))
        with open(os.path.join(cls.crawl_root, "events", "k=1", "f.csv"), "w") as f:
            f.write("a,b\n1,x\n")
        with harness.Server(db=cls.src_db, db_dir=cls.src_dir,
                            extra_args=["--crawl-root", cls.crawl_root]) as srv:
            cls.fill(srv)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # ---------------------------------------------------------------- the source catalog

    @classmethod
    def fill(cls, srv):
        g = srv.client()
        arn = "arn:aws:glue:us-east-1:%s:" % ACCOUNT
        g.create_database(DatabaseInput={"Name": "Sales", "Description": "sales data",
                                         "LocationUri": "s3://bucket/sales",
                                         "Parameters": {"owner": "team-a"}},
                          Tags={"env": "prod", "cost": "42"})
        g.create_database(DatabaseInput={"Name": "empty_db"})
        cols = [{"Name": "id", "Type": "bigint"}, {"Name": "amount", "Type": "double"},
                {"Name": "note", "Type": "string", "Comment": "free text"}]
        keys = [{"Name": "year", "Type": "int"}, {"Name": "day", "Type": "date"},
                {"Name": "region", "Type": "string"}]
        sd = {"Columns": cols, "Location": "s3://bucket/sales/orders",
              "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
              "SerdeInfo": {"SerializationLibrary": "x.Serde", "Parameters": {"sep": ","}}}
        tin = {"Name": "orders", "PartitionKeys": keys, "StorageDescriptor": sd,
               "TableType": "EXTERNAL_TABLE", "Parameters": {"v": "1"}}
        g.create_table(DatabaseName="sales", TableInput=tin)
        # partitions written against version 0's descriptor
        base = datetime.date(2024, 1, 1)

        def pin(i):
            p = {"Values": [str(2000 + i % 20), (base + datetime.timedelta(days=i // 20)).isoformat(),
                            "r%d" % (i % 7)]}
            if i % 3 == 0:
                p["StorageDescriptor"] = dict(sd, Location="s3://bucket/sales/orders/p%d" % i)
            if i % 5 == 0:
                p["Parameters"] = {"n": str(i)}
            if i % 11 == 0:  # a descriptor of its own: other columns and location
                p["StorageDescriptor"] = dict(sd, Columns=cols[:2], Location="s3://elsewhere/%d" % i)
            return p
        half = NPART // 2
        for i in range(0, half, 100):
            g.batch_create_partition(DatabaseName="sales", TableName="orders",
                                     PartitionInputList=[pin(j) for j in range(i, i + 100)])
        for v in (2, 3):  # versions 1 and 2; 0 and 1 archived
            tin["Parameters"] = {"v": str(v)}
            tin["StorageDescriptor"] = dict(sd, Location="s3://bucket/sales/orders_v%d" % v)
            g.update_table(DatabaseName="sales", TableInput=tin)
        for i in range(half, NPART, 100):
            g.batch_create_partition(DatabaseName="sales", TableName="orders",
                                     PartitionInputList=[pin(j) for j in range(i, i + 100)])
        g.create_partition_index(DatabaseName="sales", TableName="orders",
                                 PartitionIndex={"Keys": ["year", "region"], "IndexName": "yr"})
        stats = [{"ColumnName": "id", "ColumnType": "bigint",
                  "AnalyzedTime": datetime.datetime(2024, 5, 1, 12, 0, 0),
                  "StatisticsData": {"Type": "LONG", "LongColumnStatisticsData": {
                      "MinimumValue": 1, "MaximumValue": 99, "NumberOfNulls": 0,
                      "NumberOfDistinctValues": 98}}},
                 {"ColumnName": "amount", "ColumnType": "double",
                  "AnalyzedTime": datetime.datetime(2024, 5, 1, 12, 0, 0),
                  "StatisticsData": {"Type": "DOUBLE", "DoubleColumnStatisticsData": {
                      "MinimumValue": -1.5, "MaximumValue": 2.25, "NumberOfNulls": 3,
                      "NumberOfDistinctValues": 7}}}]
        r = g.update_column_statistics_for_table(DatabaseName="sales", TableName="orders",
                                                 ColumnStatisticsList=stats)
        assert not r.get("Errors"), r
        for i in (0, 11, 1999):
            r = g.update_column_statistics_for_partition(
                DatabaseName="sales", TableName="orders", PartitionValues=pin(i)["Values"],
                ColumnStatisticsList=stats)
            assert not r.get("Errors"), r
        g.create_table(DatabaseName="sales", TableInput={
            "Name": "plain", "StorageDescriptor": {"Columns": cols[:1]}})
        # an Iceberg table whose metadata catalogd keeps (migration 0007's parts)
        g.create_table(DatabaseName="sales", TableInput={
            "Name": "ice", "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"}],
                                                 "Location": "s3://bucket/sales/ice"}},
            OpenTableFormatInput={"IcebergInput": {"MetadataOperation": "CREATE"}})
        g.tag_resource(ResourceArn=arn + "table/sales/orders", TagsToAdd={"tier": "gold"})
        g.create_user_defined_function(DatabaseName="sales", FunctionInput={
            "FunctionName": "to_cents", "ClassName": "x.ToCents", "OwnerName": "me",
            "OwnerType": "USER", "ResourceUris": [{"ResourceType": "JAR", "Uri": "s3://j/a.jar"}]})
        g.tag_resource(ResourceArn=arn + "userDefinedFunction/sales/to_cents",
                       TagsToAdd={"kind": "udf"})
        g.put_resource_policy(PolicyInJson='{"Version":"2012-10-17","Statement":[]}')
        # a policy of one resource (GetResourcePolicy with its ResourceArn)
        g.put_resource_policy(PolicyInJson='{"Version":"2012-10-17","Statement":[{"Sid":"db"}]}',
                              ResourceArn=arn + "database/sales")
        # a crawler with one crawl in its history
        g.create_database(DatabaseInput={"Name": "crawled"})
        g.create_crawler(Name="nightly", Role="r", DatabaseName="crawled",
                         Targets={"S3Targets": [{"Path": os.path.join(cls.crawl_root, "events")}]})
        g.start_crawler(Name="nightly")
        deadline = time.monotonic() + 20
        while True:
            c = g.get_crawler(Name="nightly")["Crawler"]
            if c["State"] == "READY" and "LastCrawl" in c:
                break
            assert time.monotonic() < deadline, c
            time.sleep(0.05)
        cls.pin = staticmethod(pin)

    # ---------------------------------------------------------------- what must read the same

    def answers(self, srv):
        arn = "arn:aws:glue:us-east-1:%s:" % ACCOUNT
        t = {"DatabaseName": "sales", "TableName": "orders"}
        out = {}
        out["GetDatabases"] = all_pages(srv, "GetDatabases", {}, "DatabaseList")
        out["GetDatabase"] = call(srv, "GetDatabase", {"Name": "sales"})
        out["GetTables"] = all_pages(srv, "GetTables", {"DatabaseName": "sales"}, "TableList")
        out["GetTable"] = call(srv, "GetTable", {"DatabaseName": "sales", "Name": "orders"})
        out["GetTableVersions"] = all_pages(srv, "GetTableVersions", t, "TableVersions")
        out["GetTableVersion0"] = call(srv, "GetTableVersion", dict(t, VersionId="0"))
        for name, expr in (("sel", "year = 2005 AND region = 'r3'"),
                           ("range", "day BETWEEN '2024-01-10' AND '2024-01-20' AND year < 2004"),
                           ("in", "region IN ('r1', 'r6') AND year >= 2018")):
            out["GetPartitions " + name] = all_pages(
                srv, "GetPartitions", dict(t, Expression=expr), "Partitions")
        out["GetPartitions all"] = all_pages(srv, "GetPartitions", t, "Partitions")
        out["GetPartition"] = call(srv, "GetPartition",
                                   dict(t, PartitionValues=self.pin(11)["Values"]))
        out["GetPartitionIndexes"] = call(srv, "GetPartitionIndexes", t)
        out["GetColumnStatisticsForTable"] = call(
            srv, "GetColumnStatisticsForTable", dict(t, ColumnNames=["id", "amount", "note"]))
        for i in (0, 11, 1999):
            out["GetColumnStatisticsForPartition %d" % i] = call(
                srv, "GetColumnStatisticsForPartition",
                dict(t, PartitionValues=self.pin(i)["Values"], ColumnNames=["id", "amount"]))
        out["GetUserDefinedFunction"] = call(srv, "GetUserDefinedFunction",
                                             {"DatabaseName": "sales", "FunctionName": "to_cents"})
        out["GetUserDefinedFunctions"] = all_pages(
            srv, "GetUserDefinedFunctions", {"Pattern": "*"}, "UserDefinedFunctions")
        for what in ("database/sales", "table/sales/orders", "userDefinedFunction/sales/to_cents"):
            out["GetTags " + what] = call(srv, "GetTags", {"ResourceArn": arn + what})
        out["GetCrawler"] = call(srv, "GetCrawler", {"Name": "nightly"})
        out["ListCrawls"] = call(srv, "ListCrawls", {"CrawlerName": "nightly"})
        out["GetTables crawled"] = all_pages(srv, "GetTables", {"DatabaseName": "crawled"},
                                             "TableList")
        pol = call(srv, "GetResourcePolicy", {})
        out["GetResourcePolicy"] = {k: pol.get(k) for k in ("PolicyInJson", "PolicyHash")}
        pol = call(srv, "GetResourcePolicy", {"ResourceArn": arn + "database/sales"})
        out["GetResourcePolicy database/sales"] = {k: pol.get(k)
                                                   for k in ("PolicyInJson", "PolicyHash")}
        return out

    def check_iceberg_commits(self, srv):
        """The Iceberg table's metadata came along: a commit reads it from the store (its
        s3:// file, which catalogd cannot read, is not needed)."""
        g = srv.client()
        before = g.get_table(DatabaseName="sales", Name="ice")["Table"]["Parameters"]
        g.update_table(DatabaseName="sales", Name="ice", UpdateOpenTableFormatInput={
            "UpdateIcebergInput": {"UpdateIcebergTableInput": {"Updates": [{
                "Schema": {"SchemaId": 0, "Type": "struct", "Fields": [
                    {"Id": 1, "Name": "a", "Type": "int", "Required": False}]},
                "Location": "s3://bucket/sales/ice", "Properties": {"k": "v"}}]}}})
        after = g.get_table(DatabaseName="sales", Name="ice")["Table"]["Parameters"]
        self.assertIn("/metadata/00001-", after["metadata_location"])
        self.assertEqual(after["previous_metadata_location"], before["metadata_location"])

    def check_same(self, dst_locator, commit_iceberg=True):
        r = run_copy(self.src_db, dst_locator)
        self.assertEqual(r.returncode, 0, "copy failed:\n%s\n%s" % (r.stdout, r.stderr))
        self.assertIn("partitions", r.stdout)
        self.assertNotIn("MISMATCH", r.stdout)
        self.assertRegex(r.stdout, r"partitions\s+%d\s+%d" % (NPART + 1, NPART + 1))  # + the crawled one
        self.assertRegex(r.stdout, r"crawlers\s+1\s+1")
        with harness.Server(db=self.src_db, db_dir=self.src_dir) as src:
            want = self.answers(src)
        self.assertEqual(len(want["GetPartitions all"]), NPART)
        self.assertEqual(want["GetTable"]["Table"]["VersionId"], "2")
        self.assertEqual(len(want["GetTableVersions"]), 3)
        self.assertEqual(len(want["ListCrawls"]["Crawls"]), 1)
        self.assertEqual(len(want["GetTables crawled"]), 1)
        self.assertTrue(want["GetPartitions sel"])
        with harness.Server(db=dst_locator) as dst:
            got = self.answers(dst)
            if commit_iceberg:
                self.check_iceberg_commits(dst)
        for k in want:
            self.assertEqual(got[k], want[k], k)
        # a second copy into the filled destination is refused and changes nothing
        r = run_copy(self.src_db, dst_locator)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("already has databases in catalog %s" % ACCOUNT, r.stderr)

    def test_sqlite_to_sqlite(self):
        dst_dir = os.path.join(self.tmp, "dst")
        os.mkdir(dst_dir)
        self.check_same(os.path.join(dst_dir, "catalog.db"))

    @harness.pg_only()
    def test_sqlite_to_postgresql(self):
        name, loc = harness.pg_create_database("catalogd_copy")
        try:
            self.check_same(loc, commit_iceberg=False)  # the answers are compared again below
            # and back: PostgreSQL -> a new SQLite file reads the same too
            back = os.path.join(self.tmp, "back")
            os.mkdir(back)
            r = run_copy(loc, os.path.join(back, "catalog.db"))
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            with harness.Server(db=self.src_db, db_dir=self.src_dir) as src:
                want = self.answers(src)
            with harness.Server(db=os.path.join(back, "catalog.db")) as b:
                got = self.answers(b)
                self.check_iceberg_commits(b)  # through PostgreSQL and back
            for k in want:
                self.assertEqual(got[k], want[k], k)
        finally:
            harness.pg_drop_database(name)

    def test_usage(self):
        r = subprocess.run([harness.catalogd_path(), "copy", "--from", "x.db"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage: catalogd copy", r.stderr)


if __name__ == "__main__":
    unittest.main()
