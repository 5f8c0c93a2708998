"""The HTTP layer's limits and what it tells apart (issues 16 and 23): connections over a
limit are answered 503 (never dropped), early refusals close gracefully (the client reads the
answer, not a reset), header names with white space are refused, trusted proxies' PROXY headers
and X-Forwarded-For name the client in logs, audit lines and limits (untrusted ones are
ignored), and SIGTERM drains (/health 503, connections closed after their answer) before the
server stops."""

import json
import re
import signal
import socket
import time
import unittest

import harness

GLUE_HEAD = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSGlue.%s\r\n"
             b"Content-Type: application/x-amz-json-1.1\r\n")


def request(target, body=b"{}", extra=b""):
    return (GLUE_HEAD % target.encode() + extra + b"Content-Length: %d\r\n\r\n" % len(body)
            + body)


def read_answer(s, timeout=5.0):
    """One HTTP answer from socket S: (status, headers dict (lower-case names), body)."""
    s.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    while len(body) < n:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body


class Limits(unittest.TestCase):
    def connect(self, srv, src="127.0.0.1"):
        return socket.create_connection(("127.0.0.1", srv.port), timeout=10,
                                        source_address=(src, 0))

    def test_connections_over_the_per_client_limit_are_answered_503(self):
        with harness.Server(extra_args=["--max-conns-per-client", "2"]) as srv:
            socks = [self.connect(srv) for _ in range(3)]
            socks[2].sendall(request("GetDatabases"))
            status, headers, body = read_answer(socks[2])
            self.assertEqual(status, 503)
            self.assertEqual(headers.get("retry-after"), "1")
            self.assertEqual(headers.get("connection"), "close")
            self.assertEqual(json.loads(body)["__type"], "ThrottlingException")
            self.assertEqual(json.loads(body)["message"],
                             "Rate exceeded: too many connections from this client; retry "
                             "shortly.")
            self.assertEqual(socks[2].recv(1), b"")  # then closed, gracefully
            # REST: its own shape
            s = self.connect(srv)
            s.sendall(b"GET /v1/databases HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status, headers, body = read_answer(s)
            self.assertEqual(status, 503)
            self.assertEqual(json.loads(body)["code"], "ServiceUnavailableException")
            self.assertIn("Too many connections from this client", json.loads(body)["message"])
            # the first two still work, and another address is not affected
            socks[0].sendall(request("GetDatabases"))
            self.assertEqual(read_answer(socks[0])[0], 200)
            other = self.connect(srv, "127.0.0.9")
            other.sendall(request("GetDatabases"))
            self.assertEqual(read_answer(other)[0], 200)
            m = self.connect(srv, "127.0.0.10")
            m.sendall(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            metrics = read_answer(m)[2]
            m.close()
            self.assertRegex(metrics.decode(),
                             r'catalogd_refused_total\{reason="connections_per_client"\} [1-9]')
            for x in socks + [s, other]:
                x.close()

    def test_header_names_with_white_space_are_refused(self):
        with harness.Server() as srv:
            s = self.connect(srv)
            # "Content-Length : 35" is no length for MHD, but a lenient proxy reads one
            s.sendall(GLUE_HEAD % b"CreateDatabase" + b"Content-Length : 35\r\n\r\n"
                      + b'{"DatabaseInput":{"Name":"smug1"}}')
            status, headers, body = read_answer(s)
            self.assertEqual(status, 400)
            self.assertEqual(json.loads(body), {"__type": "InvalidInputException",
                                                "message": "A header name contains white space."})
            s.close()
            s = self.connect(srv)
            s.sendall(b"GET /v1/databases HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Y : 1\r\n\r\n")
            status, headers, body = read_answer(s)
            self.assertEqual(status, 400)
            self.assertEqual(json.loads(body)["message"], "A header name contains white space.")
            s.close()
            self.assertEqual(srv.raw("GetDatabase", b'{"Name":"smug1"}').status, 400)

    def test_early_413_is_read_not_reset(self):
        """A body over --max-body is answered 413 at its headers; the client, still sending,
        reads the answer because the server drains before closing."""
        with harness.Server(extra_args=["--max-body", "65536"]) as srv:
            for _ in range(3):
                s = self.connect(srv)
                s.sendall(GLUE_HEAD % b"GetDatabases" + b"Content-Length: 4194304\r\n\r\n")
                sent = 0
                try:
                    while sent < 1 << 20:  # well past the socket buffers
                        s.sendall(b"x" * 65536)
                        sent += 65536
                except OSError as e:
                    self.fail("the server reset the connection while the body was sent: %s" % e)
                status, headers, body = read_answer(s)
                self.assertEqual(status, 413)
                self.assertEqual(json.loads(body)["__type"], "InvalidInputException")
                s.close()

    def test_trusted_proxy_names_the_client(self):
        with harness.Server(extra_args=["--verbose", "--trusted-proxy", "127.0.0.1/32"]) as srv:
            cases = [  # (source address, preamble, extra header, the client the log names)
                ("127.0.0.1", b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n", b"",
                 "203.0.113.7"),
                ("127.0.0.1", b"\r\n\r\n\x00\r\nQUIT\n\x21\x21\x00\x24"
                 + socket.inet_pton(socket.AF_INET6, "2001:db8::5")
                 + socket.inet_pton(socket.AF_INET6, "::1") + b"\x9c\x40\x00\x50", b"",
                 "2001:db8::5"),
                ("127.0.0.1", b"", b"X-Forwarded-For: 198.51.100.9, 127.0.0.1\r\n",
                 "198.51.100.9"),
                ("127.0.0.1", b"", b"", "127.0.0.1"),  # the proxy's own request
                # from an untrusted address both are ignored: the socket's address counts
                ("127.0.0.5", b"", b"X-Forwarded-For: 6.6.6.6\r\n", "127.0.0.5"),
            ]
            for i, (src, pre, extra, client) in enumerate(cases):
                s = self.connect(srv, src)
                body = json.dumps({"DatabaseInput": {"Name": "via_%d" % i}}).encode()
                s.sendall(pre + request("CreateDatabase", body, extra))
                self.assertEqual(read_answer(s)[0], 200, (src, pre, extra))
                s.close()
            # a PROXY header from an untrusted address is no HTTP request
            s = self.connect(srv, "127.0.0.5")
            s.sendall(b"PROXY TCP4 6.6.6.6 127.0.0.1 1 80\r\n" + request("GetDatabases"))
            self.assertEqual(read_answer(s)[0], 400)
            s.close()
            # a malformed one from a trusted proxy: 400, nothing served
            s = self.connect(srv)
            s.sendall(b"PROXY TCP4 300.1.1.1 127.0.0.1 1 80\r\n" + request("GetDatabases"))
            self.assertEqual(read_answer(s)[0], 400)
            s.close()
            self.assertEqual(srv.signal_and_wait(), 0)
            log = srv.log()
        for i, (src, pre, extra, client) in enumerate(cases):
            self.assertRegex(log, r"(?m)^catalogd: %s POST / AWSGlue\.CreateDatabase -> 200"
                             % re.escape(client))
            audit = [json.loads(m) for m in re.findall(r"(?m)^catalogd: audit (.*)$", log)]
            mine = [a for a in audit if a["resource"] == "database/via_%d" % i]
            self.assertEqual([a["source"] for a in mine], [client], log)
        self.assertNotIn("6.6.6.6", log.replace("PROXY TCP4 6.6.6.6", ""))

    def test_proxied_connections_are_not_capped_per_client(self):
        """A balancer holds many connections from one address: they count in the total only,
        and each forwarded client is charged by its own address."""
        with harness.Server(extra_args=["--max-conns-per-client", "2",
                                        "--trusted-proxy", "127.0.0.1"]) as srv:
            socks = [self.connect(srv) for _ in range(6)]
            for i, s in enumerate(socks):
                s.sendall(request("GetDatabases", extra=b"X-Forwarded-For: 10.0.0.%d\r\n" % i))
                self.assertEqual(read_answer(s)[0], 200)
            # while PROXY-protocol connections are the clients' own: capped per client
            pp = []
            for _ in range(3):
                s = self.connect(srv)
                s.sendall(b"PROXY TCP4 192.0.2.1 127.0.0.1 1 80\r\n")
                pp.append(s)
            time.sleep(0.3)
            statuses = []
            for s in pp:
                s.sendall(request("GetDatabases"))
                statuses.append(read_answer(s)[0])
            self.assertEqual(sorted(statuses), [200, 200, 503])
            for s in socks + pp:
                s.close()

    def test_sigterm_drains_then_stops(self):
        srv = harness.Server(extra_args=["--drain-seconds", "3"])
        srv.start()
        ok = False
        try:
            # an idle connection open throughout: the drain goes on while one is open (with
            # none left it ends, and the next connection would be refused)
            hold = self.connect(srv)
            s = self.connect(srv)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status, headers, body = read_answer(s)
            self.assertEqual((status, json.loads(body)["status"]), (200, "ok"))
            t0 = time.monotonic()
            srv.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            self.assertIsNone(srv.proc.poll())  # still serving, while connections are open
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status, headers, body = read_answer(s)
            self.assertEqual(status, 503)
            self.assertEqual(json.loads(body)["status"], "draining")
            self.assertEqual(headers.get("connection"), "close")
            s.close()
            s = self.connect(srv)  # a new connection is still served, then closed
            s.sendall(request("GetDatabases"))
            status, headers, body = read_answer(s)
            self.assertEqual((status, headers.get("connection")), (200, "close"))
            self.assertEqual(s.recv(1), b"")
            s.close()
            hold.close()
            # no connection left: the drain ends early, and the process exits 0
            srv.proc.wait(timeout=5)
            self.assertLess(time.monotonic() - t0, 3.5)
            self.assertEqual(srv.proc.returncode, 0)
            self.assertIn("catalogd: SIGTERM, draining for up to 3 s", srv.log())
            self.assertEqual(srv.signal_and_wait(), 0)
            ok = True
        finally:
            if not ok:
                srv.stop()


if __name__ == "__main__":
    unittest.main()
