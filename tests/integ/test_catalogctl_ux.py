"""catalogctl as a new user meets it (issue 19, items 11 and 12): writes print what they did,
table output (ISO 8601 times, long values cut, '-' for empty), --table wherever a table is
named, "did you mean", region and endpoint checks before any request, the type check's
warnings in the answer, and messages that name what is wrong (batch-file lines, --segment,
--columns entries).  Against the module's catalogd (default --type-check warn).
"""

import json
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import rest_client  # noqa: E402
import test_catalogctl as ctl_tests  # noqa: E402

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class Writes(ctl_tests.CatalogctlCase):
    """A write prints the object it made or changed (read back), a delete one line."""

    def test_create_and_update_print_the_object(self):
        db = harness.unique_name("ux")
        out = self.ok("create-database", "--name", db, "--description", "first")
        self.assertEqual((out["Database"]["Name"], out["Database"]["Description"]), (db, "first"))
        out = self.ok("update-database", "--name", db, "--description", "second")
        self.assertEqual(out["Database"]["Description"], "second")
        out = self.ok("create-table", "--database", db, "--table", "orders", "--columns",
                      "id:string", "--partition-keys", "d:date", "--location", "s3://b/o/")
        self.assertEqual(out["Table"], self.glue.get_table(DatabaseName=db, Name="orders")["Table"]
                         | {"CreateTime": out["Table"]["CreateTime"],
                            "UpdateTime": out["Table"]["UpdateTime"]})
        out = self.ok("create-partition", "--database", db, "--table", "orders",
                      "--values", "2024-06-01")
        self.assertEqual(out["Partition"]["Values"], ["2024-06-01"])
        self.assertEqual(out["Partition"]["StorageDescriptor"]["Location"],
                         "s3://b/o/d=2024-06-01/")
        out = self.ok("update-partition", "--database", db, "--table", "orders",
                      "--values", "2024-06-01", "--parameter", "k=v")
        self.assertEqual(out["Partition"]["Parameters"], {"k": "v"})
        rc, text, err = self.ctl("-o", "table", "create-table", "--database", db,
                                 "--table", "t2", "--columns", "a:int")
        self.assertEqual((rc, err), (0, ""))
        self.assertRegex(text, r"(?m)^Name +t2$")
        self.assertRegex(text, r"(?m)^DatabaseName +%s$" % db)

    def test_deletes_print_one_line(self):
        db = self.db()
        t = self.table(db)
        self.ok("create-partition", "--database", db, "--table", t, "--values", "2024-01-02")
        self.assertEqual(self.ok("delete-partition", "--database", db, "--table", t,
                                 "--values", "2024-01-02"),
                         {"Deleted": "partition", "Name": "%s.%s 2024-01-02" % (db, t)})
        self.assertEqual(self.ok("delete-table", "--database", db, "--table", t),
                         {"Deleted": "table", "Name": "%s.%s" % (db, t)})
        rc, out, err = self.ctl("-o", "table", "delete-database", "--name", db)
        self.assertEqual((rc, out, err), (0, "deleted database %s\n" % db, ""))
        self.assertFalse(self.db_exists(db))

    def test_call_still_prints_the_raw_answer(self):
        db = harness.unique_name("ux")
        self.assertEqual(self.ok("call", "CreateDatabase", "--input", "-",
                                 stdin=json.dumps({"DatabaseInput": {"Name": db}})), {})


