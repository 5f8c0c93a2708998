"""Principals and roles (--auth-file): SigV4 on the Glue front with boto3, the AWS CLI and
raw requests, bearer tokens on REST, database-scoped principals, SIGHUP reload, the Host check,
the audit log; one catalogd with an auth file for the module."""

import datetime
import http.client
import json
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import unittest
from unittest import mock

import boto3
import botocore.auth
from botocore.config import Config
from botocore.exceptions import ClientError

import harness

ADMIN = ("AKIDADMIN0000001", "admin-secret-0123456789")
ETL = ("AKIDETL000000001", "etl-secret-0123456789")
BI = ("AKIDBI0000000001", "bi-secret-0123456789")
ADMIN_TOKEN = "admin-token-0123456789abcdef"
BI_TOKEN = "bi-token-0123456789abcdef"
ETL_TOKEN = "etl-token-0123456789abcdef"


def auth_doc(extra=()):
    return {"principals": [
        {"name": "admin", "access_key_id": ADMIN[0], "secret_access_key": ADMIN[1],
         "tokens": [ADMIN_TOKEN], "role": "admin"},
        {"name": "etl", "access_key_id": ETL[0], "secret_access_key": ETL[1],
         "tokens": [ETL_TOKEN], "role": "writer"},
        {"name": "bi", "access_key_id": BI[0], "secret_access_key": BI[1],
         "tokens": [BI_TOKEN], "role": "reader", "databases": ["sales_*|finance"]},
    ] + list(extra)}


