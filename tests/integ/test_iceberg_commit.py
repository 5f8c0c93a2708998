"""Iceberg REST commits (POST .../tables/{t} and /transactions/commit): every requirement type
holding and failing (409 CommitFailedException), every update action's effect on the loaded
metadata, a stale commit refused, 8 concurrent committers retrying on 409 losing no snapshot (one
catalogd; and two catalogd over one PostgreSQL database), a multi-table transaction with one
failing requirement changing nothing, and a staged create invisible until its assert-create
commit.  Every answer is validated against the OpenAPI document at the end of the module.
Bounded: fixed counts and a deadline for the races."""

import copy
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import iceberg_client as ic  # noqa: E402

RACE_DEADLINE = 90.0  # seconds for each race; it takes a few
COMMITTERS = 8
APPENDS_EACH = 5
WH = None


def setUpModule():
    global WH
    WH = tempfile.mkdtemp(prefix="catalogd-icecommit-")
    harness.start_module_server(extra_args=["--warehouse", "file://" + WH])


def tearDownModule():
    try:
        harness.stop_module_server()
    finally:
        shutil.rmtree(WH, ignore_errors=True)
    ic.validate_recorded()


class IceCase(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ice = ic.Ice(cls.srv)
        cls.ns = harness.unique_name("ice")
        r = cls.ice.create_namespace(cls.ns)
        assert r.status == 200, r

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, repr(resp))
        return resp.json if resp.body else None

    def error(self, resp, status, etype):
        self.assertEqual(resp.status, status, repr(resp))
        e = resp.json["error"]
        self.assertEqual(e["type"], etype, repr(resp))
        self.assertEqual(e["code"], status, repr(resp))
        self.assertTrue(e["message"], repr(resp))
        return e["message"]

    def conflict(self, resp):
        return self.error(resp, 409, "CommitFailedException")

    def new_table(self, **kw):
        name = harness.unique_name("t")
        return name, self.ok(self.ice.create_table(self.ns, name, **kw))

    def meta(self, name, **kw):
        return self.ok(self.ice.load(self.ns, name, **kw))

    def commit(self, name, reqs=(), ups=()):
        return self.ice.commit(self.ns, name, reqs, ups)

    def append(self, name, meta=None, branch="main"):
        """One append on BRANCH; the CommitTableResponse."""
        meta = meta or self.meta(name)["metadata"]
        reqs, ups, _ = ic.append_changes(meta, branch)
        return self.ok(self.commit(name, reqs, ups))


def prop_update(value):
    return [{"action": "set-properties", "updates": {"probe": value}}]


