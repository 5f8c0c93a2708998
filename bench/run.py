#!/usr/bin/env python3
"""Driver for `make bench`: catalogd vs moto_server vs a bare libmicrohttpd responder.

Orchestration only; the load itself is build/bench/loadgen (C, libcurl) and wrk. Runs, in order:

  1. catalogd  at BENCH_N partitions (default 1,000,000), BatchCreatePartition batches of 1000,
               then, with the catalog loaded, side by side with build/bench/ceiling (a bare
               libmicrohttpd responder sending catalogd's own GetTable answer, same headers,
               same thread count): wrk (bench/wrk_glue.lua, BENCH_WRK_CONNS connections,
               2 threads) in interleaved rounds -- ceiling, GetTable, ceiling, GetPartition,
               GetPartition cold -- each run BENCH_WRK_SECS long; GetPartition asks for
               BENCH_WRK_KEYS distinct existing partitions, round robin (they fit in the
               answers catalogd keeps while nothing is committed), GetPartition cold for
               BENCH_WRK_COLD_KEYS (more than fit: every answer read). Ratios are per round
               (each catalogd run against the ceiling run just before it), then the median.
  2. catalogd  at BENCH_MOTO_N partitions, batches of 100: the same workload as moto's
  3. moto      moto_server at BENCH_MOTO_N partitions (default 20,160), batches of 100

  4. PostgreSQL: unless BENCH_SKIP_PG=1, a throwaway cluster (tests/pgcluster.py, durability on),
               catalogd --db postgresql://... at BENCH_PG_N partitions (default BENCH_N),
               BatchCreatePartition batches of BENCH_PG_BATCH (100), the same phases; SQLite's
               ingest is run again at the same batch size for the ingest ratio. On both
               backends, CPU time per GetTable and per selective GetPartitions in catalogd and
               (PostgreSQL) in every process of the cluster, from /proc/PID/stat over
               BENCH_CPU_N (5000) / BENCH_CPU_PN (1000) requests on one connection; and the plan
               PostgreSQL ran for a selective GetPartitions (auto_explain, ANALYZE).

then prints one table (catalogd / moto ratios at the same size), the wrk rounds and the goals,
then the PostgreSQL/SQLite table, the CPU per request and the plan. The server's
RSS is sampled every 100 ms throughout (VmRSS, and RssAnon: its own memory, without the database
pages SQLite reads through its memory map, which are the kernel's page cache) and its kernel
high-water mark (VmHWM) is read before it is stopped; the database size is taken after a clean SIGTERM shutdown (WAL
checkpointed). Every phase is bounded in count and in time; loadgen checks every answer
(counts, each partition exactly once, first pages in full), so wrong answers cannot look fast.

Every wrk answer is checked (status 200 and the expected member, in wrk_glue.lua), and a
sample of GetPartition answers is compared member by member before the rounds; a wrong
answer, a socket error or a timeout fails the bench.

Environment: BENCH_N, BENCH_MOTO_N, BENCH_QUERIES (200), BENCH_MOTO_QUERIES (50),
BENCH_BATCHGET (20), BENCH_RPS (20000), BENCH_CONNS (2, loadgen), BENCH_LIMIT (300 s per phase),
BENCH_MOTO_LIMIT (60 s per phase), BENCH_THREADS (2: catalogd --threads and the ceiling's),
BENCH_WRK_ROUNDS (5), BENCH_WRK_SECS (3), BENCH_WRK_CONNS (16), BENCH_WRK_KEYS (4096),
BENCH_WRK_COLD_KEYS (100000),
CATALOGD (build/catalogd), BENCH_BIN (build/bench), BENCH_SKIP_MOTO=1, BENCH_SKIP_WRK=1,
BENCH_KEEP_DB=1 (keep catalogd's database files, for EXPLAIN QUERY PLAN), BENCH_RESTART=0 (read
through the catalogd that ingested, instead of one started afresh on the loaded catalog).
"""

import datetime
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pgside

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PER_DAY = 480  # partitions per day in loadgen's data set (24 hours x 20 regions)


def env_int(name, default):
    return int(float(os.environ.get(name, default)))


RESTART = os.environ.get("BENCH_RESTART", "1") != "0"  # reads through a fresh catalogd


