#!/usr/bin/env python3
"""balancer_bench.py -- GetTable through nginx with two catalogd as a ratio to one catalogd
direct, in the same run (make bench-balancer; not a test).

A throwaway PostgreSQL cluster (tests/pgcluster.py), one database, two catalogd over it
(--trusted-proxy 127.0.0.1, as the README's deployment) and Debian's nginx with the README's
configuration (tests/balancers.py) in front of both.  wrk (bench/wrk_glue.lua: every answer
checked, status 200 and the table) runs GetTable in interleaved rounds, one catalogd direct
then nginx with both, same wrk settings; each nginx rate is divided by the direct rate just
before it and the median ratio printed.  On one machine the balancer and both catalogd share
its cores, so the ratio measures what the hop costs there, not what a second machine adds.
A bad answer, a socket error or a timeout fails the bench.

Environment: CATALOGD (build/catalogd), BENCH_LB_ROUNDS (3), BENCH_LB_SECS (3),
BENCH_LB_CONNS (16 wrk connections, 2 threads), BENCH_THREADS (2: each catalogd's --threads).
"""

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import balancers  # noqa: E402
import pgcluster  # noqa: E402

CATALOGD = os.environ.get("CATALOGD", os.path.join(ROOT, "build/catalogd"))
ROUNDS = int(os.environ.get("BENCH_LB_ROUNDS", "3"))
SECS = int(os.environ.get("BENCH_LB_SECS", "3"))
CONNS = int(os.environ.get("BENCH_LB_CONNS", "16"))
THREADS = os.environ.get("BENCH_THREADS", "2")
FLAGS = ["--trusted-proxy", "127.0.0.1", "--threads", THREADS]
CT = "application/x-amz-json-1.1"


def start(tmp, name, db, port):
    log = open(os.path.join(tmp, name + ".log"), "w+")
    p = subprocess.Popen([CATALOGD, "--listen", "127.0.0.1:%d" % port, "--db", db] + FLAGS,
                         stderr=log, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        log.seek(0)
        text = log.read()
        if re.search(r"listening on http://127\.0\.0\.1:%d" % port, text):
            return p
        if p.poll() is not None:
            break
        time.sleep(0.02)
    p.kill()
    raise SystemExit("catalogd %s did not start:\n%s" % (name, text))


def call(port, target, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/", body=json.dumps(body), headers={
        "Content-Type": CT, "X-Amz-Target": "AWSGlue." + target})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    if r.status != 200:
        raise SystemExit("%s: %d %s" % (target, r.status, data[:300]))
    return data


def wrk(port, bodies):
    r = subprocess.run(
        ["wrk", "-t2", "-c%d" % CONNS, "-d%ds" % SECS, "--timeout", "10s",
         "-s", os.path.join(ROOT, "bench/wrk_glue.lua"), "http://127.0.0.1:%d/" % port,
         "--", "GetTable", bodies, '"Table":', "5000000"],
        capture_output=True, text=True, timeout=SECS + 60)
    m = re.search(r"^WRK (\{.*\})$", r.stdout, re.M)
    if not m:
        raise SystemExit("wrk printed no result:\n%s%s" % (r.stdout, r.stderr))
    res = json.loads(m.group(1))
    if res["bad"] or res["errors"] or res["requests"] == 0:
        raise SystemExit("wrk on port %d: bad answers or errors: %r" % (port, res))
    return res


def main():
    procs, lb = [], None
    with tempfile.TemporaryDirectory(prefix="balancer-bench-") as tmp, \
            pgcluster.Cluster() as cluster:
        try:
            cluster.createdb("bench")
            db = cluster.locator("bench")
            ports = [pgcluster.free_port() for _ in range(3)]
            procs = [start(tmp, "a", db, ports[0])]
            procs.append(start(tmp, "b", db, ports[1]))
            call(ports[0], "CreateDatabase", {"DatabaseInput": {"Name": "bench"}})
            call(ports[0], "CreateTable", {"DatabaseName": "bench", "TableInput": {
                "Name": "orders", "StorageDescriptor": {"Columns": [
                    {"Name": "c%d" % i, "Type": "string"} for i in range(20)]}}})
            lb = balancers.nginx(os.path.join(tmp, "nginx"), http=[(balancers.localize(
                "nginx config", ports[2], ports[:2]), ports[2])])
            bodies = os.path.join(tmp, "gettable.bodies")
            with open(bodies, "w") as f:
                f.write(json.dumps({"DatabaseName": "bench", "Name": "orders"}) + "\n")
            ratios = []
            print("GetTable, wrk -t2 -c%d, %d s rounds (req/s, p99 ms; load average):"
                  % (CONNS, SECS))
            for i in range(ROUNDS):
                direct = wrk(ports[0], bodies)
                through = wrk(ports[2], bodies)
                ratios.append(through["rate"] / direct["rate"])
                print("  round %d: one catalogd direct %.0f (%.1f), nginx + two catalogd %.0f "
                      "(%.1f): %.2fx; load %.1f" % (
                          i + 1, direct["rate"], direct["p99_ms"], through["rate"],
                          through["p99_ms"], ratios[-1], os.getloadavg()[0]), flush=True)
            print("GetTable through nginx with two catalogd / one catalogd direct: %.2fx "
                  "(median of %d rounds)" % (statistics.median(ratios), ROUNDS))
        finally:
            if lb is not None:
                lb.stop()
            for p in procs:
                p.terminate()
                p.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