class Requirements(IceCase):
    """Each requirement type holding (the commit applies) and failing (409, nothing applies)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t = harness.unique_name("req")
        r = cls.ice.create_table(cls.ns, cls.t, order=ic.SORT)
        assert r.status == 200, r
        m = r.json["metadata"]
        reqs, ups, s = ic.append_changes(m)
        r = cls.ice.commit(cls.ns, cls.t, reqs, ups)
        assert r.status == 200, r
        cls.snap = s["snapshot-id"]

    def check(self, holds, fails):
        m = self.meta(self.t)["metadata"]
        v = harness.unique_name("v")
        r = self.ok(self.commit(self.t, [holds(m)], prop_update(v)))
        self.assertEqual(r["metadata"]["properties"]["probe"], v)
        w = harness.unique_name("w")
        msg = self.conflict(self.commit(self.t, [fails(m)], prop_update(w)))
        self.assertEqual(self.meta(self.t)["metadata"]["properties"]["probe"], v, msg)
        return msg

    def test_assert_table_uuid(self):
        self.check(lambda m: {"type": "assert-table-uuid", "uuid": m["table-uuid"]},
                   lambda m: {"type": "assert-table-uuid", "uuid": str(uuid.uuid4())})

    def test_assert_ref_snapshot_id(self):
        msg = self.check(
            lambda m: {"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": self.snap},
            lambda m: {"type": "assert-ref-snapshot-id", "ref": "main",
                       "snapshot-id": self.snap + 1})
        self.assertIn("main", msg)

    def test_assert_ref_snapshot_id_null_means_absent(self):
        # null holds for a ref that does not exist, fails for one that does
        self.check(lambda m: {"type": "assert-ref-snapshot-id", "ref": "nosuchbranch",
                              "snapshot-id": None},
                   lambda m: {"type": "assert-ref-snapshot-id", "ref": "main",
                              "snapshot-id": None})
        # and an id for a ref that does not exist fails
        self.conflict(self.commit(self.t, [{"type": "assert-ref-snapshot-id", "ref": "nosuch",
                                            "snapshot-id": self.snap}], prop_update("x")))

    def test_assert_last_assigned_field_id(self):
        self.check(lambda m: {"type": "assert-last-assigned-field-id",
                              "last-assigned-field-id": m["last-column-id"]},
                   lambda m: {"type": "assert-last-assigned-field-id",
                              "last-assigned-field-id": m["last-column-id"] - 1})

    def test_assert_current_schema_id(self):
        self.check(lambda m: {"type": "assert-current-schema-id",
                              "current-schema-id": m["current-schema-id"]},
                   lambda m: {"type": "assert-current-schema-id",
                              "current-schema-id": m["current-schema-id"] + 1})

    def test_assert_last_assigned_partition_id(self):
        self.check(lambda m: {"type": "assert-last-assigned-partition-id",
                              "last-assigned-partition-id": m["last-partition-id"]},
                   lambda m: {"type": "assert-last-assigned-partition-id",
                              "last-assigned-partition-id": m["last-partition-id"] + 1})

    def test_assert_default_spec_id(self):
        self.check(lambda m: {"type": "assert-default-spec-id",
                              "default-spec-id": m["default-spec-id"]},
                   lambda m: {"type": "assert-default-spec-id",
                              "default-spec-id": m["default-spec-id"] + 1})

    def test_assert_default_sort_order_id(self):
        self.check(lambda m: {"type": "assert-default-sort-order-id",
                              "default-sort-order-id": m["default-sort-order-id"]},
                   lambda m: {"type": "assert-default-sort-order-id",
                              "default-sort-order-id": m["default-sort-order-id"] + 1})

    def test_assert_create_fails_on_an_existing_table(self):
        self.conflict(self.commit(self.t, [{"type": "assert-create"}], prop_update("c")))

    def test_all_at_once_and_one_failing(self):
        m = self.meta(self.t)["metadata"]
        good = [{"type": "assert-table-uuid", "uuid": m["table-uuid"]},
                {"type": "assert-current-schema-id", "current-schema-id": m["current-schema-id"]},
                {"type": "assert-default-spec-id", "default-spec-id": m["default-spec-id"]}]
        bad = good + [{"type": "assert-default-sort-order-id", "default-sort-order-id": 77}]
        before = self.meta(self.t)
        self.conflict(self.commit(self.t, bad, prop_update("never")))
        self.assertEqual(self.meta(self.t)["metadata-location"], before["metadata-location"])
        self.ok(self.commit(self.t, good, prop_update("all")))

    def test_unknown_requirement_or_update_is_400(self):
        before = self.meta(self.t)["metadata-location"]
        self.error(self.commit(self.t, [{"type": "assert-something-new"}], prop_update("u")),
                   400, "BadRequestException")
        self.error(self.commit(self.t, [], [{"action": "do-something-new"}]),
                   400, "BadRequestException")
        self.error(self.ice.req("POST", self.ice.table_path(self.ns, self.t), "{not json"),
                   400, "BadRequestException")
        self.error(self.commit(self.t, [], [{"action": "set-properties"}]),
                   400, "BadRequestException")
        self.assertEqual(self.meta(self.t)["metadata-location"], before)

    def test_commit_to_a_missing_table_is_404(self):
        self.error(self.commit("nosuch_" + self.t, [], prop_update("x")), 404,
                   "NoSuchTableException")


class Updates(IceCase):
    """Each update action's effect on the metadata a load then answers."""

    def apply(self, name, ups, reqs=()):
        before = self.meta(name)
        time.sleep(0.002)  # last-updated-ms moves
        r = self.ok(self.commit(name, reqs, ups))
        after = self.meta(name)
        self.assertEqual(after["metadata"], r["metadata"], "commit answer == next load")
        self.assertEqual(after["metadata-location"], r["metadata-location"])
        self.assertNotEqual(after["metadata-location"], before["metadata-location"])
        m0, m1 = before["metadata"], after["metadata"]
        self.assertGreater(m1["last-updated-ms"], m0["last-updated-ms"] - 1)
        self.assertEqual(m1["metadata-log"][-1]["metadata-file"], before["metadata-location"])
        self.assertEqual(len(m1["metadata-log"]), len(m0.get("metadata-log", [])) + 1)
        return m0, m1

    def test_schema_evolution(self):
        t, _ = self.new_table()
        s1 = copy.deepcopy(ic.SCHEMA)
        s1["schema-id"] = 1
        s1["fields"].append({"id": 4, "name": "extra", "type": "double", "required": False})
        m0, m1 = self.apply(t, [{"action": "add-schema", "schema": s1},
                                {"action": "set-current-schema", "schema-id": -1}])
        self.assertEqual(m1["last-column-id"], 4)
        self.assertEqual(len(m1["schemas"]), 2)
        cur = [s for s in m1["schemas"] if s["schema-id"] == m1["current-schema-id"]][0]
        self.assertEqual([f["name"] for f in cur["fields"]], ["id", "ts", "data", "extra"])
        self.assertNotEqual(m1["current-schema-id"], m0["current-schema-id"])
        # back to the first by id, then remove the one no longer current
        _, m2 = self.apply(t, [{"action": "set-current-schema", "schema-id": 0}])
        self.assertEqual(m2["current-schema-id"], 0)
        _, m3 = self.apply(t, [{"action": "remove-schemas",
                                "schema-ids": [m1["current-schema-id"]]}])
        self.assertEqual([s["schema-id"] for s in m3["schemas"]], [0])
        self.assertEqual(m3["last-column-id"], 4, "ids are never reused")
        # the current schema cannot be removed; a schema id that does not exist cannot be set
        self.error(self.commit(t, [], [{"action": "remove-schemas", "schema-ids": [0]}]),
                   400, "BadRequestException")
        self.error(self.commit(t, [], [{"action": "set-current-schema", "schema-id": 42}]),
                   400, "BadRequestException")

    def test_partition_spec_evolution(self):
        t, c = self.new_table()
        self.assertEqual(c["metadata"]["last-partition-id"], 1000)
        spec = {"spec-id": 1, "fields": [
            {"source-id": 2, "field-id": 1000, "name": "ts_day", "transform": "day"},
            {"source-id": 1, "field-id": 1001, "name": "id_bucket", "transform": "bucket[4]"}]}
        m0, m1 = self.apply(t, [{"action": "add-spec", "spec": spec},
                                {"action": "set-default-spec", "spec-id": -1}])
        self.assertEqual(m1["last-partition-id"], 1001)
        self.assertEqual(len(m1["partition-specs"]), 2)
        d = [s for s in m1["partition-specs"] if s["spec-id"] == m1["default-spec-id"]][0]
        self.assertEqual([f["transform"] for f in d["fields"]], ["day", "bucket[4]"])
        old = m0["default-spec-id"]
        _, m2 = self.apply(t, [{"action": "remove-partition-specs", "spec-ids": [old]}])
        self.assertNotIn(old, [s["spec-id"] for s in m2["partition-specs"]])
        self.error(self.commit(t, [], [{"action": "remove-partition-specs",
                                        "spec-ids": [m2["default-spec-id"]]}]),
                   400, "BadRequestException")

    def test_sort_order_evolution(self):
        t, c = self.new_table()
        self.assertEqual(c["metadata"]["default-sort-order-id"], 0)  # unsorted
        m0, m1 = self.apply(t, [{"action": "add-sort-order", "sort-order": ic.SORT},
                                {"action": "set-default-sort-order", "sort-order-id": -1}])
        self.assertEqual(m1["default-sort-order-id"], 1)
        order = [o for o in m1["sort-orders"] if o["order-id"] == 1][0]
        self.assertEqual(order["fields"][0]["direction"], "asc")
        _, m2 = self.apply(t, [{"action": "set-default-sort-order", "sort-order-id": 0}])
        self.assertEqual(m2["default-sort-order-id"], 0)

    def test_snapshots_refs_and_logs(self):
        t, c = self.new_table()
        m = c["metadata"]
        self.assertEqual(m["last-sequence-number"], 0)
        ids = []
        for i in range(3):
            reqs, ups, s = ic.append_changes(m)
            m0, m = self.apply(t, ups, reqs)
            ids.append(s["snapshot-id"])
            self.assertEqual(m["last-sequence-number"], i + 1)
            self.assertEqual(m["current-snapshot-id"], s["snapshot-id"])
            self.assertEqual(m["refs"]["main"]["type"], "branch")
            self.assertEqual(m["refs"]["main"]["snapshot-id"], s["snapshot-id"])
            self.assertEqual(m["snapshot-log"][-1]["snapshot-id"], s["snapshot-id"])
            self.assertEqual([x["snapshot-id"] for x in m["snapshots"]], ids)
        # a tag, then its removal; current unchanged
        _, m = self.apply(t, [{"action": "set-snapshot-ref", "ref-name": "v1", "type": "tag",
                               "snapshot-id": ids[0], "max-ref-age-ms": 86400000}])
        self.assertEqual(m["refs"]["v1"]["type"], "tag")
        self.assertEqual(m["refs"]["v1"]["max-ref-age-ms"], 86400000)
        self.assertEqual(m["current-snapshot-id"], ids[2])
        # snapshots=refs answers only what refs name: main's and the tag's
        refs_only = self.meta(t, snapshots="refs")["metadata"]
        self.assertEqual(sorted(x["snapshot-id"] for x in refs_only["snapshots"]),
                         sorted([ids[0], ids[2]]))
        _, m = self.apply(t, [{"action": "remove-snapshot-ref", "ref-name": "v1"}])
        self.assertNotIn("v1", m["refs"])
        # a branch that is not main does not move current-snapshot-id nor the snapshot log
        reqs, ups, s = ic.append_changes(m, branch="audit")
        _, m2 = self.apply(t, ups, reqs)
        self.assertEqual(m2["refs"]["audit"]["snapshot-id"], s["snapshot-id"])
        self.assertEqual(m2["current-snapshot-id"], ids[2])
        self.assertEqual(len(m2["snapshot-log"]), len(m["snapshot-log"]))
        # remove the oldest: gone from snapshots, the log loses entries up to it
        _, m3 = self.apply(t, [{"action": "remove-snapshots", "snapshot-ids": [ids[0]]}])
        self.assertNotIn(ids[0], [x["snapshot-id"] for x in m3["snapshots"]])
        self.assertNotIn(ids[0], [e["snapshot-id"] for e in m3["snapshot-log"]])
        self.assertEqual(m3["last-sequence-number"], 4)
        # a snapshot whose sequence number is not above last-sequence-number: 409 or 400
        stale = ic.snapshot(m3)
        stale["sequence-number"] = 2
        r = self.commit(t, [], [{"action": "add-snapshot", "snapshot": stale}])
        self.assertIn(r.status, (400, 409), repr(r))
        # a ref to a snapshot that does not exist: 400
        self.error(self.commit(t, [], [{"action": "set-snapshot-ref", "ref-name": "main",
                                        "type": "branch", "snapshot-id": 12345}]),
                   400, "BadRequestException")

    def test_location_and_properties(self):
        t, c = self.new_table(properties={"a": "1", "b": "2"})
        self.assertEqual(c["metadata"]["properties"].get("a"), "1")
        loc = "file://%s/elsewhere/%s" % (WH, t)
        _, m = self.apply(t, [{"action": "set-location", "location": loc}])
        self.assertEqual(m["location"], loc)
        _, m = self.apply(t, [{"action": "set-properties", "updates": {"a": "10", "c": "3"}},
                              {"action": "remove-properties", "removals": ["b"]}])
        self.assertEqual(m["properties"].get("a"), "10")
        self.assertEqual(m["properties"].get("c"), "3")
        self.assertNotIn("b", m["properties"])

    def test_statistics(self):
        t, c = self.new_table()
        m = self.append(t)["metadata"]
        sid = m["current-snapshot-id"]
        stats = {"snapshot-id": sid, "statistics-path": m["location"] + "/metadata/s.puffin",
                 "file-size-in-bytes": 100, "file-footer-size-in-bytes": 20,
                 "blob-metadata": [{"type": "apache-datasketches-theta-v1", "snapshot-id": sid,
                                    "sequence-number": 1, "fields": [1]}]}
        _, m = self.apply(t, [{"action": "set-statistics", "statistics": stats}])
        self.assertEqual(m["statistics"], [stats])
        _, m = self.apply(t, [{"action": "remove-statistics", "snapshot-id": sid}])
        self.assertEqual(m.get("statistics", []), [])
        pstats = {"snapshot-id": sid, "statistics-path": m["location"] + "/metadata/p.parquet",
                  "file-size-in-bytes": 300}
        _, m = self.apply(t, [{"action": "set-partition-statistics",
                               "partition-statistics": pstats}])
        self.assertEqual(m["partition-statistics"], [pstats])
        _, m = self.apply(t, [{"action": "remove-partition-statistics", "snapshot-id": sid}])
        self.assertEqual(m.get("partition-statistics", []), [])

    def test_uuid_and_format_versions(self):
        t, c = self.new_table(properties={"format-version": "1"})
        self.assertEqual(c["metadata"]["format-version"], 1)
        _, m = self.apply(t, [{"action": "upgrade-format-version", "format-version": 2}])
        self.assertEqual(m["format-version"], 2)
        self.assertIn("last-sequence-number", m)
        _, m = self.apply(t, [{"action": "upgrade-format-version", "format-version": 3}])
        self.assertEqual(m["format-version"], 3)
        self.assertIn("next-row-id", m)
        # v3: an append assigns first-row-id and moves next-row-id
        m = self.append(t)["metadata"]
        self.assertEqual(m["next-row-id"], 10)
        self.assertEqual(m["snapshots"][-1]["first-row-id"], 0)
        self.error(self.commit(t, [], [{"action": "upgrade-format-version",
                                        "format-version": 2}]), 400, "BadRequestException")
        self.error(self.commit(t, [], [{"action": "upgrade-format-version",
                                        "format-version": 9}]), 400, "BadRequestException")
        # assign-uuid: its own uuid changes nothing; another is refused (Java's "Cannot
        # reassign uuid"); it takes effect in a staged create's commit (StagedCreate)
        before = self.meta(t)
        r = self.ok(self.commit(t, [], [{"action": "assign-uuid", "uuid": m["table-uuid"]}]))
        self.assertEqual(r["metadata-location"], before["metadata-location"])
        self.error(self.commit(t, [], [{"action": "assign-uuid", "uuid": str(uuid.uuid4())}]),
                   400, "BadRequestException")

    def test_encryption_keys(self):
        t, _ = self.new_table(properties={"format-version": "3"})
        key = {"key-id": "k1", "encrypted-key-metadata": "AAECAw==", "properties": {"a": "b"}}
        _, m = self.apply(t, [{"action": "add-encryption-key", "encryption-key": key}])
        self.assertEqual(m["encryption-keys"], [key])
        _, m = self.apply(t, [{"action": "remove-encryption-key", "key-id": "k1"}])
        self.assertEqual(m.get("encryption-keys", []), [])

    def test_a_commit_that_changes_nothing_writes_nothing(self):
        t, c = self.new_table(properties={"a": "1"})
        before = self.meta(t)
        r = self.ok(self.commit(t, [{"type": "assert-table-uuid",
                                     "uuid": c["metadata"]["table-uuid"]}],
                                [{"action": "set-properties", "updates": {"a": "1"}}]))
        self.assertEqual(r["metadata-location"], before["metadata-location"])
        r = self.ok(self.commit(t, [], []))
        self.assertEqual(r["metadata-location"], before["metadata-location"])
        self.assertEqual(self.meta(t), before)