N = env_int("BENCH_N", 1000000)
MOTO_N = env_int("BENCH_MOTO_N", 42 * PER_DAY)
QUERIES = env_int("BENCH_QUERIES", 200)
MOTO_QUERIES = env_int("BENCH_MOTO_QUERIES", 50)
BATCHGET = env_int("BENCH_BATCHGET", 20)
RPS = env_int("BENCH_RPS", 20000)
CONNS = env_int("BENCH_CONNS", 2)
LIMIT = env_int("BENCH_LIMIT", 300)
MOTO_LIMIT = env_int("BENCH_MOTO_LIMIT", 60)
THREADS = env_int("BENCH_THREADS", 2)
WRK_ROUNDS = env_int("BENCH_WRK_ROUNDS", 5)
WRK_SECS = env_int("BENCH_WRK_SECS", 3)
WRK_CONNS = env_int("BENCH_WRK_CONNS", 16)
WRK_KEYS = env_int("BENCH_WRK_KEYS", 4096)
# and GetPartition over more keys than catalogd keeps answers for (8 MB, about 8,000 of them):
# every answer read, as for a working set larger than that cache
WRK_COLD_KEYS = env_int("BENCH_WRK_COLD_KEYS", 100000)
WRK_MAX = 5000000  # answers per wrk thread and run: the bound in count (-d bounds the time)
GOAL_TABLE, GOAL_PARTITION = 0.7, 0.5
PG_N = env_int("BENCH_PG_N", N)
PG_BATCH = env_int("BENCH_PG_BATCH", 100)
CPU_N = env_int("BENCH_CPU_N", 5000)
CPU_PN = env_int("BENCH_CPU_PN", 1000)
GOAL_PG_SELECT_MS, GOAL_PG_INGEST = 10.0, 30000
WRK_LUA = os.path.join(ROOT, "bench", "wrk_glue.lua")
CATALOGD = os.path.join(ROOT, os.environ.get("CATALOGD", "build/catalogd"))
BIN = os.path.join(ROOT, os.environ.get("BENCH_BIN", "build/bench"))
LISTEN_RE = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class Server:
    """A server process on loopback, with an RSS sampler attributing samples to phases."""

    def __init__(self, name, argv, port=None, cwd=None):
        self.name = name
        self.logf = tempfile.NamedTemporaryFile(prefix="bench-%s-" % name, suffix=".log",
                                                delete=False)
        self.proc = subprocess.Popen(argv, stdout=self.logf, stderr=subprocess.STDOUT, cwd=cwd,
                                     start_new_session=True)
        self.port = port
        self.phase = "start"
        self.rss_max = {}  # phase -> max VmRSS kB
        self.anon_max = 0  # max RssAnon kB: catalogd's own memory (VmRSS also counts the
        # database pages SQLite reads through its memory map: the kernel's page cache)
        self.hwm = None
        self._stop = threading.Event()
        deadline = time.time() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited: %s" % (name, self.log_tail()))
            if self.port is None:
                m = LISTEN_RE.search(self.log_tail())
                if m:
                    self.port = int(m.group(1))
            if self.port is not None and self._answers():
                break
            if time.time() > deadline:
                self.stop()
                raise RuntimeError("%s did not start: %s" % (name, self.tail))
            time.sleep(0.1)
        self.url = "http://127.0.0.1:%d/" % self.port
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def log_tail(self):
        with open(self.logf.name, errors="replace") as f:
            return f.read()[-4000:]

    def _sample(self):
        while not self._stop.is_set():
            kb = proc_kb(self.proc.pid, "VmRSS")
            if kb is not None:
                self.rss_max[self.phase] = max(self.rss_max.get(self.phase, 0), kb)
            kb = proc_kb(self.proc.pid, "RssAnon")
            if kb is not None:
                self.anon_max = max(self.anon_max, kb)
            self._stop.wait(0.1)

    def rss_mb(self, phases=None):
        v = [kb for ph, kb in self.rss_max.items() if phases is None or ph in phases]
        return max(v) / 1024.0 if v else None

    def stop(self):
        """SIGTERM, wait (bounded), return the exit status."""
        self.hwm = proc_kb(self.proc.pid, "VmHWM")
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.logf.close()
        self.tail = self.log_tail()
        os.unlink(self.logf.name)
        return self.proc.returncode


def loadgen(server, args, limit, phases_total, pg=None):
    """Run loadgen against SERVER; returns {phase: result dict}. Bounded by a watchdog.
    Each phase's result also gets the CPU seconds the server (cpu_catalogd_s) and, with PG
    (a pgside cluster), PostgreSQL (cpu_postgres_s) spent from its PHASE line to the next."""
    argv = [os.path.join(BIN, "loadgen"), server.url, "-T", str(limit)] + [str(a) for a in args]
    log("%s: %s" % (server.name, " ".join(argv[1:])))
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(limit * phases_total + 60, p.kill)
    timer.start()
    results = {}
    marks = []  # (phase, server ticks, cluster ticks by pid)

    def mark(phase):
        marks.append((phase, pgside.ticks([server.proc.pid]),
                      pgside.ticks(pgside.cluster_pids(pg)) if pg else {}))
    try:
        for line in p.stdout:
            line = line.rstrip("\n")
            if line.startswith("PHASE "):
                mark(line[6:])
                server.phase = line[6:]
                log("%s: phase %s" % (server.name, server.phase))
            elif line.startswith("RESULT "):
                r = json.loads(line[7:])
                results[r["phase"]] = r
                log("%s: %s" % (server.name, line[7:]))
        rc = p.wait()
        mark(None)
    finally:
        timer.cancel()
    server.phase = "idle"
    for (phase, cat0, pg0), (_, cat1, pg1) in zip(marks, marks[1:]):
        if phase in results:
            results[phase]["cpu_catalogd_s"] = pgside.delta_s(cat0, cat1)
            results[phase]["cpu_postgres_s"] = pgside.delta_s(pg0, pg1) if pg else None
    if rc != 0:
        raise RuntimeError("loadgen against %s failed (status %s)" % (server.name, rc))
    return results


ALL_PHASES = ("setup", "ingest", "select", "list", "batchget", "rps")


