"""PostgreSQL going away under catalogd, on a throwaway cluster of the test's own (it stops it):
a bounded write load across a fast stop and a crash (immediate stop) of the server; requests
during the outage fail with 503, /health says so, catalogd reconnects by itself and no
acknowledged write is lost.  Also: a database whose schema is newer than the binary is refused
at start, and two catalogd starting at once on a fresh database migrate it once.
Runs on the PostgreSQL pass (CATALOG_TEST_PG set), skipped otherwise."""

import glob
import os
import subprocess
import sys
import threading
import time
import unittest

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import pgcluster  # noqa: E402  (harness put tests/ on the path)

# A store that cannot reach PostgreSQL is CAT_EUNAVAILABLE: HTTP 503, retryable; Glue type
# and REST code InternalServiceException (which SDKs retry).
UNAVAILABLE = {"InternalServiceException"}
WRITERS = 4
MAX_WRITES = 1500  # per writer: the load is bounded even if something hangs
OUTAGE = 1.5  # seconds the server stays down
RECOVERY = 20.0  # seconds catalogd may take to serve writes again after the restart
MIGRATIONS = len(glob.glob(os.path.join(harness.REPO_ROOT, "migrations", "postgresql", "*.sql")))

cluster = None


@harness.pg_only()
def setUpModule():
    global cluster
    # synchronous_commit on: an acknowledged commit is in the WAL even when the server is
    # killed (the immediate stop); fsync stays off (the machine does not crash here).
    cluster = pgcluster.Cluster(settings=["synchronous_commit=on"]).start()


def tearDownModule():
    if cluster is not None:
        cluster.remove()


def fresh_db(prefix):
    name = harness.unique_name(prefix)
    return name, cluster.createdb(name)


def health(srv):
    """(HTTP status, body) of GET /health; body None when it is not JSON."""
    r = srv.raw(None, path="/health", method="GET", timeout=20)
    try:
        return r.status, r.json
    except ValueError:
        return r.status, None


def healthy(h):
    return h[0] == 200 and isinstance(h[1], dict) and h[1].get("status") == "ok"


