#!/usr/bin/env python3
"""auth_bench.py -- GetTable throughput with SigV4 verification on (--auth-file) as a ratio to
the same run without auth (make bench-auth; goal >= 0.8x).

Each mode starts its own catalogd on a free loopback port, creates a table, and runs
BENCH_AUTH_PROCS processes x BENCH_AUTH_SECONDS seconds of GetTable on keep-alive connections.
With auth every request carries a SigV4 signature botocore computed (once per process: the
server verifies it in full on every request, as a replay within 15 minutes is valid SigV4).
Every answer is checked (status 200 and the table's name), so a refusal cannot look fast.

Environment: CATALOGD (default build/catalogd), BENCH_AUTH_PROCS (2), BENCH_AUTH_SECONDS (5).
"""
import http.client
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGD = os.environ.get("CATALOGD", os.path.join(ROOT, "build/catalogd"))
PROCS = int(os.environ.get("BENCH_AUTH_PROCS", "2"))
SECONDS = float(os.environ.get("BENCH_AUTH_SECONDS", "5"))
KEY = ("AKIDBENCH0000001", "bench-secret-0123456789")
CT = "application/x-amz-json-1.1"


def start(tmp, auth):
    args = [CATALOGD, "--listen", "127.0.0.1:0", "--db", os.path.join(tmp, "c.db")]
    if auth:
        path = os.path.join(tmp, "auth.json")
        with open(path, "w") as f:
            json.dump({"principals": [{"name": "bench", "access_key_id": KEY[0],
                                       "secret_access_key": KEY[1], "role": "admin"}]}, f)
        os.chmod(path, 0o600)
        args += ["--auth-file", path]
    log = open(os.path.join(tmp, "log"), "w+")
    p = subprocess.Popen(args, stderr=log, stdout=subprocess.DEVNULL)
    for _ in range(500):
        log.seek(0)
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", log.read())
        if m:
            return p, int(m.group(1))
        time.sleep(0.01)
    p.kill()
    raise SystemExit("catalogd did not start")


def headers(port, target, body, auth):
    h = {"Content-Type": CT, "X-Amz-Target": "AWSGlue." + target}
    if not auth:
        return h
    req = AWSRequest(method="POST", url="http://127.0.0.1:%d/" % port, data=body, headers=h)
    botocore.auth.SigV4Auth(Credentials(*KEY), "glue", "us-east-1").add_auth(req)
    return dict(req.headers.items())


def call(conn, port, target, body, auth):
    body = json.dumps(body).encode()
    conn.request("POST", "/", body=body, headers=headers(port, target, body, auth))
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise SystemExit("%s: %d %s" % (target, r.status, data[:200]))
    return data


def worker(port, auth, deadline, out):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"DatabaseName": "bench", "Name": "orders"}).encode()
    h = headers(port, "GetTable", body, auth)
    n = 0
    while time.time() < deadline:
        conn.request("POST", "/", body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        if r.status != 200 or b'"Name":"orders"' not in data:
            raise SystemExit("GetTable: %d %s" % (r.status, data[:200]))
        n += 1
    out.put(n)


def run(auth):
    with tempfile.TemporaryDirectory(prefix="auth-bench-") as tmp:
        p, port = start(tmp, auth)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port)
            call(conn, port, "CreateDatabase", {"DatabaseInput": {"Name": "bench"}}, auth)
            call(conn, port, "CreateTable", {"DatabaseName": "bench", "TableInput": {
                "Name": "orders", "StorageDescriptor": {"Columns": [
                    {"Name": "c%d" % i, "Type": "string"} for i in range(20)]}}}, auth)
            out = multiprocessing.Queue()
            deadline = time.time() + SECONDS
            ps = [multiprocessing.Process(target=worker, args=(port, auth, deadline, out))
                  for _ in range(PROCS)]
            for w in ps:
                w.start()
            total = sum(out.get(timeout=SECONDS + 60) for _ in ps)
            for w in ps:
                w.join()
            return total / SECONDS
        finally:
            p.terminate()
            p.wait(10)


def main():
    off = run(False)
    on = run(True)
    print("GetTable req/s without auth: %.0f" % off)
    print("GetTable req/s with SigV4:   %.0f" % on)
    print("ratio (goal >= 0.8x):        %.2fx" % (on / off))
    return 0


if __name__ == "__main__":
    sys.exit(main())