def run_catalogd(n, batch, queries, label, side_by_side=False, phases=ALL_PHASES, cpu=False,
                 pg=None):
    """catalogd on a fresh SQLite file, or with PG (a pgside cluster) on a fresh database there;
    CPU: measure the CPU time per GetTable and per selective GetPartitions after the phases."""
    tmp = tempfile.mkdtemp(prefix="bench-catalogd-")
    db = os.path.join(tmp, "bench.db")
    dbname = None
    if pg is not None:
        dbname = "bench_%d" % int(time.time())
        db = pg.createdb(dbname)
    argv = [CATALOGD, "--listen", "127.0.0.1:0", "--db", db, "--threads", str(THREADS)]
    srv = Server(label, argv)
    first = None
    try:
        load = [p for p in phases if p in ("setup", "ingest")]
        reads = [p for p in phases if p not in load]
        r = loadgen(srv, ["-n", n, "-b", batch, "-c", CONNS, "-x"] + load, LIMIT,
                    len(load) + 1, pg=pg)
        if reads and RESTART:
            # the reads through a catalogd started afresh on the loaded catalog, as a deployment
            # reads (not the process that wrote the partitions: its memory, caches and WAL differ)
            first = srv
            if srv.stop() != 0:
                raise RuntimeError("catalogd exited with status %s: %s" % (
                    srv.proc.returncode, srv.tail))
            srv = Server(label + "-restarted", argv)
        if reads:
            r.update(loadgen(srv, ["-n", r["ingest"]["n"], "-c", CONNS, "-q", queries,
                                   "-g", BATCHGET, "-r", RPS, "-x"] + reads, LIMIT,
                             len(reads) + 1, pg=pg))
        if side_by_side:
            r["wrk"] = run_wrk(srv, r["ingest"]["n"], tmp)
        if cpu:
            srv.phase = "cpu"
            gt = json.dumps({"DatabaseName": "bench", "Name": "t"}).encode()
            rng = random.Random(11)
            # GetPartition of distinct partitions, each asked once (the cost of a read), and of
            # 1024 asked again and again (on SQLite, answered from the answers kept since the
            # last commit: store.h, store_answer_get)
            gp = [json.dumps({"DatabaseName": "bench", "TableName": "t",
                              "PartitionValues": part_values(i)}).encode()
                  for i in rng.sample(range(r["ingest"]["n"]), min(CPU_N + 50, r["ingest"]["n"]))]
            log("%s: CPU time of %d GetTable, %d GetPartition (each once), %d GetPartition (1024 "
                "again and again) and %d selective GetPartitions"
                % (label, CPU_N, CPU_N, CPU_N, CPU_PN))
            r["cpu"] = pgside.cpu_per_request(
                srv.proc.pid, srv.port,
                [("GetTable", "GetTable", [gt], b'"Table":', CPU_N),
                 ("GetPartition", "GetPartition", gp, b'"Partition":', CPU_N),
                 ("GetPartitionAgain", "GetPartition", gp[:1024], b'"Partition":', CPU_N),
                 ("GetPartitions", "GetPartitions",
                  pgside.selective_bodies(r["ingest"]["n"], PER_DAY), b'"Partitions":', CPU_PN)],
                pg)
            log("%s: CPU %s" % (label, json.dumps(r["cpu"])))
        if pg is not None:
            # GetTable through a second catalogd with --pg-table-cache (no round trip before a
            # cached answer; a read may miss another's write of <= 100 ms), same database
            alt = Server(label + "-notified", [CATALOGD, "--listen", "127.0.0.1:0", "--db", db,
                                               "--threads", str(THREADS), "--pg-table-cache"])
            try:
                r["rps_notified"] = loadgen(alt, ["-n", r["ingest"]["n"], "-c", CONNS, "-r", RPS,
                                                  "-x", "rps"], LIMIT, 2)["rps"]
            finally:
                alt.stop()
            r["plan"] = pgside.capture_plan(
                pg, srv.port, "GetPartitions",
                [pgside.selective_bodies(r["ingest"]["n"], PER_DAY, count=1, seed=99)[0],
                 pgside.region_body(r["ingest"]["n"], PER_DAY)], b'"Partitions":')
    finally:
        status = srv.stop()
    if pg is not None:
        size = pgside.db_bytes(pg, dbname)
        wal = False
        pg.dropdb(dbname)
    else:
        size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
        wal = os.path.exists(db + "-wal") and os.path.getsize(db + "-wal")
    both = [s for s in (first, srv) if s is not None]
    r["server"] = {"exit": status, "rss_max_mb": max(s.rss_mb() or 0 for s in both),
                   "hwm_mb": max(s.hwm or 0 for s in both) / 1024.0,
                   "anon_mb": max(s.anon_max for s in both) / 1024.0,
                   "rss_list_mb": srv.rss_mb({"list", "list_nocols"}),
                   "db_bytes": size, "wal_left": bool(wal),
                   "bytes_per_partition": size / max(1, r["ingest"]["n"])}
    if os.environ.get("BENCH_KEEP_DB"):
        log("%s: database kept in %s" % (label, db))
    else:
        shutil.rmtree(tmp)
    if status != 0:
        raise RuntimeError("catalogd exited with status %s: %s" % (status, srv.tail))
    return r


def run_moto(n, queries):
    port = free_port()
    srv = Server("moto", ["moto_server", "-H", "127.0.0.1", "-p", str(port)], port=port)
    try:
        r = loadgen(srv, ["-n", n, "-b", 100, "-c", CONNS, "-q", queries, "-g", BATCHGET,
                          "-r", min(RPS, 2000), "-x", "setup", "ingest", "select", "list",
                          "batchget", "rps"], MOTO_LIMIT, 7)
    finally:
        srv.stop()
    r["server"] = {"rss_max_mb": srv.rss_mb(), "hwm_mb": (srv.hwm or 0) / 1024.0,
                   "rss_list_mb": srv.rss_mb({"list", "list_nocols"})}
    return r


# ---------------------------------------------------------------- wrk, side by side

GLUE_HEADERS = {"Content-Type": "application/x-amz-json-1.1"}


