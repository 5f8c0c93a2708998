"""catalogctl's column statistics, user-defined function and search subcommands against the
real daemon, each result cross-checked with boto3: get-column-statistics and
update-column-statistics (tables and partitions, per-entry errors exit 1), create-function and
get-functions (NextToken followed), search-tables (text, filters, sort, paging), and the usage
errors (exit 2) of each."""

import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import test_catalogctl as ctl_tests  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


def long_stats(column, maximum):
    return {"ColumnName": column, "ColumnType": "double" if column == "amount" else "string",
            "AnalyzedTime": 1717200000,
            "StatisticsData": {"Type": "LONG", "LongColumnStatisticsData": {
                "MinimumValue": 0, "MaximumValue": maximum, "NumberOfNulls": 1,
                "NumberOfDistinctValues": 7}}}


def string_stats(column):
    return {"ColumnName": column, "ColumnType": "string", "AnalyzedTime": 1717200000,
            "StatisticsData": {"Type": "STRING", "StringColumnStatisticsData": {
                "MaximumLength": 12, "AverageLength": 8.5, "NumberOfNulls": 0,
                "NumberOfDistinctValues": 40}}}


class ColumnStatistics(ctl_tests.CatalogctlCase):

    def test_table_statistics_round_trip_through_boto3(self):
        db = self.db()
        t = self.table(db)
        stats = [string_stats("order_id")]
        self.assertEqual(self.ok("update-column-statistics", "--database", db, "--table", t,
                                 "--input", "-", stdin=json.dumps(stats)), {"Errors": []})
        got = self.glue.get_column_statistics_for_table(DatabaseName=db, TableName=t,
                                                        ColumnNames=["order_id"])
        self.assertEqual(got["ColumnStatisticsList"][0]["StatisticsData"],
                         stats[0]["StatisticsData"])
        out = self.ok("get-column-statistics", "--database", db, "--table", t,
                      "--columns", "order_id")
        self.assertEqual(out["ColumnStatisticsList"][0]["StatisticsData"],
                         stats[0]["StatisticsData"])
        self.assertEqual(out["Errors"], [])
        # a whole request object works as input too
        with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
            json.dump({"ColumnStatisticsList": [string_stats("order_id")]}, f)
            f.flush()
            self.assertEqual(self.ok("update-column-statistics", "--database", db, "--table", t,
                                     "--input", f.name), {"Errors": []})

    def test_partition_statistics_and_per_entry_errors_exit_1(self):
        db = self.db()
        t = self.table(db)
        self.ok("create-partition", "--database", db, "--table", t, "--values", "2024-06-01")
        self.glue.update_column_statistics_for_partition(
            DatabaseName=db, TableName=t, PartitionValues=["2024-06-01"],
            ColumnStatisticsList=[long_stats("amount", 99)])
        out = self.ok("get-column-statistics", "--database", db, "--table", t,
                      "--values", "2024-06-01", "--columns", "amount")
        self.assertEqual(
            out["ColumnStatisticsList"][0]["StatisticsData"]["LongColumnStatisticsData"]
            ["MaximumValue"], 99)
        # a column without statistics: printed in Errors, exit 1 with the server's message
        rc, stdout, err = self.ctl("get-column-statistics", "--database", db, "--table", t,
                                   "--values", "2024-06-01", "--columns", "amount,order_id")
        self.assertEqual(rc, 1)
        self.assertEqual(json.loads(stdout)["Errors"][0]["ColumnName"], "order_id")
        self.assertEqual(err, "catalogctl: 1 of 2 columns failed; first: "
                              "No statistics for column order_id.\n")
        # one good and one bad entry: the good one is written
        rc, stdout, err = self.ctl(
            "update-column-statistics", "--database", db, "--table", t, "--values",
            "2024-06-01", "--input", "-",
            stdin=json.dumps([string_stats("order_id"), string_stats("no_such")]))
        self.assertEqual(rc, 1)
        self.assertEqual(json.loads(stdout)["Errors"][0]["ColumnStatistics"]["ColumnName"],
                         "no_such")
        self.assertEqual(err, "catalogctl: 1 of 2 statistics failed; first: "
                              "Column no_such not found in table %s.\n" % t)
        got = self.glue.get_column_statistics_for_partition(
            DatabaseName=db, TableName=t, PartitionValues=["2024-06-01"],
            ColumnNames=["order_id"])
        self.assertEqual(got["Errors"], [])
        # a missing partition is a failure of the call
        msg = self.fails("get-column-statistics", "--database", db, "--table", t,
                         "--values", "1999-01-01", "--columns", "amount")
        self.assertEqual(msg, self.boto_message(
            self.glue.get_column_statistics_for_partition, DatabaseName=db, TableName=t,
            PartitionValues=["1999-01-01"], ColumnNames=["amount"]))

    def test_bad_input_and_usage(self):
        db = self.db()
        t = self.table(db)
        self.assertEqual(self.fails("update-column-statistics", "--database", db, "--table", t,
                                    "--input", "-", stdin='{"x": 1}'),
                         "-: expected a ColumnStatisticsList (a JSON array)")
        self.assertIn("missing required option --columns",
                      self.usage("get-column-statistics", "--database", db, "--table", t))
        self.assertIn("missing required option --input",
                      self.usage("update-column-statistics", "--database", db, "--table", t))