class TableOutput(ctl_tests.CatalogctlCase):

    def test_times_iso_long_values_cut_empty_dash(self):
        db = self.db()
        long_loc = "s3://bucket/" + "x" * 100 + "/"
        self.ok("create-table", "--database", db, "--table", "wide", "--columns", "a:int",
                "--location", long_loc)
        rc, out, err = self.ctl("-o", "table", "get-tables", "--database", db)
        self.assertEqual((rc, err), (0, ""))
        head, row = out.splitlines()
        self.assertEqual(head.split(), ["NAME", "TYPE", "LOCATION", "SERDE"])
        cells = row.split()
        self.assertEqual(cells[0], "wide")
        self.assertEqual(len(cells[2]), 60)
        self.assertTrue(cells[2].endswith("...") and long_loc.startswith(cells[2][:-3]), cells)
        self.assertEqual(cells[3], "-")  # no SerDe
        rc, out, err = self.ctl("-o", "table", "get-table", "--database", db, "--table", "wide")
        self.assertEqual((rc, err), (0, ""))
        flat = {line[:40].strip(): line[41:] for line in out.splitlines() if line[:40].strip()}
        for k in ("CreateTime", "UpdateTime"):
            self.assertRegex(flat[k], ISO)
        self.assertEqual(flat["Parameters"], "-")
        # a long value goes on over more lines, nothing lost
        lines = out.splitlines()
        i = next(i for i, l in enumerate(lines) if l.startswith("StorageDescriptor.Location"))
        self.assertEqual(lines[i][41:] + lines[i + 1].strip(), long_loc)
        rc, out, err = self.ctl("-o", "table", "get-table-versions", "--database", db,
                                "--table", "wide")
        self.assertEqual(rc, 0)
        self.assertRegex(out.splitlines()[1].split()[1], ISO)


class Naming(ctl_tests.CatalogctlCase):

    def test_table_is_accepted_wherever_a_table_is_named(self):
        db = self.db()
        t = self.table(db)
        self.assertEqual(self.ok("get-table", "--database", db, "--table", t)["Table"]["Name"], t)
        self.assertEqual(self.ok("get-table", "--database", db, "--name", t)["Table"]["Name"], t)
        rc, out, err = self.ctl("show-create-table", "--database", db, "--table", t)
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("CREATE EXTERNAL TABLE", out)
        err = self.usage("get-table", "--database", db, "--table", t, "--name", "other")
        self.assertIn("--table and --name name the same table here; give one", err)
        self.assertIn("missing required option --table", self.usage("get-table", "--database", db))
        self.ok("delete-table", "--database", db, "--table", t)
        self.assertFalse(self.table_exists(db, t))

    def test_did_you_mean(self):
        err = self.usage("get-tabel", "--database", "x")
        self.assertEqual(err, "catalogctl: unknown command get-tabel; did you mean 'get-table'?\n"
                              "Try 'catalogctl --help'.\n")
        err = self.usage("frobnicate")
        self.assertNotIn("did you mean", err)


class WhereRequestsGo(ctl_tests.CatalogctlCase):

    def test_keys_without_a_region_are_refused_before_sending(self):
        env = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
               "AWS_REGION": "", "AWS_DEFAULT_REGION": ""}
        rc, out, err = self.ctl("get-databases", env=env)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "catalogctl: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set but "
                         "no region: set AWS_REGION or give --region REGION (requests are signed "
                         "for a region; without one they would go unsigned)\n")
        rc, out, err = self.ctl("--region", "eu-west-1", "get-databases", env=env)
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("DatabaseList", json.loads(out))

    def test_no_endpoint_names_the_option_and_the_variable(self):
        rc, out, err = self.ctl("get-databases", endpoint=False,
                                env={"AWS_REGION": "", "AWS_DEFAULT_REGION": ""})
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("--endpoint URL", err)
        self.assertIn("CATALOG_ENDPOINT", err)
        self.assertNotIn("CAT_OPT", err)


