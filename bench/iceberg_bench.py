#!/usr/bin/env python3
"""iceberg_bench.py -- the Iceberg REST front's two figures of issue 18, each a ratio of two
runs side by side on the same catalogd.  Not a test; `make bench-iceberg` runs it.

    CATALOGD=build/catalogd python3 bench/iceberg_bench.py [--tables N] [--snapshots S]

1. loadTable requests/s (GET /iceberg/v1/namespaces/bench/tables/tK, wrk with
   bench/wrk_glue.lua in GET mode) as a ratio to Glue GetTable requests/s on the same tables
   (goal >= 0.8): the same wrk, connections and seconds, alternating rounds, median of each.
2. commit p50 (an append: assert-ref-snapshot-id + add-snapshot + set-snapshot-ref) on a table
   whose history holds S snapshots (default 10,000) as a ratio to one holding 10 (goal <= 1.5):
   COMMITS sequential commits on each over one keep-alive connection, alternating tables.
   The big history is made by registering a metadata file with S snapshots (a file://
   warehouse in a temporary folder), then one commit that makes catalogd hold it.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
WRK_LUA = os.path.join(HERE, "wrk_glue.lua")
ROUNDS = int(os.environ.get("BENCH_WRK_ROUNDS", "5"))
SECS = int(os.environ.get("BENCH_WRK_SECS", "3"))
CONNS = int(os.environ.get("BENCH_WRK_CONNS", "16"))


def start(binary, workdir, warehouse):
    p = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--db",
                          os.path.join(workdir, "bench.db"), "--threads", "8",
                          "--warehouse", "file://" + warehouse],
                         stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 10
    while time.time() < deadline:
        line = p.stderr.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if m:
            threading.Thread(target=p.stderr.read, daemon=True).start()
            return p, int(m.group(1))
    p.kill()
    sys.exit("catalogd did not start")


class Conn:
    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def req(self, method, path, body=None, ok=(200, 204), parse=True):
        self.c.request(method, path, body=None if body is None else json.dumps(body),
                       headers={"Content-Type": "application/json"})
        r = self.c.getresponse()
        data = r.read()
        if r.status not in ok:
            sys.exit("%s %s: %d %s" % (method, path, r.status, data[:400]))
        if not parse:  # the commits: the answer is read whole, not parsed (the client's cost)
            return None
        return json.loads(data) if data else None


SCHEMA = {"type": "struct", "schema-id": 0, "fields": [
    {"id": 1, "name": "id", "type": "long", "required": True},
    {"id": 2, "name": "ts", "type": "timestamp", "required": False},
    {"id": 3, "name": "payload", "type": "string", "required": False}]}
SPEC = {"spec-id": 0, "fields": [
    {"source-id": 2, "field-id": 1000, "name": "ts_day", "transform": "day"}]}


def snapshot(sid, parent, seq, ts):
    s = {"snapshot-id": sid, "sequence-number": seq, "timestamp-ms": ts,
         "manifest-list": "s3://bench/metadata/snap-%d.avro" % sid,
         "summary": {"operation": "append", "added-data-files": "1", "added-records": "100"},
         "schema-id": 0}
    if parent is not None:
        s["parent-snapshot-id"] = parent
    return s


def append(conn, path, head, seq, ts):
    """Commit one append after snapshot HEAD (None: first); returns the new snapshot id."""
    sid = seq * 7919 + 13
    conn.req("POST", path, {
        "requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": head}],
        "updates": [{"action": "add-snapshot", "snapshot": snapshot(sid, head, seq, ts)},
                    {"action": "set-snapshot-ref", "ref-name": "main", "type": "branch",
                     "snapshot-id": sid}]}, parse=False)
    return sid


def big_metadata(location, n, now):
    """A whole TableMetadata (v2) with N snapshots on main."""
    snaps, log, parent = [], [], None
    for i in range(1, n + 1):
        sid = i * 7919 + 13
        snaps.append(snapshot(sid, parent, i, now - (n - i) * 1000))
        log.append({"timestamp-ms": now - (n - i) * 1000, "snapshot-id": sid})
        parent = sid
    return {"format-version": 2, "table-uuid": str(uuid.uuid4()), "location": location,
            "last-sequence-number": n, "last-updated-ms": now, "last-column-id": 3,
            "current-schema-id": 0, "schemas": [SCHEMA], "default-spec-id": 0,
            "partition-specs": [SPEC], "last-partition-id": 1000, "default-sort-order-id": 0,
            "sort-orders": [{"order-id": 0, "fields": []}], "properties": {},
            "current-snapshot-id": parent, "refs": {"main": {"snapshot-id": parent,
                                                             "type": "branch"}},
            "snapshots": snaps, "snapshot-log": log, "metadata-log": []}, parent


def wrk(port, op, lines, marker, tmp):
    path = os.path.join(tmp, "wrk-%s.txt" % op)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    argv = ["wrk", "-t2", "-c%d" % CONNS, "-d%ds" % SECS, "--timeout", "5s", "-s", WRK_LUA,
            "http://127.0.0.1:%d/" % port, "--", op, path, marker, "1000000"]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=SECS + 60)
    m = re.search(r"^WRK (\{.*\})$", p.stdout, re.M)
    if p.returncode != 0 or not m:
        sys.exit("wrk %s failed: %s %s" % (op, p.stdout, p.stderr))
    r = json.loads(m.group(1))
    if r["bad"] or r["errors"] or not r["requests"]:
        sys.exit("wrk %s: %d bad (first: %s), %d errors" % (op, r["bad"], r["first_bad"],
                                                            r["errors"]))
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", type=int, default=64)
    ap.add_argument("--snapshots", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=200)
    args = ap.parse_args()
    binary = os.environ.get("CATALOGD", "build/catalogd")
    tmp = tempfile.mkdtemp(prefix="iceberg-bench-")
    warehouse = os.path.join(tmp, "warehouse")
    os.makedirs(warehouse)
    srv, port = start(binary, tmp, warehouse)
    try:
        c = Conn(port)
        base = "/iceberg/v1/namespaces"
        c.req("POST", base, {"namespace": ["bench"], "properties": {}})
        for i in range(args.tables):
            c.req("POST", base + "/bench/tables", {"name": "t%d" % i, "schema": SCHEMA,
                                                    "partition-spec": SPEC})
            head = None
            for s in range(1, 4):
                head = append(c, base + "/bench/tables/t%d" % i, head, s, 1700000000000 + s)
        # 1. loadTable vs GetTable
        loads = ["/iceberg/v1/namespaces/bench/tables/t%d" % i for i in range(args.tables)]
        gets = [json.dumps({"DatabaseName": "bench", "Name": "t%d" % i})
                for i in range(args.tables)]
        lr, gr = [], []
        for _ in range(ROUNDS):
            lr.append(wrk(port, "GET", loads, '"metadata"', tmp)["rate"])
            gr.append(wrk(port, "GetTable", gets, '"Table"', tmp)["rate"])
        load_rate, get_rate = statistics.median(lr), statistics.median(gr)
        # 2. commit p50, 10 vs S snapshots
        now = int(time.time() * 1000)
        heads = {}
        for name, n in (("small", 10), ("big", args.snapshots)):
            # the table's own location is not file://: its commits write no metadata file
            # (a file with S snapshots costs the same to write whoever writes it)
            loc = "s3://bench/%s" % name
            meta, head = big_metadata(loc, n, now)
            os.makedirs(os.path.join(warehouse, "bench.db", name, "metadata"))
            mpath = os.path.join(warehouse, "bench.db", name, "metadata",
                                 "00000-%s.metadata.json" % uuid.uuid4())
            with open(mpath, "w") as f:
                json.dump(meta, f)
            c.req("POST", base + "/bench/register", {"name": name,
                                                     "metadata-location": "file://" + mpath})
            heads[name] = append(c, base + "/bench/tables/" + name, head, n + 1, now + 1)
        times = {"small": [], "big": []}
        seqs = {"small": 12, "big": args.snapshots + 2}
        for _ in range(args.commits):
            for name in ("small", "big"):
                t0 = time.perf_counter()
                heads[name] = append(c, base + "/bench/tables/" + name, heads[name],
                                     seqs[name], now + seqs[name])
                times[name].append(time.perf_counter() - t0)
                seqs[name] += 1
        p50s, p50b = statistics.median(times["small"]), statistics.median(times["big"])
        print("== Iceberg REST (catalogd on SQLite, %d tables, wrk -c%d, %d rounds of %d s)" %
              (args.tables, CONNS, ROUNDS, SECS))
        print("loadTable        %9.0f req/s   Glue GetTable %9.0f req/s   ratio %.2f (goal >= 0.8)"
              % (load_rate, get_rate, load_rate / get_rate))
        print("commit p50       %9.2f ms with %d snapshots, %.2f ms with 10   ratio %.2f "
              "(goal <= 1.5)" % (p50b * 1000, args.snapshots, p50s * 1000, p50b / p50s))
    finally:
        srv.terminate()
        try:
            srv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
