"""catalogctl (build/catalogctl, or $CATALOGCTL) against the real daemon.

Each test runs the binary as a subprocess with CATALOG_ENDPOINT pointing at the
module's catalogd, checks stdout (JSON), stderr ("catalogctl: <message>") and the
exit status (0 ok, 1 failed, 2 usage), and cross-checks the result with boto3.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

# The seed article's create_catalog_table.py TableInput (minus the name).
SEED_COLUMNS = [
    {"Name": "order_id", "Type": "string"},
    {"Name": "customer_id", "Type": "string"},
    {"Name": "amount", "Type": "double"},
    {"Name": "gross_amount", "Type": "double"},
    {"Name": "status", "Type": "string"},
]
SEED_SD = {
    "Columns": SEED_COLUMNS,
    "Location": "s3://company-silver/orders/",
    "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    "SerdeInfo": {
        "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
}
SEED_FLAGS = ["--columns", "order_id:string,customer_id:string,amount:double,"
              "gross_amount:double,status:string",
              "--partition-keys", "order_date:date",
              "--location", "s3://company-silver/orders/", "--format", "parquet"]

TEXT_IN = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
FORMATS = {
    "parquet": ("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"),
    "orc": ("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcSerde"),
    "avro": ("org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
             "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
             "org.apache.hadoop.hive.serde2.avro.AvroSerDe"),
    "json": (TEXT_IN, TEXT_OUT, "org.openx.data.jsonserde.JsonSerDe"),
    "csv": (TEXT_IN, TEXT_OUT, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
    "textfile": (TEXT_IN, TEXT_OUT, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
}

SUBCOMMANDS = [
    "create-database", "get-database", "get-databases", "update-database", "delete-database",
    "create-table", "get-table", "get-tables", "update-table", "delete-table",
    "get-table-versions", "create-partition", "batch-create-partition", "get-partition",
    "get-partitions", "update-partition", "delete-partition", "batch-delete-partition", "call",
    "crawl", "ddl", "show-create-table",
    "get-column-statistics", "update-column-statistics", "create-function", "get-functions",
    "search-tables",
]


def catalogctl_path():
    p = os.environ.get("CATALOGCTL", "build/catalogctl")
    if not os.path.isabs(p):
        p = os.path.join(harness.REPO_ROOT, p)
    return p


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class CatalogctlCase(harness.GlueTestCase):

    def ctl(self, *args, stdin=None, env=None, endpoint=True):
        """Run catalogctl ARGS; returns (exit status, stdout, stderr)."""
        e = dict(os.environ)
        e.pop("CATALOG_ENDPOINT", None)
        if endpoint:
            e["CATALOG_ENDPOINT"] = self.srv.endpoint
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            e.pop(k, None)
        e.update(env or {})
        p = subprocess.run([catalogctl_path()] + list(args), input=stdin, env=e,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args, **kw):
        """Run, expect status 0 and empty stderr; return stdout parsed as JSON."""
        rc, out, err = self.ctl(*args, **kw)
        self.assertEqual((rc, err), (0, ""), "catalogctl %s: %s" % (" ".join(args), err))
        return json.loads(out)

    def fails(self, *args, **kw):
        """Run, expect status 1 and one 'catalogctl: ' line; return the message."""
        rc, out, err = self.ctl(*args, **kw)
        self.assertEqual(rc, 1, "stdout %r stderr %r" % (out, err))
        self.assertTrue(err.startswith("catalogctl: "), err)
        return err[len("catalogctl: "):].rstrip("\n")

    def usage(self, *args, **kw):
        rc, out, err = self.ctl(*args, **kw)
        self.assertEqual(rc, 2, "stdout %r stderr %r" % (out, err))
        self.assertEqual(out, "")
        self.assertTrue(err.startswith("catalogctl: "), err)
        return err

    def boto_message(self, fn, **kw):
        try:
            fn(**kw)
        except harness.ClientError as e:
            return e.response["Error"]["Message"]
        self.fail("boto3 call succeeded")

    def db(self):
        name = harness.unique_name("ctl")
        self.ok("create-database", "--name", name)
        return name

    def table(self, db, name=None, keys="order_date:date"):
        name = name or harness.unique_name("t")
        self.ok("create-table", "--database", db, "--name", name, "--columns",
                "order_id:string,amount:double", "--partition-keys", keys,
                "--location", "s3://b/%s/" % name, "--format", "parquet")
        return name


class TestDatabases(CatalogctlCase):

    def test_create_get_update_delete(self):
        name = harness.unique_name("ctl")
        # a write prints what it made: the database as GetDatabase answers it
        made = self.ok("create-database", "--name", name, "--description", "d",
                       "--location", "s3://b/x/", "--parameter", "k=v")
        self.assertEqual(made, {"Database": self.glue.get_database(Name=name)["Database"]
                                | {"CreateTime": made["Database"]["CreateTime"]}})
        got = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((got["Description"], got["LocationUri"], got["Parameters"]),
                         ("d", "s3://b/x/", {"k": "v"}))
        out = self.ok("get-database", "--name", name)
        self.assertEqual(out["Database"]["Name"], name)
        self.assertEqual(out["Database"]["Description"], "d")
        self.ok("update-database", "--name", name, "--description", "e")
        self.assertEqual(self.glue.get_database(Name=name)["Database"]["Description"], "e")
        self.ok("delete-database", "--name", name)
        self.assertFalse(self.db_exists(name))

    def test_create_from_json_stdin(self):
        name = harness.unique_name("ctl")
        self.ok("create-database", "--input", "-",
                stdin=json.dumps({"Name": name, "Description": "from json"}))
        self.assertEqual(self.glue.get_database(Name=name)["Database"]["Description"],
                         "from json")

    def test_get_databases_lists_all(self):
        names = [self.db() for _ in range(3)]
        out = self.ok("get-databases", "--page-size", "1")
        listed = [d["Name"] for d in out["DatabaseList"]]
        for n in names:
            self.assertIn(n, listed)
        self.assertEqual(sorted(listed), sorted(self.all_database_names()))

    def test_errors_carry_the_servers_message(self):
        missing = harness.unique_name("nope")
        msg = self.fails("get-database", "--name", missing)
        self.assertEqual(msg, self.boto_message(self.glue.get_database, Name=missing))
        self.assertEqual(self.fails("delete-database", "--name", missing),
                         self.boto_message(self.glue.delete_database, Name=missing))
        name = self.db()
        self.assertEqual(self.fails("create-database", "--name", name),
                         self.boto_message(self.glue.create_database,
                                           DatabaseInput={"Name": name}))

    def test_table_output(self):
        name = self.db()
        rc, out, err = self.ctl("-o", "table", "get-databases")
        self.assertEqual((rc, err), (0, ""))
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("NAME"), out)
        self.assertTrue(any(l.split()[0] == name for l in lines[1:]), out)
        rc, out, err = self.ctl("get-database", "--name", name, "-o", "table")
        self.assertEqual(rc, 0)
        self.assertIn("Name", out)
        self.assertIn(name, out)
        self.assertRaises(ValueError, json.loads, out)


class TestTables(CatalogctlCase):

    def test_create_table_from_flags_matches_seed_script(self):
        db = self.db()
        self.glue.create_table(DatabaseName=db, TableInput={
            "Name": "orders_boto", "StorageDescriptor": SEED_SD,
            "PartitionKeys": [{"Name": "order_date", "Type": "date"}],
            "TableType": "EXTERNAL_TABLE"})
        self.ok("create-table", "--database", db, "--name", "orders", *SEED_FLAGS)
        seed = self.glue.get_table(DatabaseName=db, Name="orders_boto")["Table"]
        ours = self.glue.get_table(DatabaseName=db, Name="orders")["Table"]
        for t in (seed, ours):
            self.assertEqual(t["StorageDescriptor"]["Columns"], SEED_COLUMNS)
        self.assertEqual(ours["PartitionKeys"], seed["PartitionKeys"])
        self.assertEqual(ours["TableType"], seed["TableType"])
        self.assertEqual(ours["StorageDescriptor"]["Location"],
                         seed["StorageDescriptor"]["Location"])
        self.assertEqual(ours["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"],
                         seed["StorageDescriptor"]["SerdeInfo"]["SerializationLibrary"])
        # the seed's text formats are a slip; --format parquet gives Parquet's own
        self.assertEqual(ours["StorageDescriptor"]["InputFormat"], FORMATS["parquet"][0])
        self.assertEqual(ours["StorageDescriptor"]["OutputFormat"], FORMATS["parquet"][1])

    def test_create_table_from_seed_json_is_identical(self):
        db = self.db()
        tin = {"Name": "orders", "StorageDescriptor": SEED_SD,
               "PartitionKeys": [{"Name": "order_date", "Type": "date"}],
               "TableType": "EXTERNAL_TABLE"}
        self.ok("create-table", "--database", db, "--input", "-", stdin=json.dumps(tin))
        tin2 = dict(tin, Name="orders2")
        self.glue.create_table(DatabaseName=db, TableInput=tin2)
        a = self.glue.get_table(DatabaseName=db, Name="orders")["Table"]
        b = self.glue.get_table(DatabaseName=db, Name="orders2")["Table"]
        for t in (a, b):
            for k in ("Name", "CreateTime", "UpdateTime"):
                t.pop(k)
        self.assertEqual(a, b)

    def test_every_format(self):
        db = self.db()
        for fmt, (inf, outf, serde) in FORMATS.items():
            with self.subTest(fmt=fmt):
                self.ok("create-table", "--database", db, "--name", fmt, "--columns", "a:int",
                        "--location", "s3://b/%s/" % fmt, "--format", fmt)
                sd = self.glue.get_table(DatabaseName=db, Name=fmt)["Table"]["StorageDescriptor"]
                self.assertEqual((sd["InputFormat"], sd["OutputFormat"],
                                  sd["SerdeInfo"]["SerializationLibrary"]), (inf, outf, serde))
        sd = self.glue.get_table(DatabaseName=db, Name="csv")["Table"]["StorageDescriptor"]
        self.assertEqual(sd["SerdeInfo"]["Parameters"].get("field.delim"), ",")

    def test_complex_types_and_parameters(self):
        db = self.db()
        self.ok("create-table", "--database", db, "--name", "c", "--columns",
                "d:decimal(10,2),m:map<string,int>,s:struct<a:int,b:string>",
                "--parameter", "classification=parquet", "--table-type", "GOVERNED",
                "--description", "desc")
        t = self.glue.get_table(DatabaseName=db, Name="c")["Table"]
        self.assertEqual([c["Type"] for c in t["StorageDescriptor"]["Columns"]],
                         ["decimal(10,2)", "map<string,int>", "struct<a:int,b:string>"])
        self.assertEqual(t["Parameters"], {"classification": "parquet"})
        self.assertEqual((t["TableType"], t["Description"]), ("GOVERNED", "desc"))

    def test_get_tables_update_versions_delete(self):
        db = self.db()
        for n in ("sales_a", "sales_b", "tmp_c"):
            self.table(db, n)
        out = self.ok("get-tables", "--database", db, "--expression", "sales_*")
        self.assertEqual(sorted(t["Name"] for t in out["TableList"]), ["sales_a", "sales_b"])
        out = self.ok("get-table", "--database", db, "--name", "sales_a")
        self.assertEqual(out["Table"]["VersionId"], "0")
        self.ok("update-table", "--database", db, "--name", "sales_a", "--columns",
                "order_id:string,amount:double,note:string", "--partition-keys",
                "order_date:date", "--format", "orc", "--version-id", "0")
        t = self.glue.get_table(DatabaseName=db, Name="sales_a")["Table"]
        self.assertEqual(t["VersionId"], "1")
        self.assertEqual(t["StorageDescriptor"]["InputFormat"], FORMATS["orc"][0])
        msg = self.fails("update-table", "--database", db, "--name", "sales_a", "--columns",
                         "x:int", "--version-id", "0")
        self.assertEqual(msg, self.boto_message(
            self.glue.update_table, DatabaseName=db, VersionId="0",
            TableInput={"Name": "sales_a"}))
        out = self.ok("get-table-versions", "--database", db, "--table", "sales_a")
        self.assertEqual([v["VersionId"] for v in out["TableVersions"]],
                         [v["VersionId"] for v in self.glue.get_table_versions(
                             DatabaseName=db, TableName="sales_a")["TableVersions"]])
        self.ok("delete-table", "--database", db, "--name", "tmp_c")
        self.assertFalse(self.table_exists(db, "tmp_c"))
        self.assertEqual(self.fails("get-table", "--database", db, "--name", "tmp_c"),
                         self.boto_message(self.glue.get_table, DatabaseName=db, Name="tmp_c"))


class TestUpdatesMerge(CatalogctlCase):
    """The update commands change what their options say and keep the rest (issue 19)."""

    def test_update_table_merges_the_flags_into_the_definition(self):
        db = self.db()
        t = self.table(db)
        self.ok("update-table", "--database", db, "--name", t, "--serde-parameter", "a=b",
                "--parameter", "team=x")
        self.glue.create_partition(DatabaseName=db, TableName=t,
                                   PartitionInput={"Values": ["2024-06-01"]})
        before = self.glue.get_table(DatabaseName=db, Name=t)["Table"]
        self.ok("update-table", "--database", db, "--name", t, "--parameter", "owner=me")
        after = self.glue.get_table(DatabaseName=db, Name=t)["Table"]
        self.assertEqual(after["Parameters"], dict(before["Parameters"], owner="me"))
        for k in ("StorageDescriptor", "PartitionKeys", "TableType"):
            self.assertEqual(after[k], before[k], k)
        self.assertEqual(after["VersionId"], str(int(before["VersionId"]) + 1))
        # each flag changes its own member only
        self.ok("update-table", "--database", db, "--name", t, "--location", "s3://b/moved/",
                "--description", "d", "--serde-parameter", "c=d")
        t2 = self.glue.get_table(DatabaseName=db, Name=t)["Table"]
        sd = t2["StorageDescriptor"]
        self.assertEqual((sd["Location"], t2["Description"]), ("s3://b/moved/", "d"))
        self.assertEqual(sd["SerdeInfo"]["Parameters"], {"a": "b", "c": "d"})
        self.assertEqual((sd["Columns"], sd["InputFormat"], t2["PartitionKeys"]),
                         (before["StorageDescriptor"]["Columns"],
                          before["StorageDescriptor"]["InputFormat"], before["PartitionKeys"]))
        self.assertEqual(t2["Parameters"]["owner"], "me")
        # --version-id still pins the version written over
        msg = self.fails("update-table", "--database", db, "--name", t, "--owner", "o",
                         "--version-id", before["VersionId"])
        self.assertEqual(msg, "Update table failed due to concurrent modifications.")
        # the partition stayed, and still reads under the table's keys
        self.assertEqual(self.partition_values(db, t), {("2024-06-01",)})
        # update-partition merges too
        self.glue.update_partition(DatabaseName=db, TableName=t, PartitionValueList=["2024-06-01"],
                                   PartitionInput={"Values": ["2024-06-01"],
                                                   "Parameters": {"a": "1"},
                                                   "LastAccessTime": 1700000000})
        self.ok("update-partition", "--database", db, "--table", t, "--values", "2024-06-01",
                "--parameter", "b=2")
        p = self.glue.get_partition(DatabaseName=db, TableName=t,
                                    PartitionValues=["2024-06-01"])["Partition"]
        self.assertEqual(p["Parameters"], {"a": "1", "b": "2"})
        self.assertEqual(p["LastAccessTime"].timestamp(), 1700000000)

    def test_replace_keeps_todays_meaning_and_the_server_guards_partition_keys(self):
        db = self.db()
        t = self.table(db)
        self.glue.create_partition(DatabaseName=db, TableName=t,
                                   PartitionInput={"Values": ["2024-06-01"]})
        msg = self.fails("update-table", "--database", db, "--name", t, "--replace",
                         "--parameter", "owner=me")
        want = ("Cannot change the partition keys of table %s.%s: it has partitions.  Delete "
                "them first, or create a new table." % (db, t))
        self.assertEqual(msg, want)
        self.assertEqual(self.glue.get_table(DatabaseName=db, Name=t)["Table"]["PartitionKeys"],
                         [{"Name": "order_date", "Type": "date"}])
        # the same guard on every front: Glue, and the REST API that shares the operation
        err = self.assertClientError("InvalidInputException", self.glue.update_table,
                                     DatabaseName=db, TableInput={
                                         "Name": t, "PartitionKeys": [
                                             {"Name": "day", "Type": "date"}]})
        self.assertEqual(err["Message"], want)
        err = self.assertClientError("InvalidInputException", self.glue.update_table,
                                     DatabaseName=db, TableInput={
                                         "Name": t, "PartitionKeys": [
                                             {"Name": "order_date", "Type": "date"},
                                             {"Name": "region", "Type": "string"}]})
        self.assertEqual(err["Message"], want)
        r = self.srv.raw(None, method="PUT", path="/v1/databases/%s/tables/%s" % (db, t),
                         body=json.dumps({"Name": t, "PartitionKeys": []}).encode(),
                         headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json["message"], want)
        # a comment or a type may change (Hive's ALTER TABLE ... PARTITION COLUMN); with no
        # partitions, keys may change too
        self.glue.update_table(DatabaseName=db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "ORDER_DATE", "Type": "string",
                                          "Comment": "c"}]})
        self.glue.delete_partition(DatabaseName=db, TableName=t, PartitionValues=["2024-06-01"])
        self.ok("update-table", "--database", db, "--name", t, "--replace",
                "--parameter", "owner=me")
        t2 = self.glue.get_table(DatabaseName=db, Name=t)["Table"]
        self.assertEqual((t2["Parameters"], t2.get("PartitionKeys", [])), ({"owner": "me"}, []))
        self.assertEqual(t2["StorageDescriptor"].get("Columns", []), [])

    def test_update_database_merges_and_replace_replaces(self):
        name = harness.unique_name("ctl")
        self.ok("create-database", "--name", name, "--description", "d", "--location",
                "s3://b/x/", "--parameter", "k=v")
        self.ok("update-database", "--name", name, "--parameter", "owner=me")
        got = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((got["Description"], got["LocationUri"], got["Parameters"]),
                         ("d", "s3://b/x/", {"k": "v", "owner": "me"}))
        self.ok("update-database", "--name", name, "--replace", "--description", "e")
        got = self.glue.get_database(Name=name)["Database"]
        self.assertEqual((got["Description"], got.get("LocationUri"), got.get("Parameters", {})),
                         ("e", None, {}))
        self.assertIn("--replace", self.ctl("update-database", "--help")[1])
        self.assertIn("--replace", self.ctl("update-table", "--help")[1])


class TestPartitions(CatalogctlCase):

    def test_create_get_update_delete(self):
        db = self.db()
        t = self.table(db, keys="order_date:date,region:string")
        self.ok("create-partition", "--database", db, "--table", t, "--values", "2024-06-01,eu")
        self.ok("create-partition", "--database", db, "--table", t, "--values",
                '["2024-06-02", "us"]', "--location", "s3://elsewhere/", "--parameter", "k=v")
        p = self.glue.get_partition(DatabaseName=db, TableName=t,
                                    PartitionValues=["2024-06-01", "eu"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"],
                         "s3://b/%s/order_date=2024-06-01/region=eu/" % t)
        self.assertEqual(p["StorageDescriptor"]["InputFormat"], FORMATS["parquet"][0])
        out = self.ok("get-partition", "--database", db, "--table", t, "--values", "2024-06-02,us")
        self.assertEqual(out["Partition"]["StorageDescriptor"]["Location"], "s3://elsewhere/")
        self.assertEqual(out["Partition"]["Parameters"], {"k": "v"})
        self.ok("update-partition", "--database", db, "--table", t, "--values", "2024-06-02,us",
                "--new-values", "2024-06-03,us", "--location", "s3://moved/")
        p = self.glue.get_partition(DatabaseName=db, TableName=t,
                                    PartitionValues=["2024-06-03", "us"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"], "s3://moved/")
        self.ok("delete-partition", "--database", db, "--table", t, "--values", "2024-06-03,us")
        self.assertEqual(self.partition_values(db, t), {("2024-06-01", "eu")})
        self.assertEqual(
            self.fails("get-partition", "--database", db, "--table", t, "--values", "2024-06-09,eu"),
            self.boto_message(self.glue.get_partition, DatabaseName=db, TableName=t,
                              PartitionValues=["2024-06-09", "eu"]))
        self.assertEqual(
            self.fails("create-partition", "--database", db, "--table", t, "--values", "2024-06-01,eu"),
            self.boto_message(self.glue.create_partition, DatabaseName=db, TableName=t,
                              PartitionInput={"Values": ["2024-06-01", "eu"]}))

    def test_batch_create_from_stdin_and_file_then_expression(self):
        db = self.db()
        t = self.table(db)
        lines = ["# comment", ""] + ["2024-%02d-%02d" % (m, d) for m in (1, 2, 3)
                                     for d in range(1, 29)]
        lines.append("2024-04-01 s3://special/place/")
        out = self.ok("batch-create-partition", "--database", db, "--table", t,
                      "--batch-size", "25", stdin="\n".join(lines) + "\n")
        self.assertEqual(out, {"Created": 85, "Errors": []})
        self.assertEqual(len(self.partition_values(db, t)), 85)
        p = self.glue.get_partition(DatabaseName=db, TableName=t,
                                    PartitionValues=["2024-04-01"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"], "s3://special/place/")
        expr = "order_date BETWEEN '2024-02-10' AND '2024-02-14'"
        out = self.ok("get-partitions", "--database", db, "--table", t, "--expression", expr,
                      "--page-size", "2")
        self.assertEqual(sorted(p["Values"][0] for p in out["Partitions"]),
                         ["2024-02-%02d" % d for d in range(10, 15)])
        self.assertEqual(len(out["Partitions"]),
                         len(self.all_partitions(db, t, Expression=expr)))
        # segments together cover the table
        seen = []
        for s in range(3):
            out = self.ok("get-partitions", "--database", db, "--table", t, "--segment", str(s),
                          "--total-segments", "3")
            seen += [p["Values"][0] for p in out["Partitions"]]
        self.assertEqual(len(seen), 85)
        self.assertEqual(len(set(seen)), 85)
        # a file, with one entry that exists: status 1, the per-entry error reported
        path = os.path.join(self.srv.db_dir, "%s.txt" % t)
        with open(path, "w") as f:
            f.write("2024-05-01\n2024-01-01\n")
        rc, out, err = self.ctl("batch-create-partition", "--database", db, "--table", t,
                                "--file", path)
        self.assertEqual(rc, 1, err)
        res = json.loads(out)
        self.assertEqual(res["Created"], 1)
        self.assertEqual(res["Errors"][0]["PartitionValues"], ["2024-01-01"])
        self.assertTrue(err.startswith("catalogctl: 1 of 2 partitions failed"), err)
        # batch delete
        out = self.ok("batch-delete-partition", "--database", db, "--table", t,
                      stdin="\n".join(lines[2:30]) + "\n")
        self.assertEqual(out, {"Deleted": 28, "Errors": []})
        self.assertEqual(len(self.partition_values(db, t)), 86 - 28)

    def test_bad_expression_is_a_failure_with_the_servers_message(self):
        db = self.db()
        t = self.table(db)
        msg = self.fails("get-partitions", "--database", db, "--table", t, "--expression",
                         "order_date = ")
        self.assertEqual(msg, self.boto_message(self.glue.get_partitions, DatabaseName=db,
                                                TableName=t, Expression="order_date = "))

    def test_table_output(self):
        db = self.db()
        t = self.table(db)
        self.ok("create-partition", "--database", db, "--table", t, "--values", "2024-06-01")
        rc, out, err = self.ctl("-o", "table", "get-partitions", "--database", db, "--table", t)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out.split(), ["VALUES", "LOCATION", "2024-06-01",
                                       "s3://b/%s/order_date=2024-06-01/" % t])


class TestGeneric(CatalogctlCase):

    def test_call_any_operation(self):
        db = self.db()
        t = self.table(db)
        out = self.ok("call", "GetPartitionIndexes", "--input", "-",
                      stdin=json.dumps({"DatabaseName": db, "TableName": t}))
        want = self.glue.get_partition_indexes(DatabaseName=db, TableName=t)
        want.pop("ResponseMetadata")
        self.assertEqual(out, want)
        msg = self.fails("call", "NoSuchOperation")
        self.assertTrue(msg, msg)

    def test_help_for_every_subcommand(self):
        for name in SUBCOMMANDS:
            with self.subTest(name=name):
                rc, out, err = self.ctl(name, "--help", endpoint=False)
                self.assertEqual((rc, err), (0, ""))
                self.assertTrue(out.startswith("usage: catalogctl %s " % name), out)
        rc, out, err = self.ctl("--help")
        self.assertEqual(rc, 0)
        for name in SUBCOMMANDS:  # each with one line on what it does
            self.assertRegex(out, r"\n  %s +[a-z][^\n]{8,}\n" % re.escape(name))

    def test_usage_errors_exit_2(self):
        self.assertIn("unknown command", self.usage("frobnicate"))
        self.usage()
        self.assertIn("--name", self.usage("get-database"))
        self.assertIn("--values", self.usage("get-partition", "--database", "d", "--table", "t"))
        self.usage("get-database", "--name", "x", "--bogus")
        self.usage("get-database", "--name", "x", "stray")
        self.assertIn("-o must be json or table", self.usage("-o", "yaml", "get-databases"))
        self.assertIn("--format", self.usage("create-table", "--database", "d", "--name", "t",
                                             "--format", "xml"))
        self.assertIn("--columns", self.usage("create-table", "--database", "d", "--name", "t",
                                              "--columns", "nocolon"))
        self.usage("batch-create-partition", "--database", "d", "--table", "t",
                   "--batch-size", "0", stdin="")
        for cmd in (["get-databases"], ["get-tables", "--database", "d"],
                    ["get-table-versions", "--database", "d", "--table", "t"],
                    ["get-partitions", "--database", "d", "--table", "t"]):
            for bad in ("abc", "0", "-5", "4294967297"):
                self.assertIn("--page-size", self.usage(*cmd, "--page-size", bad))

    def test_endpoint_flag_and_environment(self):
        name = self.db()
        dead = {"CATALOG_ENDPOINT": "http://127.0.0.1:1"}
        msg = self.fails("get-database", "--name", name, env=dead)
        self.assertTrue(msg)
        out = self.ok("--endpoint", self.srv.endpoint, "get-database", "--name", name, env=dead)
        self.assertEqual(out["Database"]["Name"], name)
        out = self.ok("get-database", "--name", name, "--endpoint", self.srv.endpoint, env=dead)
        self.assertEqual(out["Database"]["Name"], name)

    def test_common_options_abbreviated_before_the_command(self):
        # An abbreviated or unknown long option makes getopt_long scan the whole table of the
        # options accepted before the command, to its zero entry (which it once lacked).
        name = self.db()
        dead = {"CATALOG_ENDPOINT": "http://127.0.0.1:1"}
        out = self.ok("--end", self.srv.endpoint, "--out=json", "get-database", "--name", name,
                      env=dead)
        self.assertEqual(out["Database"]["Name"], name)
        err = self.usage("--nope", "get-database", "--name", name)
        self.assertEqual(err, "catalogctl: unrecognised option or missing value: --nope\n"
                         "Try 'catalogctl --help'.\n")
        err = self.usage("--c", "x", "get-database", "--name", name)  # --catalog-id or --cacert
        self.assertEqual(err, "catalogctl: unrecognised option or missing value: --c\n"
                         "Try 'catalogctl --help'.\n")

    def test_invalid_json_input_fails(self):
        msg = self.fails("create-table", "--database", "d", "--input", "-", stdin="{nope")
        self.assertIn("<stdin>", msg)


if __name__ == "__main__":
    import unittest
    unittest.main()
