#!/usr/bin/env python3
"""colstats_bench.py -- UpdateColumnStatisticsForPartition for N partitions (default 1000):
catalogd's one BatchUpdateColumnStatisticsForPartition call against N single calls, in the
same run, on the same catalog.  Not a test; `make bench-colstats` runs it.

    CATALOGD=build/catalogd python3 bench/colstats_bench.py [--partitions N] [--columns C]

The single calls go over one keep-alive connection, one after another (a client without a
thread pool), and again from 8 threads (how engines emulate the batch).  Each round writes
C columns' statistics to every partition; the figures are wall-clock seconds and the ratio.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TARGET = "AWSGlue."
HDRS = {"Content-Type": "application/x-amz-json-1.1"}


def start(binary, workdir):
    p = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--db",
                          os.path.join(workdir, "bench.db"), "--threads", "8"],
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

    def call(self, op, body):
        self.c.request("POST", "/", body=json.dumps(body), headers=dict(HDRS, **{
            "X-Amz-Target": TARGET + op}))
        r = self.c.getresponse()
        data = r.read()
        if r.status != 200:
            sys.exit("%s: %d %s" % (op, r.status, data[:300]))
        return json.loads(data)


def stats(columns, round_no):
    return [{"ColumnName": "c%d" % i, "ColumnType": "bigint", "AnalyzedTime": 1718822493,
             "StatisticsData": {"Type": "LONG", "LongColumnStatisticsData": {
                 "MinimumValue": 0, "MaximumValue": round_no * 1000 + i, "NumberOfNulls": 0,
                 "NumberOfDistinctValues": 10}}} for i in range(columns)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--partitions", type=int, default=1000)
    ap.add_argument("--columns", type=int, default=5)
    a = ap.parse_args()
    binary = os.environ.get("CATALOGD", "build/catalogd")
    work = tempfile.mkdtemp(prefix="colstats-bench-")
    proc, port = start(binary, work)
    try:
        c = Conn(port)
        c.call("CreateDatabase", {"DatabaseInput": {"Name": "bench"}})
        cols = [{"Name": "c%d" % i, "Type": "bigint"} for i in range(a.columns)]
        c.call("CreateTable", {"DatabaseName": "bench", "TableInput": {
            "Name": "t", "StorageDescriptor": {"Columns": cols, "Location": "s3://b/t/"},
            "PartitionKeys": [{"Name": "ds", "Type": "string"}]}})
        values = [["p%05d" % i] for i in range(a.partitions)]
        for i in range(0, len(values), 1000):
            r = c.call("BatchCreatePartition", {"DatabaseName": "bench", "TableName": "t",
                                                "PartitionInputList": [
                                                    {"Values": v} for v in values[i:i + 1000]]})
            assert r["Errors"] == [], r["Errors"][:2]

        def single(conn, vals, round_no):
            for v in vals:
                r = conn.call("UpdateColumnStatisticsForPartition", {
                    "DatabaseName": "bench", "TableName": "t", "PartitionValues": v,
                    "ColumnStatisticsList": stats(a.columns, round_no)})
                assert r["Errors"] == [], r

        t0 = time.monotonic()
        single(c, values, 1)
        t_single = time.monotonic() - t0

        threads, chunks = [], [values[i::8] for i in range(8)]
        t0 = time.monotonic()
        for ch in chunks:
            th = threading.Thread(target=single, args=(Conn(port), ch, 2))
            th.start()
            threads.append(th)
        for th in threads:
            th.join()
        t_pool = time.monotonic() - t0

        t0 = time.monotonic()
        r = c.call("BatchUpdateColumnStatisticsForPartition", {
            "DatabaseName": "bench", "TableName": "t",
            "Entries": [{"PartitionValues": v, "ColumnStatisticsList": stats(a.columns, 3)}
                        for v in values[:1000]]})
        for i in range(1000, len(values), 1000):  # the batch takes 1000 partitions a call
            r = c.call("BatchUpdateColumnStatisticsForPartition", {
                "DatabaseName": "bench", "TableName": "t",
                "Entries": [{"PartitionValues": v, "ColumnStatisticsList": stats(a.columns, 3)}
                            for v in values[i:i + 1000]]})
        t_batch = time.monotonic() - t0
        assert r["Errors"] == [], r["Errors"][:2]
        got = c.call("GetColumnStatisticsForPartition", {
            "DatabaseName": "bench", "TableName": "t", "PartitionValues": values[-1],
            "ColumnNames": ["c0"]})
        assert got["ColumnStatisticsList"][0]["StatisticsData"]["LongColumnStatisticsData"][
            "MaximumValue"] == 3000, got

        n = a.partitions
        print("UpdateColumnStatisticsForPartition, %d partitions x %d columns" % (n, a.columns))
        print("  %d single calls, one connection : %8.3f s  (%.0f calls/s)"
              % (n, t_single, n / t_single))
        print("  %d single calls, 8 threads      : %8.3f s  (%.0f calls/s)"
              % (n, t_pool, n / t_pool))
        print("  BatchUpdateColumnStatisticsForPartition: %8.3f s" % t_batch)
        print("  ratio single/batch: %.1fx (8 threads/batch: %.1fx)"
              % (t_single / t_batch, t_pool / t_batch))
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
