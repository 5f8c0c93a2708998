"""The Iceberg REST protocol under /iceberg for the tests (http.client, one connection per
request): requests with percent-encoded namespaces, table fixtures (schema, partition spec, sort
order, snapshots), and every answer recorded so that the module's tearDownModule checks them all
against the official OpenAPI document (tests/js/iceberg/validate.mjs, ajv)."""

import http.client
import itertools
import json
import os
import random
import shutil
import subprocess
import tempfile
import time
import urllib.parse

import harness

JS = os.path.join(harness.REPO_ROOT, "tests", "js", "iceberg")
VALIDATE = os.path.join(JS, "validate.mjs")
RECORDS = []  # every answer since the last validate_recorded(): dicts for validate.mjs

SCHEMA = {"type": "struct", "schema-id": 0, "fields": [
    {"id": 1, "name": "id", "type": "long", "required": True},
    {"id": 2, "name": "ts", "type": "timestamp", "required": False},
    {"id": 3, "name": "data", "type": "string", "required": False}]}
SPEC = {"spec-id": 0, "fields": [
    {"source-id": 2, "field-id": 1000, "name": "ts_day", "transform": "day"}]}
SORT = {"order-id": 1, "fields": [
    {"source-id": 1, "transform": "identity", "direction": "asc", "null-order": "nulls-first"}]}

_ids = itertools.count(1)


def new_snapshot_id():
    """A positive 63-bit id no other snapshot of the run has."""
    return (random.getrandbits(40) << 20) | next(_ids)


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status = method, path, status
        self.headers = headers  # lower-case names
        self.body = body  # bytes

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%s %s -> %d %r>" % (self.method, self.path, self.status, self.body[:800])


def ns_path(ns):
    """Namespace NS ("a", or levels ["a", "b"]) as a path segment: levels %1F-joined, each
    percent-encoded."""
    levels = [ns] if isinstance(ns, str) else list(ns)
    return "%1F".join(urllib.parse.quote(l, safe="") for l in levels)


def seg(name):
    return urllib.parse.quote(name, safe="")


