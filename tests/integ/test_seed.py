"""The seed article's create_catalog_table.py, exactly as the article prints it, against catalogd.

The script is not copied into this repository: it is run from the shared folder beside
the clone, ../shared/seed/create_catalog_table.py (the article itself is
../shared/seed/000_aae0933662478fdc.txt).  Only the environment points boto3 at catalogd
(AWS_ENDPOINT_URL_GLUE) and supplies dummy credentials.  A missing script fails the test.
"""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

SCRIPT = os.path.normpath(os.path.join(harness.REPO_ROOT, "..", "shared", "seed",
                                       "create_catalog_table.py"))
ARTICLE = os.path.join(os.path.dirname(SCRIPT), "000_aae0933662478fdc.txt")

COLUMNS = [
    {"Name": "order_id", "Type": "string"},
    {"Name": "customer_id", "Type": "string"},
    {"Name": "amount", "Type": "double"},
    {"Name": "gross_amount", "Type": "double"},
    {"Name": "status", "Type": "string"},
]


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class Seed(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="catalogd-seed-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_script(self):
        env = {
            "AWS_ENDPOINT_URL_GLUE": self.srv.endpoint,
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
            # keep any host configuration out of the way
            "AWS_CONFIG_FILE": os.path.join(self.tmp, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.tmp, "no-credentials"),
        }
        return subprocess.run([sys.executable, SCRIPT], env=env, capture_output=True,
                              timeout=60, cwd=self.tmp)

    def test_seed_script(self):
        if not os.path.isfile(SCRIPT):
            self.fail("the seed article's script is missing: %s (the shared folder belongs "
                      "beside the repository, as ../shared)" % SCRIPT)
        with open(SCRIPT, encoding="utf-8") as f:
            script = f.read()
        self.assertIn("glue = boto3.client('glue', region_name='us-east-1')", script)
        with open(ARTICLE, encoding="utf-8") as f:  # the script is the article's, unchanged
            self.assertIn(script.strip(), f.read())
        p = self.run_script()
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        self.assertEqual(p.returncode, 0, "stdout: %s\nstderr: %s" % (out, err))
        self.assertIn("Table created in Glue Catalog", out)

        d = self.glue.get_database(Name="silver_db")["Database"]
        self.assertEqual(d["Name"], "silver_db")
        self.assertEqual(d["Description"], "Cleaned data \u2014 Silver layer")
        raw = self.srv.raw("GetDatabase", {"Name": "silver_db"})
        self.assertEqual(self.assertRawOK(raw)["Database"]["Description"],
                         "Cleaned data \u2014 Silver layer")

        t = self.glue.get_table(DatabaseName="silver_db", Name="orders")["Table"]
        self.assertEqual(t["Name"], "orders")
        self.assertEqual(t["DatabaseName"], "silver_db")
        self.assertEqual(t["TableType"], "EXTERNAL_TABLE")
        self.assertEqual(t["PartitionKeys"], [{"Name": "order_date", "Type": "date"}])
        self.assertEqual(t["VersionId"], "0")
        self.assertIsInstance(t["CreateTime"], datetime.datetime)
        sd = t["StorageDescriptor"]
        self.assertEqual(sd["Columns"], COLUMNS)
        self.assertEqual(sd["Location"], "s3://company-silver/orders/")
        self.assertEqual(sd["InputFormat"], "org.apache.hadoop.mapred.TextInputFormat")
        self.assertEqual(sd["OutputFormat"],
                         "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
        self.assertEqual(sd["SerdeInfo"]["SerializationLibrary"],
                         "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
        self.assertEqual(t.get("Parameters"), {})
        tl = self.glue.get_tables(DatabaseName="silver_db")["TableList"]
        self.assertEqual([x["Name"] for x in tl], ["orders"])
        self.assertEqual(tl[0], t)

        # Running it a second time fails on the existing database.
        p2 = self.run_script()
        err2 = p2.stderr.decode("utf-8", "replace")
        self.assertNotEqual(p2.returncode, 0)
        self.assertIn("AlreadyExistsException", err2)
        self.assertNotIn(b"Table created", p2.stdout)


if __name__ == "__main__":
    harness.main()
