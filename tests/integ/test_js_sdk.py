"""A second SDK family: tests/js/smoke.mjs runs @aws-sdk/client-glue (installed into
tests/js/node_modules by make deps) against this module's catalogd."""

import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

JS = os.path.join(harness.REPO_ROOT, "tests", "js")


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class JsSdk(harness.GlueTestCase):
    def test_client_glue_smoke(self):
        node = shutil.which("node")
        if node is None:
            self.fail("node is not installed (make deps installs nodejs)")
        if not os.path.isdir(os.path.join(JS, "node_modules", "@aws-sdk", "client-glue")):
            self.fail("@aws-sdk/client-glue is not installed: run make deps")
        r = subprocess.run([node, os.path.join(JS, "smoke.mjs"), self.srv.endpoint],
                           cwd=JS, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, "smoke.mjs failed:\n%s\n%s" % (r.stdout, r.stderr))
        self.assertIn("js smoke: ok", r.stdout)


if __name__ == "__main__":
    unittest.main()
