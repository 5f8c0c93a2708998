#!/usr/bin/env python3
"""run.py -- runs the libFuzzer targets one at a time and reports executions per target.

    run.py [--runs N] [--max-time S] [--bin DIR] [--work DIR] TARGET...   fuzz (make fuzz, fuzz-long)
    run.py --merge [--bin DIR] [--work DIR] TARGET...          grown corpus -> tests/fuzz/corpus

Each target reads its seeds from tests/fuzz/corpus/TARGET/ (never written here) and keeps what
it grows in WORK/corpus-TARGET/ (build-fuzz/, outside git); a crash, leak or timeout input is
saved as WORK/artifacts/TARGET/crash-... (leak-, timeout-).  --merge adds to
tests/fuzz/corpus/TARGET/ the grown inputs that reach code its seeds do not (libFuzzer
-merge=1): make fuzz-corpus-update, the only step that writes into the tree.
The table at the end: target, executions and exec/s (libFuzzer's final stats), the seconds
spent, whether 10^7 executions were reached (--goal), and the crashes; the exit status is 1
when any target crashed, leaked or timed out.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "tests", "fuzz", "corpus")

# -max_len per target: a little over the longest input the code under test reads (longer
# inputs only cost time); 4096 when not named.
MAX_LEN = {
    "fuzz_cron": 300,  # CRON_MAX_LEN 256 (the schedule is refused past it)
    "fuzz_hivetype": 1024,
    "fuzz_locator": 700,  # the target cuts at 600
    "fuzz_pexpr": 1024,
    "fuzz_proxy": 1024,  # PROXY_HEADER_MAX 536, and X-Forwarded-For lines
    "fuzz_search": 1200,  # SearchText and filter values are at most 1024 characters
    "fuzz_sigv4": 1024,
    "fuzz_framing": 2048,
    "fuzz_ui": 512,
}

# ASan's quarantine holds 256 MB of freed memory by default: every allocation then touches
# fresh pages (half the time of fuzz_search went to page faults and the allocator).  16 MB
# still holds every block freed during one execution of any target, so a use after free is
# still caught; the fill of new blocks is limited to their first 256 bytes.
ASAN_OPTIONS = "quarantine_size_mb=16:max_malloc_fill_size=256"

LIBFUZZER = re.compile(r"^(#\d+\s|stat::|INFO: |Done \d+ runs|MERGE)")
STAT = re.compile(r"^#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|RELOAD|INITED)\b.*?exec/s: (\d+)")


def run_one(target, args):
    binary = os.path.join(args.bin, target)
    work = os.path.join(args.work, "corpus-" + target)
    seeds = os.path.join(SEEDS, target)
    arts = os.path.join(args.work, "artifacts", target) + os.sep
    log = os.path.join(args.work, "log-" + target + ".txt")
    os.makedirs(work, exist_ok=True)
    os.makedirs(arts, exist_ok=True)
    cmd = [binary, "-runs=%d" % args.runs, "-max_len=%d" % MAX_LEN.get(target, 4096),
           "-print_final_stats=1", "-artifact_prefix=" + arts, "-timeout=%d" % args.timeout]
    if args.max_time:
        cmd.append("-max_total_time=%d" % args.max_time)
    cmd += [work] + ([seeds] if os.path.isdir(seeds) else [])
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", ASAN_OPTIONS)
    before = set(os.listdir(arts))
    print("== %s: %s" % (target, " ".join(cmd)), flush=True)
    start = time.monotonic()
    # the code under test may write a line per execution (catalogd's warnings): the log keeps
    # libFuzzer's own lines and the last 300 lines (a crash report is at the end)
    tail = collections.deque(maxlen=300)
    kept = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env) as p:
        for raw in p.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            tail.append(line)
            if LIBFUZZER.match(line):
                kept.append(line)
                tail.pop()
        rc = p.wait()
    secs = time.monotonic() - start
    with open(log, "w") as out:
        out.write("\n".join(kept + ["-- last lines:"] + list(tail)) + "\n")
    execs = rate = None
    for line in kept:
        m = STAT.match(line)
        if m:
            execs, rate = int(m.group(1)), int(m.group(2))
        m = re.match(r"^stat::number_of_executed_units: (\d+)", line)
        if m:
            execs = int(m.group(1))
        m = re.match(r"^stat::average_exec_per_sec: (\d+)", line)
        if m:
            rate = int(m.group(1))
    if execs is not None and not rate and secs > 0:
        rate = int(execs / secs)  # libFuzzer says 0 for a run under a second
    found = sorted(set(os.listdir(arts)) - before)
    if rc != 0 and not found:
        found = ["exit %d" % rc]
    if rc != 0:
        print("\n".join(list(tail)[-40:]), flush=True)
        print("-- %s failed (exit %d); log %s" % (target, rc, log), flush=True)
    corpus = len(os.listdir(work))
    return {"target": target, "execs": execs, "rate": rate, "secs": secs,
            "crashes": found, "corpus": corpus}


def merge(target, args):
    binary = os.path.join(args.bin, target)
    work = os.path.join(args.work, "corpus-" + target)
    seeds = os.path.join(SEEDS, target)
    os.makedirs(seeds, exist_ok=True)
    if not os.path.isdir(work):
        print("== %s: no grown corpus in %s" % (target, work))
        return 0
    n = len(os.listdir(seeds))
    rc = subprocess.call([binary, "-merge=1", "-max_len=%d" % MAX_LEN.get(target, 4096),
                          seeds, work], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("== %s: %d seeds -> %d (exit %d)" % (target, n, len(os.listdir(seeds)), rc))
    return rc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20000)
    ap.add_argument("--max-time", type=int, default=0, help="seconds per target at most")
    ap.add_argument("--timeout", type=int, default=25, help="seconds one input may take")
    ap.add_argument("--goal", type=int, default=0, help="executions each target should reach")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build-fuzz"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build-fuzz"))
    ap.add_argument("--merge", action="store_true")
    ap.add_argument("targets", nargs="+")
    args = ap.parse_args()
    if args.merge:
        return 1 if any(merge(t, args) for t in args.targets) else 0
    rows = [run_one(t, args) for t in args.targets]
    goal = args.goal
    print("\n%-16s %12s %9s %8s %7s %s" % ("target", "executions", "exec/s", "seconds",
                                          "corpus", "goal" if goal else ""), end="")
    print("  crashes")
    for r in rows:
        reached = ""
        if goal:
            reached = "yes" if (r["execs"] or 0) >= goal else "no"
        print("%-16s %12s %9s %8.0f %7d %4s  %s" % (
            r["target"], r["execs"] if r["execs"] is not None else "?",
            r["rate"] if r["rate"] is not None else "?", r["secs"], r["corpus"], reached,
            ", ".join(r["crashes"]) or "0"))
    return 1 if any(r["crashes"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