class Ice:
    """Requests to one catalogd's Iceberg front as one caller (TOKEN: its bearer token)."""

    def __init__(self, srv, token=None, prefix=None, timeout=60):
        self.srv, self.token, self.prefix, self.timeout = srv, token, prefix, timeout

    def with_token(self, token):
        return Ice(self.srv, token, self.prefix, self.timeout)

    def url(self, path, query=None):
        base = "/iceberg/v1/" + (seg(self.prefix) + "/" if self.prefix else "")
        full = base + path.lstrip("/") if not path.startswith("/iceberg/") else path
        if query:
            full += "?" + urllib.parse.urlencode(query)
        return full

    def req(self, method, path, body=None, query=None, headers=None, raw_path=False,
            content_type="application/json"):
        """One request; PATH is under /iceberg/v1/[prefix/] unless RAW_PATH (sent as is)."""
        full = path if raw_path else self.url(path, query)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        h = {}
        if body is not None and content_type:
            h["Content-Type"] = content_type
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=self.timeout)
        try:
            conn.request(method, full, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
        finally:
            conn.close()
        RECORDS.append({"method": method, "path": full, "status": r.status,
                        "contentType": hdrs.get("content-type"),
                        "body": data.decode("utf-8", "replace")})
        return Response(method, full, r.status, hdrs, data)

    # -- the routes
    def config(self, warehouse=None):
        return self.req("GET", "config", query={"warehouse": warehouse} if warehouse else None)

    def create_namespace(self, ns, properties=None):
        levels = [ns] if isinstance(ns, str) else list(ns)
        body = {"namespace": levels}
        if properties is not None:
            body["properties"] = properties
        return self.req("POST", "namespaces", body)

    def list_namespaces(self, parent=None, page_token=None, page_size=None):
        q = {}
        if parent is not None:
            q["parent"] = parent if isinstance(parent, str) else "\x1f".join(parent)
        if page_token is not None:
            q["pageToken"] = page_token
        if page_size is not None:
            q["pageSize"] = str(page_size)
        return self.req("GET", "namespaces", query=q or None)

    def namespace(self, ns, method="GET"):
        return self.req(method, "namespaces/" + ns_path(ns))

    def update_properties(self, ns, removals=(), updates=None):
        return self.req("POST", "namespaces/%s/properties" % ns_path(ns),
                        {"removals": list(removals), "updates": updates or {}})

    def create_table(self, ns, name, schema=SCHEMA, spec=SPEC, order=None, headers=None,
                     **extra):
        body = {"name": name, "schema": schema}
        if spec is not None:
            body["partition-spec"] = spec
        if order is not None:
            body["write-order"] = order
        body.update({k.replace("_", "-"): v for k, v in extra.items()})
        return self.req("POST", "namespaces/%s/tables" % ns_path(ns), body, headers=headers)

    def list_tables(self, ns, page_token=None, page_size=None, views=False):
        q = {}
        if page_token is not None:
            q["pageToken"] = page_token
        if page_size is not None:
            q["pageSize"] = str(page_size)
        return self.req("GET", "namespaces/%s/%s" % (ns_path(ns), "views" if views else "tables"),
                        query=q or None)

    def table_path(self, ns, name, kind="tables"):
        return "namespaces/%s/%s/%s" % (ns_path(ns), kind, seg(name))

    def load(self, ns, name, snapshots=None, headers=None):
        return self.req("GET", self.table_path(ns, name),
                        query={"snapshots": snapshots} if snapshots else None, headers=headers)

    def commit(self, ns, name, requirements=(), updates=(), identifier=False):
        body = {"requirements": list(requirements), "updates": list(updates)}
        if identifier:
            body["identifier"] = {"namespace": [ns] if isinstance(ns, str) else list(ns),
                                  "name": name}
        return self.req("POST", self.table_path(ns, name), body)

    def drop(self, ns, name, purge=None, kind="tables"):
        return self.req("DELETE", self.table_path(ns, name, kind),
                        query={"purgeRequested": "true" if purge else "false"}
                        if purge is not None else None)

    def rename(self, src_ns, src, dst_ns, dst, kind="tables"):
        ident = lambda ns, n: {"namespace": [ns] if isinstance(ns, str) else list(ns), "name": n}
        return self.req("POST", "%s/rename" % kind,
                        {"source": ident(src_ns, src), "destination": ident(dst_ns, dst)})

    def transaction(self, changes):
        """CHANGES: [(ns, name, requirements, updates)...]."""
        return self.req("POST", "transactions/commit", {"table-changes": [
            {"identifier": {"namespace": [ns] if isinstance(ns, str) else list(ns), "name": n},
             "requirements": list(rq), "updates": list(up)} for ns, n, rq, up in changes]})


def oauth_token(srv, client_id, secret, extra=None, raw_body=None):
    """POST /iceberg/v1/oauth/tokens with the client-credentials grant (form encoded); the
    Response (recorded)."""
    form = {"grant_type": "client_credentials", "client_id": client_id,
            "client_secret": secret, "scope": "catalog"}
    form.update(extra or {})
    body = raw_body if raw_body is not None else urllib.parse.urlencode(form)
    return Ice(srv).req("POST", "oauth/tokens", body,
                        content_type="application/x-www-form-urlencoded")


# ---------------------------------------------------------------- snapshots


def snapshot(meta, snapshot_id=None, parent="current", operation="append", ts=None,
             schema_id=None):
    """A new Snapshot for table metadata META: the next sequence number, parent the current
    snapshot (or PARENT), a manifest list under the table's location."""
    sid = snapshot_id or new_snapshot_id()
    if parent == "current":
        parent = current_snapshot(meta)
    s = {"snapshot-id": sid, "sequence-number": meta.get("last-sequence-number", 0) + 1,
         "timestamp-ms": ts or int(time.time() * 1000),
         "manifest-list": "%s/metadata/snap-%d-1-%s.avro" % (meta["location"], sid,
                                                              harness.unique_name("m")),
         "summary": {"operation": operation, "added-data-files": "1", "added-records": "10"},
         "schema-id": meta.get("current-schema-id", 0) if schema_id is None else schema_id}
    if parent is not None:
        s["parent-snapshot-id"] = parent
    if meta.get("format-version") == 3:
        s["first-row-id"] = meta.get("next-row-id", 0)
        s["added-rows"] = 10
    return s


def current_snapshot(meta):
    """The current snapshot id of META, None when there is none (-1 or absent)."""
    c = meta.get("current-snapshot-id")
    return None if c in (None, -1) else c


def append_changes(meta, branch="main", snap=None):
    """(requirements, updates, snapshot) of an append to BRANCH, as clients send it."""
    s = snap or snapshot(meta, parent=(meta.get("refs") or {}).get(branch, {}).get("snapshot-id"))
    ref = (meta.get("refs") or {}).get(branch)
    reqs = [{"type": "assert-table-uuid", "uuid": meta["table-uuid"]},
            {"type": "assert-ref-snapshot-id", "ref": branch,
             "snapshot-id": ref["snapshot-id"] if ref else None}]
    ups = [{"action": "add-snapshot", "snapshot": s},
           {"action": "set-snapshot-ref", "ref-name": branch, "type": "branch",
            "snapshot-id": s["snapshot-id"]}]
    return reqs, ups, s


# ---------------------------------------------------------------- OpenAPI


def node_ready():
    """None when node and tests/js/iceberg/node_modules are there, else why not."""
    if shutil.which("node") is None:
        return "node is not installed (make deps installs nodejs)"
    for m in ("ajv", "js-yaml", "iceberg-js"):
        if not os.path.isdir(os.path.join(JS, "node_modules", m)):
            return "tests/js/iceberg/node_modules/%s is missing: run make deps" % m
    return None


def validate(records, coverage=False):
    """Run validate.mjs over RECORDS: (problems text or "", [(method, route, status)...])."""
    why = node_ready()
    if why:
        return why, []
    d = tempfile.mkdtemp(prefix="catalogd-openapi-")
    try:
        rec, cov = os.path.join(d, "records.json"), os.path.join(d, "coverage.json")
        with open(rec, "w") as f:
            json.dump(records, f)
        r = subprocess.run(["node", VALIDATE, rec, "--coverage", cov], cwd=JS,
                           capture_output=True, text=True, timeout=120)
        covered = []
        if os.path.exists(cov):
            with open(cov) as f:
                covered = [tuple(t) for t in json.load(f)]
        if r.returncode != 0:
            return (r.stderr or r.stdout or "validate.mjs exited %d" % r.returncode), covered
        return "", covered
    finally:
        shutil.rmtree(d, ignore_errors=True)


def validate_recorded():
    """For tearDownModule: every answer recorded since the last call validated against the
    OpenAPI document; AssertionError listing the problems."""
    records = RECORDS[:]
    del RECORDS[:]
    if not records:
        return
    problems, _ = validate(records)
    if problems:
        raise AssertionError("Iceberg REST answers that do not match the OpenAPI document "
                             "(%d recorded):\n%s" % (len(records), problems[-20000:]))
