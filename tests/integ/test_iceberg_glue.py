"""One catalog, two protocols: an Iceberg table created over REST read over Glue (GetTable's
table_type=ICEBERG and metadata_location, as Iceberg's GlueCatalog writes them); the metadata
files of a file:// warehouse read back and checked against the table spec's required fields;
a commit over Glue with a new metadata_location (written here, as PyIceberg's GlueCatalog does)
loaded over REST; Glue's own OpenTableFormatInput / UpdateOpenTableFormatInput; database-scoped
principals and readers on the Iceberg front.  Every REST answer is validated against the
OpenAPI document at the end of the module."""

import copy
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
import unittest
import urllib.parse
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import iceberg_client as ic  # noqa: E402

ADMIN = ("AKIDICEADMIN0001", "ice-admin-secret-0123456789")
SALES = ("AKIDICESALES0001", "ice-sales-secret-0123456789")  # writer, sales_* only
BI = ("AKIDICEBI0000001", "ice-bi-secret-0123456789")  # reader, sales_* only
ADMIN_TOKEN = "ice-admin-token-0123456789abcdef"
BI_TOKEN = "ice-bi-token-0123456789abcdef"
TMP = WH = None

# The table spec's required fields by format version ("Table Metadata Fields").
REQUIRED = {
    1: ["format-version", "location", "last-updated-ms", "last-column-id", "schema",
        "partition-spec"],
    2: ["format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms",
        "last-column-id", "schemas", "current-schema-id", "partition-specs", "default-spec-id",
        "last-partition-id", "sort-orders", "default-sort-order-id"],
}
REQUIRED[3] = REQUIRED[2] + ["next-row-id"]
FILE_NAME = re.compile(r"^(\d{5,})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                       r"\.metadata\.json$")


def setUpModule():
    global TMP, WH
    TMP = tempfile.mkdtemp(prefix="catalogd-iceglue-")
    WH = os.path.join(TMP, "wh")
    os.makedirs(WH)
    auth = os.path.join(TMP, "auth.json")
    with open(auth, "w") as f:
        json.dump({"principals": [
            {"name": "admin", "access_key_id": ADMIN[0], "secret_access_key": ADMIN[1],
             "tokens": [ADMIN_TOKEN], "role": "admin"},
            {"name": "sales", "access_key_id": SALES[0], "secret_access_key": SALES[1],
             "role": "writer", "databases": ["sales_*"]},
            {"name": "bi", "access_key_id": BI[0], "secret_access_key": BI[1],
             "tokens": [BI_TOKEN], "role": "reader", "databases": ["sales_*"]}]}, f)
    os.chmod(auth, stat.S_IRUSR | stat.S_IWUSR)
    os.makedirs(os.path.join(TMP, "crawl"))
    harness.start_module_server(extra_args=["--auth-file", auth, "--warehouse", "file://" + WH,
                                            "--crawl-root", os.path.join(TMP, "crawl")])


def tearDownModule():
    try:
        harness.stop_module_server()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    ic.validate_recorded()


def glue(srv, key):
    return boto3.client("glue", endpoint_url=srv.endpoint, region_name="us-east-1",
                        aws_access_key_id=key[0], aws_secret_access_key=key[1],
                        config=Config(retries={"max_attempts": 1}))


def path_of(uri):
    u = urllib.parse.urlparse(uri)
    assert u.scheme == "file", uri
    return urllib.parse.unquote(u.path)


def read_json(uri):
    with open(path_of(uri)) as f:
        return json.load(f)


class GlueIce(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.glue = glue(cls.srv, ADMIN)
        cls.ice = ic.Ice(cls.srv, ADMIN_TOKEN)
        cls.ns = harness.unique_name("iceglue")
        r = cls.ice.create_namespace(cls.ns)
        assert r.status == 200, r

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, repr(resp))
        return resp.json if resp.body else None

    def error(self, resp, status, etype=None):
        self.assertEqual(resp.status, status, repr(resp))
        e = resp.json["error"]
        if etype:
            self.assertEqual(e["type"], etype, repr(resp))
        self.assertEqual(e["code"], status)
        return e["message"]

    def get_table(self, name, db=None):
        return self.glue.get_table(DatabaseName=db or self.ns, Name=name)["Table"]

    def glue_commit(self, t, new_loc, old_loc, version):
        g = self.get_table(t)
        params = dict(g["Parameters"], metadata_location=new_loc,
                      previous_metadata_location=old_loc)
        ti = {"Name": t, "TableType": "EXTERNAL_TABLE", "Parameters": params,
              "StorageDescriptor": g["StorageDescriptor"]}
        self.glue.update_table(DatabaseName=self.ns, TableInput=ti, VersionId=version)

    def check_metadata_file(self, uri, table):
        """The file at URI exists, parses, sits at <location>/metadata/NNNNN-<uuid>.metadata.json
        and satisfies the table spec's required fields and their consistency; its metadata."""
        m = read_json(uri)
        v = m.get("format-version")
        self.assertIn(v, (1, 2, 3), uri)
        missing = [f for f in REQUIRED[v] if f not in m]
        self.assertEqual(missing, [], "%s (v%d) lacks required fields" % (uri, v))
        self.assertEqual(os.path.dirname(path_of(uri)), path_of(m["location"]) + "/metadata")
        self.assertRegex(os.path.basename(path_of(uri)), FILE_NAME)
        self.assertTrue(path_of(m["location"]).startswith(WH + "/"), m["location"])
        self.assertIn(table, m["location"])
        if v >= 2 or "table-uuid" in m:
            uuid.UUID(m["table-uuid"])
        if v >= 2:
            sids = [s["schema-id"] for s in m["schemas"]]
            self.assertIn(m["current-schema-id"], sids)
            self.assertEqual(len(set(sids)), len(sids))
            max_field = max(f["id"] for s in m["schemas"] for f in s["fields"])
            self.assertGreaterEqual(m["last-column-id"], max_field)
            self.assertIn(m["default-spec-id"], [s["spec-id"] for s in m["partition-specs"]])
            pfields = [f["field-id"] for s in m["partition-specs"] for f in s["fields"]]
            self.assertGreaterEqual(m["last-partition-id"], max(pfields + [999]))
            self.assertIn(m["default-sort-order-id"], [o["order-id"] for o in m["sort-orders"]])
        self.assertIsInstance(m["last-updated-ms"], int)
        self.assertGreater(m["last-updated-ms"], 1500000000000)
        self.assertIsInstance(m.get("properties", {}), dict)
        snaps = m.get("snapshots", [])
        ids = {s["snapshot-id"] for s in snaps}
        cur = m.get("current-snapshot-id")
        if cur not in (None, -1):
            self.assertIn(cur, ids)
            self.assertEqual(m["refs"]["main"]["snapshot-id"], cur)
        for ref in (m.get("refs") or {}).values():
            self.assertIn(ref["snapshot-id"], ids)
            self.assertIn(ref["type"], ("branch", "tag"))
        for s in snaps:
            for f in ("snapshot-id", "timestamp-ms", "manifest-list", "summary"):
                self.assertIn(f, s)
            if v >= 2:
                self.assertLessEqual(s["sequence-number"], m["last-sequence-number"])
        for e in m.get("snapshot-log", []):
            self.assertIn(e["snapshot-id"], ids)
        for e in m.get("metadata-log", []):
            self.assertTrue(os.path.exists(path_of(e["metadata-file"])), e)
            self.assertIsInstance(e["timestamp-ms"], int)
        return m


class RestThenGlue(GlueIce):
    def test_created_over_rest_read_over_glue(self):
        t = harness.unique_name("t")
        c = self.ok(self.ice.create_table(self.ns, t))
        g = self.get_table(t)
        self.assertEqual(g["TableType"], "EXTERNAL_TABLE")
        self.assertEqual(g["Parameters"]["table_type"].upper(), "ICEBERG")
        self.assertEqual(g["Parameters"]["metadata_location"], c["metadata-location"])
        self.assertNotIn("previous_metadata_location", g["Parameters"])
        self.assertEqual(g["StorageDescriptor"]["Location"], c["metadata"]["location"])
        cols = g["StorageDescriptor"]["Columns"]
        self.assertEqual([(x["Name"], x["Type"]) for x in cols],
                         [("id", "bigint"), ("ts", "timestamp"), ("data", "string")])
        self.assertEqual(cols[0]["Parameters"]["iceberg.field.id"], "1")
        self.assertIn(t, [x["Name"] for x in self.glue.get_tables(DatabaseName=self.ns)["TableList"]])
        # a REST commit moves Glue's pointer and keeps the previous one
        r, u, _ = ic.append_changes(c["metadata"])
        c2 = self.ok(self.ice.commit(self.ns, t, r, u))
        g2 = self.get_table(t)
        self.assertEqual(g2["Parameters"]["metadata_location"], c2["metadata-location"])
        self.assertEqual(g2["Parameters"]["previous_metadata_location"], c["metadata-location"])
        self.assertEqual(int(g2["VersionId"]), int(g["VersionId"]) + 1)
        # a REST drop is a Glue drop (and deletes no file)
        self.ok(self.ice.drop(self.ns, t, purge=True), 204)
        self.assertFalse(self.table_exists(self.ns, t))
        self.assertTrue(os.path.exists(path_of(c2["metadata-location"])))

    def test_glue_table_that_is_not_iceberg_is_not_an_iceberg_table(self):
        t = self.make_table(self.ns)
        names = [i["name"] for i in self.ok(self.ice.list_tables(self.ns))["identifiers"]]
        self.assertNotIn(t, names)
        self.assertEqual(self.ice.load(self.ns, t).status, 404)

    def test_metadata_files_satisfy_the_table_spec(self):
        for version in (1, 2, 3):
            with self.subTest(format_version=version):
                t = harness.unique_name("spec")
                c = self.ok(self.ice.create_table(self.ns, t, order=ic.SORT, properties={
                    "format-version": str(version)}))
                m = self.check_metadata_file(c["metadata-location"], t)
                self.assertEqual(m, c["metadata"], "the file holds what the answer said")
                loc = c["metadata-location"]
                self.assertTrue(os.path.basename(path_of(loc)).startswith("00000-"), loc)
                meta = c["metadata"]
                for _ in range(2):
                    r, u, _ = ic.append_changes(meta)
                    resp = self.ok(self.ice.commit(self.ns, t, r, u))
                    meta = resp["metadata"]
                s1 = copy.deepcopy(ic.SCHEMA)
                s1["fields"].append({"id": 4, "name": "extra", "type": "int", "required": False})
                resp = self.ok(self.ice.commit(self.ns, t, [], [
                    {"action": "add-schema", "schema": s1},
                    {"action": "set-current-schema", "schema-id": -1}]))
                m = self.check_metadata_file(resp["metadata-location"], t)
                self.assertEqual(m, resp["metadata"])
                self.assertEqual(m, self.ok(self.ice.load(self.ns, t))["metadata"])
                self.assertTrue(os.path.basename(path_of(resp["metadata-location"]))
                                .startswith("00003-"), resp["metadata-location"])
                self.assertEqual(len(m["metadata-log"]), 3)
                self.assertEqual(len(m["snapshots"]), 2)
                for e in m["metadata-log"]:  # every earlier file is valid too
                    self.check_metadata_file(e["metadata-file"], t)


class GlueThenRest(GlueIce):
    def write_next(self, loc, meta, extra_snapshot=True):
        """Write the next metadata file after META (at LOC) as PyIceberg does: a new snapshot
        on main, logs updated; returns (new location, new metadata)."""
        new = copy.deepcopy(meta)
        now = int(time.time() * 1000)
        if extra_snapshot:
            s = ic.snapshot(meta)
            new.setdefault("snapshots", []).append(s)
            new["last-sequence-number"] = s["sequence-number"]
            new["current-snapshot-id"] = s["snapshot-id"]
            new.setdefault("refs", {})["main"] = {"type": "branch", "snapshot-id": s["snapshot-id"]}
            new.setdefault("snapshot-log", []).append({"timestamp-ms": now,
                                                       "snapshot-id": s["snapshot-id"]})
        new.setdefault("metadata-log", []).append({"timestamp-ms": meta["last-updated-ms"],
                                                   "metadata-file": loc})
        new["last-updated-ms"] = now
        n = int(os.path.basename(path_of(loc)).split("-")[0]) + 1
        new_loc = "%s/metadata/%05d-%s.metadata.json" % (meta["location"], n, uuid.uuid4())
        with open(path_of(new_loc), "w") as f:
            json.dump(new, f)
        return new_loc, new

    def test_glue_commit_of_a_new_metadata_location_loaded_over_rest(self):
        t = harness.unique_name("t")
        c = self.ok(self.ice.create_table(self.ns, t))
        g = self.get_table(t)
        new_loc, new = self.write_next(c["metadata-location"], c["metadata"])
        self.glue_commit(t, new_loc, c["metadata-location"], g["VersionId"])
        # the same VersionId again loses: a compare-and-swap across protocols
        with self.assertRaises(ClientError) as cm:
            self.glue_commit(t, new_loc, c["metadata-location"], g["VersionId"])
        self.assertEqual(cm.exception.response["Error"]["Code"], "ConcurrentModificationException")
        r = self.ok(self.ice.load(self.ns, t))
        self.assertEqual(r["metadata-location"], new_loc)
        self.assertEqual(r["metadata"]["current-snapshot-id"], new["current-snapshot-id"])
        self.assertEqual(r["metadata"]["snapshots"], new["snapshots"])
        # a REST commit on top of it: assert-ref-snapshot-id sees the Glue client's snapshot
        rq, up, s = ic.append_changes(r["metadata"])
        r2 = self.ok(self.ice.commit(self.ns, t, rq, up))
        self.assertEqual(len(r2["metadata"]["snapshots"]), 2)
        self.assertEqual(r2["metadata"]["snapshots"][-1]["parent-snapshot-id"],
                         new["current-snapshot-id"])
        self.assertEqual(r2["metadata"]["metadata-log"][-1]["metadata-file"], new_loc)
        g2 = self.get_table(t)
        self.assertEqual(g2["Parameters"]["metadata_location"], r2["metadata-location"])
        self.assertEqual(g2["Parameters"]["previous_metadata_location"], new_loc)
        self.check_metadata_file(r2["metadata-location"], t)
        # a REST commit based on what the REST side had before the Glue commit: 409
        rq, up, _ = ic.append_changes(c["metadata"])
        self.error(self.ice.commit(self.ns, t, rq, up), 409, "CommitFailedException")

    def same_history(self, t, answer):
        """ANSWER's (a commit's) snapshots and snapshot log are those of a load and of its
        metadata file: the history's text catalogd keeps between commits is the store's."""
        m = answer["metadata"]
        loaded = self.ok(self.ice.load(self.ns, t))
        self.assertEqual(loaded["metadata-location"], answer["metadata-location"])
        on_disk = read_json(answer["metadata-location"])
        for key in ("snapshots", "snapshot-log"):
            self.assertEqual(m[key], loaded["metadata"][key], key)
            self.assertEqual(m[key], on_disk[key], key)
        return m

    def test_kept_history_text_follows_every_change(self):
        t = harness.unique_name("hist")
        m = self.ok(self.ice.create_table(self.ns, t))["metadata"]
        answers = []
        for _ in range(3):  # appends: the second and third from the kept text
            rq, up, _ = ic.append_changes(m)
            answers.append(self.ok(self.ice.commit(self.ns, t, rq, up)))
            m = self.same_history(t, answers[-1])
        self.assertEqual(len(m["snapshots"]), 3)
        # a transaction (no answer) and a commit that changes nothing
        rq, up, _ = ic.append_changes(m)
        self.ok(self.ice.transaction([(self.ns, t, rq, up)]), 204)
        same = self.ok(self.ice.commit(self.ns, t, [], []))
        m = self.same_history(t, same)
        self.assertEqual(len(m["snapshots"]), 4)
        # a Glue client moves the pointer back to the first commit's file: a REST commit then
        # builds on that file's history, not on the text kept for the newer version
        first = answers[0]
        self.glue_commit(t, first["metadata-location"], same["metadata-location"],
                         self.get_table(t)["VersionId"])
        back = read_json(first["metadata-location"])
        rq, up, s = ic.append_changes(back)
        m = self.same_history(t, self.ok(self.ice.commit(self.ns, t, rq, up)))
        self.assertEqual([x["snapshot-id"] for x in m["snapshots"]],
                         [x["snapshot-id"] for x in back["snapshots"]] + [s["snapshot-id"]])
        # snapshots removed (the log cut): rebuilt from the store, then appended to again
        oldest = m["snapshots"][0]["snapshot-id"]
        r = self.ok(self.ice.commit(self.ns, t, [], [{"action": "remove-snapshots",
                                                      "snapshot-ids": [oldest]}]))
        m = self.same_history(t, r)
        self.assertNotIn(oldest, [x["snapshot-id"] for x in m["snapshots"]])
        rq, up, s = ic.append_changes(m)
        m = self.same_history(t, self.ok(self.ice.commit(self.ns, t, rq, up)))
        self.assertEqual(m["snapshots"][-1]["snapshot-id"], s["snapshot-id"])
        # dropped and created again under the same name: nothing of the old history
        self.ok(self.ice.drop(self.ns, t), 204)
        m = self.ok(self.ice.create_table(self.ns, t))["metadata"]
        rq, up, s = ic.append_changes(m)
        m = self.same_history(t, self.ok(self.ice.commit(self.ns, t, rq, up)))
        self.assertEqual([x["snapshot-id"] for x in m["snapshots"]], [s["snapshot-id"]])

    def test_unreadable_metadata_location_is_a_clear_500(self):
        t = harness.unique_name("t")
        c = self.ok(self.ice.create_table(self.ns, t))
        g = self.get_table(t)
        gone = "file://%s/nowhere/00001-%s.metadata.json" % (TMP, uuid.uuid4())
        self.glue_commit(t, gone, c["metadata-location"], g["VersionId"])
        msg = self.error(self.ice.load(self.ns, t), 500)
        self.assertIn(gone, msg)

    def test_glue_open_table_format_input_loaded_over_rest(self):
        t = harness.unique_name("otf")
        loc = "file://%s/otf/%s" % (WH, t)
        self.glue.create_table(DatabaseName=self.ns, TableInput={"Name": t}, OpenTableFormatInput={
            "IcebergInput": {"MetadataOperation": "CREATE", "Version": "2",
                             "CreateIcebergTableInput": {
                                 "Location": loc,
                                 "Schema": {"Type": "struct", "SchemaId": 0, "Fields": [
                                     {"Id": 1, "Name": "id", "Type": "long", "Required": True},
                                     {"Id": 2, "Name": "day", "Type": "date", "Required": False},
                                     {"Id": 3, "Name": "v", "Type": "string", "Required": False,
                                      "Doc": "a value"}]},
                                 "PartitionSpec": {"SpecId": 0, "Fields": [
                                     {"SourceId": 2, "Transform": "identity", "Name": "day",
                                      "FieldId": 1000}]},
                                 "WriteOrder": {"OrderId": 1, "Fields": [
                                     {"SourceId": 1, "Transform": "identity",
                                      "Direction": "desc", "NullOrder": "nulls-last"}]},
                                 "Properties": {"owner": "glue"}}}})
        g = self.get_table(t)
        self.assertEqual(g["Parameters"]["table_type"].upper(), "ICEBERG")
        r = self.ok(self.ice.load(self.ns, t))
        m = r["metadata"]
        self.assertEqual(r["metadata-location"], g["Parameters"]["metadata_location"])
        self.assertEqual(m["location"], loc)
        self.assertEqual(m["format-version"], 2)
        cur = [s for s in m["schemas"] if s["schema-id"] == m["current-schema-id"]][0]
        self.assertEqual([(f["name"], f["type"], f["required"]) for f in cur["fields"]],
                         [("id", "long", True), ("day", "date", False), ("v", "string", False)])
        spec = [s for s in m["partition-specs"] if s["spec-id"] == m["default-spec-id"]][0]
        self.assertEqual([(f["name"], f["transform"]) for f in spec["fields"]],
                         [("day", "identity")])
        order = [o for o in m["sort-orders"] if o["order-id"] == m["default-sort-order-id"]][0]
        self.assertEqual(order["fields"][0]["direction"], "desc")
        self.assertEqual(m["properties"].get("owner"), "glue")
        self.check_metadata_file(r["metadata-location"], t)
        # Glue's UpdateOpenTableFormatInput: a schema change through the same commit path
        s1 = {"Type": "struct", "SchemaId": 1, "Fields": [
            {"Id": 1, "Name": "id", "Type": "long", "Required": True},
            {"Id": 2, "Name": "day", "Type": "date", "Required": False},
            {"Id": 3, "Name": "v", "Type": "string", "Required": False},
            {"Id": 4, "Name": "w", "Type": "double", "Required": False}]}
        self.glue.update_table(DatabaseName=self.ns, Name=t, UpdateOpenTableFormatInput={
            "UpdateIcebergInput": {"UpdateIcebergTableInput": {"Updates": [
                {"Action": "add-schema", "Schema": s1, "Location": loc},
                {"Action": "set-current-schema", "Schema": s1, "Location": loc}]}}})
        m2 = self.ok(self.ice.load(self.ns, t))["metadata"]
        cur = [s for s in m2["schemas"] if s["schema-id"] == m2["current-schema-id"]][0]
        self.assertEqual([f["name"] for f in cur["fields"]], ["id", "day", "v", "w"])
        self.assertEqual(m2["last-column-id"], 4)
        g2 = self.get_table(t)
        self.assertEqual([c["Name"] for c in g2["StorageDescriptor"]["Columns"]],
                         ["id", "day", "v", "w"])

    def test_glue_open_table_format_from_hive_columns(self):
        # moto's own suite: IcebergInput with only MetadataOperation and Version, columns in the
        # TableInput's StorageDescriptor
        t = harness.unique_name("otfh")
        self.glue.create_table(DatabaseName=self.ns, OpenTableFormatInput={
            "IcebergInput": {"MetadataOperation": "CREATE", "Version": "2"}}, TableInput={
            "Name": t, "StorageDescriptor": {"Columns": [
                {"Name": "a", "Type": "bigint"}, {"Name": "b", "Type": "array<string>"},
                {"Name": "c", "Type": "decimal(10,2)"}]}})
        g = self.get_table(t)
        self.assertEqual(g["Parameters"]["table_type"].upper(), "ICEBERG")
        m = self.ok(self.ice.load(self.ns, t))["metadata"]
        cur = [s for s in m["schemas"] if s["schema-id"] == m["current-schema-id"]][0]
        self.assertEqual([f["name"] for f in cur["fields"]], ["a", "b", "c"])
        self.assertEqual(cur["fields"][0]["type"], "long")
        self.assertEqual(cur["fields"][1]["type"]["type"], "list")
        self.assertRegex(cur["fields"][2]["type"], r"^decimal\(10, ?2\)$")
        self.assertTrue(path_of(m["location"]).startswith(WH))


class Locations(GlueIce):
    """Metadata files only where catalogd may write (under --warehouse) and read (there and
    under --crawl-root): a file:// location elsewhere is refused with 403 ForbiddenException,
    as Polaris refuses locations outside a catalog's allowed locations; s3:// is untouched."""

    def forbidden(self, resp):
        msg = self.error(resp, 403, "ForbiddenException")
        return msg

    def files_under(self, path):
        return [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]

    def test_create_outside_the_warehouse_is_403_and_writes_nothing(self):
        out = os.path.join(TMP, "outside_" + uuid.uuid4().hex[:8])
        t = harness.unique_name("t")
        msg = self.forbidden(self.ice.create_table(self.ns, t, location="file://%s/%s" % (out, t)))
        self.assertIn("outside the warehouse", msg)
        self.forbidden(self.ice.create_table(self.ns, t, location="file://%s/%s" % (out, t),
                                             stage_create=True))
        self.assertFalse(os.path.exists(out), "a metadata file was written outside")
        self.error(self.ice.load(self.ns, t), 404, "NoSuchTableException")
        # a namespace whose location is outside: its tables' default location is refused too
        ns = harness.unique_name("nsout")
        self.ok(self.ice.create_namespace(ns, {"location": "file://" + out}))
        self.forbidden(self.ice.create_table(ns, t))
        self.assertFalse(os.path.exists(out))
        # a symbolic link inside the warehouse leading out of it does not help
        os.makedirs(out)
        link = os.path.join(WH, "link_" + uuid.uuid4().hex[:8])
        os.symlink(out, link)
        self.forbidden(self.ice.create_table(self.ns, t, location="file://%s/%s" % (link, t)))
        self.assertEqual(self.files_under(out), [])
        # s3://: created, nothing written; inside the warehouse: the file is there
        self.ok(self.ice.create_table(self.ns, t, location="s3://bucket/%s" % t))
        t2 = harness.unique_name("t")
        c = self.ok(self.ice.create_table(self.ns, t2, location="file://%s/in/%s" % (WH, t2)))
        self.assertTrue(os.path.exists(path_of(c["metadata-location"])))

    def test_commit_moving_the_location_outside_is_403_and_changes_nothing(self):
        out = os.path.join(TMP, "outside_" + uuid.uuid4().hex[:8])
        t = harness.unique_name("t")
        c = self.ok(self.ice.create_table(self.ns, t))
        self.forbidden(self.ice.commit(self.ns, t, [], [{"action": "set-location",
                                                         "location": "file://" + out}]))
        self.assertFalse(os.path.exists(out))
        r = self.ok(self.ice.load(self.ns, t))
        self.assertEqual(r["metadata-location"], c["metadata-location"])
        self.assertEqual(self.get_table(t)["Parameters"]["metadata_location"],
                         c["metadata-location"])

    def test_register_reads_only_under_the_warehouse_and_crawl_roots(self):
        t = harness.unique_name("t")
        c = self.ok(self.ice.create_table(self.ns, t))
        out = os.path.join(TMP, "outside_" + uuid.uuid4().hex[:8])
        os.makedirs(out)
        for where, status in ((out, 403), (os.path.join(TMP, "crawl"), 200)):
            copy_at = os.path.join(where, "00000-%s.metadata.json" % uuid.uuid4())
            shutil.copy(path_of(c["metadata-location"]), copy_at)
            r = self.ice.req("POST", "namespaces/%s/register" % ic.ns_path(self.ns),
                             {"name": harness.unique_name("reg"),
                              "metadata-location": "file://" + copy_at})
            if status == 403:
                self.assertIn("only under its --warehouse and --crawl-root folders",
                              self.forbidden(r))
            else:
                self.ok(r)
        # a Glue client pointing the table at a file outside: the load says why it fails
        copy_at = os.path.join(out, "00001-%s.metadata.json" % uuid.uuid4())
        shutil.copy(path_of(c["metadata-location"]), copy_at)
        self.glue_commit(t, "file://" + copy_at, c["metadata-location"],
                         self.get_table(t)["VersionId"])
        msg = self.error(self.ice.load(self.ns, t), 500)
        self.assertIn("only under its --warehouse and --crawl-root folders", msg)


class Scopes(GlueIce):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales = "sales_" + harness.unique_name("db")
        cls.mkt = "mkt_" + harness.unique_name("db")
        for db in (cls.sales, cls.mkt):
            assert cls.ice.create_namespace(db).status == 200
            assert cls.ice.create_table(db, "orders").status == 200
        r = ic.oauth_token(cls.srv, SALES[0], SALES[1])
        assert r.status == 200, r
        cls.sales_ice = ic.Ice(cls.srv, r.json["access_token"])
        cls.bi_ice = ic.Ice(cls.srv, BI_TOKEN)

    def test_scoped_principal_sees_only_its_namespaces(self):
        for who in (self.sales_ice, self.bi_ice):
            names = []
            token = None
            for _ in range(100):
                r = self.ok(who.list_namespaces(page_token=token, page_size=2))
                names += [".".join(n) for n in r["namespaces"]]
                token = r.get("next-page-token")
                if not token:
                    break
            self.assertIn(self.sales, names)
            self.assertNotIn(self.mkt, names)
            self.assertTrue(all(n.startswith("sales_") for n in names), names)
            self.error(who.load(self.mkt, "orders"), 403, "ForbiddenException")
            self.error(who.namespace(self.mkt), 403, "ForbiddenException")
            self.error(who.list_tables(self.mkt), 403, "ForbiddenException")
            self.ok(who.load(self.sales, "orders"))
        admin = [".".join(n) for n in self.ok(self.ice.list_namespaces())["namespaces"]]
        self.assertIn(self.mkt, admin)

    def test_reader_cannot_commit(self):
        m = self.ok(self.bi_ice.load(self.sales, "orders"))
        r, u, _ = ic.append_changes(m["metadata"])
        self.error(self.bi_ice.commit(self.sales, "orders", r, u), 403, "ForbiddenException")
        self.error(self.bi_ice.create_table(self.sales, harness.unique_name("t")), 403,
                   "ForbiddenException")
        self.error(self.bi_ice.drop(self.sales, "orders"), 403, "ForbiddenException")
        self.assertEqual(self.ok(self.ice.load(self.sales, "orders")), m)

    def test_writer_commits_in_its_databases_only(self):
        m = self.ok(self.sales_ice.load(self.sales, "orders"))["metadata"]
        r, u, _ = ic.append_changes(m)
        self.ok(self.sales_ice.commit(self.sales, "orders", r, u))
        # a writer may not create namespaces; not touch another database, even in a transaction
        self.error(self.sales_ice.create_namespace("sales_" + harness.unique_name("x")), 403,
                   "ForbiddenException")
        mm = self.ok(self.ice.load(self.mkt, "orders"))
        ms = self.ok(self.ice.load(self.sales, "orders"))
        r1, u1, _ = ic.append_changes(ms["metadata"])
        r2, u2, _ = ic.append_changes(mm["metadata"])
        self.error(self.sales_ice.transaction([(self.sales, "orders", r1, u1),
                                               (self.mkt, "orders", r2, u2)]),
                   403, "ForbiddenException")
        self.assertEqual(self.ok(self.ice.load(self.sales, "orders")), ms)
        self.assertEqual(self.ok(self.ice.load(self.mkt, "orders")), mm)
        # nor rename a table out of its databases
        t = harness.unique_name("mv")
        self.ok(self.sales_ice.create_table(self.sales, t))
        self.error(self.sales_ice.rename(self.sales, t, self.mkt, t), 403, "ForbiddenException")
        self.ok(self.ice.load(self.sales, t))

    def test_oauth_token_refusals(self):
        r = ic.oauth_token(self.srv, SALES[0], "wrong-secret")
        self.assertEqual(r.status, 401, repr(r))
        self.assertEqual(r.json.get("error"), "invalid_client", repr(r))
        r = ic.oauth_token(self.srv, "AKIDNOBODY000001", SALES[1])
        self.assertEqual(r.status, 401, repr(r))
        r = ic.oauth_token(self.srv, SALES[0], SALES[1], {"grant_type": "password"})
        self.assertEqual(r.status, 400, repr(r))
        self.assertEqual(r.json.get("error"), "unsupported_grant_type", repr(r))
        self.error(ic.Ice(self.srv, "not-a-token").list_namespaces(), 401)


if __name__ == "__main__":
    unittest.main()
