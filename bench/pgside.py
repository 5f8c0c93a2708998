"""PostgreSQL side of `make bench`: a throwaway cluster, CPU time per request, the plan of the
selective query.

Used by bench/run.py (Python 3 standard library only):

  cluster()            a started tests/pgcluster.py Cluster tuned for a fair bench (fsync,
                       synchronous_commit and full_page_writes ON, as in a deployment;
                       shared_buffers 1 GB; auto_explain loaded but silent)
  cpu_per_request()    CPU seconds (utime + stime from /proc/PID/stat) spent by catalogd and by
                       every process of the cluster over a loop of N requests, divided by N
  capture_plan()       the plan PostgreSQL actually ran for one request (auto_explain, ANALYZE,
                       switched on for that request only through ALTER SYSTEM + reload)
"""

import http.client
import json
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

HZ = os.sysconf("SC_CLK_TCK")

BENCH_SETTINGS = [
    "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on",
    "-c", "shared_buffers=1GB", "-c", "max_wal_size=8GB", "-c", "checkpoint_timeout=30min",
    "-c", "max_connections=200", "-c", "listen_addresses=127.0.0.1",
    "-c", "log_min_messages=warning",
    "-c", "shared_preload_libraries=auto_explain",  # log_min_duration: -1 (off) by default
    "-c", "auto_explain.log_analyze=on", "-c", "auto_explain.log_buffers=on",
    "-c", "auto_explain.log_level=warning",
]


def available():
    """None when a cluster can be started here, else why not."""
    try:
        import pgcluster  # noqa: F401
    except ImportError as e:
        return "tests/pgcluster.py is missing (%s)" % e
    try:
        pgcluster.bindir()
    except RuntimeError as e:
        return str(e)
    return None


def cluster():
    import pgcluster
    pgcluster.SETTINGS = BENCH_SETTINGS  # read by Cluster.start()
    return pgcluster.Cluster().start()


def version(c):
    return c.psql("SHOW server_version").strip()


def db_bytes(c, dbname):
    return int(c.psql("SELECT pg_database_size(current_database())", dbname=dbname).strip())


# ---------------------------------------------------------------- CPU time

def _stat(pid):
    """(ppid, utime + stime in ticks) of PID, or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def cluster_pids(c):
    """The postmaster and every process it started (backends, walwriter, checkpointer...)."""
    with open(os.path.join(c.data, "postmaster.pid")) as f:
        master = int(f.readline())
    pids = [master]
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = _stat(int(d))
            if st and st[0] == master:
                pids.append(int(d))
    return pids


def delta_s(before, after):
    """CPU seconds between two ticks() snapshots (processes started meanwhile count whole)."""
    return sum(t - before.get(p, 0) for p, t in after.items()) / HZ


def ticks(pids):
    out = {}
    for p in pids:
        st = _stat(p)
        if st:
            out[p] = st[1]
    return out


class Conn:
    """One keep-alive Glue connection; every answer is checked for status 200 and MARKER."""

    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, op, body, marker):
        self.c.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSGlue." + op})
        r = self.c.getresponse()
        data = r.read()
        if r.status != 200 or marker not in data:
            raise RuntimeError("%s answered %d: %s" % (op, r.status, data[:300]))
        return data

    def close(self):
        self.c.close()


def cpu_per_request(catalogd_pid, port, loops, c=None):
    """LOOPS: [(label, op, [body bytes...], marker, n)].  For each, after a warm-up of 50
    (the first 50 bodies), N requests on one connection (the bodies after them, round robin: N +
    50 bodies are each sent once); returns {label: {catalogd_us,
    postgres_us, wall_us, n}} (postgres_us None without a cluster C)."""
    conn = Conn(port)
    out = {}
    try:
        for label, op, bodies, marker, n in loops:
            for i in range(50):
                conn.call(op, bodies[i % len(bodies)], marker)
            pg = cluster_pids(c) if c else []
            b_cat, b_pg = ticks([catalogd_pid]), ticks(pg)
            t0 = time.monotonic()
            for i in range(n):
                conn.call(op, bodies[(50 + i) % len(bodies)], marker)
            wall = time.monotonic() - t0
            a_cat = ticks([catalogd_pid])
            a_pg = ticks(cluster_pids(c)) if c else {}
            d_cat = a_cat[catalogd_pid] - b_cat[catalogd_pid]
            d_pg = sum(t - b_pg.get(p, 0) for p, t in a_pg.items())
            out[label] = {"n": n, "wall_us": wall / n * 1e6,
                          "catalogd_us": d_cat / HZ / n * 1e6,
                          "postgres_us": d_pg / HZ / n * 1e6 if c else None}
    finally:
        conn.close()
    return out


# ---------------------------------------------------------------- the plan

def capture_plan(c, port, op, bodies, marker, needle="partitions"):
    """Switch auto_explain on for every statement, make one request per body of BODIES, switch
    it off again, and return the logged plans whose query text contains NEEDLE (or a note)."""
    try:
        with open(c.logfile, errors="replace") as f:
            start = len(f.read())
    except OSError:
        start = 0
    c.psql("ALTER SYSTEM SET auto_explain.log_min_duration = 0")  # not in a transaction
    c.psql("SELECT pg_reload_conf()")
    time.sleep(0.5)  # backends take the reload at their next command
    conn = Conn(port)
    try:
        for body in bodies:
            conn.call(op, body, marker)
    finally:
        conn.close()
        c.psql("ALTER SYSTEM RESET auto_explain.log_min_duration")
        c.psql("SELECT pg_reload_conf()")
    time.sleep(0.3)
    with open(c.logfile, errors="replace") as f:
        text = f.read()[start:]
    # one entry per "duration: ... plan:" message, up to the next log line prefix
    entries = re.split(r"\n(?=\S.*?(?:LOG|WARNING):)", text)
    plans = [e for e in entries if "plan:" in e and needle in e]
    if not plans:
        return "(no plan captured; the server log said:)\n" + text[-2000:]
    return "\n".join(p.strip() for p in plans)


def region_body(n, per_day):
    """A GetPartitions body of loadgen's shape B (one region, 21 days: 504 rows)."""
    import datetime
    d = datetime.date(2020, 1, 1) + datetime.timedelta(days=max(0, n // per_day // 2 - 10))
    return json.dumps({"DatabaseName": "bench", "TableName": "t", "MaxResults": 1000,
                       "Expression": "region = 'r07' AND dt BETWEEN '%s' AND '%s'"
                       % (d.isoformat(), (d + datetime.timedelta(days=20)).isoformat())}).encode()


def selective_bodies(n, per_day, count=64, seed=7):
    """GetPartitions bodies of loadgen's shape A (one day, five hours, every region: 100 rows)
    over the first N partitions."""
    import random
    import datetime
    rng = random.Random(seed)
    days = n // per_day
    out = []
    for _ in range(count):
        d = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(max(1, days - 1)))
        h = rng.randrange(20)
        out.append(json.dumps({"DatabaseName": "bench", "TableName": "t", "MaxResults": 1000,
                               "Expression": "dt = '%s' AND hr BETWEEN %d AND %d"
                               % (d.isoformat(), h, h + 4)}).encode())
    return out
