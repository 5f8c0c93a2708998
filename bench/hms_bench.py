#!/usr/bin/env python3
"""hms_bench.py -- the Hive Metastore Thrift front's two figures of issue 20, each a ratio of two
runs side by side on the same catalogd (--listen and --hms-listen over one store).  Not a test;
`make bench-hms` runs it.

    CATALOGD=build/catalogd python3 bench/hms_bench.py [--partitions N] [--conns C]
                                                       [--secs S] [--rounds R]

1. get_partitions_by_filter calls/s over Thrift as a ratio to Glue GetPartitions calls/s with
   the same predicate (goal >= 0.8), on one table of N partitions (default 100,000; the issue's
   figure is 1,000,000: --partitions 1000000), keys dt (string) and hr (int), a predicate
   matching 18 of them; both return the same partitions (checked first).
2. get_table calls/s over Thrift as a ratio to Glue GetTable calls/s, over 50 tables.

Both sides are driven by the same small load generator: C processes, one keep-alive connection
each, requests encoded once (Thrift over the framed transport, Glue as raw HTTP/1.1 POSTs), every
answer read whole and checked (a Thrift REPLY whose result is field 0; HTTP 200 with the
marker).  The two sides alternate in R rounds of S seconds; the figure is the ratio of the
median rates.  The machine's load moves both sides alike; a loaded machine still shifts the
figures, so say so when quoting them.
"""

import argparse
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

DB = "hms_bench"
TABLE = "parts"
NTABLES = 50
PREDICATE = "dt between '2001-01-01' and '2001-01-03' and hr < 6"  # 3 days x 6 hours = 18


def start(binary, workdir):
    p = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--hms-listen", "127.0.0.1:0",
                          "--db", os.path.join(workdir, "bench.db"), "--threads", "4"],
                         stderr=subprocess.PIPE, text=True)
    http_port = hms_port = None
    deadline = time.time() + 20
    while time.time() < deadline and (http_port is None or hms_port is None):
        line = p.stderr.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if m:
            http_port = int(m.group(1))
        m = re.search(r"Hive Metastore \(Thrift\) on 127\.0\.0\.1:(\d+)", line)
        if m:
            hms_port = int(m.group(1))
    if http_port is None or hms_port is None:
        p.kill()
        sys.exit("catalogd did not start")
    threading.Thread(target=p.stderr.read, daemon=True).start()
    return p, http_port, hms_port


# ---- encoding ----

def glue_request(port, op, body):
    data = json.dumps(body).encode()
    return (("POST / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
             "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSGlue.%s\r\n"
             "Content-Length: %d\r\n\r\n") % (port, op, len(data))).encode() + data


def t_string(fid, s):
    b = s.encode()
    return b"\x0b" + struct.pack(">hi", fid, len(b)) + b


def thrift_call(name, fields, seq=1):
    """A framed TBinaryProtocol call of NAME whose arguments are FIELDS (encoded)."""
    n = name.encode()
    msg = struct.pack(">Ii", 0x80010001, len(n)) + n + struct.pack(">i", seq) + \
        b"".join(fields) + b"\x00"
    return struct.pack(">I", len(msg)) + msg


def read_exact(s, n):
    out = bytearray()
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise ConnectionError("closed")
        out += chunk
    return bytes(out)


def read_http(s, buf):
    """One HTTP answer from S (BUF: bytes read before): (status, body, rest)."""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    n = int(m.group(1)) if m else 0
    while len(rest) < n:
        chunk = s.recv(max(65536, n - len(rest)))
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return status, rest[:n], rest[n:]


def read_thrift(s):
    """One framed reply: (ok, body).  OK: a REPLY whose result is field 0 (not an exception)."""
    n = struct.unpack(">I", read_exact(s, 4))[0]
    body = read_exact(s, n)
    kind = struct.unpack(">I", body[:4])[0] & 0xff
    namelen = struct.unpack(">i", body[4:8])[0]
    at = 8 + namelen + 4
    ok = kind == 2 and len(body) > at + 2 and body[at] != 0 and body[at + 1:at + 3] == b"\x00\x00"
    return ok, body


# ---- the load generator ----

def worker(kind, port, requests, marker, secs, start_at, out):
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while time.time() < start_at:
        time.sleep(0.001)
    end = time.time() + secs
    n = bad = i = 0
    buf = b""
    while time.time() < end:
        s.sendall(requests[i % len(requests)])
        i += 1
        if kind == "glue":
            status, body, buf = read_http(s, buf)
            good = status == 200 and marker in body
        else:
            good, _ = read_thrift(s)
        n += 1
        bad += not good
    s.close()
    out.put((n, bad))


def rate(kind, port, requests, marker, conns, secs):
    q = multiprocessing.Queue()
    start_at = time.time() + 0.3
    ps = [multiprocessing.Process(target=worker, args=(kind, port, requests[k::conns] or requests,
                                                       marker, secs, start_at, q))
          for k in range(conns)]
    for p in ps:
        p.start()
    total = bad = 0
    for _ in ps:
        n, b = q.get(timeout=secs + 120)
        total += n
        bad += b
    for p in ps:
        p.join()
    if bad:
        sys.exit("%s: %d bad answers of %d" % (kind, bad, total))
    return total / secs


