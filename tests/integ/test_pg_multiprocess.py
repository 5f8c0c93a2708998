"""Two catalogd processes over one PostgreSQL database (CATALOG_TEST_PG; skipped without it):
clients spread over both race UpdateTable with VersionId and BatchCreatePartition, and each
process sees the other's writes (GetTable with --pg-table-cache, answered from a cache that the
other's commit invalidates by a notification: within STALE_S; by default, checked by a round trip
before each use: at once, every time).  Bounded: a fixed number of updates and partitions,
and a deadline."""

import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

DEADLINE = 90.0  # seconds for each race, far above what it takes (a few seconds)
UPDATE_CLIENTS = 8  # threads, half on each process
UPDATES_EACH = 12  # successful updates per thread
PART_CLIENTS = 6
PART_VALUES = 300  # value v is created by the clients v % 6 and (v % 6 - 1) % 6, at once
PART_BATCH = 20
STALE_S = 0.1  # PG_TCACHE_STALE_MS: how far a cached GetTable may be behind another's write
PG_CACHE = ["--pg-table-cache"]

_tmp = _tmp2 = None
A = B = C = D = None


@harness.pg_only()
def setUpModule():
    global _tmp, _tmp2, A, B, C, D
    _tmp = tempfile.mkdtemp(prefix="catalogd-integ-")
    _tmp2 = tempfile.mkdtemp(prefix="catalogd-integ-")
    # one db_dir: one PostgreSQL database; GetTable's cross-process cache on (--pg-table-cache:
    # its bound is what test_get_table_cached_and_invalidated_across_processes checks)
    A = harness.Server(db_dir=_tmp, extra_args=PG_CACHE).start()
    try:
        B = harness.Server(db_dir=_tmp, extra_args=PG_CACHE).start()
    except BaseException:
        A.stop()
        raise
    assert A.db_path == B.db_path and A.port != B.port
    try:  # the default cache (checked before each use), over a database of their own
        C = harness.Server(db_dir=_tmp2).start()
        D = harness.Server(db_dir=_tmp2).start()
    except BaseException:
        tearDownModule()
        raise
    assert C.db_path == D.db_path and C.db_path != A.db_path


def tearDownModule():
    try:
        for s in (A, B, C, D):
            if s is not None:
                s.stop()
    finally:
        for d in (_tmp, _tmp2):
            if d:
                shutil.rmtree(d, ignore_errors=True)


def code(e):
    return e.response.get("Error", {}).get("Code")


