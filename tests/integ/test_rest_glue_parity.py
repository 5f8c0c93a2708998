"""The same objects through both fronts: written through REST they read back identically
through the Glue protocol (boto3, and the raw JSON wire), and the other way round --
databases, tables (with versions) and partitions."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import rest_client  # noqa: E402
from harness import unique_name  # noqa: E402
from rest_client import enc, spec_path  # noqa: E402


def setUpModule():
    srv = harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


PARAMS = {"classification": "parquet", "MixedCase.Key": "MixedValue", "empty.value": "",
          "unicode": "h\u00e9llo \u2014 \U0001F600", "quote\"and\\backslash": "tab\there"}

SD = {
    "Columns": [{"Name": "order_id", "Type": "string", "Comment": "id"},
                {"Name": "amount", "Type": "decimal(10,2)", "Parameters": {"c.k": "v"}}],
    "Location": "s3://bucket/orders/",
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "Compressed": True,
    "NumberOfBuckets": 4,
    "SerdeInfo": {"Name": "pq",
                  "SerializationLibrary":
                      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                  "Parameters": {"serialization.format": "1"}},
    "BucketColumns": ["order_id"],
    "SortColumns": [{"Column": "order_id", "SortOrder": 1}],
    "Parameters": {"sd.k": "sd.v"},
    "SkewedInfo": {"SkewedColumnNames": ["order_id"], "SkewedColumnValues": ["1"],
                   "SkewedColumnValueLocationMaps": {"1": "s3://bucket/skew/"}},
    "StoredAsSubDirectories": False,
}


def table_input(name):
    return {"Name": name, "Description": "orders \u2014 silver", "Owner": "etl",
            "Retention": 7, "StorageDescriptor": SD, "TableType": "EXTERNAL_TABLE",
            "PartitionKeys": [{"Name": "order_date", "Type": "date"},
                              {"Name": "region", "Type": "string", "Comment": "r"}],
            "Parameters": PARAMS}


def partition_input(values, n=0):
    sd = dict(SD, Location="s3://bucket/orders/%s/" % "/".join(values))
    return {"Values": list(values), "StorageDescriptor": sd,
            "Parameters": {"n": str(n), "unicode": "\u65e5\u672c"}}


def norm(x):
    """boto3 and JSON side by side: timestamps as epoch seconds rounded to ms."""
    if isinstance(x, datetime.datetime):
        return round(x.timestamp(), 3)
    if isinstance(x, float):
        return round(x, 3)
    if isinstance(x, dict):
        return {k: norm(v) for k, v in x.items() if k != "ResponseMetadata"}
    if isinstance(x, list):
        return [norm(v) for v in x]
    return x


class Parity(harness.GlueTestCase):
    maxDiff = None

    def rest(self, method, path, status, body=None, headers=None):
        r = rest_client.request(self.srv.port, method, path, body=body, headers=headers)
        self.assertEqual(r.status, status, repr(r))
        return r

    def wire(self, op, body):
        """The Glue answer as JSON on the wire (no boto3 parsing)."""
        r = self.srv.raw(op, body)
        return self.assertRawOK(r)

    def assertSame(self, rest_obj, glue_obj, msg=None):
        self.assertEqual(norm(rest_obj), norm(glue_obj), msg)


class Databases(Parity):
    def test_rest_to_glue(self):
        name = unique_name("pdb")
        r = self.rest("POST", "/v1/databases", 201, {
            "Name": name, "Description": "d \U0001F600", "LocationUri": "s3://b/p/",
            "Parameters": PARAMS})
        created = r.json
        got = self.rest("GET", "/v1/databases/" + name, 200).json
        self.assertEqual(created, got)
        self.assertSame(got, self.glue.get_database(Name=name)["Database"])
        self.assertEqual(got, self.wire("GetDatabase", {"Name": name})["Database"])
        listed = [d for d in self.glue.get_paginator("get_databases").paginate()
                  for d in d["DatabaseList"] if d["Name"] == name]
        self.assertSame([got], listed)
        # update through REST, read through Glue
        self.rest("PUT", "/v1/databases/" + name, 200, {"Name": name, "Description": "new",
                                                        "Parameters": {"a": "b"}})
        g = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((g["Description"], g["Parameters"]), ("new", {"a": "b"}))
        self.assertSame(self.rest("GET", "/v1/databases/" + name, 200).json, g)

    def test_glue_to_rest(self):
        name = unique_name("gdb")
        self.glue.create_database(DatabaseInput={
            "Name": name, "Description": "via glue", "LocationUri": "s3://b/q/",
            "Parameters": PARAMS})
        g = self.glue.get_database(Name=name)["Database"]
        r = self.rest("GET", "/v1/databases/" + name.upper(), 200).json
        self.assertSame(r, g)
        self.assertEqual(r, self.wire("GetDatabase", {"Name": name})["Database"])
        self.glue.delete_database(Name=name)
        self.rest("GET", "/v1/databases/" + name, 404)


class Tables(Parity):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("ptdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def tpath(self, t=""):
        return "/v1/databases/%s/tables%s" % (enc(self.db), "/" + enc(t) if t else "")

    def test_rest_to_glue(self):
        name = unique_name("rt")
        created = self.rest("POST", self.tpath(), 201, table_input(name)).json
        got = self.rest("GET", self.tpath(name), 200).json
        self.assertEqual(created, got)
        g = self.glue.get_table(DatabaseName=self.db, Name=name)["Table"]
        self.assertSame(got, g)
        self.assertEqual(got, self.wire("GetTable", {"DatabaseName": self.db,
                                                     "Name": name})["Table"])
        # an update through REST (If-Match) is a new version for Glue too
        ti = table_input(name)
        ti["Description"] = "v1"
        r = self.rest("PUT", self.tpath(name), 200, ti, headers={"If-Match": '"0"'})
        g = self.glue.get_table(DatabaseName=self.db, Name=name)["Table"]
        self.assertEqual(g["VersionId"], "1")
        self.assertSame(r.json, g)
        versions = self.glue.get_table_versions(DatabaseName=self.db,
                                                TableName=name)["TableVersions"]
        rv = self.rest("GET", self.tpath(name) + "/versions", 200).json["versions"]
        self.assertSame(rv, versions)
        listed = self.glue.get_tables(DatabaseName=self.db, Expression=name)["TableList"]
        self.assertSame(self.rest("GET", self.tpath() + "?pattern=" + name, 200).json["tables"],
                        listed)

    def test_glue_to_rest(self):
        name = unique_name("gt")
        self.glue.create_table(DatabaseName=self.db, TableInput=table_input(name))
        ti = table_input(name)
        ti["Parameters"] = dict(PARAMS, changed="yes")
        self.glue.update_table(DatabaseName=self.db, TableInput=ti, VersionId="0")
        g = self.glue.get_table(DatabaseName=self.db, Name=name)["Table"]
        r = self.rest("GET", self.tpath(name), 200)
        self.assertSame(r.json, g)
        self.assertEqual(r.header("etag"), '"%s"' % g["VersionId"])
        self.assertEqual(r.json, self.wire("GetTable", {"DatabaseName": self.db,
                                                        "Name": name})["Table"])
        versions = self.glue.get_table_versions(DatabaseName=self.db,
                                                TableName=name)["TableVersions"]
        rv = self.rest("GET", self.tpath(name) + "/versions", 200).json["versions"]
        self.assertSame(rv, versions)
        # Glue's VersionId compare-and-swap and REST's If-Match are the same counter
        self.rest("PUT", self.tpath(name), 412, ti, headers={"If-Match": '"0"'})
        self.glue.delete_table(DatabaseName=self.db, Name=name)
        self.rest("GET", self.tpath(name), 404)


class Partitions(Parity):
    KEYS = ("order_date", "region")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("ppdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})

    def setUp(self):
        self.t = unique_name("pt")
        self.glue.create_table(DatabaseName=self.db, TableInput=table_input(self.t))
        self.base = "/v1/databases/%s/tables/%s/partitions" % (enc(self.db), enc(self.t))

    def glue_parts(self, **kw):
        return sorted(self.all_partitions(self.db, self.t, **kw), key=lambda p: p["Values"])

    def rest_parts(self, query=""):
        out, token = [], None
        for _ in range(100):
            q = query + ("&page_token=" + enc(token) if token else "")
            r = self.rest("GET", self.base + ("?" + q.lstrip("&") if q else ""), 200).json
            out += r["partitions"]
            token = r.get("next_page_token")
            if token is None:
                return sorted(out, key=lambda p: p["Values"])
        self.fail("REST paging did not end")

    def test_rest_to_glue(self):
        vals = [("2024-06-%02d" % d, r) for d in (1, 2, 3) for r in ("eu", "a/b=c")]
        r = self.rest("POST", self.base, 200,
                      {"partitions": [partition_input(v, i) for i, v in enumerate(vals)]})
        self.assertEqual(r.json["errors"], [])
        self.assertSame(self.rest_parts("max_results=2"), self.glue_parts())
        for v in vals:
            rp = self.rest("GET", self.base + "/" + spec_path(self.KEYS, v), 200).json
            gp = self.glue.get_partition(DatabaseName=self.db, TableName=self.t,
                                         PartitionValues=list(v))["Partition"]
            self.assertSame(rp, gp)
            self.assertEqual(rp, self.wire("GetPartition", {
                "DatabaseName": self.db, "TableName": self.t,
                "PartitionValues": list(v)})["Partition"])
        # update (moving the values) through REST
        new = partition_input(("2024-07-01", "eu"), 99)
        self.rest("PUT", self.base + "/" + spec_path(self.KEYS, vals[0]), 200, new)
        gp = self.glue.get_partition(DatabaseName=self.db, TableName=self.t,
                                     PartitionValues=new["Values"])["Partition"]
        self.assertEqual(gp["Parameters"], new["Parameters"])
        self.assertSame(self.rest("GET", self.base + "/" + spec_path(
            self.KEYS, new["Values"]), 200).json, gp)
        # batch-get and batch-delete
        keys = [list(v) for v in vals[1:3]]
        rb = self.rest("POST", self.base + "/batch-get", 200, {"values": keys}).json
        gb = self.glue.batch_get_partition(DatabaseName=self.db, TableName=self.t,
                                           PartitionsToGet=[{"Values": k} for k in keys])
        self.assertSame(sorted(rb["partitions"], key=lambda p: p["Values"]),
                        sorted(gb["Partitions"], key=lambda p: p["Values"]))
        self.rest("POST", self.base + "/batch-delete", 200, {"values": keys})
        self.assertNotIn(tuple(keys[0]), self.partition_values(self.db, self.t))

    def test_glue_to_rest(self):
        vals = [("2024-06-%02d" % d, r) for d in range(1, 8) for r in ("eu", "us")]
        self.create_partitions(self.db, self.t,
                               [partition_input(v, i) for i, v in enumerate(vals)])
        self.assertSame(self.rest_parts(), self.glue_parts())
        expr = "region = 'eu' AND order_date BETWEEN '2024-06-02' AND '2024-06-05'"
        self.assertSame(self.rest_parts("expression=" + enc(expr) + "&max_results=3"),
                        self.glue_parts(Expression=expr))
        self.assertSame(self.rest_parts("exclude_column_schema=true"),
                        self.glue_parts(ExcludeColumnSchema=True))
        for s in range(2):
            q = "segment=%d&total_segments=2" % s
            self.assertSame(self.rest_parts(q),
                            self.glue_parts(Segment={"SegmentNumber": s, "TotalSegments": 2}))
        v = list(vals[0])
        pi = partition_input(v, 42)
        self.glue.update_partition(DatabaseName=self.db, TableName=self.t,
                                   PartitionValueList=v, PartitionInput=pi)
        rp = self.rest("GET", self.base + "/" + spec_path(self.KEYS, v), 200).json
        self.assertEqual(rp["Parameters"], pi["Parameters"])
        self.glue.delete_partition(DatabaseName=self.db, TableName=self.t, PartitionValues=v)
        self.rest("GET", self.base + "/" + spec_path(self.KEYS, v), 404)


if __name__ == "__main__":
    harness.main()
