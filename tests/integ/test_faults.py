"""Durability and faults: a read-only database (also through a stale read-only -shm file, at
start-up and at run time), a corrupt database (at start-up and at run time), a full disk (a small
tmpfs, when the test may mount one), kill -9 during concurrent writes (no acknowledged write
lost)."""

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import tempfile
import threading
import time
import unittest

from botocore.exceptions import ClientError

import harness


@harness.sqlite_only("the read-only SQLite file or mount under catalogd")
class ReadOnly(unittest.TestCase):
    def test_read_only_database_refused_at_start(self):
        if os.geteuid() == 0:
            self.skipTest("root ignores file permissions (the mount test covers root)")
        d = tempfile.mkdtemp(prefix="catalogd-ro-")
        try:
            with harness.Server(db_dir=d) as srv:  # create and migrate it
                srv.client().create_database(DatabaseInput={"Name": "kept"})
            db = os.path.join(d, "catalog.db")
            for f in os.listdir(d):
                os.chmod(os.path.join(d, f), stat.S_IRUSR)
            os.chmod(d, stat.S_IRUSR | stat.S_IXUSR)
            r = subprocess.run([harness.catalogd_path(), "--db", db, "--listen", "127.0.0.1:0"],
                               capture_output=True, text=True, timeout=20)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("read-only", r.stderr)
        finally:
            os.chmod(d, stat.S_IRWXU)
            shutil.rmtree(d, ignore_errors=True)

    def test_read_only_database_as_root(self):
        """Root writes whatever the mode says: a read-only mount is the real case."""
        if os.geteuid() != 0 or shutil.which("mount") is None:
            self.skipTest("needs root to mount")
        d = tempfile.mkdtemp(prefix="catalogd-romnt-")
        try:
            if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", d],
                              capture_output=True).returncode != 0:
                self.skipTest("cannot mount a tmpfs here")
            try:
                with harness.Server(db_dir=d) as srv:
                    srv.client().create_database(DatabaseInput={"Name": "kept"})
                subprocess.run(["mount", "-o", "remount,ro", d], check=True)
                r = subprocess.run([harness.catalogd_path(), "--db", os.path.join(d, "catalog.db"),
                                    "--listen", "127.0.0.1:0"],
                                   capture_output=True, text=True, timeout=20)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("read-only", r.stderr)
            finally:
                subprocess.run(["umount", "-l", d], capture_output=True)
        finally:
            shutil.rmtree(d, ignore_errors=True)


CORRUPT_MSG = ("The catalog's database file is corrupt: catalogd refuses writes until it is "
               "restored from a backup (see its log).")


def kill9(srv):
    """Kill SRV as a crash would: its -wal and -shm files stay behind."""
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait(10)
    srv.signal_and_wait()  # already dead: forget it


class read_only_file:
    """PATH read-only for catalogd: mode 0444, or for root (who ignores modes) a read-only bind
    mount of the file over itself; skips the test when neither can be done."""

    def __init__(self, test, path):
        self.test, self.path, self.mounted = test, path, False

    def __enter__(self):
        if os.geteuid() != 0:
            os.chmod(self.path, stat.S_IRUSR)
            return self
        if shutil.which("mount") is None or subprocess.run(
                ["mount", "--bind", "-o", "ro", self.path, self.path],
                capture_output=True).returncode != 0:
            self.test.skipTest("cannot bind-mount a file read-only here")
        self.mounted = True
        if os.access(self.path, os.W_OK) and subprocess.run(
                ["mount", "-o", "remount,bind,ro", self.path],
                capture_output=True).returncode != 0:
            self.__exit__()
            self.test.skipTest("cannot bind-mount a file read-only here")
        return self

    def __exit__(self, *exc):
        if self.mounted:
            subprocess.run(["umount", "-l", self.path], capture_output=True)  # busy: lazily
            self.mounted = False
        else:
            os.chmod(self.path, stat.S_IRUSR | stat.S_IWUSR)


def smash_table(db, table):
    """Overwrite the root page of TABLE in the SQLite file DB (b-tree page type 0xff)."""
    c = sqlite3.connect(db)
    try:
        page_size = c.execute("PRAGMA page_size").fetchone()[0]
        root = c.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?",
                         (table,)).fetchone()[0]
    finally:
        c.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)


