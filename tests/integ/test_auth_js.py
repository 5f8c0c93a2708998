"""@aws-sdk/client-glue (npm, installed in tests/js/auth by make deps) against a catalogd with
--auth-file: tests/js/auth/glue_auth.mjs checks the right keys, a wrong secret, an unknown key
and a reader writing."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

import harness

JS = os.path.join(harness.REPO_ROOT, "tests", "js", "auth")
ADMIN = ("AKIDJSADMIN00001", "js-admin-secret-0123")
READER = ("AKIDJSREADER0001", "js-reader-secret-0123")


@unittest.skipUnless(shutil.which("node") and os.path.isdir(os.path.join(JS, "node_modules")),
                     "node or tests/js/auth/node_modules missing (make deps installs them)")
class JsSdk(unittest.TestCase):
    def test_aws_sdk_js(self):
        tmp = tempfile.mkdtemp(prefix="catalogd-js-")
        auth = os.path.join(tmp, "auth.json")
        with open(auth, "w") as f:
            json.dump({"principals": [
                {"name": "admin", "access_key_id": ADMIN[0], "secret_access_key": ADMIN[1],
                 "role": "admin"},
                {"name": "reader", "access_key_id": READER[0], "secret_access_key": READER[1],
                 "role": "reader"}]}, f)
        os.chmod(auth, 0o600)
        try:
            with harness.Server(extra_args=["--auth-file", auth]) as srv:
                r = subprocess.run(["node", "glue_auth.mjs", srv.endpoint, *ADMIN, *READER],
                                   cwd=JS, capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(json.loads(r.stdout), {
                "listed": True, "wrongSecret": "InvalidSignatureException/400",
                "unknownKey": "UnrecognizedClientException/400",
                "readerWrite": "AccessDeniedException/400"})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    harness.main()
