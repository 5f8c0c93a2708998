"""Several catalogd behind a real load balancer (issue 23): two catalogd over one PostgreSQL
database (CATALOG_TEST_PG; skipped without it) with --trusted-proxy 127.0.0.1, behind Debian's
nginx and HAProxy started here with the README's configurations (nginx http: keep-alive and
X-Forwarded-For; nginx stream: PROXY protocol v1; HAProxy: PROXY protocol v2 and /health checks).
200 client connections get no 5xx; a rolling restart of both catalogd under load loses no
request; the audit log and the --verbose lines show the real client address, a forged
X-Forwarded-For or PROXY header is ignored; the per-client connection limit counts the real
client behind the proxy and answers 503 over it.  Bounded (about 15 s), loopback only."""

import glob
import http.client
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import boto3
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))  # tests/: balancers
import balancers  # noqa: E402

KEY = ("AKIDBALANCER0001", "balancer-secret-0123456789")
DRAIN = 2  # --drain-seconds: short, to keep the rolling restart short
# --max-conns-per-client: small, so that the limit test needs few connections, and so that the
# 200-connection load shows nginx's own connections (no PROXY header) are not counted as a client's
PER_CLIENT = 4
# Every catalogd's flags (besides --listen, --db and --auth-file), in this one place.
SERVER_FLAGS = ["--verbose", "--trusted-proxy", "127.0.0.1", "--drain-seconds", str(DRAIN),
                "--max-conns-per-client", str(PER_CLIENT)]
LOAD_CONNS = 200  # client connections of the wrk run
LOAD_SECS = 3
LOAD_MIN = 300  # answers the wrk run must at least get (a shared 2-core machine does far more)
RESTART_CLIENTS = 16  # keep-alive clients looping through nginx during the rolling restart
RESTART_MIN = 200  # answers they must at least get
CT = harness.JSON_CT

TMP = None
A = B = None
NGINX = HAPROXY = None
PORTS = {}  # name -> loopback port: a, b (catalogd), http, stream, limit (nginx), haproxy
DB = "lb_db"
TABLE = "orders"


def start_nginx():
    """nginx with the README's http and stream configurations, and one more stream server: the
    PROXY protocol to A alone, for the per-client limit test."""
    up = (PORTS["a"], PORTS["b"])
    return balancers.nginx(os.path.join(TMP, "nginx"), http=[
        (balancers.localize("nginx config", PORTS["http"], up), PORTS["http"])], stream=[
        (balancers.localize("nginx stream config", PORTS["stream"], up), PORTS["stream"]),
        ("server { listen 127.0.0.1:%d; proxy_pass 127.0.0.1:%d; proxy_protocol on; }"
         % (PORTS["limit"], PORTS["a"]), PORTS["limit"])])


def start_haproxy():
    return balancers.haproxy(os.path.join(TMP, "haproxy"), balancers.localize(
        "haproxy config", PORTS["haproxy"], (PORTS["a"], PORTS["b"])), PORTS["haproxy"])


# ---------------------------------------------------------------- catalogd

def server(name):
    """catalogd NAME ("a" or "b") on its fixed port (nginx names it), over the shared database."""
    return harness.Server(db_dir=TMP, extra_args=[
        "--auth-file", os.path.join(TMP, "auth.json"),
        "--listen", "127.0.0.1:%d" % PORTS[name]] + SERVER_FLAGS)


def all_logs():
    """Every catalogd log of the module (a restarted catalogd writes a new one), concatenated."""
    paths = sorted(glob.glob(os.path.join(TMP, "catalogd-*.log")))
    return "".join(balancers.read(p) for p in paths)


def audit_lines():
    out = []
    for line in all_logs().splitlines():
        if line.startswith("catalogd: audit "):
            out.append(json.loads(line[len("catalogd: audit "):]))
    return out


def verbose_sources(target):
    """The client addresses of the --verbose lines of Glue operation TARGET answered 200."""
    return re.findall(r"^catalogd: (\S+) POST / AWSGlue\.%s -> 200 " % target, all_logs(), re.M)


def sign(port, target, body):
    """Headers of a SigV4-signed Glue request for 127.0.0.1:PORT (Host as the client sends it:
    the balancer must pass it on unchanged)."""
    req = AWSRequest(method="POST", url="http://127.0.0.1:%d/" % port, data=body,
                     headers={"Content-Type": CT, "X-Amz-Target": "AWSGlue." + target})
    botocore.auth.SigV4Auth(Credentials(*KEY), "glue", "us-east-1").add_auth(req)
    return dict(req.headers.items())