@harness.pg_only()
class TwoProcesses(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):  # not GlueTestCase's: two servers, no module server
        cls.a, cls.b = A.client(), B.client()
        cls.db = harness.unique_name("mp")
        cls.a.create_database(DatabaseInput={"Name": cls.db})

    def client(self, i):
        """Client I's server: even ones on A, odd ones on B."""
        return (A if i % 2 == 0 else B).client()

    def test_update_table_races_lose_no_update(self):
        t = harness.unique_name("race")
        self.a.create_table(DatabaseName=self.db, TableInput={
            "Name": t, "Parameters": {"counter": "0"}})
        deadline = time.monotonic() + DEADLINE
        barrier = threading.Barrier(UPDATE_CLIENTS)

        def worker(i):
            g = self.client(i)
            done = conflicts = 0
            cur = g.get_table(DatabaseName=self.db, Name=t)["Table"]
            barrier.wait(30)  # all have read version 0: the first round races for sure
            while done < UPDATES_EACH:
                if time.monotonic() > deadline:
                    raise AssertionError("client %d: %d updates by the deadline" % (i, done))
                n = int(cur["Parameters"]["counter"])
                try:
                    g.update_table(DatabaseName=self.db, VersionId=cur["VersionId"], TableInput={
                        "Name": t, "Parameters": {"counter": str(n + 1), "by": str(i)}})
                    done += 1
                except ClientError as e:
                    if code(e) != "ConcurrentModificationException":
                        raise
                    self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 400)
                    conflicts += 1
                cur = g.get_table(DatabaseName=self.db, Name=t)["Table"]
            return conflicts

        out = harness.run_threads(UPDATE_CLIENTS, worker)
        errors = [o for o in out if isinstance(o, BaseException)]
        self.assertEqual(errors, [])
        total = UPDATE_CLIENTS * UPDATES_EACH
        self.assertGreater(sum(out), 0, "no update ever conflicted: the race did not happen")
        for g in (self.a, self.b):  # both processes agree
            cur = g.get_table(DatabaseName=self.db, Name=t)["Table"]
            self.assertEqual(cur["Parameters"]["counter"], str(total))
            self.assertEqual(cur["VersionId"], str(total))
            versions = []
            for page in g.get_paginator("get_table_versions").paginate(
                    DatabaseName=self.db, TableName=t):
                versions += page["TableVersions"]
            self.assertEqual(len(versions), total + 1)  # version 0 and one per update
            self.assertEqual(sorted(int(v["VersionId"]) for v in versions),
                             list(range(total + 1)))
            # version k holds counter k: every update started from the one before it
            self.assertEqual({v["VersionId"]: v["Table"]["Parameters"]["counter"]
                              for v in versions},
                             {str(k): str(k) for k in range(total + 1)})
        sys.stderr.write("[%d updates, %d conflicts] " % (total, sum(out)))

    def test_batch_create_partition_overlaps_create_each_once(self):
        t = harness.unique_name("parts")
        self.a.create_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "k", "Type": "int"},
                                         {"Name": "s", "Type": "string"}],
            "StorageDescriptor": {"Location": "s3://b/t/"}})
        deadline = time.monotonic() + DEADLINE

        def values(v):
            return [str(v), "v%03d" % v]

        def worker(i):
            g = self.client(i)
            mine = [v for v in range(PART_VALUES)
                    if v % PART_CLIENTS in (i, (i + 1) % PART_CLIENTS)]
            created, existed = [], []
            for j in range(0, len(mine), PART_BATCH):
                self.assertLess(time.monotonic(), deadline)
                chunk = mine[j:j + PART_BATCH]
                for attempt in range(5):  # the whole call may lose: retried, it is all or none
                    try:
                        r = g.batch_create_partition(DatabaseName=self.db, TableName=t,
                                                     PartitionInputList=[{"Values": values(v)}
                                                                         for v in chunk])
                        break
                    except ClientError as e:
                        if code(e) != "ConcurrentModificationException" or attempt == 4:
                            raise
                failed = set()
                for e in r.get("Errors", []):
                    self.assertEqual(e["ErrorDetail"]["ErrorCode"], "AlreadyExistsException", e)
                    failed.add(int(e["PartitionValues"][0]))
                self.assertLessEqual(failed, set(chunk))
                existed += sorted(failed)
                created += [v for v in chunk if v not in failed]
            return created, existed

        out = harness.run_threads(PART_CLIENTS, worker)
        errors = [o for o in out if isinstance(o, BaseException)]
        self.assertEqual(errors, [])
        created = [v for c, _ in out for v in c]
        existed = [v for _, e in out for v in e]
        # every value was asked for by two clients: one created it, the other was told it exists
        self.assertEqual(sorted(created), list(range(PART_VALUES)), "created twice or never")
        self.assertEqual(sorted(existed), list(range(PART_VALUES)))
        for g in (self.a, self.b):
            self.glue = g
            got = self.all_partitions(self.db, t, MaxResults=97)  # fails on a repeat
            self.assertEqual(sorted(int(p["Values"][0]) for p in got), list(range(PART_VALUES)))
        # and the typed key still prunes the same on both
        for g in (self.a, self.b):
            r = g.get_partitions(DatabaseName=self.db, TableName=t, Expression="k >= 290")
            self.assertEqual(sorted(int(p["Values"][0]) for p in r["Partitions"]),
                             list(range(290, PART_VALUES)))

    def read_within_bound(self, g, t, ok):
        """GetTable of T through G until OK(table) holds; a read begun STALE_S after the call
        must hold it.  The table last read."""
        start = time.monotonic()
        while True:
            began = time.monotonic()
            got = g.get_table(DatabaseName=self.db, Name=t)["Table"]
            if ok(got):
                return got
            self.assertLess(began - start, STALE_S, "a read %.3f s after the write missed it"
                            % (began - start))
            time.sleep(0.005)

    def test_get_table_cached_and_invalidated_across_processes(self):
        # warm both caches, then alternate writes: each read through the other process holds
        # the write within the bound (in practice at once); a deleted table is gone too
        t = harness.unique_name("cache")
        self.a.create_table(DatabaseName=self.db, TableInput={"Name": t, "Description": "0"})
        for g in (self.a, self.b):
            for _ in range(20):
                self.assertEqual(g.get_table(DatabaseName=self.db, Name=t)["Table"]
                                 ["Description"], "0")
        at_once = 0
        for i in range(1, 31):
            w, r = (self.a, self.b) if i % 2 else (self.b, self.a)
            w.update_table(DatabaseName=self.db, TableInput={"Name": t, "Description": str(i)})
            # the writer reads its own write at once
            self.assertEqual(w.get_table(DatabaseName=self.db, Name=t)["Table"]["Description"],
                             str(i))
            first = r.get_table(DatabaseName=self.db, Name=t)["Table"]
            at_once += first["Description"] == str(i)
            self.read_within_bound(r, t, lambda tb: tb["Description"] == str(i))
        print("test_pg_multiprocess: %d of 30 reads through the other process held the write "
              "at once" % at_once, file=sys.stderr)
        self.b.delete_table(DatabaseName=self.db, Name=t)
        self.gone_within_bound(self.a, t)

    def gone_within_bound(self, g, t):
        """GetTable of T through G answers EntityNotFound at the latest STALE_S from now."""
        start = time.monotonic()
        while True:
            began = time.monotonic()
            try:
                g.get_table(DatabaseName=self.db, Name=t)
            except g.exceptions.EntityNotFoundException:
                return
            self.assertLess(began - start, STALE_S, "a deleted table answered after the bound")
            time.sleep(0.005)

    def test_each_sees_the_others_writes_at_once(self):
        t = harness.unique_name("seen")
        self.a.create_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "k", "Type": "string"}],
            "Parameters": {"n": "0"}})
        for i in range(1, 21):
            w, r = (self.a, self.b) if i % 2 else (self.b, self.a)
            # warm the reader (its caches) first, then write on the other and read at once
            self.assertEqual(r.get_table(DatabaseName=self.db, Name=t)["Table"]["Parameters"],
                             {"n": str(i - 1)})
            w.update_table(DatabaseName=self.db, TableInput={
                "Name": t, "PartitionKeys": [{"Name": "k", "Type": "string"}],
                "Parameters": {"n": str(i)}})
            # GetTable answers from each process's cache, which the other's commit invalidates
            # by a notification: at most STALE_S behind (server/store/pg/pg_tcache.c)
            got = self.read_within_bound(r, t, lambda tb: tb["Parameters"] == {"n": str(i)})
            self.assertEqual((got["Parameters"], got["VersionId"]), ({"n": str(i)}, str(i)))
            w.create_partition(DatabaseName=self.db, TableName=t,
                               PartitionInput={"Values": ["p%02d" % i]})
            self.assertEqual(r.get_partition(DatabaseName=self.db, TableName=t,
                                             PartitionValues=["p%02d" % i])["Partition"]
                             ["Values"], ["p%02d" % i])
            w.delete_partition(DatabaseName=self.db, TableName=t, PartitionValues=["p%02d" % i])
            with self.assertRaises(r.exceptions.EntityNotFoundException):
                r.get_partition(DatabaseName=self.db, TableName=t, PartitionValues=["p%02d" % i])
        self.b.delete_table(DatabaseName=self.db, Name=t)
        self.gone_within_bound(self.a, t)

    def test_page_tokens_work_on_the_other_process(self):
        t = harness.unique_name("tok")
        self.a.create_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "k", "Type": "string"}]})
        self.a.batch_create_partition(DatabaseName=self.db, TableName=t, PartitionInputList=[
            {"Values": ["v%02d" % i]} for i in range(25)])
        got, token, i = [], None, 0
        while True:
            g = self.a if i % 2 == 0 else self.b  # pages alternate between the processes
            kw = {"NextToken": token} if token else {}
            r = g.get_partitions(DatabaseName=self.db, TableName=t, MaxResults=4, **kw)
            got += [p["Values"][0] for p in r["Partitions"]]
            token = r.get("NextToken")
            i += 1
            if not token:
                break
            self.assertLess(i, 20)
        self.assertEqual(got, ["v%02d" % i for i in range(25)])
        names, token, i = [], None, 0
        for j in range(7):
            self.b.create_table(DatabaseName=self.db, TableInput={"Name": "%s_%d" % (t, j)})
        while True:
            g = self.b if i % 2 == 0 else self.a
            kw = {"NextToken": token} if token else {}
            r = g.get_tables(DatabaseName=self.db, Expression=t + "_*", MaxResults=2, **kw)
            names += [x["Name"] for x in r["TableList"]]
            token = r.get("NextToken")
            i += 1
            if not token:
                break
            self.assertLess(i, 20)
        self.assertEqual(sorted(names), ["%s_%d" % (t, j) for j in range(7)])
        self.assertEqual(len(names), 7)