@harness.sqlite_only("SQLite's -shm file and PRAGMA quick_check")
class StorageFaults(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="catalogd-faults-")
        self.db = os.path.join(self.dir, "catalog.db")
        with harness.Server(db_dir=self.dir) as srv:  # created, migrated, one table
            g = srv.client()
            g.create_database(DatabaseInput={"Name": "kept"})
            g.create_table(DatabaseName="kept", TableInput={"Name": "t"})

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_catalogd(self):
        return subprocess.run([harness.catalogd_path(), "--db", self.db, "--listen",
                               "127.0.0.1:0"], capture_output=True, text=True, timeout=20)

    def error(self, fn, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(**kw)
        return cm.exception.response

    def test_corrupt_database_refused_at_start(self):
        smash_table(self.db, "tables")
        r = self.run_catalogd()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("catalogd: database %s is corrupt (PRAGMA quick_check: " % self.db,
                      r.stderr)
        self.assertIn("): catalogd will not serve it; restore it from a backup", r.stderr)

    def test_corruption_found_at_run_time_stops_writes(self):
        with harness.Server(db_dir=self.dir) as srv:
            glue = srv.client()
            self.assertEqual(srv.raw(None, path="/health", method="GET").json["status"], "ok")
            smash_table(self.db, "tables")  # under the running server
            err = self.error(glue.get_table, DatabaseName="kept", Name="t")
            self.assertEqual(err["Error"]["Code"], "InternalServiceException")
            self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 500)
            self.assertEqual(err["Error"]["Message"], CORRUPT_MSG)
            # writes that would not touch the damage are refused too, and write nothing
            err = self.error(glue.create_database, DatabaseInput={"Name": "after"})
            self.assertEqual(err["Error"]["Code"], "InternalServiceException")
            self.assertEqual(err["Error"]["Message"], CORRUPT_MSG)
            err = self.error(glue.get_database, Name="after")
            self.assertEqual(err["Error"]["Code"], "EntityNotFoundException")
            health = srv.raw(None, path="/health", method="GET")
            self.assertEqual(health.status, 503, health)
            self.assertEqual(health.json["code"], "ServiceUnavailableException")
            self.assertIn("corrupt", health.json["message"])
            metrics = srv.raw(None, path="/metrics", method="GET").body.decode()
            self.assertIn('catalogd_store_problem{problem="corrupt"} 1\n', metrics)
            self.assertIn('catalogd_store_problem{problem="read-only"} 0\n', metrics)
            self.assertIn("catalogd: the database is corrupt (sqlite error", srv.log())

    def test_stale_read_only_shm_refused_at_start(self):
        srv = harness.Server(db_dir=self.dir).start()
        srv.client().create_database(DatabaseInput={"Name": "crashed"})
        kill9(srv)
        shm = self.db + "-shm"
        self.assertTrue(os.path.exists(shm))
        with read_only_file(self, shm):
            r = self.run_catalogd()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("catalogd: database %s is read-only (" % self.db, r.stderr)
        self.assertIn("-shm", r.stderr)

    def test_read_only_at_run_time_is_the_storage_not_access(self):
        """A connection opened once the -wal file is read-only (SQLite then opens it read-only)
        reads and cannot write: the writes it takes are refused as the storage's fault (5xx,
        not AccessDeniedException), and it is replaced.  (/health and /metrics while writes
        fail: tests/unit/test_rest.c; here other connections' writes succeed meanwhile.)"""
        with harness.Server(db_dir=self.dir, extra_args=["--threads", "4"]) as srv:
            with read_only_file(self, self.db + "-wal"):
                errors, stop = [], threading.Event()

                def writer(n):  # concurrent requests make the pool open new connections
                    g = srv.client()
                    for i in range(100000):
                        if stop.is_set():
                            return
                        try:
                            g.create_table(DatabaseName="kept", TableInput={
                                "Name": "w%d_%d" % (n, i), "Parameters": {"k": "v" * 1000}})
                        except ClientError as e:
                            errors.append(e.response)
                            stop.set()

                ts = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
                for t in ts:
                    t.start()
                stop.wait(30)
                stop.set()
                for t in ts:
                    t.join(30)
                if not errors:
                    self.skipTest("no request ran on a connection opened after the change")
                err = errors[0]
                self.assertEqual(err["Error"]["Code"], "InternalServiceException", err)
                self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 503)
                self.assertTrue(err["Error"]["Message"].startswith(
                    "The catalog's storage is read-only: nothing was written."), err)
                self.assertIn("catalogd: the database is read-only: ", srv.log())
            # writable again: the connections that could not write were replaced
            g = srv.client()
            for i in range(20):
                g.create_table(DatabaseName="kept", TableInput={"Name": "after%d" % i})
            self.assertEqual(srv.raw(None, path="/health", method="GET").json["status"], "ok")


