"""catalogctl crawl against a catalogd started with --crawl-root: the first crawl creates the
database, crawler, table and partitions; a second run reuses the crawler and adds only the new
folder; a failing crawl exits 1 with the crawl's message; a target outside the crawl root and
malformed command lines are refused."""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import parquet_gen as pq  # noqa: E402
import test_catalogctl as ctl_tests  # noqa: E402

ROOT = None
ORDERS = [("order_id", pq.BYTE_ARRAY, pq.UTF8, None), ("amount", pq.DOUBLE, None, None)]


def setUpModule():
    global ROOT
    ROOT = harness.start_crawl_module_server("catalogctl-crawl-")


def tearDownModule():
    harness.stop_crawl_module_server()


def tree(folder, dates):
    base = os.path.join(ROOT, folder)
    for d in dates:
        os.makedirs(os.path.join(base, "order_date=%s" % d), exist_ok=True)
        pq.write(os.path.join(base, "order_date=%s" % d, "part-0.parquet"), ORDERS)
    return base


class CrawlCommand(ctl_tests.CatalogctlCase):

    def values(self, db, table):
        return sorted(p["Values"][0] for p in self.all_partitions(db, table))

    def test_first_crawl_then_incremental(self):
        db = harness.unique_name("crawl_db")  # created by the crawl
        folder = harness.unique_name("Orders")  # the table is the folder's name, lower-cased
        base = tree(folder, ["2024-12-31", "2025-01-01", "2025-01-02"])
        out = self.ok("crawl", "--database", db, base)
        table = folder.lower()
        self.assertEqual(out, {"CrawlerName": "catalogctl-%s-%s" % (db, table),
                               "DatabaseName": db, "TableName": table, "Status": "SUCCEEDED",
                               "Summary": {"TABLE": {"ADD": 1, "UPDATE": 0},
                                           "PARTITION": {"ADD": 3, "DELETE": 0}}})
        t = self.glue.get_table(DatabaseName=db, Name=table)["Table"]
        self.assertEqual(t["StorageDescriptor"]["Columns"],
                         [{"Name": "order_id", "Type": "string"},
                          {"Name": "amount", "Type": "double"}])
        self.assertEqual(t["PartitionKeys"], [{"Name": "order_date", "Type": "date"}])
        self.assertEqual(self.values(db, table), ["2024-12-31", "2025-01-01", "2025-01-02"])
        # the same command again: the crawler is updated and rerun; only the new folder is added
        tree(folder, ["2025-01-03"])
        out = self.ok("crawl", "--database", db, "--table", table, "file://%s/" % base)
        self.assertEqual(out["Summary"], {"TABLE": {"ADD": 0, "UPDATE": 0},
                                          "PARTITION": {"ADD": 1, "DELETE": 0}})
        self.assertEqual(len(self.values(db, table)), 4)
        crawls = self.glue.list_crawls(CrawlerName=out["CrawlerName"])["Crawls"]
        self.assertEqual([c["State"] for c in crawls], ["COMPLETED", "COMPLETED"])

    def test_table_prefix_and_crawler_name(self):
        db = self.db()
        folder = harness.unique_name("events")
        base = tree(folder, ["2025-01-01"])
        out = self.ok("crawl", "--database", db, "--table", "raw_" + folder, "--crawler",
                      "mine_" + folder, base)
        self.assertEqual((out["TableName"], out["CrawlerName"]),
                         ("raw_" + folder, "mine_" + folder))
        c = self.glue.get_crawler(Name="mine_" + folder)["Crawler"]
        self.assertEqual((c["TablePrefix"], c["DatabaseName"]), ("raw_", db))
        self.assertEqual([t["Path"] for t in c["Targets"]["S3Targets"]], [base])
        self.assertEqual(self.values(db, "raw_" + folder), ["2025-01-01"])

    def test_failing_crawl_exits_1_with_its_message(self):
        db = self.db()
        folder = harness.unique_name("mixed")
        base = tree(folder, ["2025-01-01"])
        os.makedirs(os.path.join(base, "order_date=2025-01-02"))
        with open(os.path.join(base, "order_date=2025-01-02", "x.csv"), "w") as f:
            f.write("order_id,amount\na,1.5\n")
        rc, out, err = self.ctl("crawl", "--database", db, base)
        self.assertEqual(rc, 1, err)
        why = ("Table %s mixes formats: parquet (order_date=2025-01-01/part-0.parquet) and csv "
               "(order_date=2025-01-02/x.csv); the files of one table must share one format."
               % folder)
        self.assertEqual(err, "catalogctl: crawl of %s FAILED: %s\n" % (base, why))
        out = json.loads(out)
        self.assertEqual((out["Status"], out["Message"]), ("FAILED", why))
        self.assertFalse(self.table_exists(db, folder))

    def test_refused_targets_and_usage(self):
        db = self.db()
        for path, msg in [
                ("/etc", "Target /etc is outside the crawl roots (--crawl-root)."),
                ("file://%s/../.." % ROOT,
                 "Target file://%s/../.. is outside the crawl roots (--crawl-root)." % ROOT)]:
            with self.subTest(path=path):
                self.assertEqual(self.fails("crawl", "--database", db, path), msg)
        self.assertEqual(self.glue.list_crawlers()["CrawlerNames"].count("catalogctl-%s-etc"
                                                                          % db), 0)
        for args, msg in [
                ((), "catalogctl: crawl takes one PATH (a folder or a file:// URI)\n"),
                (("/a", "/b"), "catalogctl: crawl takes one PATH (a folder or a file:// URI)\n"),
                (("--table", "orders", "/data/events"),
                 "catalogctl: --table must be the folder's name, or end with it: events\n"),
                (("/",), "catalogctl: PATH must name a folder, not /\n")]:
            with self.subTest(args=args):
                err = self.usage("crawl", "--database", db, *args)
                self.assertTrue(err.startswith(msg), err)
        self.assertIn("missing required option --database", self.usage("crawl", "/data/x"))
        rc, out, err = self.ctl("crawl", "--help", endpoint=False)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.startswith("usage: catalogctl crawl --database DB"), out)


if __name__ == "__main__":
    harness.main()