def compare(what, glue, hms, conns, secs, rounds):
    g, h = [], []
    for r in range(rounds):
        g.append(rate("glue", *glue, conns, secs))
        h.append(rate("thrift", *hms, conns, secs))
        print("  round %d: Glue %.0f/s, Thrift %.0f/s" % (r + 1, g[-1], h[-1]), flush=True)
    gm, hm = statistics.median(g), statistics.median(h)
    print("%s: Thrift %.0f/s, Glue %.0f/s, ratio %.2f" % (what, hm, gm, hm / gm), flush=True)
    return hm / gm


# ---- the data ----

def call_glue(port, op, body):
    s = socket.create_connection(("127.0.0.1", port), timeout=600)
    s.sendall(glue_request(port, op, body))
    status, data, _ = read_http(s, b"")
    s.close()
    if status != 200:
        sys.exit("%s: %d %s" % (op, status, data[:300]))
    return json.loads(data)


def load_batch(args):
    port, first, count = args
    entries = []
    for k in range(first, first + count):
        day, hr = divmod(k, 24)
        dt = time.strftime("%Y-%m-%d", time.gmtime(946684800 + day * 86400))
        entries.append({"Values": [dt, str(hr)], "StorageDescriptor": {
            "Location": "s3://bench/%s/dt=%s/hr=%d" % (TABLE, dt, hr)}})
    out = call_glue(port, "BatchCreatePartition", {"DatabaseName": DB, "TableName": TABLE,
                                                   "PartitionInputList": entries})
    if out.get("Errors"):
        sys.exit("BatchCreatePartition: %s" % out["Errors"][:1])
    return count


def setup(port, npart):
    call_glue(port, "CreateDatabase", {"DatabaseInput": {"Name": DB}})
    sd = {"Columns": [{"Name": "id", "Type": "bigint"}, {"Name": "v", "Type": "string"}],
          "Location": "s3://bench/t", "SerdeInfo": {
              "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}
    for t in [TABLE] + ["t%d" % i for i in range(NTABLES)]:
        call_glue(port, "CreateTable", {"DatabaseName": DB, "TableInput": {
            "Name": t, "TableType": "EXTERNAL_TABLE", "StorageDescriptor": sd,
            "PartitionKeys": [{"Name": "dt", "Type": "string"}, {"Name": "hr", "Type": "int"}]}})
    t0 = time.time()
    batches = [(port, k, min(1000, npart - k)) for k in range(0, npart, 1000)]
    with multiprocessing.Pool(2) as pool:
        done = 0
        for n in pool.imap_unordered(load_batch, batches):
            done += n
            if done % 100000 < 1000:
                print("  %d partitions (%.0f s)" % (done, time.time() - t0), flush=True)
    print("loaded %d partitions in %.0f s" % (npart, time.time() - t0), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--partitions", type=int, default=int(os.environ.get("BENCH_HMS_N", 100000)))
    ap.add_argument("--conns", type=int, default=4)
    ap.add_argument("--secs", type=float, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    binary = os.environ.get("CATALOGD", "build/catalogd")
    work = tempfile.mkdtemp(prefix="catalogd-hms-bench-")
    p = None
    try:
        p, http_port, hms_port = start(binary, work)
        setup(http_port, a.partitions)
        # the same partitions both ways, checked once
        glue_n = len(call_glue(http_port, "GetPartitions", {
            "DatabaseName": DB, "TableName": TABLE, "Expression": PREDICATE})["Partitions"])
        s = socket.create_connection(("127.0.0.1", hms_port), timeout=60)
        s.sendall(thrift_call("get_num_partitions_by_filter", [
            t_string(1, DB), t_string(2, TABLE), t_string(3, PREDICATE)]))
        ok, body = read_thrift(s)
        s.close()
        hms_n = struct.unpack(">i", body[-5:-1])[0] if ok else -1
        if glue_n != hms_n or glue_n != 18:
            sys.exit("the predicate matches %d over Glue, %d over Thrift (want 18)" % (glue_n, hms_n))
        print("%d partitions; predicate %r matches %d" % (a.partitions, PREDICATE, glue_n))
        r1 = compare("get_partitions_by_filter vs GetPartitions",
                     (http_port, [glue_request(http_port, "GetPartitions", {
                         "DatabaseName": DB, "TableName": TABLE, "Expression": PREDICATE})],
                      b'"Partitions"'),
                     (hms_port, [thrift_call("get_partitions_by_filter", [
                         t_string(1, DB), t_string(2, TABLE), t_string(3, PREDICATE),
                         b"\x06" + struct.pack(">hh", 4, -1)])], None),
                     a.conns, a.secs, a.rounds)
        tables = ["t%d" % i for i in range(NTABLES)]
        r2 = compare("get_table vs GetTable",
                     (http_port, [glue_request(http_port, "GetTable", {"DatabaseName": DB,
                                                                      "Name": t})
                                  for t in tables], b'"Table"'),
                     (hms_port, [thrift_call("get_table", [t_string(1, DB), t_string(2, t)])
                                 for t in tables], None),
                     a.conns, a.secs, a.rounds)
        print("RESULT " + json.dumps({"partitions": a.partitions, "conns": a.conns,
                                      "filter_ratio": round(r1, 3), "get_table_ratio": round(r2, 3),
                                      "filter_goal": 0.8, "load": os.getloadavg()[0]}))
    finally:
        if p:
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
