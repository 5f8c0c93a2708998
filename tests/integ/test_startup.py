"""catalogd's first minute (issue 19, item 10): --version, --listen localhost:PORT and
[::1]:PORT, a port in use said before the database is created, a PostgreSQL database that does
not exist said as such, and `make pg` (tests/pgcluster.py start) printing a locator that works.

Each test runs build/catalogd (or $CATALOGD) itself; no module server.
"""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

VERSION_RE = re.compile(r"^catalogd \d+\.\d+\.\d+\n$")
LISTEN_ANY = re.compile(r"listening on http://(\S+):(\d+)")


def catalog_h_version():
    with open(os.path.join(harness.REPO_ROOT, "client", "catalog.h")) as f:
        text = f.read()
    return ".".join(re.search(r"#define CAT_VERSION_%s (\d+)" % k, text).group(1)
                    for k in ("MAJOR", "MINOR", "PATCH"))


def ipv6_loopback():
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
        return True
    except OSError:
        return False


class Startup(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="catalogd-startup-")
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                p.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_catalogd(self, *args, timeout=20):
        return subprocess.run(harness.WRAPPER + [harness.catalogd_path()] + list(args),
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, cwd=self.tmp)

    def serve(self, *args):
        """Start catalogd with ARGS; returns (host as printed, port) once it listens."""
        log = os.path.join(self.tmp, "log%d" % len(self.procs))
        with open(log, "wb") as f:
            p = subprocess.Popen(harness.WRAPPER + [harness.catalogd_path(), "--drain-seconds", "0"]
                                 + list(args), stdout=f, stderr=f, stdin=subprocess.DEVNULL,
                                 cwd=self.tmp)
        self.procs.append(p)
        deadline = time.monotonic() + harness.READY_TIMEOUT
        while time.monotonic() < deadline:
            with open(log) as f:
                text = f.read()
            m = LISTEN_ANY.search(text)
            if m:
                return m.group(1), int(m.group(2))
            if p.poll() is not None:
                self.fail("catalogd exited %d: %s" % (p.returncode, text))
            time.sleep(0.02)
        self.fail("catalogd did not listen: " + text)

    def stop(self):
        p = self.procs[-1]
        p.terminate()
        self.assertEqual(p.wait(harness.STOP_TIMEOUT), 0)

    def test_version(self):
        r = self.run_catalogd("--version")
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertRegex(r.stdout, VERSION_RE)
        self.assertEqual(r.stdout, "catalogd %s\n" % catalog_h_version())
        self.assertIn("--version", self.run_catalogd("--help").stdout)

    def test_listen_localhost(self):
        host, port = self.serve("--listen", "localhost:0", "--db", "a.db")
        self.assertEqual(host, "127.0.0.1")
        c = http.client.HTTPConnection("localhost", port, timeout=10)
        c.request("GET", "/health")
        r = c.getresponse()
        self.assertEqual(r.status, 200)
        self.assertEqual(json.loads(r.read())["status"], "ok")
        self.stop()

    @unittest.skipUnless(ipv6_loopback(), "no IPv6 loopback here")
    def test_listen_ipv6_loopback(self):
        host, port = self.serve("--listen", "[::1]:0", "--db", "b.db")
        self.assertEqual(host, "[::1]")
        c = http.client.HTTPConnection("::1", port, timeout=10)
        c.request("POST", "/", body=b'{"DatabaseInput": {"Name": "v6"}}',
                  headers={"X-Amz-Target": "AWSGlue.CreateDatabase",
                           "Content-Type": harness.JSON_CT})
        r = c.getresponse()
        self.assertEqual(r.status, 200, r.read())
        r.read()
        c.request("GET", "/health", headers={"Host": "[::1]:%d" % port})
        self.assertEqual(c.getresponse().status, 200)
        self.stop()

    def test_ipv6_off_loopback_still_needs_auth(self):
        r = self.run_catalogd("--listen", "[::]:0", "--db", "c.db")
        self.assertEqual(r.returncode, 2)
        self.assertIn("refusing to serve :: without --auth-file", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "c.db")))

    def test_bad_bracketed_listen(self):
        for bad in ("[::1]", "[::1:80", "[::1]80"):
            r = self.run_catalogd("--listen", bad, "--db", "d.db")
            self.assertEqual(r.returncode, 2, bad)
            self.assertIn("--listen must be HOST:PORT ([ADDRESS]:PORT for IPv6)", r.stderr)

    def test_port_in_use_said_before_the_database_is_made(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        try:
            r = self.run_catalogd("--listen", "127.0.0.1:%d" % port, "--db", "e.db")
        finally:
            s.close()
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "catalogd: cannot listen on 127.0.0.1:%d: port %d is in use "
                         "(another catalogd?); choose a free one with --listen HOST:PORT\n"
                         % (port, port))
        self.assertNotIn("migration", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "e.db")))

    def test_hms_port_in_use_said_before_the_database_is_made(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        try:
            r = self.run_catalogd("--listen", "127.0.0.1:0", "--hms-listen",
                                  "localhost:%d" % port, "--db", "h.db")
        finally:
            s.close()
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot listen on 127.0.0.1:%d: port %d is in use" % (port, port), r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "h.db")))

    @harness.pg_only()
    def test_missing_postgresql_database_says_create_it(self):
        loc = harness.pgcluster.with_dbname(harness.PG, "nosuch_catalog")
        r = self.run_catalogd("--listen", "127.0.0.1:0", "--db", loc)
        self.assertEqual(r.returncode, 1)
        self.assertIn('has no database "nosuch_catalog": create it first (createdb', r.stderr)
        self.assertNotIn("unreachable", r.stderr)
        self.assertNotIn("retry", r.stderr)


@harness.sqlite_only("one make pg is enough: it starts its own cluster")
class MakePg(unittest.TestCase):
    """`make pg` starts a local cluster, prints its locator; catalogd serves on it;
    `make pg-stop` removes it."""

    @unittest.skipIf(harness.WRAPPER, "one make pg is enough")
    def test_make_pg_prints_a_working_locator(self):
        try:
            harness.pgcluster.bindir()
        except RuntimeError as e:
            self.skipTest(str(e))
        tmp = tempfile.mkdtemp(prefix="catalogd-makepg-")
        state = os.path.join(tmp, "pg.env")
        make = ["make", "--no-print-directory", "-s", "-C", harness.REPO_ROOT,
                "PG_STATE=" + state]
        try:
            r = subprocess.run(make + ["pg"], capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            m = re.search(r"--db (postgresql://catalog@127\.0\.0\.1:\d+/catalog)\n", r.stdout)
            self.assertTrue(m, r.stdout)
            self.assertIn("make pg-stop", r.stdout)
            r2 = subprocess.run(make + ["pg"], capture_output=True, text=True, timeout=120)
            self.assertEqual(r2.returncode, 0, r2.stderr)
            self.assertIn(m.group(1), r2.stdout)  # a second make pg: the same cluster
            with harness.Server(db=m.group(1), db_dir=tmp) as srv:
                srv.client().create_database(DatabaseInput={"Name": "on_make_pg"})
                self.assertEqual(srv.client().get_database(Name="on_make_pg")["Database"]["Name"],
                                 "on_make_pg")
        finally:
            r = subprocess.run(make + ["pg-stop"], capture_output=True, text=True, timeout=120)
            shutil.rmtree(tmp, ignore_errors=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(state))


if __name__ == "__main__":
    unittest.main()
