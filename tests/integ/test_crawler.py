"""Glue crawlers through boto3 against a catalogd started with --crawl-root: first crawl,
incremental crawl, schema change recorded, mixed formats refused, a corrupt Parquet file
reported by name, targets outside the crawl root refused, StopCrawler during a long crawl,
a scheduled crawler running on its own, CSV/gzip/JSON lines, and the API's errors."""

import gzip
import os
import shutil
import time
import unittest

import harness
import parquet_gen as pq

ROOT = None
ORDERS = [("order_id", pq.BYTE_ARRAY, pq.UTF8, None), ("amount", pq.DOUBLE, None, None),
          ("quantity", pq.INT32, None, None)]


def setUpModule():
    global ROOT
    ROOT = harness.start_crawl_module_server("catalogd-crawl-",
                                             extra_args=["--schedule-minute", "1"])


def tearDownModule():
    harness.stop_crawl_module_server()


def tree(name, dates, columns=ORDERS, fname="part-0.parquet", row_groups=()):
    base = os.path.join(ROOT, name)
    for d in dates:
        os.makedirs(os.path.join(base, "order_date=%s" % d), exist_ok=True)
        pq.write(os.path.join(base, "order_date=%s" % d, fname), columns, row_groups)
    return base


class CrawlerTest(harness.GlueTestCase):
    def setUp(self):
        self.db = harness.unique_name("crawl_db")
        self.glue.create_database(DatabaseInput={"Name": self.db})

    def crawler(self, path, **kw):
        name = harness.unique_name("crawler")
        self.glue.create_crawler(Name=name, Role="r", DatabaseName=self.db,
                                 Targets={"S3Targets": [{"Path": path}]}, **kw)
        return name

    def wait(self, name, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            c = self.glue.get_crawler(Name=name)["Crawler"]
            if c["State"] == "READY" and "LastCrawl" in c:
                return c
            time.sleep(0.05)
        self.fail("crawler %s did not finish: %r" % (name, c))

    def crawl(self, name):
        self.glue.start_crawler(Name=name)
        return self.wait(name)

    def values(self, table, expr=""):
        return sorted(p["Values"][0] for p in self.all_partitions(self.db, table,
                                                                    Expression=expr))

    def test_first_and_incremental_crawl_and_pruning(self):
        base = tree(harness.unique_name("orders"), ["2024-12-31", "2025-01-01", "2025-01-02"])
        name = self.crawler("file://" + base,
                            RecrawlPolicy={"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
                            SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE",
                                                "DeleteBehavior": "LOG"})
        c = self.crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        table = os.path.basename(base)
        t = self.glue.get_table(DatabaseName=self.db, Name=table)["Table"]
        self.assertEqual(t["StorageDescriptor"]["Columns"],
                         [{"Name": "order_id", "Type": "string"},
                          {"Name": "amount", "Type": "double"},
                          {"Name": "quantity", "Type": "int"}])
        self.assertEqual(t["PartitionKeys"], [{"Name": "order_date", "Type": "date"}])
        self.assertEqual(t["Parameters"]["classification"], "parquet")
        self.assertEqual(t["StorageDescriptor"]["Location"], "file://%s/" % base)
        self.assertEqual(self.values(table, "order_date >= '2025-01-01'"),
                         ["2025-01-01", "2025-01-02"])
        p = self.glue.get_partition(DatabaseName=self.db, TableName=table,
                                    PartitionValues=["2025-01-01"])["Partition"]
        self.assertEqual(p["StorageDescriptor"]["Location"],
                         "file://%s/order_date=2025-01-01/" % base)
        # incremental: one new folder, one removed (kept: DeleteBehavior LOG)
        tree(os.path.basename(base), ["2025-01-03"])
        shutil.rmtree(os.path.join(base, "order_date=2024-12-31"))
        c = self.crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        self.assertIn("1 partitions of %s.%s have no folder any more" % (self.db, table),
                      c["LastCrawl"]["ErrorMessage"])
        self.assertEqual(self.values(table),
                         ["2024-12-31", "2025-01-01", "2025-01-02", "2025-01-03"])
        crawls = self.glue.list_crawls(CrawlerName=name)["Crawls"]
        self.assertEqual([x["State"] for x in crawls], ["COMPLETED", "COMPLETED"])
        self.assertEqual(crawls[0]["Summary"],
                         '{"TABLE":{"ADD":0,"UPDATE":0},"PARTITION":{"ADD":1,"DELETE":0}}')
        m = self.glue.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
        self.assertEqual((m["CrawlerName"], m["StillEstimating"]), (name, False))

    def test_other_partition_keys_fail_the_crawl_and_change_nothing(self):
        base = tree(harness.unique_name("keys"), ["2025-01-01"])
        table = os.path.basename(base)
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": table, "PartitionKeys": [{"Name": "dt", "Type": "string"}],
            "StorageDescriptor": {"Columns": [{"Name": "x", "Type": "int"}]}})
        c = self.crawl(self.crawler(base))
        self.assertEqual(c["LastCrawl"]["Status"], "FAILED", c)
        self.assertEqual(c["LastCrawl"]["ErrorMessage"],
                         "Table %s.%s has other partition keys than its folders (order_date); "
                         "the crawler does not change partition keys." % (self.db, table))
        t = self.glue.get_table(DatabaseName=self.db, Name=table)["Table"]
        self.assertEqual(t["StorageDescriptor"]["Columns"], [{"Name": "x", "Type": "int"}])
        self.assertEqual(self.values(table), [])

    def test_tables_are_matched_by_location_and_format(self):
        # the seed script's table: same name, on S3, text format (issue 19)
        base = tree(harness.unique_name("orders"), ["2025-01-01"])
        table = os.path.basename(base)
        text_sd = {"Columns": [{"Name": "order_id", "Type": "string"}],
                   "Location": "s3://company-silver/%s/" % table,
                   "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                   "SerdeInfo": {"SerializationLibrary":
                                 "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"}}
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": table, "PartitionKeys": [{"Name": "order_date", "Type": "date"}],
            "StorageDescriptor": text_sd})
        name = self.crawler(base)
        c = self.crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        other = [t["Name"] for t in self.glue.get_tables(DatabaseName=self.db)["TableList"]
                 if t["Name"].startswith(table + "_")]
        self.assertEqual(len(other), 1, other)
        self.assertRegex(other[0], "^%s_[0-9a-f]{16}$" % table)
        self.assertIn("table %s.%s is at s3://company-silver/%s/, not at file://%s/: crawled "
                      "into table %s.%s (tables are matched by location, as in Glue)"
                      % (self.db, table, table, base, self.db, other[0]),
                      c["LastCrawl"]["ErrorMessage"])
        # the S3 table is untouched, the new one is the Parquet folder's
        t = self.glue.get_table(DatabaseName=self.db, Name=table)["Table"]
        self.assertEqual(t["StorageDescriptor"]["Location"], text_sd["Location"])
        self.assertEqual(self.values(table), [])
        t = self.glue.get_table(DatabaseName=self.db, Name=other[0])["Table"]
        self.assertEqual(t["StorageDescriptor"]["Location"], "file://%s/" % base)
        self.assertEqual(t["StorageDescriptor"]["InputFormat"],
                         "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        self.assertEqual(self.values(other[0]), ["2025-01-01"])
        # a second crawl finds it again by location: no third table
        tree(table, ["2025-01-02"])
        c = self.crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        self.assertEqual(self.values(other[0]), ["2025-01-01", "2025-01-02"])
        self.assertEqual(len([t for t in self.glue.get_tables(DatabaseName=self.db)["TableList"]
                              if t["Name"].startswith(table)]), 2)

        # same location, other format: a schema change (UPDATE_IN_DATABASE records the
        # format as a new version; LOG fails the crawl and adds nothing)
        for policy in ("LOG", "UPDATE_IN_DATABASE"):
            base = tree(harness.unique_name("fmt"), ["2025-01-01"])
            table = os.path.basename(base)
            self.glue.create_table(DatabaseName=self.db, TableInput={
                "Name": table, "PartitionKeys": [{"Name": "order_date", "Type": "date"}],
                "StorageDescriptor": dict(text_sd, Location="file://%s/" % base)})
            c = self.crawl(self.crawler(base, SchemaChangePolicy={"UpdateBehavior": policy,
                                                                  "DeleteBehavior": "LOG"}))
            t = self.glue.get_table(DatabaseName=self.db, Name=table)["Table"]
            if policy == "LOG":
                self.assertEqual(c["LastCrawl"]["Status"], "FAILED", c)
                self.assertTrue(c["LastCrawl"]["ErrorMessage"].startswith(
                    "Table %s.%s is not parquet, as the files at file://%s/ are; with "
                    "SchemaChangePolicy LOG the crawler does not change its format, nor add "
                    "partitions to it." % (self.db, table, base)), c)
                self.assertEqual(t["StorageDescriptor"]["InputFormat"], text_sd["InputFormat"])
                self.assertEqual(self.values(table), [])
            else:
                self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
                sd = t["StorageDescriptor"]
                self.assertEqual((sd["InputFormat"], sd["SerdeInfo"]["SerializationLibrary"],
                                  t["Parameters"]["classification"]),
                                 ("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                                  "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                                  "parquet"))
                p = self.glue.get_partition(DatabaseName=self.db, TableName=table,
                                            PartitionValues=["2025-01-01"])["Partition"]
                self.assertEqual(p["StorageDescriptor"]["InputFormat"], sd["InputFormat"])
                self.assertGreater(int(t["VersionId"]), 0)

    def test_delete_behavior_removes_gone_partitions(self):
        base = tree(harness.unique_name("gone"), ["2025-01-01", "2025-01-02"])
        name = self.crawler(base, SchemaChangePolicy={"UpdateBehavior": "UPDATE_IN_DATABASE",
                                                      "DeleteBehavior": "DELETE_FROM_DATABASE"})
        self.crawl(name)
        shutil.rmtree(os.path.join(base, "order_date=2025-01-01"))
        c = self.crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        self.assertEqual(self.values(os.path.basename(base)), ["2025-01-02"])

    def test_catalog_target_adds_partitions_to_the_named_table(self):
        base = tree(harness.unique_name("folder"), ["2025-01-01"])
        self.glue.create_table(DatabaseName=self.db, TableInput={
            "Name": "renamed", "PartitionKeys": [{"Name": "order_date", "Type": "date"}],
            "StorageDescriptor": {"Columns": [{"Name": "order_id", "Type": "string"}],
                                  "Location": "file://%s/" % base}})
        tree(os.path.basename(base), ["2025-01-02"])
        name = harness.unique_name("crawler")
        self.glue.create_crawler(Name=name, Role="r", Targets={"CatalogTargets": [
            {"DatabaseName": self.db, "Tables": ["Renamed"]}]}, SchemaChangePolicy={
            "UpdateBehavior": "LOG", "DeleteBehavior": "LOG"})
        c = self.crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        self.assertEqual(self.values("renamed"), ["2025-01-01", "2025-01-02"])
        self.assertFalse(self.table_exists(self.db, os.path.basename(base)))
        t = self.glue.get_table(DatabaseName=self.db, Name="renamed")["Table"]
        self.assertEqual(len(t["StorageDescriptor"]["Columns"]), 1)  # LOG: schema kept
        name = harness.unique_name("crawler")
        self.glue.create_crawler(Name=name, Role="r", Targets={"CatalogTargets": [
            {"DatabaseName": self.db, "Tables": ["nope"]}]})
        c = self.crawl(name)
        self.assertEqual((c["LastCrawl"]["Status"], c["LastCrawl"]["ErrorMessage"]),
                         ("FAILED", "CatalogTarget %s.nope: Table nope not found." % self.db))

    def test_schema_change_recorded_as_a_table_version(self):
        base = tree(harness.unique_name("evolve"), ["2025-01-01"])
        name = self.crawler(base)
        self.crawl(name)
        table = os.path.basename(base)
        tree(os.path.basename(base), ["2025-01-02"],
             ORDERS + [("status", pq.BYTE_ARRAY, pq.UTF8, None)])
        c = self.crawl(name)
        self.assertIn("schema change of %s.%s recorded as a new table version" % (self.db, table),
                      c["LastCrawl"]["ErrorMessage"])
        t = self.glue.get_table(DatabaseName=self.db, Name=table)["Table"]
        self.assertEqual(t["VersionId"], "1")
        self.assertEqual([x["Name"] for x in t["StorageDescriptor"]["Columns"]],
                         ["order_id", "amount", "quantity", "status"])
        old = self.glue.get_table_versions(DatabaseName=self.db, TableName=table)["TableVersions"]
        self.assertEqual(len(old[-1]["Table"]["StorageDescriptor"]["Columns"]), 3)
        # LOG: the change is reported, the table stays
        name2 = self.crawler(base, SchemaChangePolicy={"UpdateBehavior": "LOG",
                                                       "DeleteBehavior": "LOG"})
        tree(os.path.basename(base), ["2025-01-03"],
             ORDERS + [("status", pq.BYTE_ARRAY, pq.UTF8, None), ("note", pq.BYTE_ARRAY, pq.UTF8,
                                                                   None)])
        c = self.crawl(name2)
        self.assertIn("logged, not applied", c["LastCrawl"]["ErrorMessage"])
        t = self.glue.get_table(DatabaseName=self.db, Name=table)["Table"]
        self.assertEqual(t["VersionId"], "1")

    def test_parquet_codec_from_the_column_chunks(self):
        """Parquet compresses inside the file: compressionType stays "none" (as Glue's crawler
        reports it), and the codec every column chunk shares is parquet.compression."""
        cases = [("snappy", [[pq.SNAPPY] * 3, [pq.SNAPPY] * 3], "SNAPPY"),
                 ("zstd", [[pq.ZSTD] * 3], "ZSTD"),
                 ("plain", [[0, 0, 0]], "UNCOMPRESSED"),
                 ("mixed", [[pq.SNAPPY, pq.GZIP, pq.SNAPPY]], None),
                 ("empty", [], None)]
        for label, groups, want in cases:
            with self.subTest(label=label):
                base = tree(harness.unique_name(label), ["2025-01-01", "2025-01-02"],
                            row_groups=groups)
                c = self.crawl(self.crawler(base))
                self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
                t = self.glue.get_table(DatabaseName=self.db, Name=os.path.basename(base))
                params = t["Table"]["Parameters"]
                self.assertEqual((params["compressionType"], params.get("parquet.compression")),
                                 ("none", want))
        # files of one table with different codecs: no single codec to name
        base = tree(harness.unique_name("perfile"), ["2025-01-01"], row_groups=[[pq.GZIP] * 3])
        tree(os.path.basename(base), ["2025-01-02"], row_groups=[[pq.SNAPPY] * 3])
        self.crawl(self.crawler(base))
        self.assertNotIn("parquet.compression", self.glue.get_table(
            DatabaseName=self.db, Name=os.path.basename(base))["Table"]["Parameters"])

    def test_mixed_formats_refused(self):
        base = tree(harness.unique_name("mixed"), ["2025-01-01"])
        os.makedirs(os.path.join(base, "order_date=2025-01-02"))
        with open(os.path.join(base, "order_date=2025-01-02", "x.csv"), "w") as f:
            f.write("order_id,amount\na,1.5\n")
        c = self.crawl(self.crawler(base))
        self.assertEqual(c["LastCrawl"]["Status"], "FAILED")
        self.assertEqual(
            c["LastCrawl"]["ErrorMessage"],
            "Table %s mixes formats: parquet (order_date=2025-01-01/part-0.parquet) and csv "
            "(order_date=2025-01-02/x.csv); the files of one table must share one format."
            % os.path.basename(base))
        self.assertClientError("EntityNotFoundException", self.glue.get_table,
                               DatabaseName=self.db, Name=os.path.basename(base))

    def test_corrupt_parquet_reported_by_name_crawl_goes_on(self):
        base = tree(harness.unique_name("corrupt"), ["2025-01-01", "2025-01-03"])
        os.makedirs(os.path.join(base, "order_date=2025-01-02"))
        with open(os.path.join(base, "order_date=2025-01-02", "bad.parquet"), "wb") as f:
            f.write(b"PAR1" + b"\x15\x00" * 8 + b"\xff\xff\xff\x7fPAR1")
        c = self.crawl(self.crawler(base))
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        self.assertIn("order_date=2025-01-02/bad.parquet: corrupt Parquet file: footer length "
                      "2147483647 does not fit in 28 bytes", c["LastCrawl"]["ErrorMessage"])
        self.assertEqual(self.values(os.path.basename(base)), ["2025-01-01", "2025-01-02",
                                                               "2025-01-03"])

    def test_parquet_schema_without_a_hive_type_is_skipped_by_name(self):
        """A map keyed by a complex type (found by fuzz_parquet) has no Hive type: the file is
        named and skipped, and the crawl goes on, under every --type-check (the module's server
        runs warn; a second server here runs strict)."""
        footer = bytes.fromhex("11196c480015020048017315021504004800150400150c2504001500000000")
        base = tree(harness.unique_name("maptype"), ["2025-01-01", "2025-01-03"])
        os.makedirs(os.path.join(base, "order_date=2025-01-02"))
        with open(os.path.join(base, "order_date=2025-01-02", "mapkey.parquet"), "wb") as f:
            f.write(b"PAR1" + footer + len(footer).to_bytes(4, "little") + b"PAR1")
        strict = harness.Server(extra_args=["--crawl-root", ROOT, "--type-check", "strict"])
        strict.start()
        try:
            for glue, db in ((self.glue, self.db), (strict.client(), self.db + "_strict")):
                if glue is not self.glue:
                    glue.create_database(DatabaseInput={"Name": db})
                name = harness.unique_name("crawler")
                glue.create_crawler(Name=name, Role="r", DatabaseName=db,
                                    Targets={"S3Targets": [{"Path": base}]})
                glue.start_crawler(Name=name)
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    c = glue.get_crawler(Name=name)["Crawler"]
                    if c["State"] == "READY" and "LastCrawl" in c:
                        break
                    time.sleep(0.05)
                self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
                self.assertIn("order_date=2025-01-02/mapkey.parquet: column s: a map key of type "
                              "array<binary> is not a primitive type",
                              c["LastCrawl"]["ErrorMessage"])
                table = glue.get_table(DatabaseName=db, Name=os.path.basename(base))["Table"]
                self.assertEqual([col["Type"] for col in table["StorageDescriptor"]["Columns"]],
                                 ["string", "double", "int"])
        finally:
            strict.stop()

    def test_targets_outside_the_root_refused(self):
        for path, msg in [("/etc", "Target /etc is outside the crawl roots (--crawl-root)."),
                          ("file://" + ROOT + "/../..",
                           "Target file://%s/../.. is outside the crawl roots (--crawl-root)."
                           % ROOT),
                          ("relative/x", "Target relative/x is not an absolute path or file:// "
                                         "URI.")]:
            err = self.assertClientError("InvalidInputException", self.glue.create_crawler,
                                         Name=harness.unique_name("c"), Role="r",
                                         DatabaseName=self.db,
                                         Targets={"S3Targets": [{"Path": path}]})
            self.assertEqual(err["Message"], msg)
        # a symlink out of the root is not followed
        link = os.path.join(ROOT, harness.unique_name("link"))
        os.symlink("/etc", link)
        err = self.assertClientError("InvalidInputException", self.glue.create_crawler,
                                     Name=harness.unique_name("c"), Role="r",
                                     DatabaseName=self.db,
                                     Targets={"S3Targets": [{"Path": link}]})
        self.assertEqual(err["Message"], "Target %s is outside the crawl roots (--crawl-root)."
                         % link)
        c = self.crawl(self.crawler("s3://company-silver/orders/"))
        self.assertEqual(c["LastCrawl"]["Status"], "FAILED")
        self.assertEqual(c["LastCrawl"]["ErrorMessage"],
                         "Target s3://company-silver/orders/ is on S3, and catalogd has no object "
                         "store configured: crawl file:// paths under a --crawl-root.")

    def test_csv_gzip_and_json_lines(self):
        base = os.path.join(ROOT, harness.unique_name("events"))
        for i, day in enumerate(["2025-01-01", "2025-01-02"]):
            d = os.path.join(base, "year=2025", "day=%s" % day)
            os.makedirs(d)
            with gzip.open(os.path.join(d, "a.csv.gz"), "wt") as f:
                f.write("id,price,ok,seen,name\n%d,1.5,true,2025-01-0%d,x\n7,2,false,,\"y, z\"\n"
                        % (i, i + 1))
        c = self.crawl(self.crawler(base, TablePrefix="raw_"))
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        t = self.glue.get_table(DatabaseName=self.db, Name="raw_" + os.path.basename(base))["Table"]
        self.assertEqual([(x["Name"], x["Type"]) for x in t["StorageDescriptor"]["Columns"]],
                         [("id", "bigint"), ("price", "double"), ("ok", "boolean"),
                          ("seen", "date"), ("name", "string")])
        self.assertEqual(t["PartitionKeys"], [{"Name": "year", "Type": "int"},
                                              {"Name": "day", "Type": "date"}])
        self.assertEqual(t["Parameters"]["compressionType"], "gzip")
        # the header line, recorded as Glue's CSV classifier records it: engines skip it
        self.assertEqual(t["Parameters"]["skip.header.line.count"], "1")
        # a first line as much text as the rows below it is data, as Glue decides
        base = os.path.join(ROOT, harness.unique_name("names"))
        os.makedirs(base)
        with open(os.path.join(base, "n.csv"), "w") as f:
            f.write("bob,paris\nann,rome\n")
        c = self.crawl(self.crawler(base))
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        t = self.glue.get_table(DatabaseName=self.db, Name=os.path.basename(base))["Table"]
        self.assertEqual([(x["Name"], x["Type"]) for x in t["StorageDescriptor"]["Columns"]],
                         [("col0", "string"), ("col1", "string")])
        self.assertNotIn("skip.header.line.count", t["Parameters"])
        base = os.path.join(ROOT, harness.unique_name("logs"))
        os.makedirs(os.path.join(base, "k=a"))
        with open(os.path.join(base, "k=a", "x.json"), "w") as f:
            f.write('{"a": 1, "b": {"c": [1.5], "src ip": "x"}, "n": null}\n'
                    '{"a": 2, "d": "s"}\n')
        c = self.crawl(self.crawler(base))
        t = self.glue.get_table(DatabaseName=self.db, Name=os.path.basename(base))["Table"]
        # struct field names bare when they need no quoting (Hive's and Trino's parsers
        # refuse backquotes), quoted only when they must be
        self.assertEqual([(x["Name"], x["Type"]) for x in t["StorageDescriptor"]["Columns"]],
                         [("a", "bigint"), ("b", "struct<c:array<double>,`src ip`:string>"),
                          ("d", "string"), ("n", "string")])
        self.assertNotIn("skip.header.line.count", t["Parameters"])
        self.assertEqual(t["Parameters"]["classification"], "json")

    def test_stop_crawler_during_a_long_crawl(self):
        base = os.path.join(ROOT, harness.unique_name("long"))
        for i in range(3000):
            d = os.path.join(base, "k=%d" % i)
            os.makedirs(d)
            with open(os.path.join(d, "f.csv"), "w") as f:
                f.write("a\n1\n")
        name = self.crawler(base)
        self.glue.start_crawler(Name=name)
        self.glue.stop_crawler(Name=name)
        state = self.glue.get_crawler(Name=name)["Crawler"]["State"]
        self.assertIn(state, ("STOPPING", "READY"))
        c = self.wait(name)
        self.assertEqual(c["LastCrawl"]["Status"], "CANCELLED", c)
        self.assertEqual(self.glue.list_crawls(CrawlerName=name)["Crawls"][0]["State"], "STOPPED")
        self.assertClientError("CrawlerNotRunningException", self.glue.stop_crawler, Name=name)

    def test_scheduled_crawler_runs_on_its_own(self):
        base = tree(harness.unique_name("sched"), ["2025-01-01"])
        name = self.crawler(base, Schedule="cron(* * * * ? *)")
        c = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual(c["Schedule"], {"ScheduleExpression": "cron(* * * * ? *)",
                                         "State": "SCHEDULED"})
        c = self.wait(name, timeout=10)  # never started by hand
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED")
        self.glue.stop_crawler_schedule(CrawlerName=name)
        self.assertClientError("SchedulerNotRunningException", self.glue.stop_crawler_schedule,
                               CrawlerName=name)
        self.glue.start_crawler_schedule(CrawlerName=name)
        self.assertClientError("SchedulerRunningException", self.glue.start_crawler_schedule,
                               CrawlerName=name)
        self.glue.update_crawler_schedule(CrawlerName=name, Schedule="cron(0 12 * * ? *)")
        self.assertEqual(self.glue.get_crawler(Name=name)["Crawler"]["Schedule"]
                         ["ScheduleExpression"], "cron(0 12 * * ? *)")

    def test_list_crawls_pages_with_next_token(self):
        base = tree(harness.unique_name("paged"), ["2025-01-01"])
        name, other = self.crawler(base), self.crawler(base)
        for _ in range(5):
            self.crawl(name)
        self.crawl(other)
        ids, token, pages = [], None, 0
        while True:
            kw = {"NextToken": token} if token else {}
            r = self.glue.list_crawls(CrawlerName=name, MaxResults=2, **kw)
            pages += 1
            self.assertLessEqual(len(r["Crawls"]), 2)
            ids += [c["CrawlId"] for c in r["Crawls"]]
            token = r.get("NextToken")
            if token is None:
                break
            self.assertLess(pages, 10, "ListCrawls paging does not end")
        self.assertEqual(pages, 3)
        self.assertEqual(ids, [c["CrawlId"] for c in self.glue.list_crawls(
            CrawlerName=name, MaxResults=10)["Crawls"]])
        self.assertEqual(len(set(ids)), 5)
        # with a filter, paging goes through the matching crawls only
        r = self.glue.list_crawls(CrawlerName=name, MaxResults=4, Filters=[
            {"FieldName": "STATE", "FilterOperator": "EQ", "FieldValue": "COMPLETED"}])
        self.assertEqual([c["CrawlId"] for c in r["Crawls"]], ids[:4])
        r = self.glue.list_crawls(CrawlerName=name, MaxResults=4, NextToken=r["NextToken"],
                                  Filters=[{"FieldName": "STATE", "FilterOperator": "EQ",
                                            "FieldValue": "COMPLETED"}])
        self.assertEqual(([c["CrawlId"] for c in r["Crawls"]], r.get("NextToken")),
                         (ids[4:], None))
        # a token is bound to its crawler's listing
        token = self.glue.list_crawls(CrawlerName=name, MaxResults=1)["NextToken"]
        err = self.assertClientError("InvalidInputException", self.glue.list_crawls,
                                     CrawlerName=other, NextToken=token)
        self.assertEqual(err["Message"], "Invalid NextToken.")

    def test_list_crawls_filters_and_messages_follow_glue(self):
        base = tree(harness.unique_name("filt"), ["2025-01-01"])
        name = self.crawler(base)
        c = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual((c["State"], c["CrawlElapsedTime"]), ("READY", 0))
        self.crawl(name)
        crawl = self.glue.list_crawls(CrawlerName=name)["Crawls"][0]
        start_ms = int(crawl["StartTime"].timestamp() * 1000)

        def ids(*filters):
            return len(self.glue.list_crawls(CrawlerName=name, Filters=list(filters))["Crawls"])

        def f(field, op, value):
            return {"FieldName": field, "FilterOperator": op, "FieldValue": value}
        # START_TIME and END_TIME are epoch milliseconds, as documented
        self.assertEqual(ids(f("START_TIME", "GE", str(start_ms - 60000))), 1)
        self.assertEqual(ids(f("START_TIME", "GT", str(start_ms + 60000))), 0)
        self.assertEqual(ids(f("START_TIME", "LT", str(start_ms + 60000)),
                             f("END_TIME", "GE", str(start_ms - 1000))), 1)
        self.assertEqual(ids(f("END_TIME", "LT", str(start_ms - 60000))), 0)
        self.assertEqual(ids(f("DPU_HOUR", "GE", "0")), 1)
        self.assertEqual(ids(f("STATE", "NE", "COMPLETED")), 0)
        self.assertEqual(ids(f("CRAWL_ID", "EQ", crawl["CrawlId"])), 1)
        for value in ("2025-01-01", "2025-01-01T00:00:00Z", "abc", "1.5e3", " 12"):
            err = self.assertClientError("ValidationException", self.glue.list_crawls,
                                         CrawlerName=name,
                                         Filters=[f("STATE", "EQ", "COMPLETED"),
                                                  f("START_TIME", "GT", value)])
            self.assertEqual(err["Message"],
                             "1 validation error detected: Value '%s' at "
                             "'filters.2.member.fieldValue' failed to satisfy constraint: Member "
                             "must be an epoch timestamp in milliseconds" % value)
        err = self.assertClientError("ValidationException", self.glue.list_crawls,
                                     CrawlerName=name, Filters=[f("DPU_HOUR", "GT", "lots")])
        self.assertIn("Value 'lots' at 'filters.1.member.fieldValue'", err["Message"])
        for field in ("STATE", "CRAWL_ID"):
            for op in ("LT", "LE", "GT", "GE"):
                err = self.assertClientError("InvalidInputException", self.glue.list_crawls,
                                             CrawlerName=name, Filters=[f(field, op, "x")])
                self.assertEqual(err["Message"],
                                 "Only EQ or NE operator is allowed for field : " + field)
        err = self.assertClientError("InvalidInputException", self.glue.list_crawls,
                                     CrawlerName=name,
                                     Filters=[{"FieldName": "STATE", "FilterOperator": "EQ"}])
        self.assertEqual(err["Message"], "Invalid Filter Provided: FieldName: STATE, "
                         "FilterOperator: EQ, FieldValue: null")
        err = self.assertClientError("EntityNotFoundException", self.glue.list_crawls,
                                     CrawlerName="nope")
        self.assertEqual(err["Message"], "Crawler entry with name nope does not exist")
        # GetTableVersion's not-found, in Glue's words
        table = os.path.basename(base)
        err = self.assertClientError("EntityNotFoundException", self.glue.get_table_version,
                                     DatabaseName=self.db, TableName=table, VersionId="20")
        self.assertEqual(err["Message"], "Version not found.")

    def test_api_errors_and_listings(self):
        base = tree(harness.unique_name("api"), ["2025-01-01"])
        name = self.crawler(base)
        for fn, code, msg, kw in [
            (self.glue.get_crawler, "EntityNotFoundException",
             "Crawler entry with name nope does not exist.", {"Name": "nope"}),
            (self.glue.start_crawler, "EntityNotFoundException",
             "Crawler entry with name nope does not exist.", {"Name": "nope"}),
            (self.glue.stop_crawler, "CrawlerNotRunningException",
             "Crawler with name %s is not running." % name, {"Name": name}),
            (self.glue.create_crawler, "AlreadyExistsException",
             "Crawler with name %s already exists." % name,
             {"Name": name, "Role": "r", "Targets": {}}),
            (self.glue.start_crawler_schedule, "NoScheduleException",
             "Crawler with name %s has no schedule." % name, {"CrawlerName": name}),
            (self.glue.update_crawler_schedule, "InvalidInputException",
             "Invalid schedule expression cron(61 * * * ? *): invalid minutes field '61'.",
             {"CrawlerName": name, "Schedule": "cron(61 * * * ? *)"}),
        ]:
            err = self.assertClientError(code, fn, **kw)
            self.assertEqual(err["Message"], msg)
        r = self.glue.batch_get_crawlers(CrawlerNames=[name, "nope"])
        self.assertEqual([c["Name"] for c in r["Crawlers"]], [name])
        self.assertEqual(r["CrawlersNotFound"], ["nope"])
        self.assertIn(name, self.glue.list_crawlers(MaxResults=1000)["CrawlerNames"])
        self.glue.update_crawler(Name=name, Description="d", TablePrefix="p_")
        c = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual((c["Description"], c["TablePrefix"], c["Version"]), ("d", "p_", 2))
        self.glue.delete_crawler(Name=name)
        self.assertClientError("EntityNotFoundException", self.glue.get_crawler, Name=name)


if __name__ == "__main__":
    unittest.main()
