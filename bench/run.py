#!/usr/bin/env python3
"""Driver for `make bench`: catalogd vs moto_server vs a bare libmicrohttpd responder.

Orchestration only; the load itself is build/bench/loadgen (C, libcurl). Runs, in order:

  1. ceiling   build/bench/ceiling: GetTable-sized requests/s (the HTTP ceiling)
  2. catalogd  at BENCH_N partitions (default 1,000,000), BatchCreatePartition batches of 1000
  3. catalogd  at BENCH_MOTO_N partitions, batches of 100: the same workload as moto's
  4. moto      moto_server at BENCH_MOTO_N partitions (default 20,160), batches of 100

then prints one table (catalogd / moto ratios at the same size) and the goals. The server's
RSS is sampled every 100 ms throughout (VmRSS) and its kernel high-water mark (VmHWM) is read
before it is stopped; the database size is taken after a clean SIGTERM shutdown (WAL
checkpointed). Every phase is bounded in count and in time; loadgen checks every answer
(counts, each partition exactly once, first pages in full), so wrong answers cannot look fast.

Environment: BENCH_N, BENCH_MOTO_N, BENCH_QUERIES (200), BENCH_MOTO_QUERIES (50),
BENCH_BATCHGET (20), BENCH_RPS (20000), BENCH_CONNS (2), BENCH_LIMIT (300 s per phase),
BENCH_MOTO_LIMIT (60 s per phase), CATALOGD (build/catalogd), BENCH_BIN (build/bench),
BENCH_SKIP_MOTO=1, BENCH_KEEP_DB=1 (keep catalogd's database files, for EXPLAIN QUERY PLAN).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PER_DAY = 480  # partitions per day in loadgen's data set (24 hours x 20 regions)


def env_int(name, default):
    return int(float(os.environ.get(name, default)))


N = env_int("BENCH_N", 1000000)
MOTO_N = env_int("BENCH_MOTO_N", 42 * PER_DAY)
QUERIES = env_int("BENCH_QUERIES", 200)
MOTO_QUERIES = env_int("BENCH_MOTO_QUERIES", 50)
BATCHGET = env_int("BENCH_BATCHGET", 20)
RPS = env_int("BENCH_RPS", 20000)
CONNS = env_int("BENCH_CONNS", 2)
LIMIT = env_int("BENCH_LIMIT", 300)
MOTO_LIMIT = env_int("BENCH_MOTO_LIMIT", 60)
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


def loadgen(server, args, limit, phases_total):
    """Run loadgen against SERVER; returns {phase: result dict}. Bounded by a watchdog."""
    argv = [os.path.join(BIN, "loadgen"), server.url, "-T", str(limit)] + [str(a) for a in args]
    log("%s: %s" % (server.name, " ".join(argv[1:])))
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(limit * phases_total + 60, p.kill)
    timer.start()
    results = {}
    try:
        for line in p.stdout:
            line = line.rstrip("\n")
            if line.startswith("PHASE "):
                server.phase = line[6:]
                log("%s: phase %s" % (server.name, server.phase))
            elif line.startswith("RESULT "):
                r = json.loads(line[7:])
                results[r["phase"]] = r
                log("%s: %s" % (server.name, line[7:]))
        rc = p.wait()
    finally:
        timer.cancel()
    server.phase = "idle"
    if rc != 0:
        raise RuntimeError("loadgen against %s failed (status %s)" % (server.name, rc))
    return results


def run_catalogd(n, batch, queries, label):
    tmp = tempfile.mkdtemp(prefix="bench-catalogd-")
    db = os.path.join(tmp, "bench.db")
    srv = Server(label, [CATALOGD, "--listen", "127.0.0.1:0", "--db", db])
    try:
        r = loadgen(srv, ["-n", n, "-b", batch, "-c", CONNS, "-q", queries, "-g", BATCHGET,
                          "-r", RPS, "-x", "setup", "ingest", "select", "list", "batchget", "rps"],
                    LIMIT, 7)
    finally:
        status = srv.stop()
    size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
    wal = os.path.exists(db + "-wal") and os.path.getsize(db + "-wal")
    r["server"] = {"exit": status, "rss_max_mb": srv.rss_mb(), "hwm_mb": (srv.hwm or 0) / 1024.0,
                   "rss_list_mb": srv.rss_mb({"list", "list_nocols"}),
                   "db_bytes": size, "wal_left": bool(wal),
                   "bytes_per_partition": size / max(1, r["ingest"]["n"])}
    if os.environ.get("BENCH_KEEP_DB"):
        log("%s: database kept in %s" % (label, db))
    else:
        for s in ("", "-wal", "-shm"):
            if os.path.exists(db + s):
                os.unlink(db + s)
        os.rmdir(tmp)
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


def run_ceiling():
    srv = Server("ceiling", [os.path.join(BIN, "ceiling"), str(free_port())])
    try:
        return loadgen(srv, ["-c", CONNS, "-r", RPS, "rps"], LIMIT, 1)
    finally:
        srv.stop()


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
    if N < 22 * PER_DAY or MOTO_N < 22 * PER_DAY:
        sys.exit("bench: BENCH_N and BENCH_MOTO_N must be at least %d" % (22 * PER_DAY))
    ceil = run_ceiling()
    big = run_catalogd(N, 1000, QUERIES, "catalogd")
    small = run_catalogd(MOTO_N, 100, MOTO_QUERIES, "catalogd-small")
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
        ("server peak RSS MB (VmHWM)", "server.hwm_mb", False),
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
    c_rate, k_rate = get(ceil, "rps.rate"), get(big, "rps.rate")
    print("HTTP ceiling (bare libmicrohttpd, same flags, fixed answer) vs catalogd GetTable, "
          "%d conns:" % CONNS)
    print("  ceiling %s req/s (p50 %s ms), catalogd %s req/s (p50 %s ms): catalogd/ceiling = %.2f"
          % (fmt(c_rate), fmt(get(ceil, "rps.p50_ms")), fmt(k_rate), fmt(get(big, "rps.p50_ms")),
             k_rate / c_rate))
    print()
    print("goals at %s partitions:" % "{:,}".format(nb))
    goals = [
        ("ingest >= 100,000 partitions/s", get(big, "ingest.rate"), lambda v: v >= 100000),
        ("selective GetPartitions p50 <= 5 ms", get(big, "select.p50_ms"), lambda v: v <= 5),
        ("full listing of 10^6 <= 3 s", get(big, "list.secs"),
         lambda v: v <= 3 and nb >= 1000000),
        ("server RSS <= 64 MB throughout", get(big, "server.hwm_mb"), lambda v: v <= 64),
        ("<= 300 bytes per partition", get(big, "server.bytes_per_partition"),
         lambda v: v <= 300),
    ]
    for label, v, ok in goals:
        print("  %-40s %12s  %s" % (label, fmt(v), "PASS" if v is not None and ok(v) else "FAIL"))
    if not big["ingest"]["complete"]:
        print("  note: catalogd ingest hit the %d s limit at %s partitions" % (LIMIT, fmt(nb)))
    if moto and not moto["ingest"]["complete"]:
        print("  note: moto ingest hit the %d s limit at %s partitions" % (MOTO_LIMIT, fmt(nm)))
    print("total wall time %.0f s" % elapsed)
    return 0


def short(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000:
        return "%dk" % round(n / 1000)
    return str(n)


if __name__ == "__main__":
    sys.exit(main())
