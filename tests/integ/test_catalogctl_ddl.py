"""catalogctl ddl and show-create-table against a real catalogd (started with --crawl-root, for
MSCK REPAIR TABLE, and --type-check strict): every statement's effect cross-checked with
boto3, parse errors with line and column (exit 1, nothing run), usage errors (exit 2), -f FILE
and stdin, and show-create-table output that ddl reads back to the same stored table."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import test_catalogctl as ctl_tests  # noqa: E402

ROOT = None
LAZY = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
PARQUET = ctl_tests.FORMATS["parquet"]
# The members of a stored Table that a CREATE TABLE statement determines.
DDL_MEMBERS = ("Name", "DatabaseName", "TableType", "Description", "PartitionKeys", "Parameters")
SD_MEMBERS = ("Columns", "Location", "InputFormat", "OutputFormat", "SerdeInfo", "NumberOfBuckets",
              "BucketColumns", "SortColumns")


def setUpModule():
    global ROOT
    ROOT = harness.start_crawl_module_server("catalogctl-ddl-",
                                             extra_args=["--type-check", "strict"])


def tearDownModule():
    harness.stop_crawl_module_server()


def hive_tree(folder, specs):
    """ROOT/FOLDER/dt=D/hour=H/part-0.csv for each (D, H) in SPECS; returns the folder."""
    base = os.path.join(ROOT, folder)
    for d, h in specs:
        part = os.path.join(base, "dt=%s" % d, "hour=%d" % h)
        os.makedirs(part, exist_ok=True)
        with open(os.path.join(part, "part-0.csv"), "w") as f:
            f.write("id,name\n1,a\n2,b\n")
    return base


def ddl_view(table):
    """What DDL can say about a stored table: the table members and SD members above."""
    out = {k: table[k] for k in DDL_MEMBERS if k in table}
    sd = table.get("StorageDescriptor", {})
    out["StorageDescriptor"] = {k: sd[k] for k in SD_MEMBERS if k in sd}
    return out


class DdlCase(ctl_tests.CatalogctlCase):

    def ddl(self, *args, **kw):
        """Run `catalogctl ddl ARGS`, expect status 0 and empty stderr; return stdout."""
        rc, out, err = self.ctl("ddl", *args, **kw)
        self.assertEqual((rc, err), (0, ""), "catalogctl ddl %s: %s" % (args, err))
        return out

    def ddl_fails(self, *args, **kw):
        """Run `catalogctl ddl ARGS`, expect status 1, no output and one message line."""
        rc, out, err = self.ctl("ddl", *args, **kw)
        self.assertEqual((rc, out), (1, ""), "stderr %r" % err)
        self.assertTrue(err.startswith("catalogctl: ") and err.count("\n") == 1, err)
        return err[len("catalogctl: "):-1]

    def show(self, db, name):
        rc, out, err = self.ctl("show-create-table", "--database", db, "--name", name)
        self.assertEqual((rc, err), (0, ""))
        return out

    def values(self, db, table):
        return sorted(tuple(p["Values"]) for p in self.all_partitions(db, table))


class CreateStatements(DdlCase):

    def test_create_database(self):
        db = harness.unique_name("ddl_db")
        self.assertEqual(self.ddl("CREATE DATABASE %s COMMENT 'the db' LOCATION 's3://b/db/' "
                                  "WITH DBPROPERTIES ('owner'='data', 'x'='')" % db), "")
        got = self.glue.get_database(Name=db)["Database"]
        self.assertEqual((got["Description"], got["LocationUri"], got["Parameters"]),
                         ("the db", "s3://b/db/", {"owner": "data", "x": ""}))
        self.assertEqual(self.ddl_fails("CREATE SCHEMA %s" % db),
                         "Database %s already exists." % db)
        self.ddl("create schema if not exists %s comment 'other'" % db)
        self.assertEqual(self.glue.get_database(Name=db)["Database"]["Description"], "the db")

    def test_create_external_table_full_grammar(self):
        db = self.db()
        self.ddl("""/* the whole clause list, in mixed case */
            CREATE EXTERNAL TABLE IF NOT EXISTS %s.Events (
              id bigint COMMENT 'the id', -- a line comment
              `Name` varchar(20),
              amount DECIMAL( 10 , 2 ) comment "it's money",
              tags array<struct<k:string, v:map<string,int>>>)
            COMMENT 'click events'
            PARTITIONED BY (dt date COMMENT 'day', hour int)
            CLUSTERED BY (id) SORTED BY (id DESC, amount) INTO 16 BUCKETS
            ROW FORMAT SERDE '%s' WITH SERDEPROPERTIES ('field.delim'='|', 'serialization.format'='|')
            STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
              OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
            LOCATION 's3://company/events/'
            TBLPROPERTIES ('classification'='csv', 'skip.header.line.count'='1');""" % (db, LAZY))
        t = self.glue.get_table(DatabaseName=db, Name="events")["Table"]
        sd = t["StorageDescriptor"]
        self.assertEqual(sd["Columns"], [
            {"Name": "id", "Type": "bigint", "Comment": "the id"},
            {"Name": "Name", "Type": "varchar(20)"},  # as written
            {"Name": "amount", "Type": "decimal(10,2)", "Comment": "it's money"},
            {"Name": "tags", "Type": "array<struct<k:string,v:map<string,int>>>"}])
        self.assertEqual(t["PartitionKeys"], [{"Name": "dt", "Type": "date", "Comment": "day"},
                                              {"Name": "hour", "Type": "int"}])
        self.assertEqual((t["TableType"], t["Description"]), ("EXTERNAL_TABLE", "click events"))
        self.assertEqual(t["Parameters"], {"classification": "csv",
                                           "skip.header.line.count": "1"})
        self.assertEqual(sd["SerdeInfo"], {"SerializationLibrary": LAZY, "Parameters": {
            "field.delim": "|", "serialization.format": "|"}})
        self.assertEqual((sd["InputFormat"], sd["OutputFormat"], sd["Location"]),
                         (ctl_tests.TEXT_IN, ctl_tests.TEXT_OUT, "s3://company/events/"))
        self.assertEqual((sd["NumberOfBuckets"], sd["BucketColumns"], sd["SortColumns"]),
                         (16, ["id"], [{"Column": "id", "SortOrder": 0},
                                       {"Column": "amount", "SortOrder": 1}]))
        # IF NOT EXISTS leaves the table alone; without it the server's error is shown
        self.ddl("CREATE TABLE IF NOT EXISTS %s.events (x int)" % db)
        self.assertEqual(len(self.glue.get_table(DatabaseName=db, Name="events")["Table"]
                             ["StorageDescriptor"]["Columns"]), 4)
        self.assertEqual(self.ddl_fails("CREATE TABLE %s.events (x int)" % db),
                         "Table events already exists.")

    def test_stored_as_and_row_format_delimited(self):
        db = self.db()
        self.ddl("CREATE TABLE p (a int) STORED AS PARQUET LOCATION 's3://b/p/';"
                 "CREATE TABLE c (a int, b string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','"
                 " ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' NULL DEFINED AS 'NA'"
                 " STORED AS TEXTFILE", "--database", db)
        p = self.glue.get_table(DatabaseName=db, Name="p")["Table"]
        self.assertEqual(p["TableType"], "MANAGED_TABLE")
        sd = p["StorageDescriptor"]
        self.assertEqual((sd["InputFormat"], sd["OutputFormat"],
                          sd["SerdeInfo"]["SerializationLibrary"]), PARQUET)
        sd = self.glue.get_table(DatabaseName=db, Name="c")["Table"]["StorageDescriptor"]
        self.assertEqual(sd["SerdeInfo"], {"SerializationLibrary": LAZY, "Parameters": {
            "field.delim": ",", "escape.delim": "\\", "line.delim": "\n",
            "serialization.null.format": "NA"}})
        self.assertEqual(sd["InputFormat"], ctl_tests.TEXT_IN)

    def test_a_bad_hive_type_is_refused_as_hive_does(self):
        db = self.db()
        msg = self.ddl_fails("CREATE TABLE %s.t (a int, b strnig)" % db)
        self.assertEqual(msg, "line 1, column %d: 'strnig' is not a Hive type (Hive refuses it: "
                         "cannot recognize input); did you mean 'string'?" % (len(db) + 27))
        self.assertFalse(self.table_exists(db, "t"))
        # what parses as a type name but not as a Hive type the server refuses (strict here)
        msg = self.ddl_fails("CREATE TABLE %s.t (a int, b decimal(40,2))" % db)
        self.assertIn("Column b has an invalid type 'decimal(40,2)'", msg)
        self.assertFalse(self.table_exists(db, "t"))

    def test_drop_table(self):
        db = self.db()
        self.ddl("CREATE TABLE %s.gone (a int); CREATE TABLE %s.kept (a int)" % (db, db))
        self.ddl("DROP TABLE %s.gone PURGE" % db)
        self.assertEqual([t["Name"] for t in self.glue.get_tables(DatabaseName=db)["TableList"]],
                         ["kept"])
        self.assertEqual(self.ddl_fails("DROP TABLE %s.gone" % db), "Table gone not found.")
        self.ddl("DROP TABLE IF EXISTS %s.gone" % db)
        self.assertTrue(self.table_exists(db, "kept"))


class Partitions(DdlCase):

    def setUp(self):
        self.database = self.db()
        self.ddl("CREATE EXTERNAL TABLE %s.ev (id int) PARTITIONED BY (dt date, hour int) "
                 "STORED AS PARQUET LOCATION 's3://b/ev/'" % self.database)

    def test_add_drop_and_show_partitions(self):
        db = self.database
        self.ddl("ALTER TABLE ev ADD PARTITION (dt='2025-01-01', hour=0) "
                 "PARTITION (hour=1, dt='2025-01-01') LOCATION 's3://elsewhere/x/'",
                 "--database", db)
        self.assertEqual(self.values(db, "ev"), [("2025-01-01", "0"), ("2025-01-01", "1")])
        p0 = self.glue.get_partition(DatabaseName=db, TableName="ev",
                                     PartitionValues=["2025-01-01", "0"])["Partition"]
        p1 = self.glue.get_partition(DatabaseName=db, TableName="ev",
                                     PartitionValues=["2025-01-01", "1"])["Partition"]
        self.assertEqual(p0["StorageDescriptor"]["Location"], "s3://b/ev/dt=2025-01-01/hour=0/")
        self.assertEqual(p1["StorageDescriptor"]["Location"], "s3://elsewhere/x/")
        self.assertEqual(p0["StorageDescriptor"]["InputFormat"], PARQUET[0])
        # an existing partition: an error, unless IF NOT EXISTS (which still adds the new one)
        self.assertEqual(self.ddl_fails("ALTER TABLE %s.ev ADD PARTITION (dt='2025-01-01', "
                                        "hour=0)" % db), "Partition already exists.")
        self.ddl("ALTER TABLE %s.ev ADD IF NOT EXISTS PARTITION (dt='2025-01-01', hour=0) "
                 "PARTITION (dt='2025-01-02', hour=5)" % db)
        self.assertEqual(len(self.values(db, "ev")), 3)
        self.assertEqual(self.ddl("SHOW PARTITIONS %s.ev" % db),
                         "dt=2025-01-01/hour=0\ndt=2025-01-01/hour=1\ndt=2025-01-02/hour=5\n")
        # DROP: a missing partition is an error unless IF EXISTS
        self.assertEqual(self.ddl_fails("ALTER TABLE %s.ev DROP PARTITION (dt='2030-01-01', "
                                        "hour=0)" % db), "Partition not found.")
        self.ddl("ALTER TABLE %s.ev DROP IF EXISTS PARTITION (dt='2030-01-01', hour=0), "
                 "PARTITION (dt='2025-01-01', hour=1)" % db)
        self.assertEqual(self.values(db, "ev"), [("2025-01-01", "0"), ("2025-01-02", "5")])
        self.ddl("ALTER TABLE %s.ev DROP PARTITION (dt='2025-01-01', hour=0)" % db)
        self.assertEqual(self.ddl("SHOW PARTITIONS %s.ev" % db), "dt=2025-01-02/hour=5\n")

    def test_partition_specs_must_match_the_keys(self):
        db = self.database
        self.assertEqual(self.ddl_fails("ALTER TABLE %s.ev ADD PARTITION (dt='2025-01-01')" % db),
                         "a partition of ev names 1 keys; the table has 2")
        self.assertEqual(self.ddl_fails("ALTER TABLE %s.ev ADD PARTITION (dt='2025-01-01', "
                                        "hours=1)" % db),
                         "a partition of ev has no value for key hour")
        self.assertEqual(self.ddl_fails("SHOW PARTITIONS %s.nope" % db), "Table nope not found.")
        self.assertEqual(self.values(db, "ev"), [])

    def test_msck_repair_table(self):
        db = self.database
        folder = harness.unique_name("clicks")
        base = hive_tree(folder, [("2025-01-01", 0), ("2025-01-01", 1), ("2025-01-02", 0)])
        self.ddl("CREATE EXTERNAL TABLE %s.clicks (id int, name string) "
                 "PARTITIONED BY (dt date, hour int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ','"
                 " LOCATION 'file://%s/' TBLPROPERTIES ('skip.header.line.count'='1')"
                 % (db, base))
        self.assertEqual(self.ddl("MSCK REPAIR TABLE %s.clicks" % db),
                         "Repair: added 3 partitions to %s.clicks\n" % db)
        self.assertEqual(self.values(db, "clicks"), [("2025-01-01", "0"), ("2025-01-01", "1"),
                                                     ("2025-01-02", "0")])
        p = self.glue.get_partition(DatabaseName=db, TableName="clicks",
                                    PartitionValues=["2025-01-02", "0"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"].rstrip("/"),
                         "file://%s/dt=2025-01-02/hour=0" % base)
        # a new folder: only it is added; the table keeps its name, schema and properties
        hive_tree(folder, [("2025-01-03", 7)])
        self.assertEqual(self.ddl("MSCK REPAIR TABLE clicks", "--database", db),
                         "Repair: added 1 partitions to %s.clicks\n" % db)
        self.assertEqual(len(self.values(db, "clicks")), 4)
        t = self.glue.get_table(DatabaseName=db, Name="clicks")["Table"]
        self.assertEqual([c["Name"] for c in t["StorageDescriptor"]["Columns"]], ["id", "name"])
        self.assertEqual(t["Parameters"]["skip.header.line.count"], "1")
        self.assertEqual(self.ddl("MSCK REPAIR TABLE %s.clicks" % db),
                         "Repair: added 0 partitions to %s.clicks\n" % db)

    def test_msck_refused_outside_the_crawl_roots(self):
        db = self.database
        self.ddl("CREATE EXTERNAL TABLE %s.etc (a int) PARTITIONED BY (k string) "
                 "LOCATION '/etc/'" % db)
        self.assertEqual(self.ddl_fails("MSCK REPAIR TABLE %s.etc" % db),
                         "MSCK REPAIR TABLE %s.etc FAILED: Target /etc/ is outside the crawl "
                         "roots (--crawl-root)." % db)
        self.assertEqual(self.ddl_fails("MSCK REPAIR TABLE %s.ev" % db),
                         "MSCK REPAIR TABLE %s.ev FAILED: Target s3://b/ev/ is on S3, and "
                         "catalogd has no object store configured: crawl file:// paths under a "
                         "--crawl-root." % db)
        self.assertEqual(self.ddl_fails("MSCK REPAIR TABLE %s.nope" % db),
                         "MSCK REPAIR TABLE %s.nope FAILED: CatalogTarget %s.nope: Table nope "
                         "not found." % (db, db))
        self.assertEqual(self.values(db, "etc"), [])


class ErrorsAndFiles(DdlCase):

    def test_parse_errors_name_line_and_column_and_run_nothing(self):
        db = self.db()
        # the whole text is parsed first: the valid first statement is not run either
        self.assertEqual(self.ddl_fails("CREATE TABLE %s.t1 (a int);\n"
                                        "CREATE TABLE %s.t2 (a int,\n"
                                        "  b decimal(10,2 ) LOCATION" % (db, db)),
                         "line 3, column 20: expected ')' but found 'LOCATION'")
        self.assertFalse(self.table_exists(db, "t1"))
        self.assertEqual(self.ddl_fails("SELECT * FROM t"),
                         "line 1, column 1: expected CREATE, DROP, ALTER, MSCK or SHOW but found "
                         "'SELECT'")
        self.assertEqual(self.ddl_fails("CREATE TABLE t (a int) STORED AS ORCC"),
                         "line 1, column 34: expected PARQUET, ORC, AVRO, TEXTFILE, JSONFILE, "
                         "SEQUENCEFILE, RCFILE or INPUTFORMAT but found 'ORCC'")
        self.assertEqual(self.ddl_fails("CREATE TABLE t (a int) LOCATION 'x"),
                         "line 1, column 33: unterminated string")

    def test_usage_errors_exit_2(self):
        err = self.usage("ddl")
        self.assertTrue(err.startswith("catalogctl: ddl takes one STATEMENTS argument or -f "
                                       "FILE\nusage: catalogctl ddl "), err)
        self.usage("ddl", "DROP TABLE a", "-f", "x.sql")
        self.usage("ddl", "DROP TABLE a", "DROP TABLE b")
        self.assertIn("missing required option --table",
                      self.usage("show-create-table", "--database", "d"))
        self.usage("show-create-table", "--name", "t")

    def test_file_and_stdin(self):
        db = self.db()
        path = os.path.join(ROOT, harness.unique_name("stmts") + ".sql")
        with open(path, "w") as f:
            f.write("/* two statements */\nCREATE TABLE t (a int)\n  PARTITIONED BY (k string);"
                    "\nALTER TABLE t ADD PARTITION (k='x');\n")
        self.assertEqual(self.ddl("-f", path, "--database", db), "")
        self.assertEqual(self.values(db, "t"), [("x",)])
        self.assertEqual(self.ddl("--database", db, "-f", "-", stdin="SHOW PARTITIONS t"),
                         "k=x\n")
        with open(path, "w") as f:
            f.write("DROP TABLE t;\n\nDROP TABLE t x\n")
        self.assertEqual(self.ddl_fails("-f", path, "--database", db),
                         "%s: line 3, column 14: expected ';' or the end of input but found 'x'"
                         % path)
        self.assertTrue(self.table_exists(db, "t"))
        missing = os.path.join(ROOT, "missing.sql")
        self.assertEqual(self.ddl_fails("-f", missing), "%s: No such file or directory" % missing)


class ShowCreateTable(DdlCase):

    def round_trip(self, db, name):
        """show-create-table, drop, run the text: the same stored table, and the same text."""
        before = self.glue.get_table(DatabaseName=db, Name=name)["Table"]
        text = self.show(db, name)
        self.assertTrue(text.startswith("CREATE "), text)
        self.ddl("DROP TABLE %s.%s" % (db, name))
        self.assertFalse(self.table_exists(db, name))
        self.ddl(text)
        after = self.glue.get_table(DatabaseName=db, Name=name)["Table"]
        self.assertEqual(ddl_view(after), ddl_view(before))
        self.assertEqual(self.show(db, name), text)
        return text

    def test_round_trip_of_a_ddl_table(self):
        db = self.db()
        self.ddl("CREATE EXTERNAL TABLE %s.rt (id bigint COMMENT 'it\\'s', "
                 "s struct<`a b`:int COMMENT 'x', c:array<string>>, m map<string,decimal(5,1)>)"
                 " COMMENT 'round\\ttrip' PARTITIONED BY (dt date, region string COMMENT 'r')"
                 " CLUSTERED BY (id) SORTED BY (id ASC) INTO 3 BUCKETS"
                 " ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\001' STORED AS TEXTFILE"
                 " LOCATION 's3://b/rt/' TBLPROPERTIES ('k'='v', 'empty'='', 'q'='\"')" % db)
        text = self.round_trip(db, "rt")
        self.assertIn("CLUSTERED BY (`id`) SORTED BY (`id` ASC) INTO 3 BUCKETS\n", text)
        self.assertIn("PARTITIONED BY (\n  `dt` date,\n  `region` string COMMENT 'r')\n", text)

    def test_round_trip_of_a_boto3_table(self):
        db = self.db()
        sd = dict(ctl_tests.SEED_SD, Columns=ctl_tests.SEED_COLUMNS + [
            {"Name": "Weird`Col", "Type": "string", "Comment": "back`tick"}],
            SerdeInfo={"SerializationLibrary": PARQUET[2],
                       "Parameters": {"serialization.format": "1"}})
        self.glue.create_table(DatabaseName=db, TableInput={
            "Name": "orders", "TableType": "EXTERNAL_TABLE", "StorageDescriptor": sd,
            "PartitionKeys": [{"Name": "order_date", "Type": "date"}],
            "Parameters": {"classification": "parquet", "EXTERNAL": "TRUE"}})
        text = self.round_trip(db, "orders")
        self.assertTrue(text.startswith("CREATE EXTERNAL TABLE `%s`.`orders` (\n" % db), text)
        self.assertIn("LOCATION 's3://company-silver/orders/'\n", text)

    def test_missing_table(self):
        db = self.db()
        rc, out, err = self.ctl("show-create-table", "--database", db, "--name", "nope")
        self.assertEqual((rc, out, err), (1, "", "catalogctl: Table nope not found.\n"))


if __name__ == "__main__":
    harness.main()