@harness.pg_only()
class Restart(unittest.TestCase):
    maxDiff = 4000

    def wait_acked(self, n, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.acked) >= n:
                    return
                if self.crashed:
                    self.fail("a writer died: %r" % self.crashed)
            time.sleep(0.01)
        self.fail("only %d writes acknowledged within %.0f s (want %d)"
                  % (len(self.acked), timeout, n))

    def writer(self, n):
        g = self.srv.client(connect_timeout=5, read_timeout=30)
        try:
            for i in range(MAX_WRITES):
                if self.halt.is_set():
                    return
                name = "w%d_%d" % (n, i)
                kind = "partition" if i % 2 else "table"
                t0 = time.monotonic()
                try:
                    if kind == "table":
                        g.create_table(DatabaseName="r", TableInput={"Name": name})
                    else:
                        g.create_partition(DatabaseName="r", TableName="t",
                                           PartitionInput={"Values": [name]})
                except ClientError as e:
                    with self.lock:
                        self.failed.append((t0, kind, name, e.response["Error"].get("Code"),
                                            e.response["ResponseMetadata"]["HTTPStatusCode"],
                                            e.response["Error"].get("Message")))
                    time.sleep(0.02)
                    continue
                with self.lock:
                    self.acked.append((kind, name))
        except BaseException as e:  # noqa: BLE001 -- reported by the main thread
            with self.lock:
                self.crashed.append(repr(e))

    def outage(self, mode):
        """Stop PostgreSQL (MODE), probe catalogd while it is down, start it again; returns
        the time it was back."""
        before = health(self.srv)
        self.assertTrue(healthy(before), before)
        down = time.monotonic()
        cluster.stop(mode)
        try:
            probes = []
            end = time.monotonic() + OUTAGE
            i = 0
            while time.monotonic() < end:
                i += 1
                h = health(self.srv)
                self.assertFalse(healthy(h), "/health says ok while PostgreSQL is down: %r"
                                 % (h,))
                probes.append(h)
                r = self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": "probe_%s_%d"
                                                                      % (mode, i)}})
                self.assertEqual(r.status, 503, r)
                self.assertIn(r.header("x-amzn-ErrorType"), UNAVAILABLE, r)
                self.assertIn(r.json.get("__type"), UNAVAILABLE, r)
                r = self.srv.raw("GetTable", {"DatabaseName": "r", "Name": "t"})
                self.assertEqual(r.status, 503, r)
                self.assertIn(r.header("x-amzn-ErrorType"), UNAVAILABLE, r)
                r = self.srv.raw(None, path="/v1/databases/r", method="GET", timeout=20)
                self.assertEqual((r.status, r.json.get("code")), (503, "InternalServiceException"),
                                 r)
                time.sleep(0.1)
            self.assertTrue(self.srv.alive(), "catalogd died while PostgreSQL was down")
            self.health_down.append(probes[-1])
        finally:
            cluster.start()  # also when an assertion failed: the next tests need it
        up = time.monotonic()
        self.windows.append((down - 1.0, up + RECOVERY))
        with self.lock:
            n = len(self.acked)
        self.wait_acked(n + 20, timeout=RECOVERY)  # writes flow again, by themselves
        deadline = time.monotonic() + RECOVERY
        while not healthy(health(self.srv)):
            self.assertLess(time.monotonic(), deadline, "/health not ok after the restart")
            time.sleep(0.05)
        return up

    def test_restart_during_write_load_loses_no_acknowledged_write(self):
        name, loc = fresh_db("restart")
        self.acked, self.failed, self.crashed, self.health_down = [], [], [], []
        self.windows = []  # (from, to): when failures may happen
        self.lock = threading.Lock()
        self.halt = threading.Event()
        with harness.Server(db=loc) as srv:
            self.srv = srv
            g = srv.client()
            g.create_database(DatabaseInput={"Name": "r"})
            g.create_table(DatabaseName="r", TableInput={
                "Name": "t", "PartitionKeys": [{"Name": "k", "Type": "string"}]})
            ts = [threading.Thread(target=self.writer, args=(n,)) for n in range(WRITERS)]
            for t in ts:
                t.start()
            try:
                self.wait_acked(100)
                self.outage("fast")
                with self.lock:
                    n = len(self.acked)
                self.wait_acked(n + 100)
                self.outage("immediate")  # a crash: recovery from the WAL
                with self.lock:
                    n = len(self.acked)
                self.wait_acked(n + 50)
            finally:
                self.halt.set()
                for t in ts:
                    t.join(60)
            self.assertEqual(self.crashed, [])
            self.assertFalse(any(t.is_alive() for t in ts), "a writer hangs")
            # every failure was the retryable one, and none long after the restarts
            bad = [f for f in self.failed if f[3] not in UNAVAILABLE or f[4] != 503]
            self.assertEqual(bad, [], "failures other than 503 %s" % sorted(UNAVAILABLE))
            late = [f for f in self.failed
                    if not any(a <= f[0] <= b for a, b in self.windows)]
            self.assertEqual(late, [], "writes failed long after PostgreSQL was back")
            self.check_acked(g)
            sys.stderr.write("[%d writes acknowledged, %d failed with 503 %s; /health while "
                             "down: %r] " % (len(self.acked), len(self.failed),
                                             sorted({f[3] for f in self.failed}),
                                             self.health_down[0]))
        # and a fresh catalogd on the database finds them too (not a cache of the first)
        with harness.Server(db=loc) as again:
            self.check_acked(again.client())
        cluster.dropdb(name)

    def check_acked(self, g):
        tables = set()
        for page in g.get_paginator("get_tables").paginate(DatabaseName="r"):
            tables |= {t["Name"] for t in page["TableList"]}
        parts = set()
        for page in g.get_paginator("get_partitions").paginate(DatabaseName="r", TableName="t"):
            parts |= {p["Values"][0] for p in page["Partitions"]}
        lost = [(k, n) for k, n in self.acked
                if (k == "table" and n not in tables) or (k == "partition" and n not in parts)]
        self.assertEqual(lost, [], "%d of %d acknowledged writes lost"
                         % (len(lost), len(self.acked)))
        self.assertGreaterEqual(len(self.acked), 250)

    def test_newer_schema_refused_at_start(self):
        name, loc = fresh_db("newer")
        with harness.Server(db=loc):  # creates and migrates it
            pass
        cluster.psql("INSERT INTO catalogd_schema (version, name, applied_at) "
                     "SELECT 99, '0099_future.sql', applied_at FROM catalogd_schema "
                     "ORDER BY version LIMIT 1", dbname=name)
        r = subprocess.run([harness.catalogd_path(), "--listen", "127.0.0.1:0", "--db", loc],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        self.assertNotEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("listening", r.stderr)
        self.assertIn("schema version 99 is newer than this catalogd (%d)" % MIGRATIONS,
                      r.stderr)
        # and it changed nothing
        self.assertEqual(cluster.psql("SELECT count(*), max(version) FROM catalogd_schema",
                                      dbname=name).strip(), "%d|99" % (MIGRATIONS + 1))
        cluster.dropdb(name)

    def test_two_starting_at_once_migrate_once(self):
        for round_ in range(3):
            name, loc = fresh_db("twostart")
            servers = [harness.Server(db=loc), harness.Server(db=loc)]
            out = harness.run_threads(2, lambda i: servers[i].start())
            try:
                self.assertEqual([o for o in out if isinstance(o, BaseException)], [])
                self.assertTrue(all(s.alive() for s in servers))
                # both serve the same catalog
                servers[0].client().create_database(DatabaseInput={"Name": "x"})
                self.assertEqual(servers[1].client().get_database(Name="x")["Database"]["Name"],
                                 "x")
                rows = cluster.psql("SELECT version, count(*) FROM catalogd_schema "
                                    "GROUP BY version ORDER BY version", dbname=name).split()
                self.assertEqual(rows, ["%d|1" % v for v in range(1, MIGRATIONS + 1)])
                applied = sum(s.log().count("applied migration") for s in servers)
                if applied:  # when the backend logs each migration: N lines across both
                    self.assertEqual(applied, MIGRATIONS)
            finally:
                for s in servers:
                    if s.proc is not None and s.proc.poll() is None:
                        s.stop()
            cluster.dropdb(name)


if __name__ == "__main__":
    harness.main()
