#!/usr/bin/env python3
"""Run the catalogd integration tests.

    python3 tests/integ/run.py                  # every tests/integ/test_*.py
    python3 tests/integ/run.py test_wire test_tables   # some modules
    python3 tests/integ/run.py -k paging        # tests whose name contains "paging"
    python3 tests/integ/run.py test_auth.Reload # one class (or Module.Class.test_name)
    python3 tests/integ/run.py --shard 2/3      # the 2nd of 3 shares of the modules

A share (--shard K/N) is the Kth of N sets of modules of about the same expected time (the
seconds below for the slow modules, as measured in make test; the others by their number of
tests), dealt out the longest first: make test runs the shares of each backend at once.
The server binary comes from $CATALOGD (default build/catalogd); $CATALOGD_WRAPPER runs
it under a wrapper, e.g. valgrind (make valgrind does, for the REST modules). The last line
printed is "N passed, N failed, N skipped"; the exit status is 0 only if
nothing failed (errors count as failures).
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402


# Seconds of the slowest modules in make test's passes (their end-of-run lines), for --shard.
SLOW = {"test_awscli": 55, "test_package": 55, "test_partitions": 44,
        "test_crawler_multiprocess": 35, "test_console": 26, "test_catalogctl": 24, "test_auth": 22,
        "test_readme": 18, "test_hms": 17, "test_balancer": 16, "test_pg_restart": 16}


def shares(n):
    """The modules in N lists of about the same expected time."""
    names = sorted(f[:-3] for f in os.listdir(HERE) if f.startswith("test_") and f.endswith(".py"))

    def weight(m):
        if m in SLOW:
            return SLOW[m]
        with open(os.path.join(HERE, m + ".py")) as f:
            return 2 + 0.3 * f.read().count("    def test_")
    out, load = [[] for _ in range(n)], [0.0] * n
    for m in sorted(names, key=lambda m: (-weight(m), m)):
        i = load.index(min(load))
        out[i].append(m)
        load[i] += weight(m)
    return out


def main(argv):
    patterns = []
    modules = []
    quiet = False
    shard = None
    it = iter(argv)
    for a in it:
        if a == "-k":
            patterns.append("*%s*" % next(it))
        elif a == "--shard":
            k, _, n = next(it).partition("/")
            shard = (int(k), int(n))
            if not 1 <= shard[0] <= shard[1]:
                sys.stderr.write("run.py: --shard K/N needs 1 <= K <= N\n")
                return 2
        elif a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            modules.append(os.path.splitext(os.path.basename(a))[0] if a.endswith(".py") else a)
    loader = unittest.TestLoader()
    if patterns:
        loader.testNamePatterns = patterns
    if shard and not modules:
        modules = sorted(shares(shard[1])[shard[0] - 1])
    if modules:
        suite = unittest.TestSuite(loader.loadTestsFromName(m) for m in modules)
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    return harness.run_suite(suite, verbosity=1 if quiet else 2)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
