#!/usr/bin/env python3
"""flood_bench.py -- a well-behaved client's p99 latency during the flood of
tests/integ/test_flood.py (8 sockets declaring 16 MiB bodies, 17 addresses x 64 idle sockets
reopened as soon as they are closed) as a ratio to its p99 without it, in the same run against
the same catalogd (make bench-flood; goal <= 3).

Environment: CATALOGD (default build/catalogd), BENCH_FLOOD_SECONDS (8).
"""
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integ"))
import harness  # noqa: E402
import test_flood  # noqa: E402

SECONDS = float(os.environ.get("BENCH_FLOOD_SECONDS", "8"))


def p(lat, q):
    lat = sorted(lat)
    return lat[min(len(lat) - 1, int(len(lat) * q))]


def main():
    srv = harness.Server()
    srv.start()
    try:
        srv.raw("CreateDatabase", json.dumps({"DatabaseInput": {"Name": "flood_db"}}).encode())
        quiet = test_flood.good_client(srv.port, SECONDS)
        flood = test_flood.Flood(srv.port)
        flood.start()
        try:
            time.sleep(1.0)
            loud = test_flood.good_client(srv.port, SECONDS)
        finally:
            flood.stop()
    finally:
        srv.stop()
    failed = sum(1 for x in loud if x == float("inf"))
    q, l99 = p(quiet, 0.99), p(loud, 0.99)
    print("flood: good client without flood: %d requests, p50 %.2f ms, p99 %.2f ms"
          % (len(quiet), p(quiet, 0.5) * 1e3, q * 1e3))
    print("flood: during the flood: %d requests (%d failed), p50 %.2f ms, p99 %.2f ms; flood %s"
          % (len(loud), failed, p(loud, 0.5) * 1e3, l99 * 1e3, json.dumps(flood.stats)))
    print("flood: p99 ratio %.2f (goal <= 3)" % (l99 / q if q > 0 else float("inf")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
