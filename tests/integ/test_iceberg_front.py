"""The Iceberg REST front's envelope against the real daemon: /iceberg/v1/config and its
endpoints list, namespaces over CreateDatabase/GetDatabase, percent-decoding and the %1F
separator, the optional {prefix}, the error format {"error": {"message", "type", "code"}}
(404/405/400/413/501), HEAD without body, the OAuth token endpoint and bearer authentication.

The table and view routes' behaviour is test_iceberg_rest.py's (and test_iceberg_commit.py's);
here they are only checked to be routed as config says.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import stat
import tempfile
import time
import unittest
import urllib.parse

import harness

ADMIN = ("AKIDICEADMIN0001", "ice-admin-secret-0123")
READER = ("AKIDICEREAD00001", "ice-reader-secret-0123")
SCOPED = ("AKIDICESCOPE0001", "ice-scoped-secret-0123")
FILE_TOKEN = "ice-file-token-0123456789"

# every route of the front, in the spec's form, with a request that reaches its handler
SPEC_ROUTES = [
    ("GET", "/v1/{prefix}/namespaces"),
    ("POST", "/v1/{prefix}/namespaces"),
    ("GET", "/v1/{prefix}/namespaces/{namespace}"),
    ("HEAD", "/v1/{prefix}/namespaces/{namespace}"),
    ("DELETE", "/v1/{prefix}/namespaces/{namespace}"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/properties"),
    ("GET", "/v1/{prefix}/namespaces/{namespace}/tables"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/tables"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/register"),
    ("GET", "/v1/{prefix}/namespaces/{namespace}/tables/{table}"),
    ("HEAD", "/v1/{prefix}/namespaces/{namespace}/tables/{table}"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}"),
    ("DELETE", "/v1/{prefix}/namespaces/{namespace}/tables/{table}"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics"),
    ("POST", "/v1/{prefix}/tables/rename"),
    ("POST", "/v1/{prefix}/transactions/commit"),
    ("GET", "/v1/{prefix}/namespaces/{namespace}/views"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/views"),
    ("GET", "/v1/{prefix}/namespaces/{namespace}/views/{view}"),
    ("HEAD", "/v1/{prefix}/namespaces/{namespace}/views/{view}"),
    ("POST", "/v1/{prefix}/namespaces/{namespace}/views/{view}"),
    ("DELETE", "/v1/{prefix}/namespaces/{namespace}/views/{view}"),
    ("POST", "/v1/{prefix}/views/rename"),
]

TMP = None
AUTH = None
AUTH_SRV = None
TWIN_SRV = None


def auth_doc(admin_secret=ADMIN[1]):
    return {"principals": [
        {"name": "admin", "access_key_id": ADMIN[0], "secret_access_key": admin_secret,
         "role": "admin"},
        {"name": "reader", "access_key_id": READER[0], "secret_access_key": READER[1],
         "tokens": [FILE_TOKEN], "role": "reader"},
        {"name": "scoped", "access_key_id": SCOPED[0], "secret_access_key": SCOPED[1],
         "role": "writer", "databases": ["ice_scoped*"]},
    ]}


def write_auth(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def setUpModule():
    global TMP, AUTH, AUTH_SRV
    TMP = tempfile.mkdtemp(prefix="catalogd-icefront-")
    AUTH = os.path.join(TMP, "auth.json")
    write_auth(AUTH, auth_doc())
    harness.start_module_server()
    AUTH_SRV = harness.Server(extra_args=["--auth-file", AUTH, "--max-body", "4096"]).start()


def tearDownModule():
    harness.stop_module_server()
    if AUTH_SRV:
        AUTH_SRV.stop()
    if TWIN_SRV:
        TWIN_SRV.stop()
    shutil.rmtree(TMP, ignore_errors=True)


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


def call(srv, method, path, body=None, headers=None, ctype="application/json"):
    h = dict(headers or {})
    data = None
    if body is not None:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        if ctype:
            h["Content-Type"] = ctype
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        raw = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
    finally:
        conn.close()
    return Resp(r.status, hdrs, raw)


def q(s):
    return urllib.parse.quote(s, safe="")


def form(**kw):
    return urllib.parse.urlencode(kw)


class Base(unittest.TestCase):
    srv = None

    def req(self, method, path, body=None, headers=None, ctype="application/json"):
        r = call(self.srv, method, "/iceberg" + path, body, headers, ctype)
        self.assertRegex(r.headers.get("x-request-id", ""), r"^[0-9a-f-]{36}$")
        return r

    def assertIcebergError(self, r, status, etype, message=None):
        self.assertEqual(r.status, status, r.body)
        self.assertEqual(r.headers.get("content-type"), "application/json")
        doc = r.json()
        self.assertEqual(list(doc), ["error"])
        self.assertEqual(sorted(doc["error"]), ["code", "message", "type"])
        self.assertEqual(doc["error"]["code"], status)
        self.assertEqual(doc["error"]["type"], etype)
        self.assertTrue(doc["error"]["message"])
        if message is not None:
            self.assertEqual(doc["error"]["message"], message)
        return doc["error"]


class Open(Base):
    """No auth file: everything is allowed, the token endpoint answers an unchecked token."""

    @classmethod
    def setUpClass(cls):
        cls.srv = harness.module_server(__name__)

    def endpoints(self):
        r = self.req("GET", "/v1/config")
        self.assertEqual(r.status, 200, r.body)
        return r.json()["endpoints"]

    def test_config(self):
        r = self.req("GET", "/v1/config")
        self.assertEqual(r.status, 200)
        doc = r.json()
        self.assertEqual(doc["defaults"], {})
        self.assertEqual(doc["overrides"], {})
        eps = doc["endpoints"]
        self.assertEqual(len(eps), len(set(eps)))
        for e in eps:
            self.assertIn(tuple(e.split(" ", 1)), SPEC_ROUTES)
        # what never needs a missing operation is always listed
        for e in ("POST /v1/{prefix}/namespaces", "GET /v1/{prefix}/namespaces/{namespace}",
                  "HEAD /v1/{prefix}/namespaces/{namespace}",
                  "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics"):
            self.assertIn(e, eps)

    def test_config_warehouse(self):
        r = self.req("GET", "/v1/config?warehouse=123456789012")
        self.assertEqual(r.json()["overrides"], {"prefix": "123456789012"})
        for wh in ("", "file%3A%2F%2F%2Ftmp%2Fwh", "s3%3A%2F%2Fbucket%2Fwh"):
            r = self.req("GET", "/v1/config?warehouse=" + wh)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.json()["overrides"], {})
        r = self.req("GET", "/v1/config?warehouse=a%2Fb")
        self.assertIcebergError(r, 400, "BadRequestException",
                                "warehouse must be a catalog id (1 to 255 of A-Z a-z 0-9 _ - .) "
                                "or a location URI.")

    def test_every_route_listed_is_served_and_the_rest_answer_501(self):
        eps = set(self.endpoints())
        self.req("POST", "/v1/namespaces", {"namespace": ["ice_routes"]})
        subst = {"{prefix}": "", "{namespace}": "ice_routes", "{table}": "nosuch",
                 "{view}": "nosuch"}
        for method, spec in SPEC_ROUTES:
            path = spec
            for k, v in subst.items():
                path = path.replace(k, v)
            path = path.replace("/v1//", "/v1/")
            body = {} if method == "POST" else None
            r = self.req(method, path, body)
            label = "%s %s" % (method, spec)
            if label in eps:
                self.assertNotIn(r.status, (405, 501), (label, r.body))
                if r.status == 404 and method != "HEAD":
                    self.assertNotEqual(r.json()["error"]["type"], "NoSuchEndpointException",
                                        label)
            else:
                self.assertEqual(r.status, 501, (label, r.body))
                if method != "HEAD":
                    self.assertIcebergError(r, 501, "UnsupportedOperationException")

    def test_namespace_lifecycle(self):
        r = self.req("POST", "/v1/namespaces",
                     {"namespace": ["ice_life"],
                      "properties": {"owner": "ana", "location": "file:///tmp/wh/ice_life",
                                     "comment": "the ice"}})
        self.assertEqual(r.status, 200, r.body)
        want = {"namespace": ["ice_life"],
                "properties": {"owner": "ana", "location": "file:///tmp/wh/ice_life",
                               "comment": "the ice"}}
        self.assertEqual(r.json(), want)
        self.assertEqual(self.req("GET", "/v1/namespaces/ice_life").json(), want)
        # the same database on the /v1 REST front: location and comment are its own members
        db = call(self.srv, "GET", "/v1/databases/ice_life").json()
        self.assertEqual(db["LocationUri"], "file:///tmp/wh/ice_life")
        self.assertEqual(db["Description"], "the ice")
        self.assertEqual(db["Parameters"], {"owner": "ana"})
        r = self.req("HEAD", "/v1/namespaces/ice_life")
        self.assertEqual((r.status, r.body), (204, b""))
        r = self.req("HEAD", "/v1/namespaces/ice_nope")
        self.assertEqual((r.status, r.body), (404, b""))
        self.assertIcebergError(self.req("GET", "/v1/namespaces/ice_nope"), 404,
                                "NoSuchNamespaceException", "Database ice_nope not found.")
        self.assertIcebergError(self.req("POST", "/v1/namespaces", {"namespace": ["ice_life"]}),
                                409, "AlreadyExistsException")

    def test_namespace_create_checks_its_body(self):
        cases = [
            ({}, "namespace must be a non-empty array of strings."),
            ({"namespace": []}, "namespace must be a non-empty array of strings."),
            ({"namespace": "a"}, "namespace must be a non-empty array of strings."),
            ({"namespace": ["a.b"]}, "namespace[0] must be a non-empty string without '.' "
                                     "(catalogd joins the levels of a namespace with '.')."),
            ({"namespace": ["a", ""]}, "namespace[1] must be a non-empty string without '.' "
                                       "(catalogd joins the levels of a namespace with '.')."),
            ({"namespace": ["a"], "properties": {"k": 1}}, "properties.k must be a string."),
            ({"namespace": ["a"], "properties": []}, "properties must be an object of strings."),
        ]
        for body, msg in cases:
            self.assertIcebergError(self.req("POST", "/v1/namespaces", body), 400,
                                    "BadRequestException", msg)
        self.assertIcebergError(self.req("POST", "/v1/namespaces", "[1]"), 400,
                                "BadRequestException", "The request body must be a JSON object.")
        e = self.assertIcebergError(self.req("POST", "/v1/namespaces", "{"), 400,
                                    "BadRequestException")
        self.assertTrue(e["message"].startswith("Malformed request body: "))
        self.assertIcebergError(self.req("POST", "/v1/namespaces", b"", ctype=None), 400,
                                "BadRequestException", "The request body must be a JSON object.")

    def test_nested_namespaces_and_decoding(self):
        r = self.req("POST", "/v1/namespaces", {"namespace": ["ice_acct", "tax"]})
        self.assertEqual(r.json()["namespace"], ["ice_acct", "tax"])
        for path in ("ice_acct%1Ftax", "ice_acct%1ftax", "ice_%61cct%1Ftax", "ICE_ACCT%1FTAX"):
            r = self.req("GET", "/v1/namespaces/" + path)
            self.assertEqual(r.status, 200, (path, r.body))
            self.assertEqual(r.json()["namespace"], ["ice_acct", "tax"])
        # the database behind it is "ice_acct.tax"
        self.assertEqual(call(self.srv, "GET", "/v1/databases/ice_acct.tax").status, 200)
        bad = {
            "ice_acct.tax": "Namespace level 'ice_acct.tax' holds a '.': catalogd joins the "
                            "levels of a namespace with '.' into a database name.",
            "a%1F%1Fb": "A level of the namespace is empty.",
            "%1Fa": "A level of the namespace is empty.",
            "a%zz": "The namespace is not valid URL-encoded UTF-8.",
            "a%2": "The namespace is not valid URL-encoded UTF-8.",
            "a%00b": "The namespace is not valid URL-encoded UTF-8.",
            "a%FFb": "The namespace is not valid URL-encoded UTF-8.",
        }
        for path, msg in bad.items():
            self.assertIcebergError(self.req("GET", "/v1/namespaces/" + path), 400,
                                    "BadRequestException", msg)
        # a table name is decoded as well
        self.assertIcebergError(self.req("GET", "/v1/namespaces/ice_acct/tables/t%zz"), 400,
                                "BadRequestException",
                                "The table name is not valid URL-encoded UTF-8.")
        self.assertIcebergError(self.req("GET", "/v1/config?warehouse=%zz"), 400,
                                "BadRequestException",
                                "A query parameter is not valid URL-encoded UTF-8.")

    def test_prefix_names_the_catalog(self):
        cat = harness.unique_catalog_id()
        r = self.req("POST", "/v1/%s/namespaces" % cat, {"namespace": ["ice_cat"]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.req("GET", "/v1/%s/namespaces/ice_cat" % cat).status, 200)
        self.assertEqual(self.req("HEAD", "/v1/%s/namespaces/ice_cat" % cat).status, 204)
        # not in the default catalog, which an empty prefix names as well
        self.assertIcebergError(self.req("GET", "/v1/namespaces/ice_cat"), 404,
                                "NoSuchNamespaceException")
        self.assertIcebergError(self.req("GET", "/v1//namespaces/ice_cat"), 404,
                                "NoSuchNamespaceException")
        self.req("POST", "/v1/namespaces", {"namespace": ["ice_default"]})
        self.assertEqual(self.req("GET", "/v1//namespaces/ice_default").status, 200)

    def test_unknown_routes_and_methods(self):
        for path in ("", "/", "/v1", "/v2/config", "/v1/nothing", "/v1/namespaces/a/b/c/d/e",
                     "/v1/config/x", "/" + "/".join(["x"] * 40)):
            self.assertIcebergError(self.req("GET", path), 404, "NoSuchEndpointException",
                                    "No such Iceberg REST route: GET /iceberg%s." % path)
        r = self.req("PUT", "/v1/namespaces/x", {})
        self.assertIcebergError(r, 405, "MethodNotAllowedException",
                                "Method PUT is not allowed here; use GET, HEAD, DELETE.")
        self.assertEqual(r.headers["allow"], "GET, HEAD, DELETE")
        r = self.req("GET", "/v1/namespaces/x/properties")
        self.assertIcebergError(r, 405, "MethodNotAllowedException")
        self.assertEqual(r.headers["allow"], "POST")
        r = self.req("DELETE", "/v1/config")
        self.assertEqual((r.status, r.headers["allow"]), (405, "GET"))
        r = self.req("GET", "/v1/oauth/tokens")
        self.assertEqual((r.status, r.headers["allow"]), (405, "POST"))

    def test_metrics_report_accepted(self):
        r = self.req("POST", "/v1/namespaces/ice_any/tables/t/metrics",
                     {"report-type": "scan-report", "table-name": "t"})
        self.assertEqual((r.status, r.body), (204, b""))
        self.assertIcebergError(self.req("POST", "/v1/namespaces/ice_any/tables/t/metrics", "{x"),
                                400, "BadRequestException")

    def test_access_delegation_header_is_ignored(self):
        self.req("POST", "/v1/namespaces", {"namespace": ["ice_deleg"]})
        r = self.req("GET", "/v1/namespaces/ice_deleg",
                     headers={"X-Iceberg-Access-Delegation": "vended-credentials,remote-signing"})
        self.assertEqual(r.status, 200)

    def test_oauth_without_auth_file(self):
        r = self.req("POST", "/v1/oauth/tokens",
                     form(grant_type="client_credentials", client_id="x", client_secret="y",
                          scope="catalog"), ctype="application/x-www-form-urlencoded")
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["token_type"], "bearer")
        self.assertEqual(doc["expires_in"], 3600)
        self.assertEqual(doc["issued_token_type"],
                         "urn:ietf:params:oauth:token-type:access_token")
        r = self.req("GET", "/v1/config",
                     headers={"Authorization": "Bearer " + doc["access_token"]})
        self.assertEqual(r.status, 200)
        cases = [
            (form(grant_type="password", username="u"), 400, "unsupported_grant_type"),
            (form(client_id="x", client_secret="y"), 400, "invalid_request"),
            (form(grant_type="client_credentials", client_id="x"), 400, "invalid_request"),
            ("grant_type=%zz", 400, "invalid_request"),
        ]
        for body, status, error in cases:
            r = self.req("POST", "/v1/oauth/tokens", body,
                         ctype="application/x-www-form-urlencoded")
            self.assertEqual(r.status, status, body)
            self.assertEqual(r.json()["error"], error)
            self.assertTrue(r.json()["error_description"])

    def test_metrics_count_iceberg_routes(self):
        self.req("GET", "/v1/config")
        self.req("GET", "/v1/nothing")
        text = call(self.srv, "GET", "/metrics").body.decode()
        self.assertRegex(text, r'catalogd_requests_total\{front="iceberg",operation="getConfig",'
                               r'status="200"\} [1-9]')
        self.assertRegex(text, r'catalogd_requests_total\{front="iceberg",operation="NotFound",'
                               r'status="404"\} [1-9]')


class Limits(unittest.TestCase):
    """The HTTP layer's refusals reach Iceberg clients in the Iceberg format."""

    def raw(self, srv, text, sock=None):
        s = sock or socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(text)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        hdrs = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
        while len(body) < int(hdrs.get("content-length", "0")):
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        if sock is None:
            s.close()
        return int(lines[0].split()[1]), hdrs, body

    def test_throttled_and_refused(self):
        with harness.Server(extra_args=["--max-conns-per-client", "2"]) as srv:
            held = [socket.create_connection(("127.0.0.1", srv.port), timeout=10)
                    for _ in range(2)]
            try:
                status, hdrs, body = self.raw(
                    srv, b"GET /iceberg/v1/config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                self.assertEqual(status, 503)
                self.assertEqual(hdrs.get("retry-after"), "1")
                self.assertEqual(json.loads(body), {"error": {
                    "message": "Too many connections from this client; retry shortly.",
                    "type": "SlowDownException", "code": 503}})
            finally:
                for s in held:
                    s.close()
            # the server sees the held connections close a moment later: until then it still
            # counts them and answers 503 (bounded wait)
            deadline = time.time() + 10
            while True:
                status, hdrs, body = self.raw(
                    srv, b"GET /iceberg/v1/config HTTP/1.1\r\nHost: evil.example\r\n\r\n")
                if status != 503 or time.time() > deadline:
                    break
                time.sleep(0.05)
            self.assertEqual(status, 403)
            self.assertEqual(json.loads(body)["error"]["type"], "ForbiddenException")
            self.assertEqual(json.loads(body)["error"]["code"], 403)


class Auth(Base):
    """An auth file: bearer tokens (file ones or issued by /v1/oauth/tokens), 401/403."""

    @classmethod
    def setUpClass(cls):
        cls.srv = AUTH_SRV

    def token(self, key, srv=None):
        r = call(srv or self.srv, "POST", "/iceberg/v1/oauth/tokens",
                 form(grant_type="client_credentials", client_id=key[0], client_secret=key[1],
                      scope="catalog"), ctype="application/x-www-form-urlencoded")
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["token_type"], "bearer")
        self.assertEqual(doc["expires_in"], 3600)
        self.assertRegex(doc["access_token"],
                         r"^ct1\.%s\.[0-9]+\.[0-9a-f]{64}$" % key[0])
        return doc["access_token"]

    def bearer(self, tok):
        return {"Authorization": "Bearer " + tok}

    def test_unauthenticated_is_401_with_challenge(self):
        for hdrs in ({}, {"Authorization": "Basic eDp5"}, self.bearer("wrong-token-0123456789"),
                     self.bearer("ct1.%s.99999999999.%s" % (ADMIN[0], "0" * 64))):
            r = self.req("GET", "/v1/config", headers=hdrs)
            self.assertIcebergError(r, 401, "NotAuthorizedException")
            self.assertEqual(r.headers["www-authenticate"], 'Bearer realm="catalogd"')
        # HEAD: the status and the challenge, no body
        r = self.req("HEAD", "/v1/namespaces/x")
        self.assertEqual((r.status, r.body), (401, b""))
        self.assertIn("www-authenticate", r.headers)

    def test_oauth_client_credentials(self):
        tok = self.token(ADMIN)
        self.assertEqual(self.req("GET", "/v1/config", headers=self.bearer(tok)).status, 200)
        r = self.req("POST", "/v1/namespaces", {"namespace": ["ice_auth"]},
                     headers=self.bearer(tok))
        self.assertEqual(r.status, 200, r.body)
        for cid, secret in ((ADMIN[0], ADMIN[1] + "x"), ("AKIDNOSUCH000001", ADMIN[1]),
                            (ADMIN[0], READER[1])):
            r = self.req("POST", "/v1/oauth/tokens",
                         form(grant_type="client_credentials", client_id=cid,
                              client_secret=secret), ctype="application/x-www-form-urlencoded")
            self.assertEqual(r.status, 401)
            self.assertEqual(r.json(), {"error": "invalid_client",
                                        "error_description":
                                            "The client id or secret is not valid."})
        # any change to the token: 401
        bad = tok[:-1] + ("0" if tok[-1] != "0" else "1")
        self.assertIcebergError(self.req("GET", "/v1/config", headers=self.bearer(bad)), 401,
                                "NotAuthorizedException", "The bearer token is not valid.")

    def test_token_exchange_renews_for_the_same_principal(self):
        tok = self.token(READER)
        r = self.req("POST", "/v1/oauth/tokens",
                     form(grant_type="urn:ietf:params:oauth:grant-type:token-exchange",
                          subject_token=tok,
                          subject_token_type="urn:ietf:params:oauth:token-type:access_token"),
                     ctype="application/x-www-form-urlencoded")
        self.assertEqual(r.status, 200, r.body)
        new = r.json()["access_token"]
        self.assertTrue(new.startswith("ct1.%s." % READER[0]))
        r = self.req("POST", "/v1/namespaces", {"namespace": ["ice_x"]},
                     headers=self.bearer(new))
        self.assertIcebergError(r, 403, "ForbiddenException")
        r = self.req("POST", "/v1/oauth/tokens",
                     form(grant_type="urn:ietf:params:oauth:grant-type:token-exchange",
                          subject_token="nope-0123456789abcdef"),
                     ctype="application/x-www-form-urlencoded")
        self.assertEqual((r.status, r.json()["error"]), (400, "invalid_grant"))

    def test_reader_and_scopes_are_403(self):
        admin = self.bearer(self.token(ADMIN))
        for ns in ("ice_scoped_a", "ice_other"):
            self.req("POST", "/v1/namespaces", {"namespace": [ns]}, headers=admin)
        # a reader (file token) reads but does not write
        r = self.req("GET", "/v1/namespaces/ice_other", headers=self.bearer(FILE_TOKEN))
        self.assertEqual(r.status, 200, r.body)
        r = self.req("POST", "/v1/namespaces", {"namespace": ["ice_r"]},
                     headers=self.bearer(FILE_TOKEN))
        self.assertIcebergError(r, 403, "ForbiddenException")
        # a scoped principal sees its databases only
        scoped = self.bearer(self.token(SCOPED))
        self.assertEqual(self.req("GET", "/v1/namespaces/ice_scoped_a", headers=scoped).status,
                         200)
        self.assertIcebergError(self.req("GET", "/v1/namespaces/ice_other", headers=scoped), 403,
                                "ForbiddenException")

    def test_body_limit_in_iceberg_format(self):
        tok = self.bearer(self.token(ADMIN))
        body = {"namespace": ["ice_big"], "properties": {"k": "x" * 8000}}
        r = self.req("POST", "/v1/namespaces", body, headers=tok)
        self.assertIcebergError(r, 413, "BadRequestException",
                                "Request body exceeds the limit of 4096 bytes.")

    def test_token_works_on_a_twin_and_dies_with_its_secret(self):
        global TWIN_SRV
        twin_auth = os.path.join(TMP, "twin.json")
        write_auth(twin_auth, auth_doc())
        TWIN_SRV = harness.Server(extra_args=["--auth-file", twin_auth]).start()
        tok = self.token(ADMIN)  # issued by the other server
        r = call(TWIN_SRV, "GET", "/iceberg/v1/config", headers=self.bearer(tok))
        self.assertEqual(r.status, 200, r.body)
        write_auth(twin_auth, auth_doc(admin_secret="a-changed-secret-0123"))
        before = TWIN_SRV.log().count("SIGHUP")
        TWIN_SRV.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while TWIN_SRV.log().count("SIGHUP") == before and time.monotonic() < deadline:
            time.sleep(0.02)
        r = call(TWIN_SRV, "GET", "/iceberg/v1/config", headers=self.bearer(tok))
        self.assertEqual(r.status, 401, r.body)
        self.assertEqual(json.loads(r.body)["error"]["type"], "NotAuthorizedException")


if __name__ == "__main__":
    unittest.main()
