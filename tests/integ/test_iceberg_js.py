"""iceberg-js (npm, installed in tests/js/iceberg by make deps) end to end against catalogd's
Iceberg REST front: tests/js/iceberg/iceberg_js.mjs creates a namespace and a partitioned table,
loads it, commits an append, lists, renames and drops, with a bearer token from
POST /iceberg/v1/oauth/tokens when principals are configured, and validates every answer it got
against the official OpenAPI document."""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import iceberg_client as ic  # noqa: E402

ADMIN = ("AKIDICEADMIN0001", "ice-admin-secret-0123456789")
TMP = None


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="catalogd-icejs-")
    auth = os.path.join(TMP, "auth.json")
    with open(auth, "w") as f:
        json.dump({"principals": [{"name": "admin", "access_key_id": ADMIN[0],
                                   "secret_access_key": ADMIN[1], "role": "admin"}]}, f)
    os.chmod(auth, stat.S_IRUSR | stat.S_IWUSR)
    os.makedirs(os.path.join(TMP, "wh"))
    harness.start_module_server(extra_args=["--auth-file", auth,
                                            "--warehouse", "file://" + TMP + "/wh"])


def tearDownModule():
    try:
        harness.stop_module_server()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


def run_js(testcase, srv, *creds):
    why = ic.node_ready()
    if why:
        testcase.fail(why)
    r = subprocess.run(["node", os.path.join(ic.JS, "iceberg_js.mjs"), srv.endpoint] + list(creds),
                       cwd=ic.JS, capture_output=True, text=True, timeout=120)
    testcase.assertEqual(r.returncode, 0, "iceberg_js.mjs failed:\n%s\n%s" % (r.stdout, r.stderr))
    testcase.assertIn("iceberg-js: ok", r.stdout)
    return r.stdout


class IcebergJs(harness.GlueTestCase):
    def test_end_to_end_with_oauth_token(self):
        out = run_js(self, self.srv, *ADMIN)
        self.assertIn("token from /oauth/tokens", out)
        # the file warehouse got the table's metadata files (create, append), and a drop with
        # purgeRequested deleted none of them
        files = []
        for root, _, names in os.walk(os.path.join(TMP, "wh")):
            files += [n for n in names if n.endswith(".metadata.json")]
        self.assertGreaterEqual(len(files), 2, files)

    def test_end_to_end_without_principals_on_an_s3_warehouse(self):
        # catalogd writes no file there: the answers still name where each would be
        with harness.Server(extra_args=["--warehouse", "s3://bucket/wh"]) as srv:
            out = run_js(self, srv)
        self.assertNotIn("token from /oauth/tokens", out)
        self.assertIn("s3://bucket/wh/", out)


if __name__ == "__main__":
    unittest.main()