class Conn:
    """One keep-alive HTTP connection to 127.0.0.1:PORT from address SRC."""

    def __init__(self, port, src="127.0.0.1", timeout=30):
        self.port = port
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                            source_address=(src, 0))

    def post(self, target, body, extra=None, headers=None):
        """(status, lower-case headers, body bytes); http.client reconnects after a close."""
        body = json.dumps(body).encode()
        h = headers or sign(self.port, target, body)
        h.update(extra or {})
        try:
            self.c.request("POST", "/", body=body, headers=h)
            r = self.c.getresponse()
            data = r.read()
        except BaseException:
            self.c.close()
            raise
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def get(self, path):
        self.c.request("GET", path)
        r = self.c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()

    def close(self):
        self.c.close()


def glue(port):
    return boto3.client("glue", endpoint_url="http://127.0.0.1:%d" % port,
                        region_name="us-east-1", aws_access_key_id=KEY[0],
                        aws_secret_access_key=KEY[1], config=Config(retries={"max_attempts": 1}))


# ---------------------------------------------------------------- module

@harness.pg_only()
def setUpModule():
    global TMP, A, B, NGINX, HAPROXY
    for tool in ("nginx", "haproxy"):
        balancers.binary(tool)  # or RuntimeError: run make deps
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: run `make deps` (as root)")
    TMP = tempfile.mkdtemp(prefix="catalogd-balancer-")
    path = os.path.join(TMP, "auth.json")
    with open(path, "w") as f:
        json.dump({"principals": [{"name": "lb", "access_key_id": KEY[0],
                                   "secret_access_key": KEY[1], "role": "admin"}]}, f)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    for name in ("a", "b", "http", "stream", "limit", "haproxy"):
        PORTS[name] = harness.pgcluster.free_port()
    try:
        A = server("a").start()
        B = server("b").start()
        assert A.db_path == B.db_path
        g = glue(PORTS["a"])
        g.create_database(DatabaseInput={"Name": DB})
        g.create_table(DatabaseName=DB, TableInput={
            "Name": TABLE, "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "string"}]},
            "PartitionKeys": [{"Name": "k", "Type": "string"}]})
        NGINX = start_nginx()
        HAPROXY = start_haproxy()
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    try:
        for b in (NGINX, HAPROXY):
            if b is not None:
                b.stop()
        for s in (A, B):
            if s is not None and s.proc is not None and s.proc.poll() is None:
                s.stop()
    finally:
        if TMP:
            shutil.rmtree(TMP, ignore_errors=True)


def get_table_body():
    return {"DatabaseName": DB, "Name": TABLE}