if __name__ == "__main__":
    harness.main()


@harness.pg_only()
class DefaultCacheChecked(harness.GlueTestCase):
    """Without --pg-table-cache, GetTable's cache is checked by one round trip before each use:
    a write through one process is read through the other at once, every time."""

    @classmethod
    def setUpClass(cls):
        cls.c, cls.d = C.client(), D.client()
        cls.db = harness.unique_name("mpc")
        cls.c.create_database(DatabaseInput={"Name": cls.db})

    def test_reads_through_the_other_process_hold_every_write_at_once(self):
        t = harness.unique_name("chk")
        self.c.create_table(DatabaseName=self.db, TableInput={"Name": t, "Description": "0"})
        for g in (self.c, self.d):
            for _ in range(5):
                self.assertEqual(g.get_table(DatabaseName=self.db, Name=t)["Table"]
                                 ["Description"], "0")
        for i in range(1, 41):
            w, r = (self.c, self.d) if i % 2 else (self.d, self.c)
            for _ in range(3):  # the reader's cache holds the old answer
                r.get_table(DatabaseName=self.db, Name=t)
            w.update_table(DatabaseName=self.db, TableInput={"Name": t, "Description": str(i)})
            got = r.get_table(DatabaseName=self.db, Name=t)["Table"]
            self.assertEqual((got["Description"], got["VersionId"]), (str(i), str(i)),
                             "write %d through one process, read through the other at once" % i)
        self.c.delete_table(DatabaseName=self.db, Name=t)
        with self.assertRaises(self.d.exceptions.EntityNotFoundException):
            self.d.get_table(DatabaseName=self.db, Name=t)
