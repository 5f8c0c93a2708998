"""Abuse, bounded (about 15 s, loopback only): an idle-connection flood past the per-client
limit, slow headers, slow bodies, a chunked body past the cap, a duplicate-key
BatchGetPartition and 8 parallel 16 MB bodies, all from 127.0.0.1, while a well-behaved
client on 127.0.0.2 keeps asking; its p99 must stay under a second and catalogd's peak RSS
under the documented budget (512 MB with default settings)."""

import http.client
import json
import os
import socket
import threading
import time
import unittest

import harness

RSS_BUDGET_KB = 512 * 1024
DURATION = 8.0  # seconds of attack


def peak_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


@unittest.skipIf("asan" in harness.catalogd_path() or harness.WRAPPER,
                 "timings and RSS are the plain build's (sanitizers and valgrind change both)")
class Abuse(unittest.TestCase):
    def setUp(self):
        # default limits; short slow-client timeouts only to keep the test short
        self.srv = harness.Server(extra_args=["--header-timeout", "2", "--body-timeout", "3"] + os.environ.get("ABUSE_ARGS", "").split())
        self.srv.start()
        self.stop = threading.Event()
        self.results = {}

    def tearDown(self):
        self.stop.set()
        self.srv.stop()

    def sock(self, src="127.0.0.1"):
        return socket.create_connection(("127.0.0.1", self.srv.port), timeout=30,
                                        source_address=(src, 0))

    def post(self, src, target, body, timeout=30):
        """One Glue request from address SRC: (status, body)."""
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=timeout,
                                          source_address=(src, 0))
        try:
            conn.request("POST", "/", body=body, headers={
                "X-Amz-Target": "AWSGlue." + target, "Content-Type": harness.JSON_CT})
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    # -- attackers
    def idle_flood(self):
        socks, refused = [], 0
        for _ in range(300):  # past the 64 a client may hold
            try:
                s = self.sock()
                socks.append(s)
            except OSError:
                refused += 1
        # a connection past the limit is answered, not dropped: 503 ThrottlingException
        try:
            socks[-1].sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: "
                              b"AWSGlue.GetDatabases\r\nContent-Type: application/x-amz-json-1.1"
                              b"\r\nContent-Length: 2\r\n\r\n{}")
            answer = socks[-1].recv(65536)
            self.results["over_limit_answer"] = answer.split(b"\r\n")[0].decode()
            self.results["over_limit_type"] = ("ThrottlingException" if b"x-amzn-ErrorType: "
                                               b"ThrottlingException" in answer else "-")
        except OSError as e:
            self.results["over_limit_answer"] = str(e)
        time.sleep(2.5)  # the idle ones past the limit have 2 s to send a request
        closed = 0
        for s in socks:  # connections past the limit are closed by the server by then
            s.setblocking(False)
            try:
                if s.recv(1) == b"":
                    closed += 1
            except BlockingIOError:
                pass
            except OSError:
                closed += 1
        self.results["idle_closed"] = closed + refused
        self.stop.wait(DURATION)
        for s in socks:
            s.close()

    def slow_headers(self):
        s = self.sock("127.0.0.3")
        start = time.monotonic()
        try:
            s.sendall(b"GET /health HTTP/1.1\r\n")
            while not self.stop.is_set() and time.monotonic() - start < DURATION:
                s.sendall(b"X: y\r\n")
                time.sleep(0.3)
        except OSError:
            pass
        self.results["slow_headers_cut_after"] = time.monotonic() - start

    def slow_body(self):
        s = self.sock("127.0.0.4")
        start = time.monotonic()
        try:
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSGlue.GetDatabases"
                      b"\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n"
                      b"\r\n")
            while not self.stop.is_set() and time.monotonic() - start < DURATION:
                s.sendall(b" ")
                time.sleep(0.3)
        except OSError:
            pass
        self.results["slow_body_cut_after"] = time.monotonic() - start

    def chunked_past_cap(self):
        s = self.sock("127.0.0.5")
        sent = 0
        try:
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSGlue.GetDatabases"
                      b"\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"a" * (1 << 20)
            while sent < 64 << 20 and not self.stop.is_set():
                s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
        except OSError:
            pass
        self.results["chunked_sent_mb"] = sent >> 20

    def big_bodies(self):
        body = b'{"Name": "' + b"x" * (16 * 1024 * 1024 - 64) + b'"}'

        def one(i):
            try:
                return self.post("127.0.0.6", "GetDatabase", body)[0]
            except OSError as e:
                return str(e)
        out = harness.run_threads(8, one)
        self.results["big_statuses"] = sorted(str(x) for x in out)

    def duplicate_keys(self):
        src, db = "127.0.0.7", harness.unique_name("abuse")
        self.post(src, "CreateDatabase", {"DatabaseInput": {"Name": db}})
        self.post(src, "CreateTable", {"DatabaseName": db, "TableInput": {
            "Name": "t", "PartitionKeys": [{"Name": "k", "Type": "string"}],
            "StorageDescriptor": {"Columns": [{"Name": "c%d" % i, "Type": "string"}
                                              for i in range(200)]}}})
        self.post(src, "CreatePartition", {"DatabaseName": db, "TableName": "t",
                                           "PartitionInput": {"Values": ["v"]}})
        sizes = []
        for _ in range(5):
            status, body = self.post(src, "BatchGetPartition", {
                "DatabaseName": db, "TableName": "t",
                "PartitionsToGet": [{"Values": ["v"]}] * 1000})
            sizes.append(len(body))
            self.results["dup_partitions"] = len(json.loads(body)["Partitions"])
        self.results["dup_answer_bytes"] = max(sizes)

    # -- the well-behaved client
    def good_client(self, lat):
        conn = None
        while not self.stop.is_set():
            t0 = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=10,
                                                      source_address=("127.0.0.2", 0))
                conn.request("POST", "/", body=b"{}", headers={
                    "X-Amz-Target": "AWSGlue.GetDatabases",
                    "Content-Type": harness.JSON_CT})
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                conn = None
            lat.append(time.monotonic() - t0 if ok else float("inf"))
            time.sleep(0.05)

    def test_abuse(self):
        lat = []
        good = threading.Thread(target=self.good_client, args=(lat,))
        good.start()
        attackers = [threading.Thread(target=f) for f in (
            self.idle_flood, self.slow_headers, self.slow_body, self.chunked_past_cap,
            self.big_bodies, self.duplicate_keys)]
        start = time.monotonic()
        for t in attackers:
            t.start()
        time.sleep(DURATION)
        self.stop.set()
        for t in attackers:
            t.join(30)
        good.join(15)
        took = time.monotonic() - start
        rss = peak_rss_kb(self.srv.proc.pid)
        lat.sort()
        p99 = lat[int(len(lat) * 0.99) - 1] if lat else float("inf")
        report = dict(self.results, good_requests=len(lat), good_p99_ms=round(p99 * 1000, 1),
                      peak_rss_mb=rss // 1024, seconds=round(took, 1))
        print("\nabuse: %s" % json.dumps(report), flush=True)
        self.assertEqual(self.results.get("over_limit_answer"),
                         "HTTP/1.1 503 Service Unavailable", report)
        self.assertEqual(self.results.get("over_limit_type"), "ThrottlingException", report)
        self.assertGreaterEqual(self.results.get("idle_closed", 0), 300 - 64 - 8, report)
        self.assertGreater(len(lat), 50)
        self.assertLess(p99, 1.0, report)
        self.assertLess(rss, RSS_BUDGET_KB, report)
        self.assertLess(self.results["slow_headers_cut_after"], 4.5, report)
        self.assertLess(self.results["slow_body_cut_after"], 5.5, report)
        self.assertLess(self.results["chunked_sent_mb"], 64, report)
        self.assertLess(self.results["dup_answer_bytes"], 64 * 1024, report)
        self.assertEqual(self.results["dup_partitions"], 1, report)
        self.assertTrue(all(s in ("400", "413", "503") or not s.isdigit()
                            for s in self.results["big_statuses"]), report)
        self.assertTrue(self.srv.alive())


if __name__ == "__main__":
    harness.main()
