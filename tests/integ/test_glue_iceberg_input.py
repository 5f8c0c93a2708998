"""Glue's own Iceberg calls (issue 18): CreateTable with OpenTableFormatInput.IcebergInput
builds the first metadata (table_type=ICEBERG, metadata_location, the file written under a
file:// warehouse), UpdateTable with UpdateOpenTableFormatInput applies Iceberg updates through
the commit path (a new metadata file, previous_metadata_location, VersionId), and the Glue
front answers the Iceberg REST catalog's own operations as unknown."""

import json
import os
import shutil
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402

WAREHOUSE = None


def setUpModule():
    global WAREHOUSE
    WAREHOUSE = os.path.realpath(tempfile.mkdtemp(prefix="catalogd-wh-"))
    harness.start_module_server(extra_args=["--warehouse", "file://" + WAREHOUSE])


def tearDownModule():
    try:
        harness.stop_module_server()
    finally:
        shutil.rmtree(WAREHOUSE, ignore_errors=True)


def read_metadata(location):
    """The metadata file at a file:// LOCATION, parsed."""
    assert location.startswith("file://"), location
    with open(urllib.parse.unquote(location[len("file://"):])) as f:
        return json.load(f)


SCHEMA = {"SchemaId": 0, "Type": "struct",
          "Fields": [{"Id": 1, "Name": "a", "Type": "int", "Required": False},
                     {"Id": 2, "Name": "b", "Type": "string", "Required": False}]}


class GlueIcebergInput(harness.GlueTestCase):

    def create(self, db, name, **extra):
        ti = {"Name": name, "StorageDescriptor": {
            "Columns": [{"Name": "a", "Type": "int"}, {"Name": "b", "Type": "string"}]}}
        ti.update(extra)
        self.glue.create_table(DatabaseName=db, TableInput=ti, OpenTableFormatInput={
            "IcebergInput": {"MetadataOperation": "CREATE", "Version": "2"}})
        return self.glue.get_table(DatabaseName=db, Name=name)["Table"]

    def test_create_builds_the_first_metadata(self):
        db = self.make_db()
        t = self.create(db, "Ice")
        params = t["Parameters"]
        self.assertEqual(params["table_type"], "ICEBERG")
        loc = params["metadata_location"]
        prefix = "file://%s/%s.db/ice/metadata/00000-" % (WAREHOUSE, db)
        self.assertTrue(loc.startswith(prefix) and loc.endswith(".metadata.json"), loc)
        self.assertNotIn("previous_metadata_location", params)
        self.assertEqual(t["TableType"], "EXTERNAL_TABLE")
        self.assertEqual([c["Name"] for c in t["StorageDescriptor"]["Columns"]], ["a", "b"])
        self.assertEqual([c["Type"] for c in t["StorageDescriptor"]["Columns"]], ["int", "string"])
        self.assertEqual(t["StorageDescriptor"]["Location"],
                         "file://%s/%s.db/ice" % (WAREHOUSE, db))
        meta = read_metadata(loc)
        self.assertEqual(meta["format-version"], 2)
        self.assertEqual(meta["location"], t["StorageDescriptor"]["Location"])
        self.assertIsInstance(meta["table-uuid"], str)
        self.assertEqual([f["name"] for f in meta["schemas"][0]["fields"]], ["a", "b"])
        # the same name again: AlreadyExists, nothing changes
        self.assertClientError("AlreadyExistsException", self.glue.create_table,
                               DatabaseName=db, TableInput={"Name": "ice"},
                               OpenTableFormatInput={"IcebergInput": {
                                   "MetadataOperation": "CREATE"}})
        self.assertEqual(self.glue.get_table(DatabaseName=db, Name="ice")["Table"]
                         ["Parameters"]["metadata_location"], loc)

    def test_create_at_an_s3_location_writes_no_file(self):
        db = self.make_db()
        t = self.create(db, "s3t", StorageDescriptor={
            "Columns": [{"Name": "a", "Type": "int"}], "Location": "s3://bucket/w/s3t"})
        loc = t["Parameters"]["metadata_location"]
        self.assertTrue(loc.startswith("s3://bucket/w/s3t/metadata/00000-"), loc)
        self.assertFalse(os.path.exists(os.path.join(WAREHOUSE, "%s.db" % db)))

    def test_update_applies_iceberg_updates(self):
        db = self.make_db()
        t = self.create(db, "up")
        loc0 = t["Parameters"]["metadata_location"]
        location = t["StorageDescriptor"]["Location"]
        schema = {"SchemaId": 1, "Type": "struct", "Fields": SCHEMA["Fields"] + [
            {"Id": 3, "Name": "c", "Type": "long", "Required": False}]}
        self.glue.update_table(DatabaseName=db, Name="up", VersionId="0",
                               UpdateOpenTableFormatInput={"UpdateIcebergInput": {
                                   "UpdateIcebergTableInput": {"Updates": [{
                                       "Schema": schema, "Location": location,
                                       "Properties": {"k": "v"}}]}}})
        t = self.glue.get_table(DatabaseName=db, Name="up")["Table"]
        loc1 = t["Parameters"]["metadata_location"]
        self.assertIn("/metadata/00001-", loc1)
        self.assertEqual(t["Parameters"]["previous_metadata_location"], loc0)
        self.assertEqual(t["Parameters"]["table_type"], "ICEBERG")
        self.assertEqual(t["VersionId"], "1")
        self.assertEqual([c["Name"] for c in t["StorageDescriptor"]["Columns"]], ["a", "b", "c"])
        meta = read_metadata(loc1)
        self.assertEqual(meta["properties"]["k"], "v")
        self.assertEqual(meta["metadata-log"][-1]["metadata-file"], loc0)
        versions = self.glue.get_table_versions(DatabaseName=db, TableName="up")["TableVersions"]
        self.assertEqual([v["VersionId"] for v in versions], ["1", "0"])
        # a stale VersionId: ConcurrentModificationException, nothing written
        self.assertClientError("ConcurrentModificationException", self.glue.update_table,
                               DatabaseName=db, Name="up", VersionId="0",
                               UpdateOpenTableFormatInput={"UpdateIcebergInput": {
                                   "UpdateIcebergTableInput": {"Updates": [{
                                       "Schema": schema, "Location": location,
                                       "Properties": {"k": "w"}}]}}})
        self.assertEqual(self.glue.get_table(DatabaseName=db, Name="up")["Table"]
                         ["Parameters"]["metadata_location"], loc1)

    def test_delete_and_create_again(self):
        db = self.make_db()
        loc0 = self.create(db, "again")["Parameters"]["metadata_location"]
        self.glue.delete_table(DatabaseName=db, Name="again")
        loc1 = self.create(db, "again")["Parameters"]["metadata_location"]
        self.assertNotEqual(loc0, loc1)
        self.assertIn("/metadata/00000-", loc1)
        self.assertNotEqual(read_metadata(loc0)["table-uuid"], read_metadata(loc1)["table-uuid"])

    def test_glue_front_refuses_the_iceberg_operations(self):
        db = self.make_db()
        self.create(db, "hidden")
        for op in ("IcebergLoadTable", "IcebergListNamespaces", "IcebergCommitTransaction"):
            resp = self.srv.raw("AWSGlue." + op, json.dumps(
                {"DatabaseName": db, "Name": "hidden"}).encode())
            body = self.assertRawError(resp, "UnknownOperationException")
            self.assertIn(op, body["message"])


if __name__ == "__main__":
    harness.main()