def write_auth(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


TMP = None
AUTH = None


def setUpModule():
    global TMP, AUTH
    TMP = tempfile.mkdtemp(prefix="catalogd-auth-")
    AUTH = os.path.join(TMP, "auth.json")
    write_auth(AUTH, auth_doc())
    harness.start_module_server(extra_args=["--auth-file", AUTH, "--allow-host", "catalog.test"])


def tearDownModule():
    harness.stop_module_server()
    shutil.rmtree(TMP, ignore_errors=True)


def glue(srv, key, region="us-east-1"):
    return boto3.client("glue", endpoint_url=srv.endpoint, region_name=region,
                        aws_access_key_id=key[0], aws_secret_access_key=key[1],
                        config=Config(retries={"max_attempts": 1}))


class AuthTestCase(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.glue = glue(cls.srv, ADMIN)
        cls.sales = "sales_%s" % harness.unique_name("db")
        cls.mkt = "mkt_%s" % harness.unique_name("db")
        for db in (cls.sales, cls.mkt):
            cls.glue.create_database(DatabaseInput={"Name": db})
            cls.glue.create_table(DatabaseName=db, TableInput={"Name": "orders"})

    def glue_error(self, code, status, fn, *args, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(*args, **kw)
        err = cm.exception.response
        self.assertEqual(err["Error"]["Code"], code, err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status, err)
        return err["Error"]["Message"]

    def tamper(self, client, fn):
        """Run FN(request) on every request CLIENT sends, after it is signed."""
        client.meta.events.register("before-send.glue.*", lambda request, **kw: fn(request))


class SigV4(AuthTestCase):
    def test_right_keys_work(self):
        names = [d["Name"] for d in glue(self.srv, ADMIN).get_databases()["DatabaseList"]]
        self.assertIn(self.sales, names)
        self.assertIn(self.mkt, names)

    def test_refusals_are_awss(self):
        cases = [  # what, client, tamper, code, status, message start
            ("wrong secret", glue(self.srv, (ADMIN[0], "not-the-secret")), None,
             "InvalidSignatureException", 400, "The request signature we calculated does not match"),
            ("unknown key", glue(self.srv, ("AKIDNOBODY000001", "x")), None,
             "UnrecognizedClientException", 400,
             "The security token included in the request is invalid."),
            ("tampered body", glue(self.srv, ADMIN),
             lambda r: setattr(r, "body", r.body.replace(b"sales", b"sale5")),
             "InvalidSignatureException", 400, "The request signature we calculated"),
            ("tampered target", glue(self.srv, ADMIN),
             lambda r: r.headers.__setitem__("X-Amz-Target", "AWSGlue.DeleteDatabase"),
             "InvalidSignatureException", 400, "The request signature we calculated"),
            ("wrong payload hash", glue(self.srv, ADMIN),
             lambda r: r.headers.__setitem__("X-Amz-Content-SHA256", "0" * 64),
             "InvalidSignatureException", 400,
             "The provided 'x-amz-content-sha256' header does not match what was computed."),
        ]
        for what, client, fn, code, status, msg in cases:
            with self.subTest(what):
                if fn:
                    self.tamper(client, fn)
                got = self.glue_error(code, status, client.get_database, Name=self.sales)
                self.assertTrue(got.startswith(msg), got)

    def signed(self, service, key=ADMIN, target="GetDatabases", body=b"{}"):
        """A raw request signed by botocore for SERVICE."""
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        req = AWSRequest(method="POST", url=self.srv.endpoint + "/", data=body,
                         headers={"Content-Type": harness.JSON_CT,
                                  "X-Amz-Target": "AWSGlue." + target})
        botocore.auth.SigV4Auth(Credentials(*key), service, "eu-west-1").add_auth(req)
        return self.srv.raw(target, body=body, headers=dict(req.headers.items()))

    def test_scope(self):
        self.assertRawOK(self.signed("glue"))  # any region
        body = self.assertRawError(self.signed("s3"), "InvalidSignatureException", 400)
        self.assertEqual(body["message"],
                         "Credential should be scoped to correct service: 'glue'.")

    def test_date_twenty_minutes_off(self):
        for minutes, start in ((-20, "Signature expired: "), (20, "Signature not yet current: ")):
            with self.subTest(minutes=minutes):
                when = datetime.datetime.utcnow() + datetime.timedelta(minutes=minutes)
                with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: when):
                    got = self.glue_error("InvalidSignatureException", 400,
                                          glue(self.srv, ADMIN).get_databases)
                self.assertTrue(got.startswith(start), got)
                self.assertIn("15 min.", got)

    def test_unsigned_and_bogus(self):
        r = self.srv.raw("GetDatabases", headers={"Authorization": None})
        body = self.assertRawError(r, "MissingAuthenticationTokenException", 403)
        self.assertEqual(body["message"], "Missing Authentication Token")
        r = self.srv.raw("GetDatabases", headers={"Authorization": "totally bogus"})
        self.assertRawError(r, "IncompleteSignatureException", 400)
        r = self.srv.raw("GetDatabases")  # the harness's dummy signature of an unknown key
        self.assertRawError(r, "UnrecognizedClientException", 400)
        r = self.srv.raw("GetDatabases", headers={
            "Authorization": "AWS4-HMAC-SHA256 Credential=%s/20250101/us-east-1/glue/"
                             "aws4_request, Signature=%s" % (ADMIN[0], "ab" * 32)})
        body = self.assertRawError(r, "IncompleteSignatureException", 400)
        self.assertEqual(body["message"],
                         "Authorization header requires 'SignedHeaders' parameter.")

    def test_target_and_content_type_must_be_signed(self):
        """A signature that leaves X-Amz-Target out could be sent with any operation: a GetTable
        signed over host and date only, sent as DeleteTable, is refused and deletes nothing."""
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        body = json.dumps({"DatabaseName": self.sales, "Name": "orders"}).encode()
        for unsigned in (("X-Amz-Target",), ("Content-Type",), ("X-Amz-Target", "Content-Type")):
            with self.subTest(unsigned=unsigned):
                sent = {"Content-Type": harness.JSON_CT, "X-Amz-Target": "AWSGlue.GetTable"}
                req = AWSRequest(method="POST", url=self.srv.endpoint + "/", data=body,
                                 headers={k: v for k, v in sent.items() if k not in unsigned})
                botocore.auth.SigV4Auth(Credentials(*ADMIN), "glue", "us-east-1").add_auth(req)
                headers = dict(req.headers.items())
                headers["Content-Type"] = harness.JSON_CT
                r = self.srv.raw("DeleteTable", body=body, headers=headers)
                got = self.assertRawError(r, "InvalidSignatureException", 400)
                self.assertEqual(got["message"], "'%s' must be a 'SignedHeader' in the AWS "
                                 "Authorization." % unsigned[0].lower())
                self.assertTrue(self.table_exists(self.sales, "orders"))
        # signed, they work (and a changed target no longer matches the signature)
        req = AWSRequest(method="POST", url=self.srv.endpoint + "/", data=body,
                         headers={"Content-Type": harness.JSON_CT,
                                  "X-Amz-Target": "AWSGlue.GetTable"})
        botocore.auth.SigV4Auth(Credentials(*ADMIN), "glue", "us-east-1").add_auth(req)
        self.assertRawOK(self.srv.raw("GetTable", body=body, headers=dict(req.headers.items())))
        headers = dict(req.headers.items(), **{"X-Amz-Target": "AWSGlue.DeleteTable"})
        r = self.srv.raw("DeleteTable", body=body, headers=headers)
        self.assertTrue(self.assertRawError(r, "InvalidSignatureException", 400)["message"]
                        .startswith("The request signature we calculated does not match"))
        self.assertTrue(self.table_exists(self.sales, "orders"))

    def test_authorization_value_not_echoed(self):
        for value in ("Bearer " + ADMIN_TOKEN, ADMIN_TOKEN, "Basic YWRtaW46c2VjcmV0LXB3ZA=="):
            with self.subTest(value=value):
                r = self.srv.raw("GetDatabases", headers={"Authorization": value})
                body = self.assertRawError(r, "IncompleteSignatureException", 400)
                self.assertEqual(body["message"], "Unsupported AWS 'algorithm': the "
                                 "Authorization header must begin with AWS4-HMAC-SHA256.")
                self.assertNotIn(value.split()[-1][:8], r.body.decode())
        self.assertNotIn(ADMIN_TOKEN, self.srv.log())

    def test_secrets_never_logged(self):
        with self.assertRaises(ClientError):
            glue(self.srv, (ADMIN[0], "wrong-secret-xyz")).get_databases()
        log = self.srv.log()
        for secret in (ADMIN[1], ETL[1], BI[1], ADMIN_TOKEN, BI_TOKEN, "wrong-secret-xyz"):
            self.assertNotIn(secret, log)


class Roles(AuthTestCase):
    def test_reader_cannot_write(self):
        got = self.glue_error("AccessDeniedException", 400, glue(self.srv, BI).create_table,
                              DatabaseName=self.sales, TableInput={"Name": "nope"})
        self.assertEqual(got, "User: bi is not authorized to perform: glue:CreateTable "
                              "(role reader may only read).")
        self.assertFalse(self.table_exists(self.sales, "nope"))

    def test_writer_writes_tables_not_databases(self):
        etl = glue(self.srv, ETL)
        etl.create_table(DatabaseName=self.mkt, TableInput={"Name": "by_etl"})
        self.assertTrue(self.table_exists(self.mkt, "by_etl"))
        for call, kw in ((etl.create_database, {"DatabaseInput": {"Name": "etl_db"}}),
                         (etl.delete_database, {"Name": self.mkt})):
            got = self.glue_error("AccessDeniedException", 400, call, **kw)
            self.assertIn("role writer may not change databases themselves", got)
        self.assertTrue(self.db_exists(self.mkt))

    def test_scoped_reader_sees_only_its_databases(self):
        bi = glue(self.srv, BI)
        names = [d["Name"] for p in bi.get_paginator("get_databases").paginate()
                 for d in p["DatabaseList"]]
        self.assertIn(self.sales, names)
        self.assertNotIn(self.mkt, names)
        self.assertTrue(all(n.startswith("sales_") or n == "finance" for n in names), names)
        self.assertEqual(bi.get_table(DatabaseName=self.sales, Name="orders")["Table"]["Name"],
                         "orders")
        for call, kw in ((bi.get_table, {"DatabaseName": self.mkt, "Name": "orders"}),
                         (bi.get_database, {"Name": self.mkt}),
                         (bi.get_tables, {"DatabaseName": self.mkt}),
                         (bi.get_partitions, {"DatabaseName": self.mkt, "TableName": "orders"})):
            got = self.glue_error("AccessDeniedException", 400, call, **kw)
            self.assertTrue(got.endswith("on resource: database/%s." % self.mkt), got)

    def test_audit_line_per_write(self):
        name = harness.unique_name("audited")
        glue(self.srv, ETL).create_table(DatabaseName=self.sales, TableInput={"Name": name})
        lines = [json.loads(l.split("catalogd: audit ", 1)[1])
                 for l in self.srv.log().splitlines() if l.startswith("catalogd: audit ")]
        mine = [l for l in lines if l["resource"] == "table/%s/%s" % (self.sales, name)]
        self.assertEqual(len(mine), 1, lines[-3:])
        self.assertEqual(mine[0]["principal"], "etl")
        self.assertEqual(mine[0]["op"], "CreateTable")
        self.assertEqual(mine[0]["source"], "127.0.0.1")
        self.assertRegex(mine[0]["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertRegex(mine[0]["request_id"], r"^[0-9a-f-]{36}$")
        self.assertEqual(sorted(mine[0]), ["op", "principal", "request_id", "resource",
                                           "source", "time"])


class Rest(AuthTestCase):
    def rest(self, method, path, token=None, body=None, headers=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None,
                         headers=h)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def test_bearer_tokens(self):
        status, hdrs, body = self.rest("GET", "/v1/databases")
        self.assertEqual(status, 401, body)
        self.assertEqual(hdrs.get("www-authenticate"), 'Bearer realm="catalogd"')
        self.assertEqual(json.loads(body)["code"], "MissingAuthenticationTokenException")
        status, _, body = self.rest("GET", "/v1/databases", token="not-a-token-at-all-x")
        self.assertEqual((status, json.loads(body)["code"]), (401, "UnrecognizedClientException"))
        status, _, body = self.rest("GET", "/v1/databases", token=BI_TOKEN)
        self.assertEqual(status, 200, body)
        names = [d["Name"] for d in json.loads(body)["databases"]]
        self.assertIn(self.sales, names)
        self.assertNotIn(self.mkt, names)
        status, _, body = self.rest("POST", "/v1/databases/%s/tables" % self.sales,
                                    token=BI_TOKEN, body={"Name": "rest_nope"})
        self.assertEqual((status, json.loads(body)["code"]), (403, "AccessDeniedException"))
        status, _, body = self.rest("GET", "/v1/databases/%s" % self.mkt, token=BI_TOKEN)
        self.assertEqual(status, 403, body)
        status, _, body = self.rest("POST", "/v1/databases/%s/tables" % self.sales,
                                    token=ETL_TOKEN, body={"Name": "rest_yes"})
        self.assertEqual(status, 201, body)

    def test_health_open_metrics_need_a_principal(self):
        self.assertEqual(self.rest("GET", "/health")[0], 200)
        self.assertEqual(self.rest("GET", "/metrics")[0], 401)
        status, _, body = self.rest("GET", "/metrics", token=BI_TOKEN)
        self.assertEqual(status, 200)
        self.assertIn(b"catalogd_", body)

    def test_host_header_checked_on_loopback(self):
        for host, status in (("evil.example", 403), ("evil.example:80", 403),
                             ("localhost:1", 200), ("127.3.4.5", 200), ("catalog.test", 200),
                             ("CATALOG.test:8049", 200), ("127.0.0.1.evil.example", 403)):
            with self.subTest(host=host):
                got, _, body = self.rest("GET", "/health", headers={"Host": host})
                self.assertEqual(got, status, body)
                if status == 403:
                    self.assertIn(b"--allow-host", body)


class Reload(AuthTestCase):
    def test_sighup_reloads_without_dropping_connections(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        try:
            def get(token):
                conn.request("GET", "/v1/databases", headers={"Authorization": "Bearer " + token})
                r = conn.getresponse()
                r.read()
                return r.status
            self.assertEqual(get(BI_TOKEN), 200)
            new_token = "new-token-0123456789abcdef"
            self.assertEqual(get(new_token), 401)
            write_auth(AUTH, auth_doc([{"name": "newbie", "tokens": [new_token],
                                        "role": "reader"}]))
            try:
                before = self.srv.log().count("catalogd: SIGHUP: 4 principals")
                self.srv.proc.send_signal(signal.SIGHUP)
                harness_wait(lambda: self.srv.log().count("catalogd: SIGHUP: 4 principals")
                             > before)
                self.assertEqual(get(new_token), 200)  # same connection, new principal
                self.assertEqual(get(BI_TOKEN), 200)
                # a broken file keeps the principals in force
                with open(AUTH, "w") as f:
                    f.write('{"principals": [{"name": "x"}')
                self.srv.proc.send_signal(signal.SIGHUP)
                harness_wait(lambda: "keeping the previous principals" in self.srv.log())
                self.assertEqual(get(new_token), 200)
            finally:
                write_auth(AUTH, auth_doc())
        finally:
            conn.close()


def harness_wait(cond, timeout=10.0):
    import time
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within %.0f s" % timeout)
        time.sleep(0.02)


class Clients(AuthTestCase):
    def aws(self, key, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1],
                   AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1")
        env.pop("AWS_SESSION_TOKEN", None)
        return subprocess.run(["aws", "glue", "--endpoint-url", self.srv.endpoint] + list(args),
                              env=env, capture_output=True, text=True, timeout=60)

    def test_aws_cli(self):
        r = self.aws(BI, "get-databases")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = [d["Name"] for d in json.loads(r.stdout)["DatabaseList"]]
        self.assertIn(self.sales, names)
        self.assertNotIn(self.mkt, names)
        r = self.aws((BI[0], "bad-secret"), "get-databases")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("InvalidSignatureException", r.stderr)
        r = self.aws(BI, "create-database", "--database-input", '{"Name": "sales_cli"}')
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("AccessDeniedException", r.stderr)

    def catalogctl(self, key, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1],
                   AWS_REGION="us-east-1", CATALOG_ENDPOINT=self.srv.endpoint)
        env.pop("AWS_SESSION_TOKEN", None)
        ctl = os.environ.get("CATALOGCTL", os.path.join(harness.REPO_ROOT, "build/catalogctl"))
        return subprocess.run([ctl] + list(args), env=env, capture_output=True, text=True,
                              timeout=60)

    def test_catalogctl(self):
        r = self.catalogctl(ETL, "create-table", "--database", self.sales, "--name", "by_ctl",
                            "--columns", "a:string")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.catalogctl(BI, "get-table", "--database", self.sales, "--name", "by_ctl")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["Table"]["Name"], "by_ctl")
        r = self.catalogctl(BI, "delete-table", "--database", self.sales, "--name", "by_ctl")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.strip(), "catalogctl: User: bi is not authorized to perform: "
                                           "glue:DeleteTable (role reader may only read).")
        r = self.catalogctl((ETL[0], "wrong"), "get-databases")
        self.assertEqual(r.returncode, 1)
        self.assertIn("signature", r.stderr)


class Startup(unittest.TestCase):
    def run_catalogd(self, *args):
        return subprocess.run([harness.catalogd_path(), "--db", os.path.join(TMP, "s.db")]
                              + list(args), capture_output=True, text=True, timeout=20)

    def test_refusals(self):
        bad = os.path.join(TMP, "bad.json")
        cases = [
            (None, ["--listen", "0.0.0.0:0"], 2, "catalogd: refusing to serve 0.0.0.0 without "
             "--auth-file: anyone who reaches it could change the catalog (--insecure to do it "
             "anyway)"),
            (None, ["--tls-cert", "x"], 2, "catalogd: --tls-cert and --tls-key go together"),
            (None, ["--sync", "sometimes"], 2, "catalogd: --sync must be full or normal, not 'sometimes'"),
            (None, ["--sqlite-mmap", "-1"], 2,
             "catalogd: --sqlite-mmap must be 0 to 1048576 (megabytes), not '-1'"),
            (None, ["--tls-priorities", "NORMAL"], 2,
             "catalogd: --tls-priorities goes with --tls-cert and --tls-key"),
            (None, ["--tls-cert", "x", "--tls-key", "y", "--tls-priorities", "NORMAL:+TLS9"], 2,
             "catalogd: --tls-priorities: GnuTLS does not accept 'NORMAL:+TLS9' at '+TLS9': "
             "The request is invalid."),
        ]
        docs = [
            ({"principals": [{"name": "a", "role": "reader"}]},
             "principal a has no credentials (access_key_id and secret_access_key, or tokens)"),
            ({"principals": [{"name": "a", "role": "boss", "tokens": ["x" * 16]}]},
             "principal a: role must be reader, writer or admin"),
            ({"principals": [{"name": "a", "role": "reader", "tokens": ["short"]}]},
             "principal a: tokens[0] must be at least 16 printable characters without spaces"),
            ({"principals": [{"name": "a", "role": "reader", "access_key_id": "K"}]},
             "principal a: access_key_id and secret_access_key go together"),
            ({"principals": [{"name": "a", "role": "reader", "tokens": ["x" * 16]},
                             {"name": "b", "role": "reader", "tokens": ["x" * 16]}]},
             "principals a and b have a token in common"),
            ({"principals": [{"name": "a", "role": "reader", "tokens": ["x" * 16], "dbs": []}]},
             "principal a: unknown member dbs"),
            ({"users": []}, 'must be an object with one member, "principals": [...]'),
        ]
        for doc, msg in docs:
            cases.append((doc, ["--auth-file", bad, "--listen", "127.0.0.1:0"], 1,
                          ("catalogd: auth file %s: %s" % (bad, msg))))
        for doc, args, rc, msg in cases:
            with self.subTest(args=args, msg=msg):
                if doc is not None:
                    write_auth(bad, doc)
                r = self.run_catalogd(*args)
                self.assertEqual(r.returncode, rc, r.stderr)
                self.assertEqual(r.stderr.strip().splitlines()[0], msg)

    def test_malformed_auth_file_never_shows_a_secret(self):
        """jansson's parse errors end with the text they stopped at: a secret, here."""
        bad = os.path.join(TMP, "malformed.json")
        secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
        docs = [  # the file's text, the message after "auth file PATH: "
            ('{"principals": [{"name": "a", "role": "reader", "access_key_id": "AKID1",\n'
             ' "secret_access_key": %s}]}' % secret, "invalid token (line 2, column 36)"),
            ('{"principals": [{"name": "a", "role": "reader", "tokens": ["%s" "x"]}]}' % secret,
             "']' expected (line 1, column 103)"),
            ('{"principals": [{"name": "a", "role": "reader", "tokens": ["%s\\u"]}]}' % secret,
             "invalid escape (line 1, column 101)"),
        ]
        for text, msg in docs:
            with self.subTest(msg=msg):
                with open(bad, "w") as f:
                    f.write(text)
                r = self.run_catalogd("--auth-file", bad, "--listen", "127.0.0.1:0")
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertEqual(r.stderr.strip().splitlines()[0],
                                 "catalogd: auth file %s: %s" % (bad, msg))
                self.assertNotIn(secret[:6], r.stderr)

    def test_insecure_on_loopback_does_not_warn(self):
        # (a non-loopback --insecure is not started here: the tests stay on loopback)
        with harness.Server(extra_args=["--insecure"]) as srv:
            self.assertNotIn("WARNING", srv.log())


def make_cert(directory):
    """A self-signed certificate for 127.0.0.1 (openssl): (cert, key) paths."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=catalogd-test", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=60)
    return cert, key


class Tls(unittest.TestCase):
    """The same over HTTPS with a generated certificate: boto3, catalogctl (--cacert and
    CATALOG_CA_BUNDLE) verify it; without the CA they refuse the server."""

    @classmethod
    def setUpClass(cls):
        cls.cert, key = make_cert(TMP)
        cls.srv = harness.Server(extra_args=["--auth-file", AUTH, "--tls-cert", cls.cert,
                                             "--tls-key", key]).start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def test_boto3_over_tls(self):
        self.assertTrue(self.srv.endpoint.startswith("https://"), self.srv.endpoint)
        g = boto3.client("glue", endpoint_url=self.srv.endpoint, region_name="us-east-1",
                         aws_access_key_id=ADMIN[0], aws_secret_access_key=ADMIN[1],
                         verify=self.cert, config=Config(retries={"max_attempts": 1}))
        name = harness.unique_name("tls")
        g.create_database(DatabaseInput={"Name": name})
        self.assertEqual(g.get_database(Name=name)["Database"]["Name"], name)
        bad = boto3.client("glue", endpoint_url=self.srv.endpoint, region_name="us-east-1",
                           aws_access_key_id=BI[0], aws_secret_access_key="wrong",
                           verify=self.cert, config=Config(retries={"max_attempts": 1}))
        with self.assertRaises(ClientError) as cm:
            bad.get_databases()
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidSignatureException")

    def handshake(self, port, *args):
        """Whether openssl s_client completes a handshake with ARGS on PORT."""
        r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port] +
                           list(args), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=30)
        done = "Cipher is (NONE)" not in r.stdout and "Cipher is " in r.stdout
        self.assertEqual(done, r.returncode == 0, r.stdout + r.stderr)
        return done

    def test_tls_12_and_13_with_forward_secrecy_only(self):
        if shutil.which("openssl") is None:
            self.skipTest("no openssl")
        low = "DEFAULT@SECLEVEL=0"  # else OpenSSL 3 itself refuses TLS 1.0/1.1 client-side
        for args, ok in ((["-tls1", "-cipher", low], False),
                         (["-tls1_1", "-cipher", low], False),
                         (["-tls1_2"], True),
                         (["-tls1_3"], True),
                         (["-tls1_2", "-cipher", "AES128-SHA:AES128-GCM-SHA256"], False),  # RSA kx
                         (["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"], True)):
            with self.subTest(args=args):
                self.assertEqual(self.handshake(self.srv.port, *args), ok)

    def test_tls_priorities_option(self):
        if shutil.which("openssl") is None:
            self.skipTest("no openssl")
        key = os.path.join(TMP, "key.pem")
        with harness.Server(extra_args=["--tls-cert", self.cert, "--tls-key", key,
                                        "--tls-priorities",
                                        "NORMAL:-VERS-ALL:+VERS-TLS1.2:-RSA"]) as srv:
            self.assertTrue(self.handshake(srv.port, "-tls1_2"))
            self.assertFalse(self.handshake(srv.port, "-tls1_3"))

    def test_catalogctl_verifies(self):
        ctl = os.environ.get("CATALOGCTL", os.path.join(harness.REPO_ROOT, "build/catalogctl"))
        env = dict(os.environ, AWS_ACCESS_KEY_ID=BI[0], AWS_SECRET_ACCESS_KEY=BI[1],
                   AWS_REGION="us-east-1", CATALOG_ENDPOINT=self.srv.endpoint)
        for how, extra_env, args, rc in (("--cacert", {}, ["--cacert", self.cert], 0),
                                         ("CATALOG_CA_BUNDLE", {"CATALOG_CA_BUNDLE": self.cert},
                                          [], 0),
                                         ("no CA: refused", {}, [], 1)):
            with self.subTest(how):
                env2 = dict(env, **extra_env)
                if not extra_env:
                    env2.pop("CATALOG_CA_BUNDLE", None)
                r = subprocess.run([ctl] + args + ["get-databases"], env=env2,
                                   capture_output=True, text=True, timeout=60)
                self.assertEqual(r.returncode, rc, r.stderr)
                if rc:
                    self.assertIn("certificate", r.stderr.lower())
                else:
                    self.assertEqual(json.loads(r.stdout), {"DatabaseList": []})


if __name__ == "__main__":
    harness.main()
