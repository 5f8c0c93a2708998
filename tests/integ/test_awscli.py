"""The real AWS CLI (`aws glue ...`) against catalogd. Each call costs ~1 s,
so the whole lifecycle is one ordered test of about 15 calls."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402

AWS = shutil.which("aws")


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


@unittest.skipUnless(AWS, "aws CLI not installed")
class AwsCli(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = tempfile.mkdtemp(prefix="catalogd-awscli-")
        cls.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        cls.env.update({
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_CONFIG_FILE": os.path.join(cls.home, "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(cls.home, "credentials"),
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_PAGER": "",
            "LANG": "C.UTF-8",
        })

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.home, ignore_errors=True)

    def aws(self, *args, expect_rc=0):
        cmd = [AWS, "glue"] + list(args) + [
            "--endpoint-url", "http://127.0.0.1:%d" % self.srv.port,
            "--region", "us-east-1", "--output", "json"]
        p = subprocess.run(cmd, env=self.env, capture_output=True, timeout=60)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        what = "%s\nexit %d\nstdout: %s\nstderr: %s" % (" ".join(args), p.returncode, out, err)
        if expect_rc == 0:
            self.assertEqual(p.returncode, 0, what)
            return json.loads(out) if out.strip() else {}
        self.assertIn(p.returncode, expect_rc, what)
        return err

    def test_cli_lifecycle(self):
        db_mixed = "Cli" + unique_name("db")
        db = db_mixed.lower()
        # 1. create-database (mixed case, non-ASCII description)
        self.aws("create-database", "--database-input", json.dumps(
            {"Name": db_mixed, "Description": "CLI db \u2014 test",
             "Parameters": {"owner.team": "data"}}, ensure_ascii=False))
        # 2. get-database
        d = self.aws("get-database", "--name", db_mixed.upper())["Database"]
        self.assertEqual(d["Name"], db)
        self.assertEqual(d["Description"], "CLI db \u2014 test")
        self.assertEqual(d["Parameters"], {"owner.team": "data"})
        # 3. get-databases (the CLI paginates by itself)
        names = [x["Name"] for x in self.aws("get-databases")["DatabaseList"]]
        self.assertIn(db, names)
        # 4. create-table
        tinput = {
            "Name": "Orders",
            "Description": "orders",
            "StorageDescriptor": {
                "Columns": [{"Name": "order_id", "Type": "string"},
                            {"Name": "Amount", "Type": "decimal(12,2)", "Comment": "EUR"}],
                "Location": "s3://bucket/orders/",
                "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                "OutputFormat":
                    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                "SerdeInfo": {"SerializationLibrary":
                              "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                              "Parameters": {"field.delim": ","}},
            },
            "PartitionKeys": [{"Name": "dt", "Type": "date"}],
            "TableType": "EXTERNAL_TABLE",
            "Parameters": {"classification": "csv", "EXTERNAL": "TRUE"},
        }
        self.aws("create-table", "--database-name", db, "--table-input", json.dumps(tinput))
        # 5. get-table
        t = self.aws("get-table", "--database-name", db, "--name", "ORDERS")["Table"]
        self.assertEqual(t["Name"], "orders")
        self.assertEqual(t["DatabaseName"], db)
        self.assertEqual(t["VersionId"], "0")
        for k in ("Description", "PartitionKeys", "TableType", "Parameters"):
            self.assertEqual(t[k], tinput[k], k)
        sd = t["StorageDescriptor"]
        for k, v in tinput["StorageDescriptor"].items():
            self.assertEqual(sd[k], v, k)
        self.assertIsInstance(t["CreateTime"], (int, float, str))
        # 6. get-tables
        tl = self.aws("get-tables", "--database-name", db, "--expression", "ord*")["TableList"]
        self.assertEqual([x["Name"] for x in tl], ["orders"])
        # 7. update-table with the version id it read (then once more, stale)
        tinput2 = dict(tinput, Description="orders v1")
        self.aws("update-table", "--database-name", db, "--table-input",
                 json.dumps(tinput2), "--version-id", "0")
        err = self.aws("update-table", "--database-name", db, "--table-input",
                       json.dumps(dict(tinput, Description="stale")), "--version-id", "0",
                       expect_rc=(254, 255))
        self.assertIn("ConcurrentModificationException", err)
        # 8. get-table-versions
        vs = self.aws("get-table-versions", "--database-name", db,
                      "--table-name", "orders")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in vs], ["1", "0"])
        self.assertEqual([v["Table"]["Description"] for v in vs], ["orders v1", "orders"])
        # 9. delete-table, then the error case: get-table of the deleted table
        self.aws("delete-table", "--database-name", db, "--name", "orders")
        err = self.aws("get-table", "--database-name", db, "--name", "orders",
                       expect_rc=(254, 255))
        self.assertIn("EntityNotFoundException", err)
        self.assertIn("Table orders not found.", err)
        # 10. delete-database, then it is gone
        self.aws("delete-database", "--name", db)
        err = self.aws("get-database", "--name", db, expect_rc=(254, 255))
        self.assertIn("EntityNotFoundException", err)
        self.assertFalse(self.db_exists(db))

    def test_cli_invalid_input(self):
        err = self.aws("create-database", "--database-input",
                       json.dumps({"Name": "x" * 300}), expect_rc=(254, 255))
        self.assertIn("InvalidInputException", err)
        self.assertNotIn("x" * 300, self.all_database_names())


if __name__ == "__main__":
    harness.main()