def glue_call(port, op, body):
    """One Glue call on loopback: (status, parsed answer)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("POST", "/", body=json.dumps(body),
                  headers=dict(GLUE_HEADERS, **{"X-Amz-Target": "AWSGlue." + op}))
        resp = c.getresponse()
        data = resp.read()
        return resp.status, data
    finally:
        c.close()


def part_values(i):
    """Partition i of loadgen's data set: dt, hr, region (see bench/loadgen.c)."""
    day = datetime.date(2020, 1, 1) + datetime.timedelta(days=i // PER_DAY)
    return [day.isoformat(), str(i // 20 % 24), "r%02d" % (i % 20)]


def wrk(port, op, bodies, marker):
    """One wrk run; its WRK result dict. Fails on any bad answer, socket error or timeout."""
    argv = ["wrk", "-t2", "-c%d" % WRK_CONNS, "-d%ds" % WRK_SECS, "--timeout", "5s", "-s", WRK_LUA,
            "http://127.0.0.1:%d/" % port, "--", op, bodies, marker, str(WRK_MAX)]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=WRK_SECS + 60)
    m = re.search(r"^WRK (\{.*\})$", p.stdout, re.M)
    if p.returncode != 0 or not m:
        raise RuntimeError("wrk %s on port %d failed: %s %s" % (op, port, p.stdout, p.stderr))
    r = json.loads(m.group(1))
    if r["bad"] or r["errors"] or r["requests"] == 0:
        raise RuntimeError("wrk %s on port %d: %d bad answers (first: %s), %d socket errors or "
                           "timeouts, %d answers" % (op, port, r["bad"], r["first_bad"],
                                                     r["errors"], r["requests"]))
    return r


def median(v):
    v = sorted(v)
    k = len(v) // 2
    return v[k] if len(v) % 2 else (v[k - 1] + v[k]) / 2.0


def run_wrk(srv, n, tmp):
    """GetTable and GetPartition against the loaded catalogd and the ceiling, interleaved."""
    if os.environ.get("BENCH_SKIP_WRK"):
        return None
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk; `make bench` does it)")
    srv.phase = "wrk"
    # GetTable: catalogd's own answer is what the ceiling sends back.
    gt = {"DatabaseName": "bench", "Name": "t"}
    status, answer = glue_call(srv.port, "GetTable", gt)
    if status != 200 or json.loads(answer)["Table"]["Name"] != "t":
        raise RuntimeError("GetTable before wrk: %s %s" % (status, answer[:300]))
    answer_file = os.path.join(tmp, "gettable.json")
    with open(answer_file, "wb") as f:
        f.write(answer)
    gt_file = os.path.join(tmp, "gettable.bodies")
    with open(gt_file, "w") as f:
        f.write(json.dumps(gt) + "\n")
    # GetPartition: distinct existing partitions, spread over the table; a sample checked in full.
    rng = random.Random(20240601)
    keys = rng.sample(range(n), min(WRK_KEYS, n))
    gp_file = os.path.join(tmp, "getpartition.bodies")
    with open(gp_file, "w") as f:
        for i in keys:
            f.write(json.dumps({"DatabaseName": "bench", "TableName": "t",
                                "PartitionValues": part_values(i)}) + "\n")
    cold_file = os.path.join(tmp, "getpartition-cold.bodies")
    with open(cold_file, "w") as f:
        for i in rng.sample(range(n), min(WRK_COLD_KEYS, n)):
            f.write(json.dumps({"DatabaseName": "bench", "TableName": "t",
                                "PartitionValues": part_values(i)}) + "\n")
    for i in keys[:50]:
        v = part_values(i)
        status, body = glue_call(srv.port, "GetPartition", {"DatabaseName": "bench",
                                                            "TableName": "t",
                                                            "PartitionValues": v})
        p = json.loads(body).get("Partition", {}) if status == 200 else {}
        want_loc = "s3://bench/t/dt=%s/hr=%s/region=%s/" % tuple(v)
        if (p.get("Values") != v or p.get("StorageDescriptor", {}).get("Location") != want_loc
                or len(p["StorageDescriptor"].get("Columns", [])) != 5
                or p.get("Parameters", {}).get("classification") != "parquet"):
            raise RuntimeError("GetPartition %s answered %s %s" % (v, status, body[:300]))
    # The database file into the OS page cache first: on this kind of machine pages written
    # minutes ago may have been dropped, and a round that reads the disk measures the disk.
    for suffix in ("", "-wal"):
        path = os.path.join(tmp, "bench.db" + suffix)
        if os.path.exists(path):
            with open(path, "rb") as f:
                while f.read(1 << 20):
                    pass
    ceiling = Server("ceiling", [os.path.join(BIN, "ceiling"), str(free_port()), answer_file,
                                 str(THREADS)])
    rounds = []
    try:
        log("wrk: %d rounds of %d s, %d connections, 2 threads; %d GetPartition keys; "
            "answers %d bytes" % (WRK_ROUNDS, WRK_SECS, WRK_CONNS, len(keys), len(answer)))
        # warm-up (not counted): connections, caches, the CPU governor
        wrk(ceiling.port, "GetTable", gt_file, '"Table":')
        wrk(srv.port, "GetTable", gt_file, '"Table":')
        wrk(srv.port, "GetPartition", gp_file, '"Partition":')
        for k in range(WRK_ROUNDS):
            c1 = wrk(ceiling.port, "GetTable", gt_file, '"Table":')
            t = wrk(srv.port, "GetTable", gt_file, '"Table":')
            c2 = wrk(ceiling.port, "GetTable", gt_file, '"Table":')
            p = wrk(srv.port, "GetPartition", gp_file, '"Partition":')
            pc = wrk(srv.port, "GetPartition", cold_file, '"Partition":')
            rd = {"ceiling1": c1["rate"], "gettable": t["rate"], "ceiling2": c2["rate"],
                  "getpartition": p["rate"], "gettable_ratio": t["rate"] / c1["rate"],
                  "getpartition_ratio": p["rate"] / c2["rate"], "gettable_p99_ms": t["p99_ms"],
                  "getpartition_p99_ms": p["p99_ms"], "ceiling_p99_ms": c1["p99_ms"],
                  "getpartition_cold": pc["rate"], "getpartition_cold_ratio": pc["rate"] / c2["rate"],
                  "load": loadavg()}
            rounds.append(rd)
            log("wrk round %d: ceiling %.0f, GetTable %.0f (%.2f), ceiling %.0f, GetPartition "
                "%.0f (%.2f), over %d keys %.0f (%.2f); load %s"
                % (k + 1, c1["rate"], t["rate"], rd["gettable_ratio"], c2["rate"], p["rate"],
                   rd["getpartition_ratio"], min(WRK_COLD_KEYS, n), pc["rate"],
                   rd["getpartition_cold_ratio"], rd["load"]))
    finally:
        ceiling.stop()
        srv.phase = "idle"
    res = {"rounds": rounds, "answer_bytes": len(answer), "keys": len(keys),
           "cold_keys": min(WRK_COLD_KEYS, n)}
    for key in ("ceiling1", "gettable", "ceiling2", "getpartition", "gettable_ratio",
                "getpartition_ratio", "gettable_p99_ms", "getpartition_p99_ms", "ceiling_p99_ms",
                "getpartition_cold", "getpartition_cold_ratio"):
        res[key] = median([rd[key] for rd in rounds])
    res["ceiling"] = median([rd[c] for rd in rounds for c in ("ceiling1", "ceiling2")])
    return res


# ---------------------------------------------------------------- report

def get(r, path):
    for k in path.split("."):
        if r is None or k not in r:
            return None
        r = r[k]
    return r


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, str):
        return v
    if isinstance(v, int) and abs(v) < 1000:
        return str(v)
    if abs(v) >= 1000:
        return "{:,.0f}".format(v)
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.2f" % v


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def main():
    t0 = time.time()
    load0 = loadavg()
    for exe in (CATALOGD, os.path.join(BIN, "loadgen"), os.path.join(BIN, "ceiling")):
        if not os.access(exe, os.X_OK):
            sys.exit("bench: %s is missing; run `make bench`" % exe)
    if not os.environ.get("BENCH_SKIP_WRK") and not shutil.which("wrk"):
        sys.exit("bench: wrk is missing; run `make bench` (it installs the Debian package)")
    if N < 22 * PER_DAY or MOTO_N < 22 * PER_DAY:
        sys.exit("bench: BENCH_N and BENCH_MOTO_N must be at least %d" % (22 * PER_DAY))
    big = run_catalogd(N, 1000, QUERIES, "catalogd", side_by_side=True, cpu=True)
    small = run_catalogd(MOTO_N, 100, MOTO_QUERIES, "catalogd-small")
    pgres = run_pg()
    moto = None
    if not os.environ.get("BENCH_SKIP_MOTO"):
        moto = run_moto(MOTO_N, MOTO_QUERIES)
    elapsed = time.time() - t0

    nb, ns = big["ingest"]["n"], small["ingest"]["n"]
    nm = moto["ingest"]["n"] if moto else MOTO_N
    rows = [  # label, key, higher is better
        ("ingest partitions/s (BatchCreatePartition)", "ingest.rate", True),
        ("  batch size", "ingest.batch", None),
        ("  batch call p50 ms", "ingest.batch_p50_ms", False),
        ("selective GetPartitions p50 ms", "select.p50_ms", False),
        ("selective GetPartitions p99 ms", "select.p99_ms", False),
        ("  A: dt=D AND hr BETWEEN h,h+4 (100) p50", "select.a_p50_ms", False),
        ("  B: region=R AND dt BETWEEN D,D+20 (504) p50", "select.b_p50_ms", False),
        ("  queries (wrong answers)", "select.queries", None),
        ("full listing s (pages of 1000)", "list.secs", False),
        ("full listing partitions/s", "list.rate", True),
        ("full listing ExcludeColumnSchema s", "list_nocols.secs", False),
        ("BatchGetPartition 1000 keys p50 ms", "batchget.p50_ms", False),
        ("BatchGetPartition 1000 keys p99 ms", "batchget.p99_ms", False),
        ("GetTable req/s (%d conns)" % CONNS, "rps.rate", True),
        ("GetTable p50 ms", "rps.p50_ms", False),
        ("server RSS max MB (sampled 100 ms)", "server.rss_max_mb", False),
        ("server RSS max MB during listings", "server.rss_list_mb", False),
        ("server peak anonymous RSS MB (RssAnon)", "server.anon_mb", False),
        ("server peak RSS MB (VmHWM, with mapped db pages)", "server.hwm_mb", False),
        ("db bytes per partition (db+wal)", "server.bytes_per_partition", False),
    ]
    w = 46
    print()
    print("catalogd benchmark (%s); %d CPUs, load average %s at start, %s at end; loopback; "
          "%d client connections" % (subprocess.run(["git", "-C", ROOT, "describe", "--always",
                                                     "--dirty"], capture_output=True,
                                                    text=True).stdout.strip() or "?",
                                     os.cpu_count(), load0, loadavg(), CONNS))
    print("ratio = catalogd/moto at the same size (%s partitions); 'x better' = how many times "
          "catalogd beats moto" % "{:,}".format(nm))
    hdr = "%-*s %12s %12s %12s %10s %9s" % (w, "metric", "catalogd@%s" % short(nb),
                                            "catalogd@%s" % short(ns), "moto@%s" % short(nm),
                                            "ratio", "x better")
    print(hdr)
    print("-" * len(hdr))
    for label, key, higher in rows:
        a, b, m = get(big, key), get(small, key), get(moto, key)
        if key == "select.queries":
            a = "%d (%d)" % (a, get(big, "select.wrong"))
            b = "%d (%d)" % (b, get(small, "select.wrong"))
            m = "%d (%d)" % (m, get(moto, "select.wrong")) if moto else None
        ratio = better = None
        if higher is not None and isinstance(b, (int, float)) and isinstance(m, (int, float)) \
                and b and m:
            ratio = b / m
            better = "%.1fx" % (ratio if higher else 1 / ratio)
        print("%-*s %12s %12s %12s %10s %9s" % (w, label, fmt(a), fmt(b), fmt(m),
                                               fmt(ratio), better or ""))
    checks = [("listing complete, each partition once", "list.ok"),
              ("ExcludeColumnSchema honoured (no Columns)", "list_nocols.ok")]
    for label, key in checks:
        print("%-*s %12s %12s %12s" % (w, label, fmt(get(big, key)), fmt(get(small, key)),
                                       fmt(get(moto, key))))
    print("%-*s %12s %12s %12s" % (w, "BatchGetPartition answers exact",
                                   fmt(get(big, "batchget.wrong") == 0),
                                   fmt(get(small, "batchget.wrong") == 0),
                                   fmt(get(moto, "batchget.wrong") == 0 if moto else None)))
    print()
    w = big.get("wrk")
    if w:
        print("side by side with the HTTP ceiling (bare libmicrohttpd sending catalogd's %d-byte "
              "GetTable answer, same headers, %d threads each), catalogd at %s partitions; wrk, %d "
              "connections, 2 threads, %d interleaved rounds of %d s (req/s; every answer checked):"
              % (w["answer_bytes"], THREADS, "{:,}".format(nb), WRK_CONNS, len(w["rounds"]),
                 WRK_SECS))
        print("  %5s %10s %10s %6s %10s %12s %6s %12s %6s %6s" % (
            "round", "ceiling", "GetTable", "ratio", "ceiling", "GetPartition", "ratio",
            "GetPartition", "ratio", "load"))
        print("  %5s %10s %10s %6s %10s %12s %6s %12s %6s %6s" % (
            "", "", "", "", "", "%d keys" % w["keys"], "", "%d keys" % w["cold_keys"], "", ""))
        for k, rd in enumerate(w["rounds"]):
            print("  %5d %10s %10s %6.2f %10s %12s %6.2f %12s %6.2f %6s"
                  % (k + 1, fmt(rd["ceiling1"]), fmt(rd["gettable"]), rd["gettable_ratio"],
                     fmt(rd["ceiling2"]), fmt(rd["getpartition"]), rd["getpartition_ratio"],
                     fmt(rd["getpartition_cold"]), rd["getpartition_cold_ratio"], rd["load"]))
        print("  %5s %10s %10s %6.2f %10s %12s %6.2f %12s %6.2f" % (
            "median", fmt(w["ceiling1"]), fmt(w["gettable"]), w["gettable_ratio"],
            fmt(w["ceiling2"]), fmt(w["getpartition"]), w["getpartition_ratio"],
            fmt(w["getpartition_cold"]), w["getpartition_cold_ratio"]))
        print("  p99 ms (median of rounds): ceiling %s, GetTable %s, GetPartition %s (%d keys)"
              % (fmt(w["ceiling_p99_ms"]), fmt(w["gettable_p99_ms"]),
                 fmt(w["getpartition_p99_ms"]), w["keys"]))
        print("  (%d keys fit in the answers catalogd keeps while nothing is committed, and are "
              "answered from them after their first round; %d do not, and every answer is read)"
              % (w["keys"], w["cold_keys"]))
        print()
    print("goals at %s partitions:" % "{:,}".format(nb))
    goals = [
        ("GetTable/ceiling >= %.1f (wrk, %d conns)" % (GOAL_TABLE, WRK_CONNS),
         get(big, "wrk.gettable_ratio"), lambda v: v >= GOAL_TABLE),
        ("GetPartition/ceiling >= %.1f (wrk, %d conns)" % (GOAL_PARTITION, WRK_CONNS),
         get(big, "wrk.getpartition_ratio"), lambda v: v >= GOAL_PARTITION),
        ("ingest >= 100,000 partitions/s", get(big, "ingest.rate"), lambda v: v >= 100000),
        ("selective GetPartitions p50 <= 2 ms", get(big, "select.p50_ms"), lambda v: v <= 2),
        ("full listing of 10^6 <= 3 s", get(big, "list.secs"),
         lambda v: v <= 3 and nb >= 1000000),
        ("full listing, ExcludeColumnSchema, <= 2 s", get(big, "list_nocols.secs"),
         lambda v: v <= 2 and nb >= 1000000),
        ("server memory <= 64 MB throughout (RssAnon)", get(big, "server.anon_mb"),
         lambda v: v <= 64),
        ("<= 300 bytes per partition", get(big, "server.bytes_per_partition"),
         lambda v: v <= 300),
    ]
    for label, v, ok in goals:
        print("  %-44s %12s  %s" % (label, fmt(v), "PASS" if v is not None and ok(v) else "FAIL"))
    if not big["ingest"]["complete"]:
        print("  note: catalogd ingest hit the %d s limit at %s partitions" % (LIMIT, fmt(nb)))
    if moto and not moto["ingest"]["complete"]:
        print("  note: moto ingest hit the %d s limit at %s partitions" % (MOTO_LIMIT, fmt(nm)))
    report_pg(big, pgres)
    print("total wall time %.0f s" % elapsed)
    return 0