class Warnings(ctl_tests.CatalogctlCase):
    """--type-check warn (the default): the warning reaches the client, on every front."""

    MSG = "Column b has an invalid type 'strnig': unknown type 'strnig' at position 1."

    def test_catalogctl_shows_the_warning(self):
        db = self.db()
        rc, out, err = self.ctl("create-table", "--database", db, "--table", "w",
                                "--columns", "a:int,b:strnig")
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "catalogctl: warning: %s\n" % self.MSG)
        self.assertEqual(json.loads(out)["Warnings"], [self.MSG])

    def test_glue_and_rest_answers_carry_it(self):
        db = self.db()
        ti = {"Name": "g", "StorageDescriptor": {"Columns": [{"Name": "a", "Type": "int"},
                                                             {"Name": "b", "Type": "strnig"}]}}
        r = self.srv.raw("CreateTable", {"DatabaseName": db, "TableInput": ti})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json, {"Warnings": [self.MSG]})
        r = self.srv.raw("UpdateTable", {"DatabaseName": db, "TableInput": ti})
        self.assertEqual(r.json, {"Warnings": [self.MSG]})
        ok = dict(ti, Name="fine", StorageDescriptor={"Columns": [{"Name": "a", "Type": "int"}]})
        self.assertEqual(self.srv.raw("CreateTable", {"DatabaseName": db, "TableInput": ok})
                         .json, {})
        r = rest_client.request(self.srv.port, "POST", "/v1/databases/%s/tables" % db,
                                dict(ti, Name="r"))
        self.assertEqual(r.status, 201)
        self.assertEqual(r.json["Warnings"], [self.MSG])
        self.assertEqual(r.json["Name"], "r")


class Messages(ctl_tests.CatalogctlCase):
    """Issue 19 item 12, catalogctl's part."""

    def test_batch_file_errors_carry_the_line_number(self):
        db = self.db()
        t = self.table(db)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("# partitions\n2024-01-01\n\n2024-01-02\n2024-01-01\n")
        try:
            rc, out, err = self.ctl("batch-create-partition", "--database", db, "--table", t,
                                    "--file", f.name)
            self.assertEqual(rc, 1)
            self.assertEqual(err, "catalogctl: 1 of 3 partitions failed; first: %s, line 5: "
                             "Partition already exists.\n" % f.name)
            self.assertEqual([e["Line"] for e in json.loads(out)["Errors"]], [5])
            with open(f.name, "w") as g:
                g.write("2024-02-01\n# x\n[\"unclosed\n")
            rc, out, err = self.ctl("batch-delete-partition", "--database", db, "--table", t,
                                    "-f", f.name)
            self.assertEqual(rc, 1)
            self.assertEqual(err, "catalogctl: %s, line 3: values are v1,v2,... or a JSON array\n"
                             % f.name)
        finally:
            os.unlink(f.name)
        rc, out, err = self.ctl("batch-create-partition", "--database", db, "--table", t,
                                stdin="2024-03-01\n2024-01-02\n")
        self.assertIn("first: <stdin>, line 2: Partition already exists.", err)

    def test_segment_without_total_segments(self):
        err = self.usage("get-partitions", "--database", "d", "--table", "t", "--segment", "1")
        self.assertTrue(err.startswith("catalogctl: --segment needs --total-segments N (how many "
                                       "segments the partitions are split into; --segment is "
                                       "one of 0..N-1)\n"), err)

    def test_a_bad_columns_entry_is_named_alone(self):
        err = self.usage("create-table", "--database", "d", "--table", "t",
                         "--columns", "id:string,amount,when:timestamp")
        self.assertTrue(err.startswith("catalogctl: --columns entry 'amount' is not NAME:TYPE "
                                       "(entries are separated by commas: NAME:TYPE,NAME:TYPE)\n"),
                        err)
        err = self.usage("create-table", "--database", "d", "--table", "t",
                         "--partition-keys", "d:date, :int")
        self.assertTrue(err.startswith("catalogctl: --partition-keys entry ':int' is not "
                                       "NAME:TYPE"), err)

    def test_already_exists_names_the_entity(self):
        db = self.db()
        self.assertEqual(self.fails("create-database", "--name", db),
                         "Database %s already exists." % db)
        t = self.table(db)
        self.assertEqual(self.fails("create-table", "--database", db, "--table", t,
                                    "--columns", "a:int"), "Table %s already exists." % t)
