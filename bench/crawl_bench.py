#!/usr/bin/env python3
"""crawl_bench.py -- catalogd's crawler over N partition folders (default 100,000) as a ratio to
`find` listing the same tree in the same run.  Not a test; `make bench-crawl` runs it.

    CATALOGD=build/catalogd python3 bench/crawl_bench.py [--partitions N] [--timeout S]

The tree is generated under a temporary folder: events/dt=YYYY-MM-DD/hour=HH/part-0.csv, one
tiny CSV file per partition (24 hours a day from 2000-01-01).  catalogd (started through the
integration tests' harness, with that folder as its --crawl-root) crawls it with a Glue crawler
(CreateCrawler, StartCrawler, GetCrawler polled until READY); `find` lists the same tree (best of
3 runs, after the crawl, so both see a warm page cache).  The crawl must SUCCEED and register
every partition (ListCrawls' Summary and a full GetPartitions listing are compared with the
generated values); a second crawl with CRAWL_NEW_FOLDERS_ONLY must add none.  Every wait is
bounded by --timeout seconds.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "integ"))
import harness  # noqa: E402


def call(srv, op, body):
    r = srv.raw(op, body, timeout=300)
    if r.status != 200:
        sys.exit("%s: %d %s" % (op, r.status, r.body[:300]))
    return r.json


def generate(root, n):
    """N partition folders with one CSV file each; returns their values as (dt, hour)."""
    base = os.path.join(root, "events")
    day0 = datetime.date(2000, 1, 1)
    values = []
    os.mkdir(base)
    for i in range(n):
        dt, hour = (day0 + datetime.timedelta(days=i // 24)).isoformat(), "%02d" % (i % 24)
        if i % 24 == 0:
            os.mkdir(os.path.join(base, "dt=" + dt))
        folder = os.path.join(base, "dt=" + dt, "hour=" + hour)
        os.mkdir(folder)
        fd = os.open(os.path.join(folder, "part-0.csv"), os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"id,name,amount\n%d,n%d,%d.5\n" % (i, i, i % 100))
        os.close(fd)
        values.append((dt, hour))
    return base, values


def crawl(srv, name, timeout):
    """Start crawler NAME and wait until it is READY again; returns (seconds, crawler)."""
    t0 = time.monotonic()
    call(srv, "StartCrawler", {"Name": name})
    while time.monotonic() - t0 < timeout:
        c = call(srv, "GetCrawler", {"Name": name})["Crawler"]
        if c["State"] == "READY" and "LastCrawl" in c:
            return time.monotonic() - t0, c
        time.sleep(0.05)
    sys.exit("the crawl did not end within %d s" % timeout)


def last_summary(srv):
    """The Summary of the crawler's latest crawl (ListCrawls), as a dict."""
    crawls = call(srv, "ListCrawls", {"CrawlerName": "bench"})["Crawls"]
    return json.loads(max(crawls, key=lambda c: c["StartTime"])["Summary"])


def time_find(base, expected_lines, timeout):
    best = None
    for _ in range(3):
        t0 = time.monotonic()
        p = subprocess.run(["find", base], stdout=subprocess.PIPE, timeout=timeout, check=True)
        dt = time.monotonic() - t0
        lines = p.stdout.count(b"\n")
        if lines != expected_lines:
            sys.exit("find listed %d entries, expected %d" % (lines, expected_lines))
        best = dt if best is None else min(best, dt)
    return best


def registered(srv, values):
    """Every partition of bench.events, paged by 1000; checks they are exactly VALUES."""
    got, token = set(), None
    while True:
        body = {"DatabaseName": "bench", "TableName": "events", "MaxResults": 1000,
                "ExcludeColumnSchema": True}
        if token:
            body["NextToken"] = token
        r = call(srv, "GetPartitions", body)
        got.update(tuple(p["Values"]) for p in r["Partitions"])
        token = r.get("NextToken")
        if not token:
            break
    if got != set(values):
        sys.exit("the crawl registered %d partitions, %d of them expected; missing e.g. %s"
                 % (len(got), len(got & set(values)), sorted(set(values) - got)[:3]))
    return len(got)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--partitions", type=int,
                    default=int(os.environ.get("BENCH_CRAWL_N", "100000")))
    ap.add_argument("--timeout", type=int, default=900)
    a = ap.parse_args()
    work = os.path.realpath(tempfile.mkdtemp(prefix="crawl-bench-",
                                             dir=os.environ.get("BENCH_CRAWL_DIR")))
    srv = None
    try:
        t0 = time.monotonic()
        base, values = generate(work, a.partitions)
        t_gen = time.monotonic() - t0
        srv = harness.Server(extra_args=["--crawl-root", work]).start()
        call(srv, "CreateDatabase", {"DatabaseInput": {"Name": "bench"}})
        call(srv, "CreateCrawler", {
            "Name": "bench", "Role": "bench", "DatabaseName": "bench",
            "Targets": {"S3Targets": [{"Path": "file://" + base}]},
            "RecrawlPolicy": {"RecrawlBehavior": "CRAWL_NEW_FOLDERS_ONLY"},
            "SchemaChangePolicy": {"UpdateBehavior": "LOG", "DeleteBehavior": "LOG"}})
        t_crawl, c = crawl(srv, "bench", a.timeout)
        if c["LastCrawl"]["Status"] != "SUCCEEDED":
            sys.exit("the crawl %s: %s" % (c["LastCrawl"]["Status"],
                                            c["LastCrawl"].get("ErrorMessage")))
        summary = last_summary(srv)
        if summary["PARTITION"]["ADD"] != a.partitions:
            sys.exit("ListCrawls says %r, expected %d partitions added"
                     % (summary, a.partitions))
        n = registered(srv, values)
        t_again, c = crawl(srv, "bench", a.timeout)
        again = last_summary(srv)
        if c["LastCrawl"]["Status"] != "SUCCEEDED" or again["PARTITION"]["ADD"] != 0:
            sys.exit("the second crawl: %r %r" % (c["LastCrawl"], again))
        days = len({v[0] for v in values})
        t_find = time_find(base, 1 + days + 2 * a.partitions, a.timeout)
        print("crawl of %d partition folders (%d files, %d entries in all)"
              % (a.partitions, a.partitions, 1 + days + 2 * a.partitions))
        print("  tree generated                  %8.2f s" % t_gen)
        print("  find (best of 3)                %8.3f s" % t_find)
        print("  first crawl (%d registered) %8.2f s  %5.1fx find  %6.0f partitions/s"
              % (n, t_crawl, t_crawl / t_find, a.partitions / t_crawl))
        print("  second crawl (no new folder)    %8.2f s  %5.1fx find"
              % (t_again, t_again / t_find))
    finally:
        if srv is not None:
            srv.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