@harness.sqlite_only("a full disk under the SQLite file (PostgreSQL's disk is its server's)")
class DiskFull(unittest.TestCase):
    def test_disk_full_is_clear_and_not_retried(self):
        if os.geteuid() != 0 or shutil.which("mount") is None:
            self.skipTest("needs root to mount a small tmpfs")
        d = tempfile.mkdtemp(prefix="catalogd-full-")
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", d],
                          capture_output=True).returncode != 0:
            shutil.rmtree(d, ignore_errors=True)
            self.skipTest("cannot mount a tmpfs here")
        try:
            ballast = os.path.join(d, "ballast")
            with open(ballast, "wb") as f:  # removed later to free space
                f.write(b"\0" * (512 * 1024))
            with harness.Server(db_dir=d) as srv:
                glue = srv.client()
                glue.create_database(DatabaseInput={"Name": "full"})
                err = None
                for i in range(400):  # ~10 KB a table: 2 MB fills within a few hundred
                    try:
                        glue.create_table(DatabaseName="full", TableInput={
                            "Name": "t%d" % i, "Description": "x" * 2000,
                            "Parameters": {"k%d" % j: "v" * 200 for j in range(30)}})
                    except ClientError as e:
                        err = e.response
                        break
                self.assertIsNotNone(err, "the disk never filled")
                self.assertEqual(err["Error"]["Code"], "ResourceNumberLimitExceededException")
                self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400)
                self.assertIn("disk is full", err["Error"]["Message"])
                health = srv.raw(None, path="/health", method="GET").json
                self.assertEqual(health["status"], "degraded")
                self.assertEqual(health["problem"], "disk full")
                # reads still work
                self.assertEqual(glue.get_database(Name="full")["Database"]["Name"], "full")
                # free space: the next write works and /health is ok again
                os.remove(ballast)
                glue.create_database(DatabaseInput={"Name": "after"})
                self.assertEqual(srv.raw(None, path="/health", method="GET").json["status"],
                                 "ok")
        finally:
            subprocess.run(["umount", "-l", d], capture_output=True)
            shutil.rmtree(d, ignore_errors=True)


class Kill9(unittest.TestCase):
    def test_no_acknowledged_write_lost(self):
        d = tempfile.mkdtemp(prefix="catalogd-kill-")
        acked = []
        lock = threading.Lock()
        stop = threading.Event()
        srv = harness.Server(db_dir=d).start()
        try:
            srv.client().create_database(DatabaseInput={"Name": "k"})

            def writer(n):
                g = srv.client()
                for i in range(10000):
                    if stop.is_set():
                        return
                    name = "w%d_%d" % (n, i)
                    try:
                        g.create_table(DatabaseName="k", TableInput={"Name": name})
                    except Exception:  # noqa: BLE001 -- the server died under it
                        return
                    with lock:
                        acked.append(name)

            ts = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
            for t in ts:
                t.start()
            while True:
                with lock:
                    if len(acked) >= 200:
                        break
                threading.Event().wait(0.01)
            srv.proc.send_signal(signal.SIGKILL)
            srv.proc.wait(10)
            stop.set()
            for t in ts:
                t.join(30)
            srv.signal_and_wait()  # already dead: forget it
        finally:
            if srv.proc.poll() is None:
                srv.proc.kill()
        with harness.Server(db_dir=d) as again:
            names = set()
            for page in again.client().get_paginator("get_tables").paginate(DatabaseName="k"):
                names |= {t["Name"] for t in page["TableList"]}
        shutil.rmtree(d, ignore_errors=True)
        lost = [n for n in acked if n not in names]
        self.assertGreaterEqual(len(acked), 200)
        self.assertEqual(lost, [], "%d acknowledged writes lost" % len(lost))


if __name__ == "__main__":
    harness.main()