class Stale(IceCase):
    def test_stale_commit_gets_409(self):
        t, c = self.new_table()
        m = c["metadata"]
        a_reqs, a_ups, _ = ic.append_changes(m)  # both start from the same metadata
        b_reqs, b_ups, _ = ic.append_changes(m)
        self.ok(self.commit(t, a_reqs, a_ups))
        before = self.meta(t)
        msg = self.conflict(self.commit(t, b_reqs, b_ups))
        self.assertIn("main", msg)
        self.assertEqual(self.meta(t), before)
        self.assertEqual(len(before["metadata"]["snapshots"]), 1)


def race(testcase, servers, ns, table, committers=COMMITTERS, each=APPENDS_EACH):
    """COMMITTERS threads (spread over SERVERS) append EACH snapshots each to TABLE, reloading
    and retrying on 409; returns the conflicts seen.  Every thread raises on anything else."""
    deadline = time.monotonic() + RACE_DEADLINE
    start = ic.Ice(servers[0]).load(ns, table).json["metadata"]

    def worker(i):
        cli = ic.Ice(servers[i % len(servers)])
        meta, done, conflicts = start, 0, 0
        while done < each:
            if time.monotonic() > deadline:
                raise AssertionError("committer %d: %d appends by the deadline" % (i, done))
            reqs, ups, _ = ic.append_changes(meta)
            r = cli.commit(ns, table, reqs, ups)
            if r.status == 200:
                done += 1
                meta = r.json["metadata"]
                continue
            if r.status != 409:
                raise AssertionError("committer %d: %r" % (i, r))
            conflicts += 1
            r = cli.load(ns, table)
            if r.status != 200:
                raise AssertionError("committer %d: load %r" % (i, r))
            meta = r.json["metadata"]
        return conflicts

    out = harness.run_threads(committers, worker)
    errors = [o for o in out if isinstance(o, BaseException)]
    testcase.assertEqual(errors, [])
    return sum(out)