# ---------------------------------------------------------------- PostgreSQL

def run_pg():
    """The PostgreSQL runs: {"pg": result, "sqlite_b": SQLite ingest at the same batch size,
    "version": ...}, or {"skipped": why}."""
    if os.environ.get("BENCH_SKIP_PG"):
        return {"skipped": "BENCH_SKIP_PG is set"}
    why = pgside.available()
    if why:
        return {"skipped": why}
    if PG_N < 22 * PER_DAY:
        sys.exit("bench: BENCH_PG_N must be at least %d" % (22 * PER_DAY))
    sqlite_b = run_catalogd(PG_N, PG_BATCH, QUERIES, "catalogd-sqlite-b%d" % PG_BATCH,
                            phases=("setup", "ingest"))
    c = pgside.cluster()
    try:
        log("PostgreSQL %s on 127.0.0.1:%d (%s)" % (pgside.version(c), c.port, c.base))
        pg = run_catalogd(PG_N, PG_BATCH, QUERIES, "catalogd-pg", cpu=True, pg=c)
        return {"pg": pg, "sqlite_b": sqlite_b, "version": pgside.version(c)}
    finally:
        c.remove()


def report_pg(big, res):
    print()
    if "skipped" in res:
        print("PostgreSQL: skipped (%s)" % res["skipped"])
        return
    pg, sb = res["pg"], res["sqlite_b"]
    np_ = pg["ingest"]["n"]
    print("PostgreSQL %s backend (throwaway cluster on loopback: fsync, synchronous_commit and "
          "full_page_writes on, shared_buffers 1 GB) against SQLite (--sync full), catalogd "
          "--threads %d, %d client connections; ratio = PostgreSQL/SQLite (> 1: PostgreSQL "
          "takes longer / does more)" % (res["version"], THREADS, CONNS))
    w = 46
    hdr = "%-*s %14s %14s %8s" % (w, "metric", "SQLite@%s" % short(big["ingest"]["n"]),
                                  "PostgreSQL@%s" % short(np_), "ratio")
    print(hdr)
    print("-" * len(hdr))
    rows = [
        ("ingest partitions/s, %d per call" % PG_BATCH, get(sb, "ingest.rate"),
         get(pg, "ingest.rate")),
        ("  batch call p50 ms", get(sb, "ingest.batch_p50_ms"), get(pg, "ingest.batch_p50_ms")),
        ("ingest partitions/s, 1000 per call (SQLite)", get(big, "ingest.rate"), None),
        ("selective GetPartitions p50 ms", get(big, "select.p50_ms"), get(pg, "select.p50_ms")),
        ("selective GetPartitions p99 ms", get(big, "select.p99_ms"), get(pg, "select.p99_ms")),
        ("  A: dt=D AND hr BETWEEN h,h+4 (100) p50", get(big, "select.a_p50_ms"),
         get(pg, "select.a_p50_ms")),
        ("  B: region=R AND dt BETWEEN D,D+20 (504) p50", get(big, "select.b_p50_ms"),
         get(pg, "select.b_p50_ms")),
        ("  queries (wrong answers)", "%d (%d)" % (get(big, "select.queries"),
                                                   get(big, "select.wrong")),
         "%d (%d)" % (get(pg, "select.queries"), get(pg, "select.wrong"))),
        ("full listing s (pages of 1000)", get(big, "list.secs"), get(pg, "list.secs")),
        ("full listing ExcludeColumnSchema s", get(big, "list_nocols.secs"),
         get(pg, "list_nocols.secs")),
        ("BatchGetPartition 1000 keys p50 ms", get(big, "batchget.p50_ms"),
         get(pg, "batchget.p50_ms")),
        ("GetTable req/s (%d conns)" % CONNS, get(big, "rps.rate"), get(pg, "rps.rate")),
        ("GetTable p50 ms", get(big, "rps.p50_ms"), get(pg, "rps.p50_ms")),
        ("  with --pg-table-cache: req/s", get(big, "rps.rate"), get(pg, "rps_notified.rate")),
        ("  with --pg-table-cache: p50 ms", get(big, "rps.p50_ms"),
         get(pg, "rps_notified.p50_ms")),
        ("catalogd peak anonymous RSS MB (RssAnon)", get(big, "server.anon_mb"),
         get(pg, "server.anon_mb")),
        ("catalogd peak RSS MB (VmHWM)", get(big, "server.hwm_mb"), get(pg, "server.hwm_mb")),
        ("db bytes per partition", get(big, "server.bytes_per_partition"),
         get(pg, "server.bytes_per_partition")),
    ]
    for label, a, b in rows:
        ratio = b / a if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a \
            else None
        print("%-*s %14s %14s %8s" % (w, label, fmt(a), fmt(b), fmt(ratio)))
    print()
    print("CPU time per request (utime+stime from /proc/PID/stat over a loop on one connection; "
          "PostgreSQL: every process of the cluster), microseconds:")
    print("  %-42s %9s %9s %9s %9s %9s %9s %9s" % ("", "SQLite:", "SQLite:", "PG:", "PG:", "PG:",
                                                   "PG:", "PG:"))
    print("  %-42s %9s %9s %9s %9s %9s %9s %9s" % ("request (count)", "catalogd", "req/s/core",
                                                   "catalogd", "postgres", "total",
                                                   "req/s/core", "wall"))
    sizing = []
    for label, what in (("GetTable", "GetTable"), ("GetPartition", "GetPartition, each once"),
                        ("GetPartitionAgain", "GetPartition, 1024 again and again"),
                        ("GetPartitions", "selective GetPartitions (100 rows)")):
        a, b = get(big, "cpu." + label), get(pg, "cpu." + label)
        if not a or not b:
            continue
        total = b["catalogd_us"] + b["postgres_us"]
        print("  %-42s %9s %9s %9s %9s %9s %9s %9s" % (
            "%s (%d)" % (what, b["n"]), fmt(a["catalogd_us"]), per_core(a["catalogd_us"]),
            fmt(b["catalogd_us"]), fmt(b["postgres_us"]), fmt(total), per_core(total),
            fmt(b["wall_us"])))
        sizing.append((what, a["catalogd_us"], b["catalogd_us"], b["postgres_us"]))
    for what, phase in (("BatchCreatePartition, per 1000 partitions", "ingest"),):
        a, b = get(sb, phase), get(pg, phase)
        ka, kb = a["n"] / 1000.0, b["n"] / 1000.0
        print("  %-42s %9s %9s %9s %9s %9s" % (
            what + " (ms)", fmt(a["cpu_catalogd_s"] / ka * 1e3), fmt(b["cpu_catalogd_s"] / kb * 1e3),
            fmt(b["cpu_postgres_s"] / kb * 1e3),
            fmt((b["cpu_catalogd_s"] + b["cpu_postgres_s"]) / kb * 1e3),
            fmt(b["secs"] / kb * 1e3)))
    print("  (one client connection, one request at a time; wall = the latency the client saw; "
          "ingest: over the whole phase, %d connections, wall = elapsed per 1000; req/s/core = "
          "10^6 / CPU us. Sizing: cores needed = requests/s x total CPU per request)" % CONNS)
    print("sizing, cores per 10,000 requests/s (10^4 x CPU us / 10^6; the HTTP stack's own share "
          "included, the client's not):")
    for what, sq, cat, pgc in sizing:
        print("  %-42s SQLite: catalogd %5.2f   PostgreSQL: catalogd %5.2f + PostgreSQL %5.2f"
              % (what, sq / 100.0, cat / 100.0, pgc / 100.0))
    print()
    # each phase as PostgreSQL's cost over SQLite's (rates inverted): the "within 2x"
    costs = []
    for label, path, rate in (("ingest, %d per call" % PG_BATCH, "ingest.rate", True),
                              ("selective p50", "select.p50_ms", False),
                              ("listing", "list.secs", False),
                              ("listing without columns", "list_nocols.secs", False),
                              ("BatchGetPartition", "batchget.p50_ms", False),
                              ("GetTable req/s", "rps.rate", True)):
        a, b = get(sb if path.startswith("ingest") else big, path), get(pg, path)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a and b:
            costs.append((a / b if rate else b / a, label))
    worst = max(costs) if costs else (None, "-")
    print("goals on PostgreSQL at %s partitions:" % "{:,}".format(np_))
    for label, v, ok in (
            ("every phase within 2x of SQLite (worst: %s)" % worst[1], worst[0],
             lambda v: v <= 2.0),
            ("GetTable within 2x with --pg-table-cache",
             (get(big, "rps.rate") / get(pg, "rps_notified.rate"))
             if get(pg, "rps_notified.rate") and get(big, "rps.rate") else None,
             lambda v: v <= 2.0),
            ("selective GetPartitions p50 <= %g ms" % GOAL_PG_SELECT_MS, get(pg, "select.p50_ms"),
             lambda v: v <= GOAL_PG_SELECT_MS),
            ("ingest >= {:,} partitions/s ({} per call)".format(GOAL_PG_INGEST, PG_BATCH),
             get(pg, "ingest.rate"), lambda v: v >= GOAL_PG_INGEST),
            ("selective answers all right (wrong ones)", get(pg, "select.wrong"),
             lambda v: v == 0),
            ("10^6 partitions loaded", np_, lambda v: v >= 1000000)):
        print("  %-44s %12s  %s" % (label, fmt(v), "PASS" if v is not None and ok(v) else "FAIL"))
    if not pg["ingest"]["complete"]:
        print("  note: PostgreSQL ingest hit the %d s limit at %s partitions" % (LIMIT, fmt(np_)))
    print()
    print("plans PostgreSQL ran for two selective GetPartitions, shapes A and B above "
          "(auto_explain, ANALYZE, BUFFERS):")
    for line in pg.get("plan", "").splitlines():
        print("  " + line)


def per_core(us):
    """Requests a second one core serves at US microseconds of CPU each."""
    return fmt(1e6 / us) if isinstance(us, (int, float)) and us > 0 else "-"


def short(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000:
        return "%dk" % round(n / 1000)
    return str(n)


if __name__ == "__main__":
    sys.exit(main())