class Functions(ctl_tests.CatalogctlCase):

    def test_create_function_matches_boto3_and_get_functions_pages(self):
        db, other = self.db(), self.db()
        made = self.ok("create-function", "--database", db, "--name", "Trino__Upper",
                       "--class", "com.example.Upper", "--owner", "alice",
                       "--resource-uri", "JAR=s3://b/udf.jar",
                       "--resource-uri", "FILE=s3://b/words.txt")
        self.assertEqual(made["UserDefinedFunction"]["ClassName"], "com.example.Upper")
        fn = self.glue.get_user_defined_function(DatabaseName=db,
                                                 FunctionName="trino__upper")["UserDefinedFunction"]
        self.assertEqual((fn["FunctionName"], fn["ClassName"], fn["OwnerName"]),
                         ("trino__upper", "com.example.Upper", "alice"))
        self.assertEqual(fn["ResourceUris"], [{"ResourceType": "JAR", "Uri": "s3://b/udf.jar"},
                                              {"ResourceType": "FILE",
                                               "Uri": "s3://b/words.txt"}])
        for i in range(3):
            self.ok("create-function", "--database", db, "--name", "trino__f%d" % i,
                    "--class", "C")
        self.ok("create-function", "--database", other, "--name", "spark_f", "--class", "C")
        out = self.ok("get-functions", "--database", db, "--pattern", "trino__*",
                      "--page-size", "1")
        names = [f["FunctionName"] for f in out["UserDefinedFunctions"]]
        self.assertEqual(names, ["trino__f0", "trino__f1", "trino__f2", "trino__upper"])
        boto = self.glue.get_paginator("get_user_defined_functions").paginate(
            DatabaseName=db, Pattern="trino__*")
        self.assertEqual(names, [f["FunctionName"] for p in boto
                                 for f in p["UserDefinedFunctions"]])
        # without --database: every database; the default pattern is '*'
        out = self.ok("get-functions")
        self.assertIn((other, "spark_f"), [(f["DatabaseName"], f["FunctionName"])
                                           for f in out["UserDefinedFunctions"]])
        rc, stdout, err = self.ctl("-o", "table", "get-functions", "--database", other)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(stdout.splitlines(),
                         ["DATABASE%s  NAME     CLASS  OWNER" % (" " * (len(other) - 8)),
                          "%s  spark_f  C      -" % other])  # no owner: -

    def test_errors_exit_1_and_usage_exit_2(self):
        db = self.db()
        self.ok("create-function", "--database", db, "--name", "f", "--class", "C")
        msg = self.fails("create-function", "--database", db, "--name", "f", "--class", "C")
        self.assertEqual(msg, self.boto_message(
            self.glue.create_user_defined_function, DatabaseName=db,
            FunctionInput={"FunctionName": "f", "ClassName": "C"}))
        self.assertEqual(msg, "Function f already exists.")
        msg = self.fails("get-functions", "--database", db, "--pattern", "(((")
        self.assertEqual(msg, self.boto_message(self.glue.get_user_defined_functions,
                                                DatabaseName=db, Pattern="((("))
        self.assertIn("--resource-uri is TYPE=URI, not jar",
                      self.usage("create-function", "--database", db, "--name", "g",
                                 "--class", "C", "--resource-uri", "jar"))
        self.assertIn("missing required option --class",
                      self.usage("create-function", "--database", db, "--name", "g"))


class SearchTables(ctl_tests.CatalogctlCase):

    def test_text_filter_sort_and_paging_match_boto3(self):
        db = self.db()
        word = harness.unique_name("w").replace("_", "")
        team = word + "team"
        for name, desc in (("alpha", word), ("beta", word + " extra"), ("gamma", "other")):
            self.ok("create-table", "--database", db, "--name", name, "--columns", "a:int",
                    "--description", desc, "--parameter", "team=" + team)
        out = self.ok("search-tables", "--text", word, "--sort", "Name:desc",
                      "--page-size", "1")
        names = [t["Name"] for t in out["TableList"]]
        self.assertEqual(names, ["beta", "alpha"])
        boto = self.glue.search_tables(SearchText=word,
                                       SortCriteria=[{"FieldName": "Name", "Sort": "DESC"}])
        self.assertEqual(names, [t["Name"] for t in boto["TableList"]])
        out = self.ok("search-tables", "--filter", "team=" + team, "--filter", "Name=gamma")
        self.assertEqual([(t["DatabaseName"], t["Name"]) for t in out["TableList"]],
                         [(db, "gamma")])
        out = self.ok("search-tables", "--filter", "team=" + team, "--sort", "Name")
        self.assertEqual([t["Name"] for t in out["TableList"]], ["alpha", "beta", "gamma"])

    def test_errors_exit_1_and_usage_exit_2(self):
        msg = self.fails("search-tables", "--sort", "Bogus:asc")
        self.assertEqual(msg, self.boto_message(
            self.glue.search_tables, SortCriteria=[{"FieldName": "Bogus", "Sort": "ASC"}]))
        self.assertIn("--sort is FIELD[:asc|:desc], not Name:up",
                      self.usage("search-tables", "--sort", "Name:up"))
        self.assertIn("--filter is KEY=VALUE, not x", self.usage("search-tables", "--filter", "x"))


if __name__ == "__main__":
    import unittest
    unittest.main()
