"""Wire-level tests: raw HTTP against the Glue JSON 1.1 front."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402

MAX_BODY = 16 * 1024 * 1024
JSON_TYPES = ("application/x-amz-json-1.1", "application/json")


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


def _ct(resp):
    return (resp.header("content-type") or "").split(";")[0].strip()


class SuccessShape(harness.GlueTestCase):
    def test_success_status_headers_and_body(self):
        r = self.srv.raw("GetDatabases", b"{}")
        self.assertEqual(r.status, 200, r)
        self.assertIn(_ct(r), JSON_TYPES, r)
        self.assertTrue(r.header("x-amzn-RequestId"), r)
        body = r.json
        self.assertIsInstance(body, dict)
        self.assertIsInstance(body.get("DatabaseList"), list, body)
        self.assertNotIn("NextToken", body)

    def test_request_ids_differ(self):
        ids = {self.srv.raw("GetDatabases").header("x-amzn-RequestId") for _ in range(5)}
        ids.add(self.srv.raw("GetDatabase", {"Name": "nope_x"}).header("x-amzn-RequestId"))
        self.assertNotIn(None, ids)
        self.assertEqual(len(ids), 6, ids)

    def test_empty_output_operations_return_empty_object(self):
        name = unique_name("wdb")
        r = self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": name}})
        self.assertEqual(self.assertRawOK(r), {})
        r = self.srv.raw("DeleteDatabase", {"Name": name})
        self.assertEqual(self.assertRawOK(r), {})

    def test_any_path_works(self):
        name = unique_name("pathdb")
        r = self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": name}},
                         path="/some/prefix")
        self.assertRawOK(r)
        r = self.srv.raw("GetDatabase", {"Name": name}, path="/a/b/c?x=1&y")
        self.assertEqual(self.assertRawOK(r)["Database"]["Name"], name)
        r = self.srv.raw("GetDatabase", {"Name": name}, path="/glue/")
        self.assertEqual(self.assertRawOK(r)["Database"]["Name"], name)

    def test_keep_alive_connection_reused_after_errors(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=10)
        try:
            socks = []
            for target, body, want in [("GetDatabases", b"{}", 200),
                                       ("GetDatabase", b'{"Name":"nope_ka"}', 400),
                                       ("FrobnicateWidgets", b"{}", 400),
                                       ("CreateDatabase", b"{bad json", 400),
                                       ("GetDatabases", b"{}", 200)]:
                conn.request("POST", "/", body=body, headers={
                    "X-Amz-Target": "AWSGlue." + target, "Content-Type": harness.JSON_CT})
                r = conn.getresponse()
                data = r.read()
                self.assertEqual(r.status, want, (target, data))
                json.loads(data)
                socks.append(conn.sock)
            self.assertIsNotNone(socks[0], "server closed the keep-alive connection")
            self.assertTrue(all(s is socks[0] for s in socks),
                            "server closed the connection between requests")
        finally:
            conn.close()

    def test_sigv4_header_with_other_region_accepted(self):
        name = unique_name("sigdb")
        auth = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-3/glue/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64)
        r = self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": name}},
                         headers={"Authorization": auth, "X-Amz-Date": "20240101T000000Z",
                                  "X-Amz-Security-Token": "tok"})
        self.assertRawOK(r)
        # A correctly signed boto3 client for another region sees the same catalog.
        other = self.srv.client(region="ap-southeast-2")
        self.assertEqual(other.get_database(Name=name)["Database"]["Name"], name)
        other.delete_database(Name=name)
        self.assertFalse(self.db_exists(name))

    def test_unsigned_request_accepted(self):
        r = self.srv.raw("GetDatabases", b"{}",
                         headers={"Authorization": None, "X-Amz-Date": None})
        self.assertRawOK(r)

    def test_request_content_type_with_charset(self):
        r = self.srv.raw("GetDatabases", b"{}",
                         content_type="application/x-amz-json-1.1; charset=utf-8")
        self.assertRawOK(r)


class ErrorShape(harness.GlueTestCase):
    def test_not_found_error_shape(self):
        r = self.srv.raw("GetDatabase", {"Name": "nope_wire"})
        body = self.assertRawError(r, "EntityNotFoundException")
        self.assertEqual(body["message"], "Database nope_wire not found.")
        self.assertIn(_ct(r), JSON_TYPES, r)

    def test_already_exists_error_shape(self):
        name = unique_name("dupdb")
        self.assertRawOK(self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": name}}))
        r = self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": name}})
        body = self.assertRawError(r, "AlreadyExistsException")
        self.assertEqual(body["message"], "Database %s already exists." % name)

    def test_unknown_operation(self):
        r = self.srv.raw("FrobnicateWidgets", b"{}")
        self.assertRawError(r, "UnknownOperationException")

    def test_unknown_target_prefix(self):
        r = self.srv.raw("AmazonS3.GetDatabases", b"{}")
        self.assertRawError(r, "UnknownOperationException")

    def test_missing_target_header(self):
        r = self.srv.raw(None, b"{}")
        self.assertEqual(r.status, 400, r)
        body = r.json
        self.assertTrue(body.get("__type"), r)
        self.assertEqual(r.header("x-amzn-ErrorType"), body["__type"])
        self.assertTrue(r.header("x-amzn-RequestId"))

    def test_botocore_parses_errors(self):
        err = self.assertClientError("EntityNotFoundException",
                                     self.glue.get_database, Name="nope_boto")
        self.assertEqual(err["Message"], "Database nope_boto not found.")
        with self.assertRaises(self.glue.exceptions.EntityNotFoundException):
            self.glue.get_database(Name="nope_boto")


class BadInput(harness.GlueTestCase):
    """Malformed requests: 400 InvalidInputException and nothing stored."""

    def create_db_raw(self, body):
        return self.srv.raw("CreateDatabase", body)

    def assertInvalid(self, resp):
        return self.assertRawError(resp, "InvalidInputException")

    def test_malformed_json(self):
        name = unique_name("mal")
        for body in ['{"DatabaseInput": {"Name": "%s"' % name,
                     '{"DatabaseInput": {"Name": "%s"}} trailing' % name,
                     '{"DatabaseInput": {"Name": "%s",}}' % name,
                     "{'DatabaseInput': {'Name': '%s'}}" % name,
                     '', ' ', 'nul']:
            with self.subTest(body=body):
                self.assertInvalid(self.create_db_raw(body))
        self.assertFalse(self.db_exists(name))

    def test_body_not_an_object(self):
        name = unique_name("arr")
        for body in ['[{"DatabaseInput": {"Name": "%s"}}]' % name, '[]', '"x"', '42',
                     'null', 'true']:
            with self.subTest(body=body):
                self.assertInvalid(self.create_db_raw(body))
        self.assertInvalid(self.srv.raw("GetDatabases", b"[]"))
        self.assertFalse(self.db_exists(name))

    def test_invalid_utf8(self):
        prefix = unique_name("utf")
        for bad in [b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80",
                    b"\xe2\x82"]:
            with self.subTest(bad=bad):
                body = b'{"DatabaseInput": {"Name": "' + prefix.encode() + bad + b'x"}}'
                self.assertInvalid(self.create_db_raw(body))
                body = (b'{"DatabaseInput": {"Name": "' + prefix.encode() +
                        b'd", "Description": "a' + bad + b'"}}')
                self.assertInvalid(self.create_db_raw(body))
        self.assertFalse([n for n in self.all_database_names() if n.startswith(prefix)])

    def test_bad_json_escapes(self):
        name = unique_name("esc")
        for frag in ['\\ud800', '\\u0000', '\\u0001', '\\x41', '\\q']:
            with self.subTest(frag=frag):
                body = '{"DatabaseInput": {"Name": "%s%s"}}' % (name, frag)
                self.assertInvalid(self.create_db_raw(body))
        self.assertFalse([n for n in self.all_database_names() if n.startswith(name)])

    def test_wrong_member_types(self):
        name = unique_name("typ")
        cases = [
            {"DatabaseInput": {"Name": 5}},
            {"DatabaseInput": {"Name": None}},
            {"DatabaseInput": {"Name": [name]}},
            {"DatabaseInput": name},
            {"DatabaseInput": [{"Name": name}]},
            {"DatabaseInput": {"Name": name, "Description": 7}},
            {"DatabaseInput": {"Name": name, "Parameters": ["a", "b"]}},
            {"DatabaseInput": {"Name": name, "Parameters": {"k": 1}}},
            {"DatabaseInput": {"Name": name, "LocationUri": {"x": 1}}},
            {"DatabaseInput": {"Name": name}, "CatalogId": 123456789012},
        ]
        for body in cases:
            with self.subTest(body=body):
                self.assertInvalid(self.create_db_raw(body))
        self.assertFalse(self.db_exists(name))
        self.assertInvalid(self.srv.raw("GetDatabase", {"Name": 12}))
        self.assertInvalid(self.srv.raw("GetDatabases", {"MaxResults": "10"}))
        self.assertInvalid(self.srv.raw("GetDatabases", {"MaxResults": 1.5}))
        self.assertInvalid(self.srv.raw("GetDatabases", {"NextToken": 3}))

    def test_missing_required_members(self):
        name = unique_name("req")
        self.assertInvalid(self.srv.raw("CreateDatabase", b"{}"))
        self.assertInvalid(self.srv.raw("CreateDatabase", {"DatabaseInput": {}}))
        self.assertInvalid(self.srv.raw("CreateDatabase",
                                        {"DatabaseInput": {"Description": name}}))
        self.assertInvalid(self.srv.raw("GetDatabase", b"{}"))
        self.assertInvalid(self.srv.raw("DeleteDatabase", b"{}"))
        self.assertInvalid(self.srv.raw("UpdateDatabase", {"Name": "x"}))
        self.assertInvalid(self.srv.raw("UpdateDatabase", {"DatabaseInput": {"Name": "x"}}))
        self.assertInvalid(self.srv.raw("GetTables", b"{}"))
        self.assertInvalid(self.srv.raw("GetTable", {"DatabaseName": "x"}))
        self.assertInvalid(self.srv.raw("GetTable", {"Name": "x"}))
        self.assertInvalid(self.srv.raw("DeleteTable", {"DatabaseName": "x"}))
        self.assertInvalid(self.srv.raw("CreateTable", {"DatabaseName": "x"}))
        self.assertInvalid(self.srv.raw("UpdateTable", {"DatabaseName": "x"}))
        self.assertInvalid(self.srv.raw("BatchDeleteTable", {"DatabaseName": "x"}))
        self.assertInvalid(self.srv.raw("GetTableVersions", {"DatabaseName": "x"}))
        self.assertInvalid(self.srv.raw("DeleteTableVersion",
                                        {"DatabaseName": "x", "TableName": "t"}))
        self.assertInvalid(self.srv.raw("BatchDeleteTableVersion",
                                        {"DatabaseName": "x", "TableName": "t"}))
        self.assertFalse([n for n in self.all_database_names() if n.startswith(name)])

    def test_empty_name(self):
        self.assertInvalid(self.srv.raw("CreateDatabase", {"DatabaseInput": {"Name": ""}}))
        self.assertNotIn("", self.all_database_names())

    def test_errors_leave_server_usable(self):
        for _ in range(3):
            self.assertInvalid(self.srv.raw("CreateDatabase", b"{{{{"))
        self.assertRawOK(self.srv.raw("GetDatabases", b"{}"))


class BodyLimit(harness.GlueTestCase):
    def send_sized(self, total, name):
        """CreateDatabase with a JSON body of exactly TOTAL bytes on a raw socket."""
        head = ('{"DatabaseInput": {"Name": "%s", "Description": "' % name).encode()
        tail = b'"}}'
        body_len = total
        pad = body_len - len(head) - len(tail)
        req = ("POST / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Amz-Target: AWSGlue.CreateDatabase\r\n"
               "Content-Type: application/x-amz-json-1.1\r\nContent-Length: %d\r\n\r\n"
               % (self.srv.port, body_len)).encode()
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=30)
        try:
            chunk = b"a" * (1 << 20)
            try:
                s.sendall(req + head)
                left = pad
                while left > 0:
                    n = min(left, len(chunk))
                    s.sendall(chunk[:n])
                    left -= n
                s.sendall(tail)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer before reading everything
            resp = http.client.HTTPResponse(s)
            resp.begin()
            data = resp.read()
            hdrs = {k.lower(): v for k, v in resp.getheaders()}
            return harness.RawResponse(resp.status, resp.reason, hdrs, data)
        finally:
            s.close()

    def test_body_over_16mib_is_413(self):
        name = unique_name("big")
        r = self.send_sized(MAX_BODY + 1, name)
        self.assertRawError(r, "InvalidInputException", status=413)
        self.assertFalse(self.db_exists(name))
        self.assertRawOK(self.srv.raw("GetDatabases", b"{}"))

    def test_chunked_body_over_16mib_is_413(self):
        name = unique_name("chunky")
        head = ('{"DatabaseInput": {"Name": "%s", "Description": "' % name).encode()
        tail = b'"}}'
        data = head + b"a" * (MAX_BODY + 1 - len(head) - len(tail)) + tail
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=30)
        try:
            try:
                s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"X-Amz-Target: AWSGlue.CreateDatabase\r\n"
                          b"Content-Type: application/x-amz-json-1.1\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n")
                for i in range(0, len(data), 1 << 20):
                    c = data[i:i + (1 << 20)]
                    s.sendall(b"%x\r\n" % len(c) + c + b"\r\n")
                s.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            resp = http.client.HTTPResponse(s)
            resp.begin()
            r = harness.RawResponse(resp.status, resp.reason,
                                    {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            s.close()
        self.assertRawError(r, "InvalidInputException", status=413)
        self.assertFalse(self.db_exists(name))

    def test_expect_continue_with_huge_length_is_413_without_body(self):
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
        try:
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"X-Amz-Target: AWSGlue.CreateDatabase\r\n"
                      b"Content-Type: application/x-amz-json-1.1\r\n"
                      b"Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n")
            resp = http.client.HTTPResponse(s)
            resp.begin()  # must not wait for a body that never comes
            r = harness.RawResponse(resp.status, resp.reason,
                                    {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            s.close()
        self.assertRawError(r, "InvalidInputException", status=413)

    def test_early_413_after_rest_answers_sends_only_its_own_headers(self):
        # The early 413 (Content-Length over the limit) once sent a response struct left
        # uninitialised: stale Location/ETag pointers from an earlier answer on the same
        # worker thread were sent and freed again.
        for _ in range(6):
            name = unique_name("early")
            c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=10)
            c.request("POST", "/v1/databases", body=json.dumps({"Name": name}),
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            c.close()
            self.assertEqual(r.status, 201)
            s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
            try:
                s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"X-Amz-Target: AWSGlue.CreateDatabase\r\n"
                          b"Content-Type: application/x-amz-json-1.1\r\n"
                          b"Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n")
                resp = http.client.HTTPResponse(s)
                resp.begin()
                hdrs = {k.lower(): v for k, v in resp.getheaders()}
                resp.read()
            finally:
                s.close()
            self.assertEqual(resp.status, 413)
            self.assertNotIn("location", hdrs)
            self.assertNotIn("etag", hdrs)
            self.assertNotIn("allow", hdrs)
        self.assertRawOK(self.srv.raw("GetDatabases", b"{}"))

    def test_body_of_exactly_16mib_is_parsed(self):
        name = unique_name("big")
        r = self.send_sized(MAX_BODY, name)
        # Parsed, then rejected because Description exceeds 2048 characters.
        body = self.assertRawError(r, "InvalidInputException", status=400)
        self.assertIn("2048", body["message"])
        self.assertFalse(self.db_exists(name))


class ContentLength(harness.GlueTestCase):
    """Two Content-Length headers that differ frame the body two ways (request smuggling
    behind a proxy that reads the other one): 400, and the connection is closed."""

    def exchange(self, head, body):
        """Send HEAD (header lines, no blank line) and BODY on a raw socket; return the
        first response and what else the server sent before it closed the connection
        (None when it kept it open for 3 s)."""
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=10)
        try:
            s.sendall(head.encode() + b"\r\n" + body)
            resp = http.client.HTTPResponse(s)
            resp.begin()
            r = harness.RawResponse(resp.status, resp.reason,
                                    {k.lower(): v for k, v in resp.getheaders()}, resp.read())
            rest = b""
            s.settimeout(3)
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
            except socket.timeout:
                rest = None
            except ConnectionResetError:
                pass
            return r, rest
        finally:
            s.close()

    def smuggling_request(self, name):
        inner = json.dumps({"DatabaseInput": {"Name": name}}).encode()
        return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       b"X-Amz-Target: AWSGlue.CreateDatabase\r\n"
                       b"Content-Type: application/x-amz-json-1.1\r\n"
                       b"Content-Length: %d\r\n\r\n" % len(inner) + inner)

    def test_glue_differing_lengths_are_400_and_nothing_runs(self):
        name = unique_name("smuggled")
        smuggled = self.smuggling_request(name)
        body = b"{}" + smuggled
        head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSGlue.GetDatabases\r\n"
                "Content-Type: application/x-amz-json-1.1\r\n"
                "Content-Length: 2\r\ncontent-length: %d\r\n" % len(body))
        r, rest = self.exchange(head, body)
        err = self.assertRawError(r, "InvalidInputException")
        self.assertEqual(err["message"], "The request has Content-Length headers that differ.")
        self.assertEqual(r.header("connection"), "close", r)
        self.assertEqual(rest, b"", "the connection stayed open, or answered the smuggled request")
        self.assertFalse(self.db_exists(name))
        # the same length twice frames the body one way: accepted
        head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSGlue.GetDatabases\r\n"
                "Content-Type: application/x-amz-json-1.1\r\nConnection: close\r\n"
                "Content-Length: 2\r\nContent-Length: 2\r\n")
        r, _ = self.exchange(head, b"{}")
        self.assertIsInstance(self.assertRawOK(r)["DatabaseList"], list)

    def test_rest_differing_lengths_are_400_in_the_rest_shape(self):
        name = unique_name("smuggled")
        body = json.dumps({"Name": name}).encode()
        head = ("POST /v1/databases HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\n"
                "Content-Length: %d\r\nContent-Length: %d\r\n" % (len(body), len(body) + 1))
        r, rest = self.exchange(head, body + b"x")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json, {"code": "InvalidInputException",
                                  "message": "The request has Content-Length headers that differ.",
                                  "request_id": r.header("x-request-id")})
        self.assertEqual(r.header("connection"), "close", r)
        self.assertEqual(rest, b"", "the connection stayed open, or answered again")
        self.assertFalse(self.db_exists(name))

    def test_length_and_chunked_together_are_400(self):
        name = unique_name("smuggled")
        smuggled = self.smuggling_request(name)
        chunked = b"2\r\n{}\r\n0\r\n\r\n"
        head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSGlue.GetDatabases\r\n"
                "Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n"
                "Content-Length: %d\r\n" % len(chunked + smuggled))
        r, rest = self.exchange(head, chunked + smuggled)
        err = self.assertRawError(r, "InvalidInputException")
        self.assertEqual(err["message"],
                         "The request has both Content-Length and Transfer-Encoding.")
        self.assertEqual(r.header("connection"), "close", r)
        self.assertEqual(rest, b"", "the connection stayed open, or answered the smuggled request")
        self.assertFalse(self.db_exists(name))


class UnknownMembers(harness.GlueTestCase):
    """Members the Glue model does not define are dropped, not stored and echoed back: a
    partition holding JSON nested 2,046 deep made every REST listing of its table a 500."""

    JUNK_DEPTH = 2046  # the deepest the request parser takes inside PartitionInput

    def rest_get(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def assertClean(self, partition):
        self.assertEqual(partition["Values"], ["a"])
        self.assertNotIn("Junk", partition)
        self.assertNotIn("Whatever", partition["StorageDescriptor"])
        self.assertEqual(partition["StorageDescriptor"]["Location"], "s3://b/t/k=a")
        self.assertEqual(partition["Parameters"], {"Junk": "a map key is data"})

    def test_unknown_nested_members_are_not_stored(self):
        db = self.make_db()
        table = self.make_table(db, PartitionKeys=[{"Name": "k", "Type": "string"}])
        junk = "[" * self.JUNK_DEPTH + "]" * self.JUNK_DEPTH
        body = ('{"DatabaseName": "%s", "TableName": "%s", "Junk": 1, "PartitionInput": '
                '{"Values": ["a"], "Junk": %s, "Parameters": {"Junk": "a map key is data"}, '
                '"StorageDescriptor": {"Location": "s3://b/t/k=a", "Whatever": {"x": [1]}}}}'
                % (db, table, junk))
        self.assertRawOK(self.srv.raw("CreatePartition", body))

        r = self.srv.raw("GetPartition", {"DatabaseName": db, "TableName": table,
                                          "PartitionValues": ["a"]})
        self.assertClean(self.assertRawOK(r)["Partition"])
        r = self.srv.raw("GetPartitions", {"DatabaseName": db, "TableName": table})
        parts = self.assertRawOK(r)["Partitions"]
        self.assertEqual(len(parts), 1)
        self.assertClean(parts[0])

        base = "/v1/databases/%s/tables/%s/partitions" % (db, table)
        status, data = self.rest_get(base)
        self.assertEqual(status, 200, data[:300])
        parts = json.loads(data)["partitions"]
        self.assertEqual(len(parts), 1)
        self.assertClean(parts[0])
        status, data = self.rest_get(base + "/k=a")
        self.assertEqual(status, 200, data[:300])
        self.assertClean(json.loads(data))

    def test_unknown_table_members_are_not_stored(self):
        db = self.make_db()
        name = unique_name("t")
        r = self.srv.raw("CreateTable", {
            "DatabaseName": db, "TableInput": {
                "Name": name, "Owner": "me", "Junk": [[{"x": 1}]],
                "StorageDescriptor": {"Columns": [{"Name": "c", "Type": "int", "Junk": 2}]}}})
        self.assertRawOK(r)
        t = self.assertRawOK(self.srv.raw("GetTable", {"DatabaseName": db, "Name": name}))["Table"]
        self.assertEqual(t["Owner"], "me")
        self.assertNotIn("Junk", t)
        self.assertEqual(t["StorageDescriptor"]["Columns"], [{"Name": "c", "Type": "int"}])
        status, data = self.rest_get("/v1/databases/%s/tables/%s" % (db, name))
        self.assertEqual(status, 200, data[:300])
        self.assertNotIn(b"Junk", data)


class Timing(harness.GlueTestCase):
    """Request durations come from a monotonic clock finer than a millisecond (they were
    whole wall-clock milliseconds: 0 for nearly every request)."""

    def test_metrics_latency_sum_is_positive(self):
        for _ in range(3):
            self.assertRawOK(self.srv.raw("GetDatabases", b"{}"))
        r = self.srv.raw(None, b"", path="/metrics", method="GET", content_type=None)
        self.assertEqual(r.status, 200, r)
        text = r.body.decode()
        m = re.search(r'^catalogd_request_duration_seconds_sum\{front="glue",'
                      r'operation="GetDatabases"\} (\S+)$', text, re.M)
        self.assertIsNotNone(m, text)
        self.assertGreater(float(m.group(1)), 0.0, m.group(0))

    @unittest.skipIf(harness.external_endpoint(), "needs a catalogd process")
    def test_verbose_line_shows_the_duration(self):
        with harness.Server(extra_args=["--verbose"]) as srv:
            for _ in range(5):
                self.assertRawOK(srv.raw("GetDatabases", b"{}"))
            self.assertEqual(srv.signal_and_wait(), 0)
            took = re.findall(r"^catalogd: 127\.0\.0\.1 POST / AWSGlue\.GetDatabases -> 200 \(([0-9.]+) ms\)$",
                              srv.log(), re.M)
        self.assertEqual(len(took), 5, srv.log())
        self.assertGreater(min(float(t) for t in took), 0.0, took)  # none shown as 0.000 ms


class Concurrency(harness.GlueTestCase):
    def test_parallel_creates_in_one_database(self):
        db = self.make_db()
        nthreads, per = 8, 10

        def work(i):
            c = self.srv.client()
            for j in range(per):
                c.create_table(DatabaseName=db, TableInput={
                    "Name": "t_%d_%d" % (i, j),
                    "StorageDescriptor": {"Columns": [{"Name": "c", "Type": "int"}]}})
            return True

        res = harness.run_threads(nthreads, work)
        self.assertEqual(res, [True] * nthreads)
        names = []
        for page in self.glue.get_paginator("get_tables").paginate(DatabaseName=db):
            names += [t["Name"] for t in page["TableList"]]
        self.assertEqual(sorted(names),
                         sorted("t_%d_%d" % (i, j) for i in range(nthreads) for j in range(per)))


@unittest.skipIf(harness.external_endpoint(), "needs a catalogd process")
class CommandLine(unittest.TestCase):
    """Every numeric option is checked strictly: a bad value is a usage error (exit 2)."""

    BAD = [["--max-body", "abc"], ["--max-body", ""], ["--max-body", "12x"],
           ["--max-body", "-1"], ["--max-body", "0"], ["--max-body", "1073741825"],
           ["--max-body", "99999999999999999999999"], ["--max-body", " 5"],
           ["--threads", "x"], ["--threads", "2x"], ["--threads", ""], ["--threads", "0"],
           ["--threads", "257"], ["--threads", "+2"], ["--threads", "-1"],
           ["--listen", "127.0.0.1:x"], ["--listen", "127.0.0.1:"], ["--listen", "127.0.0.1:-1"],
           ["--listen", "127.0.0.1:65536"], ["--listen", "127.0.0.1:80a"]]

    def run_catalogd(self, args, tmp):
        # --listen comes first, so a bad --listen in ARGS is the one parsed last
        cmd = [harness.catalogd_path(), "--listen", "127.0.0.1:0",
               "--db", os.path.join(tmp, "catalog.db")] + args
        try:
            return subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
        except subprocess.TimeoutExpired:
            self.fail("catalogd %s was accepted: it started serving" % " ".join(args))

    def test_bad_numbers_are_usage_errors(self):
        with tempfile.TemporaryDirectory(prefix="catalogd-integ-") as tmp:
            for args in self.BAD:
                with self.subTest(args=args):
                    p = self.run_catalogd(args, tmp)
                    err = p.stderr.decode("utf-8", "replace")
                    self.assertEqual(p.returncode, 2, err)
                    self.assertIn(args[0] + " must be", err)
                    self.assertIn("'%s'" % args[1], err)
                    self.assertNotIn("listening", err)
            self.assertFalse(os.path.exists(os.path.join(tmp, "catalog.db")))

    def test_good_numbers_are_used(self):
        with harness.Server(extra_args=["--max-body", "1024", "--threads", "3"]) as srv:
            self.assertIn("3 threads", srv.log())
            small = {"DatabaseInput": {"Name": unique_name("mb"), "Description": "x" * 900}}
            self.assertEqual(srv.raw("CreateDatabase", small).status, 200)
            big = {"DatabaseInput": {"Name": unique_name("mb"), "Description": "x" * 1100}}
            r = srv.raw("CreateDatabase", big)
            self.assertEqual(r.status, 413, r)
            self.assertIn("1024 bytes", r.json["message"])


@unittest.skipIf(harness.external_endpoint(), "needs a catalogd process")
class Lifecycle(unittest.TestCase):
    """Process-level behaviour: signals, idle connections, persistence."""

    def stop_and_check(self, srv, sig):
        rc = srv.signal_and_wait(sig)
        self.assertEqual(rc, 0, "exit status after %s: %r" % (signal.Signals(sig).name, rc))

    def test_sigterm_with_idle_keepalive_connection(self):
        with harness.Server() as srv:
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
            try:
                conn.request("POST", "/", body=b"{}", headers={
                    "X-Amz-Target": "AWSGlue.GetDatabases", "Content-Type": harness.JSON_CT})
                self.assertEqual(conn.getresponse().read()[:1], b"{")
                # the connection stays open and idle while the server is told to stop
                t0 = time.monotonic()
                rc = srv.signal_and_wait(signal.SIGTERM, timeout=8)
                took = time.monotonic() - t0
            finally:
                conn.close()
            self.assertEqual(rc, 0, "exit status after SIGTERM")
            self.assertLess(took, 8)

    def test_sigterm_finishes_in_flight_request(self):
        # The request's headers and part of its body have arrived when SIGTERM
        # comes; the server must still read the rest and answer it.
        with tempfile.TemporaryDirectory(prefix="catalogd-integ-") as tmp:
            name = "inflight_db"
            with harness.Server(db_dir=tmp) as srv:
                head = ('{"DatabaseInput": {"Name": "%s", "Parameters": {"blob": "'
                        % name).encode()
                body = head + b"z" * 200000 + b'"}}}'
                req = ("POST / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                       "X-Amz-Target: AWSGlue.CreateDatabase\r\n"
                       "Content-Type: application/x-amz-json-1.1\r\n"
                       "Content-Length: %d\r\n\r\n" % (srv.port, len(body))).encode()
                s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
                try:
                    s.sendall(req + body[:1000])
                    time.sleep(0.2)
                    srv.proc.send_signal(signal.SIGTERM)
                    time.sleep(0.3)
                    try:
                        s.sendall(body[1000:])
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    resp = http.client.HTTPResponse(s)
                    try:
                        resp.begin()
                    except (http.client.RemoteDisconnected, ConnectionResetError) as e:
                        self.fail("in-flight request dropped at SIGTERM: %r" % e)
                    data = resp.read()
                    self.assertEqual(resp.status, 200, data)
                finally:
                    s.close()
                self.stop_and_check(srv, signal.SIGTERM)
            with harness.Server(db_dir=tmp) as srv2:
                d = srv2.client().get_database(Name=name)["Database"]
                self.assertEqual(len(d["Parameters"]["blob"]), 200000)

    def test_sigint_exits_zero_and_data_persists(self):
        with tempfile.TemporaryDirectory(prefix="catalogd-integ-") as tmp:
            with harness.Server(db_dir=tmp) as srv:
                c = srv.client()
                c.create_database(DatabaseInput={"Name": "Persist_Me", "Description": "kept"})
                c.create_table(DatabaseName="persist_me", TableInput={"Name": "t1"})
                c.update_table(DatabaseName="persist_me",
                               TableInput={"Name": "t1", "Description": "v1"})
                self.stop_and_check(srv, signal.SIGINT)
            with harness.Server(db_dir=tmp) as srv2:
                c2 = srv2.client()
                d = c2.get_database(Name="PERSIST_ME")["Database"]
                self.assertEqual((d["Name"], d["Description"]), ("persist_me", "kept"))
                t = c2.get_table(DatabaseName="persist_me", Name="t1")["Table"]
                self.assertEqual((t["Description"], t["VersionId"]), ("v1", "1"))
                vs = c2.get_table_versions(DatabaseName="persist_me", TableName="t1")
                self.assertEqual([v["VersionId"] for v in vs["TableVersions"]], ["1", "0"])
                # and the restarted server keeps counting versions
                c2.update_table(DatabaseName="persist_me", VersionId="1",
                                TableInput={"Name": "t1", "Description": "v2"})
                self.assertEqual(c2.get_table(DatabaseName="persist_me", Name="t1")
                                 ["Table"]["VersionId"], "2")

    def test_two_servers_two_databases_are_independent(self):
        with harness.Server() as a, harness.Server() as b:
            self.assertNotEqual(a.port, b.port)
            a.client().create_database(DatabaseInput={"Name": "only_in_a"})
            with self.assertRaises(b.client().exceptions.EntityNotFoundException):
                b.client().get_database(Name="only_in_a")


if __name__ == "__main__":
    harness.main()
