"""Durability and faults: a read-only database, a full disk (a small tmpfs, when the test may
mount one), kill -9 during concurrent writes (no acknowledged write lost)."""

import os
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
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