def check_chain(testcase, meta, total):
    """META's history: TOTAL snapshots on main, one linear chain, sequence numbers 1..TOTAL."""
    snaps = meta["snapshots"]
    testcase.assertEqual(len(snaps), total)
    testcase.assertEqual(len({s["snapshot-id"] for s in snaps}), total)
    by_id = {s["snapshot-id"]: s for s in snaps}
    chain, cur = [], meta["current-snapshot-id"]
    while cur is not None:
        chain.append(cur)
        cur = by_id[cur].get("parent-snapshot-id")
    testcase.assertEqual(len(chain), total, "every snapshot is on main's chain: none lost")
    testcase.assertEqual(sorted(s["sequence-number"] for s in snaps), list(range(1, total + 1)))
    testcase.assertEqual(meta["last-sequence-number"], total)
    testcase.assertEqual(len(meta["snapshot-log"]), total)


class Concurrency(IceCase):
    def test_eight_committers_lose_no_snapshot(self):
        t, _ = self.new_table()
        conflicts = race(self, [self.srv], self.ns, t)
        total = COMMITTERS * APPENDS_EACH
        check_chain(self, self.meta(t)["metadata"], total)
        self.assertGreater(conflicts, 0, "no commit ever conflicted: the race did not happen")
        sys.stderr.write("[%d appends, %d conflicts] " % (total, conflicts))