@harness.pg_only()
class Balanced(unittest.TestCase):
    maxDiff = 4000

    def served(self, srv):
        """GetTable answers in SRV's current log."""
        return len(re.findall(r"POST / AWSGlue\.GetTable -> 200 ", srv.log()))

    # -- 200 client connections through nginx (http, keep-alive to the upstreams)
    def test_load_200_connections_no_5xx(self):
        bodies = os.path.join(TMP, "gettable.json")
        hdrs = os.path.join(TMP, "gettable.headers")
        body = json.dumps(get_table_body())
        with open(bodies, "w") as f:
            f.write(body + "\n")
        with open(hdrs, "w") as f:
            for k, v in sign(PORTS["http"], "GetTable", body.encode()).items():
                if k.lower() not in ("content-type", "x-amz-target"):
                    f.write("%s: %s\n" % (k, v))
            f.write("Host: 127.0.0.1:%d\n" % PORTS["http"])
        before = (self.served(A), self.served(B))
        r = subprocess.run(
            ["wrk", "-t2", "-c%d" % LOAD_CONNS, "-d%ds" % LOAD_SECS, "--timeout", "10s",
             "-s", os.path.join(harness.REPO_ROOT, "bench/wrk_glue.lua"),
             "http://127.0.0.1:%d/" % PORTS["http"], "--", "GetTable", bodies, '"Table":',
             "1000000", hdrs], capture_output=True, text=True, timeout=LOAD_SECS + 60)
        m = re.search(r"^WRK (\{.*\})$", r.stdout, re.M)
        self.assertTrue(m, "wrk printed no result:\n%s\n%s" % (r.stdout, r.stderr))
        res = json.loads(m.group(1))
        sys.stderr.write("[%d requests, %.0f/s, p99 %.1f ms] " % (
            res["requests"], res["rate"], res["p99_ms"]))
        self.assertEqual((res["bad"], res["first_bad"], res["errors"]), (0, "", 0),
                         "%r\n%s" % (res, NGINX.log_tail()))
        self.assertGreaterEqual(res["requests"], LOAD_MIN, res)
        # round robin: both catalogd answered
        self.assertGreater(self.served(A), before[0])
        self.assertGreater(self.served(B), before[1])

    # -- a rolling restart under load
    def test_rolling_restart_loses_no_request(self):
        global A, B
        stop = threading.Event()
        failures, created = [], []
        counts = [0] * RESTART_CLIENTS
        lock = threading.Lock()
        get_body = get_table_body()
        get_headers = sign(PORTS["http"], "GetTable", json.dumps(get_body).encode())

        def client(i):
            conn = Conn(PORTS["http"])
            n = 0
            while not stop.is_set():
                n += 1
                write = n % 4 == 0  # every 4th a write: a lost one would show in the table
                value = "c%d_%d" % (i, n)
                try:
                    if write:
                        status, _, data = conn.post("CreatePartition", {
                            "DatabaseName": DB, "TableName": TABLE,
                            "PartitionInput": {"Values": [value]}})
                    else:
                        status, _, data = conn.post("GetTable", get_body,
                                                    headers=dict(get_headers))
                except Exception as e:  # noqa: BLE001 -- counted, the test fails on it
                    with lock:
                        failures.append((i, n, "write" if write else "read", repr(e)))
                    continue
                if status != 200:
                    with lock:
                        failures.append((i, n, status, data[:300]))
                    continue
                counts[i] += 1
                if write:
                    with lock:
                        created.append(value)
            conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(RESTART_CLIENTS)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.5)
            A = self.restart(A, "a")
            B = self.restart(B, "b")
            time.sleep(0.5)
        finally:
            stop.set()
            for t in threads:
                t.join(30)
        sys.stderr.write("[%d answers, %d writes] " % (sum(counts), len(created)))
        self.assertEqual(len(failures), 0, "%d of %d requests failed, the first: %r\n%s"
                         % (len(failures), len(failures) + sum(counts), failures[:5],
                            NGINX.log_tail()))
        self.assertGreaterEqual(sum(counts), RESTART_MIN)
        # every acknowledged write is there, once
        values = []
        g = glue(PORTS["b"])
        for page in g.get_paginator("get_partitions").paginate(DatabaseName=DB, TableName=TABLE):
            values += [p["Values"][0] for p in page["Partitions"]]
        values = [v for v in values if re.match(r"c\d+_\d+$", v)]
        self.assertEqual(sorted(values), sorted(created))

    def restart(self, srv, name):
        """SIGTERM SRV under load: it drains (/health 503, answers say Connection: close), exits
        0; start it again on the same port and wait until nginx sends it requests again.
        Returns the new Server."""
        stopped = []
        probes = [Conn(srv.port), Conn(srv.port)]  # open: the drain does not end for want of them
        self.assertEqual(probes[0].get("/health")[0], 200)
        self.assertEqual(probes[1].post("GetTable", get_table_body())[0], 200)

        def stopper():
            try:
                srv.stop()  # SIGTERM, wait, exit status 0 or AssertionError
                stopped.append(True)
            except BaseException as e:  # noqa: BLE001 -- reported below
                stopped.append(e)

        t = threading.Thread(target=stopper)
        t.start()
        deadline = time.monotonic() + 2
        while True:  # until catalogd has taken the signal
            status, headers, data = probes[0].get("/health")
            if status != 200 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual(status, 503, data)
        self.assertEqual(json.loads(data)["status"], "draining", data)
        self.assertEqual(headers.get("connection", "").lower(), "close", headers)
        status, headers, data = probes[1].post("GetTable", get_table_body())
        self.assertEqual(status, 200, data)  # still serving while draining
        self.assertEqual(headers.get("connection", "").lower(), "close", headers)
        for p in probes:
            p.close()
        t.join(DRAIN + harness.STOP_TIMEOUT + 5)
        self.assertEqual(len(stopped), 1, "catalogd %s did not stop" % name)
        if isinstance(stopped[0], BaseException):
            raise stopped[0]
        new = server(name).start()
        status, _, data = Conn(new.port).get("/health")
        self.assertEqual(status, 200, data)
        deadline = time.monotonic() + 15
        while self.served(new) == 0:  # nginx sends it requests again (after fail_timeout)
            self.assertLess(time.monotonic(), deadline, "nginx sent nothing to the new %s" % name)
            time.sleep(0.05)
        return new

    # -- the client's address through each path
    def write_from(self, port, src, extra=None):
        """A signed CreateTable through 127.0.0.1:PORT from address SRC; returns the table name."""
        name = harness.unique_name("src")
        conn = Conn(port, src)
        try:
            status, _, data = conn.post("CreateTable", {"DatabaseName": DB,
                                                        "TableInput": {"Name": name}}, extra)
        finally:
            conn.close()
        self.assertEqual(status, 200, data)
        return name

    def audited_source(self, table):
        for _ in range(100):  # the line is written before the answer; read it back
            found = [a["source"] for a in audit_lines()
                     if a["op"] == "CreateTable" and a["resource"] == "table/%s/%s" % (DB, table)]
            if found:
                return found
            time.sleep(0.02)
        self.fail("no audit line for table %s" % table)

    def test_address_through_nginx_http_x_forwarded_for(self):
        # the client's own X-Forwarded-For is kept by nginx, which appends the real address:
        # the rightmost untrusted entry is the client
        t = self.write_from(PORTS["http"], "127.0.0.2", {"X-Forwarded-For": "6.6.6.6"})
        self.assertEqual(self.audited_source(t), ["127.0.0.2"])
        self.assertIn("127.0.0.2", verbose_sources("CreateTable"))
        self.assertNotIn("6.6.6.6", verbose_sources("CreateTable"))

    def test_address_through_nginx_stream_proxy_protocol_v1(self):
        t = self.write_from(PORTS["stream"], "127.0.0.3")
        self.assertEqual(self.audited_source(t), ["127.0.0.3"])
        self.assertIn("127.0.0.3", verbose_sources("CreateTable"))

    def test_address_through_haproxy_proxy_protocol_v2(self):
        deadline = time.monotonic() + 15  # HAProxy's checks find the servers up (rise 2)
        while True:
            name = harness.unique_name("src")
            conn = Conn(PORTS["haproxy"], "127.0.0.4")
            try:
                status, _, data = conn.post("CreateTable", {"DatabaseName": DB,
                                                            "TableInput": {"Name": name}})
            finally:
                conn.close()
            if status != 503 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(status, 200, "%s\n%s" % (data, HAPROXY.log_tail()))
        self.assertEqual(self.audited_source(name), ["127.0.0.4"])
        self.assertIn("127.0.0.4", verbose_sources("CreateTable"))

    def test_forged_headers_from_untrusted_address_ignored(self):
        # straight to A from 127.0.0.5 (not a trusted proxy): X-Forwarded-For is ignored
        t = self.write_from(A.port, "127.0.0.5", {"X-Forwarded-For": "6.6.6.7"})
        self.assertEqual(self.audited_source(t), ["127.0.0.5"])
        # a PROXY header (v1, then v2) from it is no PROXY header: a bad request, never 6.6.6.x
        v2 = (b"\r\n\r\n\x00\r\nQUIT\n" + bytes([0x21, 0x11, 0, 12]) + socket.inet_aton("6.6.6.8")
              + socket.inet_aton("127.0.0.1") + (1234).to_bytes(2, "big")
              + A.port.to_bytes(2, "big"))
        for header in (b"PROXY TCP4 6.6.6.8 127.0.0.1 1234 %d\r\n" % A.port, v2):
            with self.subTest(header=header[:12]):
                body = json.dumps({"DatabaseName": DB, "TableInput": {
                    "Name": harness.unique_name("forged")}}).encode()
                h = sign(A.port, "CreateTable", body)
                req = ("POST / HTTP/1.1\r\n" + "".join("%s: %s\r\n" % kv for kv in h.items())
                       + "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)).encode()
                s = socket.create_connection(("127.0.0.1", A.port), timeout=10,
                                             source_address=("127.0.0.5", 0))
                try:
                    s.sendall(header + req + body)
                    answer = b""
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        answer += chunk
                except ConnectionResetError:
                    pass
                finally:
                    s.close()
                self.assertFalse(answer.startswith(b"HTTP/1.1 200"), answer[:300])
        logs = all_logs()
        self.assertNotIn("6.6.6.7", logs)
        self.assertNotIn("6.6.6.8", logs)

    # -- the per-client connection limit counts the client behind the proxy
    def test_per_client_limit_behind_proxy_protocol(self):
        port = PORTS["limit"]  # nginx stream to A alone, PROXY protocol on
        held = [Conn(port, "127.0.0.6") for _ in range(PER_CLIENT)]
        try:
            for c in held:  # each connection open and answered: PER_CLIENT of 127.0.0.6's
                status, _, data = c.post("GetTable", get_table_body())
                self.assertEqual(status, 200, data)
            for _ in range(2):  # over the limit: an answer, then the connection is closed
                c = Conn(port, "127.0.0.6")
                status, headers, data = c.post("GetTable", get_table_body())
                c.close()
                self.assertEqual(status, 503, data)  # retried by SDKs and balancers alike
                self.assertEqual(json.loads(data)["__type"], "ThrottlingException", data)
                self.assertEqual(headers.get("retry-after"), "1", headers)
                self.assertEqual(headers.get("connection", "").lower(), "close", headers)
            # another client behind the same proxy is not affected
            other = Conn(port, "127.0.0.7")
            status, _, data = other.post("GetTable", get_table_body())
            other.close()
            self.assertEqual(status, 200, data)
        finally:
            for c in held:
                c.close()
        # the held ones closed: 127.0.0.6 is served again
        deadline = time.monotonic() + 5
        while True:
            c = Conn(port, "127.0.0.6")
            status, _, data = c.post("GetTable", get_table_body())
            c.close()
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(status, 200, data)


if __name__ == "__main__":
    harness.main()
