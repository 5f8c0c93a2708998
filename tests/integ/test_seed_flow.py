"""The seed article's flow end to end, with a real engine: DuckDB (tests/js/seed, from npm)
generates the article's orders, cleans them as its Glue job does and writes Parquet partitioned
by order_date; `catalogctl crawl` crawls the folder into silver_db.orders through catalogd; then
the article's Athena query is answered the way Athena does it: GetPartitions with the date
predicate prunes the partitions, and DuckDB reads only the files under their locations.

Asserted: the pruned answer equals the same query over all the data with the filter in SQL;
only the matching partitions' files are handed to the engine; and the engine never opened the
others: they are overwritten with garbage before the pruned query runs (which still succeeds),
while a scan of the whole folder then fails on them."""

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import test_catalogctl as ctl_tests  # noqa: E402

SEED_JS = os.path.join(harness.REPO_ROOT, "tests", "js", "seed")
ROWS = 4000  # 22 days of orders; a few seconds end to end
ATHENA_QUERY = """SELECT
  order_date,
  COUNT(*) as total_orders,
  SUM(gross_amount) as total_revenue,
  AVG(amount) as avg_order_value
FROM silver_db.orders
WHERE order_date >= DATE '2025-01-01'
GROUP BY order_date
ORDER BY order_date"""
# what the engine sends to the catalog for the WHERE clause (Athena and Trino do the same)
PARTITION_PREDICATE = "order_date >= '2025-01-01'"
HIVE_TO_DUCKDB = {"date": "DATE", "string": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT"}
ROOT = None


def setUpModule():
    global ROOT
    ROOT = harness.start_crawl_module_server("catalogd-seed-")


def tearDownModule():
    harness.stop_crawl_module_server()


def duckdb(*args):
    """Run seed_flow.mjs ARGS; returns its JSON answer, or raises with its stderr."""
    if not os.path.isdir(os.path.join(SEED_JS, "node_modules", "@duckdb", "node-api")):
        raise RuntimeError("@duckdb/node-api is not installed in %s: run `make deps`" % SEED_JS)
    p = subprocess.run(["node", os.path.join(SEED_JS, "seed_flow.mjs")] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       timeout=120, cwd=SEED_JS)
    if p.returncode != 0:
        raise RuntimeError("seed_flow.mjs %s: %s" % (args[0], p.stderr.strip()))
    return json.loads(p.stdout)


def parquet_files(folder):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs
                  if f.endswith(".parquet"))


class SeedFlow(ctl_tests.CatalogctlCase):

    def query(self, files, hive_types, sql=ATHENA_QUERY):
        req = os.path.join(ROOT, "query-%d.json" % len(files))
        with open(req, "w") as f:
            json.dump({"files": files, "hive_types": hive_types, "sql": sql}, f)
        return duckdb("query", req)["rows"]

    def test_article_query_through_catalog_pruning(self):
        orders = os.path.join(ROOT, "orders")
        written = duckdb("write", orders, str(ROWS))
        self.assertEqual(len(written["partitions"]), 22)
        self.assertGreater(written["rows"], ROWS * 0.8)

        # the crawler learns the table and its partitions
        out = self.ok("crawl", "--database", "silver_db", orders)
        self.assertEqual((out["Status"], out["Summary"]["PARTITION"]["ADD"]), ("SUCCEEDED", 22))
        table = self.glue.get_table(DatabaseName="silver_db", Name="orders")["Table"]
        self.assertEqual(table["PartitionKeys"], [{"Name": "order_date", "Type": "date"}])
        # DuckDB writes snappy column chunks by default; the file itself is not compressed
        self.assertEqual((table["Parameters"]["compressionType"],
                          table["Parameters"]["parquet.compression"]), ("none", "SNAPPY"))
        self.assertEqual({c["Name"]: c["Type"] for c in table["StorageDescriptor"]["Columns"]},
                         {"order_id": "string", "customer_id": "string", "amount": "double",
                          "quantity": "int", "status": "string", "gross_amount": "double",
                          "processed_at": "timestamp"})
        hive_types = {k["Name"]: HIVE_TO_DUCKDB[k["Type"]] for k in table["PartitionKeys"]}

        # the answer over everything, the filter in SQL
        everything = parquet_files(orders)
        self.assertEqual(len(everything), 22)
        want = self.query(everything, hive_types)
        self.assertEqual([r[0] for r in want], [d for d in written["partitions"]
                                                if d >= "2025-01-01"])
        count = self.query(everything, hive_types, "SELECT count(*) FROM silver_db.orders "
                           "WHERE order_date >= DATE '2025-01-01'")[0][0]
        self.assertEqual(sum(int(r[1]) for r in want), int(count))
        print("\nseed flow: %d rows in %d partitions; the query's answer:" % (
            written["rows"], len(written["partitions"])), want, file=sys.stderr)

        # pruning through the catalog: the matching partitions and their locations
        parts = self.all_partitions("silver_db", "orders", Expression=PARTITION_PREDICATE)
        self.assertEqual(sorted(p["Values"][0] for p in parts), [r[0] for r in want])
        locations = [p["StorageDescriptor"]["Location"] for p in parts]
        self.assertTrue(all(loc.startswith("file://" + orders + "/order_date=2025-")
                            for loc in locations), locations)
        pruned = sorted(f for loc in locations for f in parquet_files(loc[len("file://"):]))
        self.assertEqual(len(pruned), 10)
        others = sorted(set(everything) - set(pruned))
        self.assertTrue(all("/order_date=2024-12-" in f for f in others), others)

        # the engine never opens the other partitions' files: make them unreadable as Parquet
        for f in others:
            with open(f, "wb") as fh:
                fh.write(b"not parquet: pruned partitions must not be read\n")
        self.assertEqual(self.query(pruned, hive_types), want)
        self.assertEqual(self.query(pruned, hive_types, ATHENA_QUERY.replace(
            "WHERE order_date >= DATE '2025-01-01'\n", "")), want)  # no filter left to apply
        with self.assertRaisesRegex(RuntimeError, "seed_flow.mjs query: .*not parquet|"
                                    "seed_flow.mjs query: .*[Pp]arquet"):
            self.query(everything, hive_types, "SELECT count(*) FROM silver_db.orders")


if __name__ == "__main__":
    harness.main()