@harness.pg_only()
class TwoServersOnePostgres(IceCase):
    """Two catalogd over one PostgreSQL database: a compare-and-swap across processes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="catalogd-integ-")
        wh = ["--warehouse", "file://" + WH]
        cls.a = harness.Server(db_dir=cls.dir, extra_args=wh).start()
        try:
            cls.b = harness.Server(db_dir=cls.dir, extra_args=wh).start()
        except BaseException:
            cls.a.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.a.stop()
            cls.b.stop()
        finally:
            shutil.rmtree(cls.dir, ignore_errors=True)

    def test_eight_committers_on_two_servers_lose_no_snapshot(self):
        a, b = ic.Ice(self.a), ic.Ice(self.b)
        ns, t = harness.unique_name("icemp"), harness.unique_name("t")
        self.ok(a.create_namespace(ns))
        self.ok(a.create_table(ns, t))
        self.ok(b.load(ns, t))  # the other process sees it at once
        conflicts = race(self, [self.a, self.b], ns, t)
        total = COMMITTERS * APPENDS_EACH
        ma, mb = self.ok(a.load(ns, t)), self.ok(b.load(ns, t))
        self.assertEqual(ma, mb, "both processes answer the same metadata")
        check_chain(self, ma["metadata"], total)
        self.assertGreater(conflicts, 0, "no commit ever conflicted: the race did not happen")


class Transactions(IceCase):
    def test_all_or_nothing(self):
        t1, c1 = self.new_table()
        t2, c2 = self.new_table()
        r1, u1, s1 = ic.append_changes(c1["metadata"])
        r2, u2, s2 = ic.append_changes(c2["metadata"])
        before = (self.meta(t1), self.meta(t2))
        bad2 = [{"type": "assert-table-uuid", "uuid": str(uuid.uuid4())}]
        self.conflict(self.ice.transaction([(self.ns, t1, r1, u1), (self.ns, t2, bad2, u2)]))
        self.assertEqual((self.meta(t1), self.meta(t2)), before, "a failed transaction changed")
        # a missing table in the transaction: 404, nothing changed
        r = self.ice.transaction([(self.ns, t1, r1, u1), (self.ns, "nosuch_" + t2, [], u2)])
        self.assertEqual(r.status, 404, repr(r))
        self.assertEqual((self.meta(t1), self.meta(t2)), before)
        # an unknown update in one: 400, nothing changed
        r = self.ice.transaction([(self.ns, t1, r1, u1), (self.ns, t2, r2, [{"action": "x"}])])
        self.assertEqual(r.status, 400, repr(r))
        self.assertEqual((self.meta(t1), self.meta(t2)), before)
        # all holding: both change
        self.ok(self.ice.transaction([(self.ns, t1, r1, u1), (self.ns, t2, r2, u2)]), 204)
        self.assertEqual(self.meta(t1)["metadata"]["current-snapshot-id"], s1["snapshot-id"])
        self.assertEqual(self.meta(t2)["metadata"]["current-snapshot-id"], s2["snapshot-id"])


class StagedCreate(IceCase):
    def test_staged_create_invisible_until_its_commit(self):
        t = harness.unique_name("staged")
        r = self.ok(self.ice.create_table(self.ns, t, order=ic.SORT, stage_create=True,
                                          properties={"owner": "duckdb"}))
        m = r["metadata"]
        self.assertIsNone(r.get("metadata-location"), "a staged table has no metadata file yet")
        self.assertEqual(self.ice.load(self.ns, t).status, 404)
        self.assertEqual(self.ice.req("HEAD", self.ice.table_path(self.ns, t)).status, 404)
        names = [i["name"] for i in self.ok(self.ice.list_tables(self.ns))["identifiers"]]
        self.assertNotIn(t, names)
        self.assertFalse(self.table_exists(self.ns, t), "Glue sees a staged table")
        # the commit DuckDB sends (assert-create + the staged metadata as updates)
        ups = [{"action": "assign-uuid", "uuid": m["table-uuid"]},
               {"action": "upgrade-format-version", "format-version": m["format-version"]},
               {"action": "add-schema", "schema": m["schemas"][0]},
               {"action": "set-current-schema", "schema-id": -1},
               {"action": "add-spec", "spec": m["partition-specs"][0]},
               {"action": "set-default-spec", "spec-id": -1},
               {"action": "add-sort-order", "sort-order": [
                   o for o in m["sort-orders"] if o["order-id"] == m["default-sort-order-id"]][0]},
               {"action": "set-default-sort-order", "sort-order-id": -1},
               {"action": "set-location", "location": m["location"]},
               {"action": "set-properties", "updates": m["properties"]}]
        # a different requirement than assert-create on the missing table fails
        self.assertIn(self.commit(t, [{"type": "assert-table-uuid", "uuid": m["table-uuid"]}],
                                  ups).status, (404, 409))
        c = self.ok(self.commit(t, [{"type": "assert-create"}], ups))
        self.assertTrue(c["metadata-location"])
        self.assertEqual(c["metadata"]["table-uuid"], m["table-uuid"])
        self.assertEqual(c["metadata"]["properties"].get("owner"), "duckdb")
        self.assertEqual(c["metadata"]["default-sort-order-id"], 1)
        loaded = self.meta(t)
        self.assertEqual(loaded["metadata"]["table-uuid"], m["table-uuid"])
        names = [i["name"] for i in self.ok(self.ice.list_tables(self.ns))["identifiers"]]
        self.assertIn(t, names)
        self.assertTrue(self.table_exists(self.ns, t))
        self.conflict(self.commit(t, [{"type": "assert-create"}], ups))

    def test_staged_create_commit_through_a_transaction(self):
        t = harness.unique_name("staged")
        m = self.ok(self.ice.create_table(self.ns, t, stage_create=True))["metadata"]
        ups = [{"action": "assign-uuid", "uuid": m["table-uuid"]},
               {"action": "upgrade-format-version", "format-version": m["format-version"]},
               {"action": "add-schema", "schema": m["schemas"][0]},
               {"action": "set-current-schema", "schema-id": -1},
               {"action": "add-spec", "spec": m["partition-specs"][0]},
               {"action": "set-default-spec", "spec-id": -1},
               {"action": "add-sort-order", "sort-order": m["sort-orders"][0]},
               {"action": "set-default-sort-order", "sort-order-id": -1},
               {"action": "set-location", "location": m["location"]}]
        self.assertEqual(self.ice.load(self.ns, t).status, 404)
        self.ok(self.ice.transaction([(self.ns, t, [{"type": "assert-create"}], ups)]), 204)
        self.assertEqual(self.meta(t)["metadata"]["table-uuid"], m["table-uuid"])


if __name__ == "__main__":
    unittest.main()
