"""cdp.py -- headless Chromium driven over the DevTools protocol, standard library only.

    with cdp.Browser() as b:          # starts Debian's chromium --headless on a free port
        page = b.new_page()           # a tab; its console errors and exceptions are collected
        page.navigate("http://127.0.0.1:PORT/ui/#/databases")
        page.wait_for("document.body.dataset.state === 'ready'")
        page.eval("document.title"); page.screenshot("build/console/x.png")

The websocket client below speaks just what the DevTools endpoint needs (RFC 6455: a masked
client text frame out, unmasked frames in, continuation frames joined, ping answered).  Every
wait is bounded; Browser() raises BrowserMissing with what to do when chromium is not there.
"""

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.parse

START_TIMEOUT = 30.0
CALL_TIMEOUT = 30.0


class BrowserMissing(RuntimeError):
    pass


class CdpError(RuntimeError):
    pass


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


class WebSocket:
    def __init__(self, url, timeout=CALL_TIMEOUT):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
               % (u.path or "/", u.hostname, u.port, key))
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CdpError("DevTools closed the websocket handshake")
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise CdpError("websocket handshake refused: %r" % head[:200])

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise CdpError("DevTools closed the websocket")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text):
        data = text.encode()
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        """One whole text message (continuations joined); answers pings."""
        parts = []
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            op = b0 & 0x0F
            if op == 0x9:  # ping -> pong
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
                continue
            if op == 0x8:
                raise CdpError("DevTools closed the websocket")
            parts.append(payload)
            if b0 & 0x80:
                return b"".join(parts).decode()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Browser:
    """One headless Chromium with its own profile folder, stopped on exit."""

    def __init__(self, width=1280, height=900):
        binary = chromium_binary()
        if binary is None:
            raise BrowserMissing("headless Chromium is not installed: run `make deps` (installs "
                                 "Debian's chromium package), or apt-get install chromium")
        self.profile = tempfile.mkdtemp(prefix="catalogd-chromium-")
        args = [binary, "--headless=new", "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + self.profile,
                "--no-first-run", "--no-default-browser-check", "--disable-gpu",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-dev-shm-usage", "--mute-audio",
                "--window-size=%d,%d" % (width, height), "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        # its own temporary files (with --disable-dev-shm-usage, its shared memory) in the
        # profile folder, which close() removes, not in /tmp
        tmp = os.path.join(self.profile, "tmp")
        os.mkdir(tmp)
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=dict(os.environ, TMPDIR=tmp))
        self.log = []
        url = None
        deadline = time.monotonic() + START_TIMEOUT
        os.set_blocking(self.proc.stderr.fileno(), False)
        pending = b""
        while url is None and time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            chunk = self.proc.stderr.read()
            if chunk:
                pending += chunk
                m = re.search(rb"DevTools listening on (ws://\S+)", pending)
                if m:
                    url = m.group(1).decode()
            else:
                time.sleep(0.05)
        self.log.append(pending.decode(errors="replace"))
        if url is None:
            self.close()
            raise BrowserMissing("Chromium (%s) did not start within %.0f s: %s"
                                 % (binary, START_TIMEOUT, self.log[-1][-2000:]))
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []  # (sessionId, method, params) not yet consumed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if getattr(self, "ws", None):
            try:
                self.call("Browser.close", timeout=5)
            except (CdpError, OSError):
                pass
            self.ws.close()
            self.ws = None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method, params=None, session=None, timeout=CALL_TIMEOUT):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CdpError("%s: no answer within %.0f s" % (method, timeout))
            self.ws.sock.settimeout(left)
            try:
                m = json.loads(self.ws.recv())
            except socket.timeout:
                raise CdpError("%s: no answer within %.0f s" % (method, timeout))
            if m.get("id") == mid:
                if "error" in m:
                    raise CdpError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if "method" in m:
                self.events.append((m.get("sessionId"), m["method"], m.get("params", {})))

    def new_page(self):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target,
                                                      "flatten": True})["sessionId"]
        return Page(self, session)


class Page:
    def __init__(self, browser, session):
        self.b = browser
        self.session = session
        for m in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(m)

    def call(self, method, params=None, timeout=CALL_TIMEOUT):
        return self.b.call(method, params, self.session, timeout)

    def problems(self):
        """The console errors, uncaught exceptions and error log entries since the last call:
        [(kind, text, url)]."""
        out, keep = [], []
        for ev in self.b.events:
            sid, method, p = ev
            if sid != self.session:
                keep.append(ev)
            elif method == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append(("exception", (d.get("exception") or {}).get("description")
                            or d.get("text"), d.get("url", "")))
            elif method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.append(("console." + p["type"], " ".join(
                    str(a.get("value", a.get("description", ""))) for a in p["args"]), ""))
            elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
                e = p["entry"]
                out.append(("log:" + e.get("source", ""), e.get("text", ""), e.get("url", "")))
        self.b.events = keep
        return out

    def navigate(self, url):
        self.call("Page.navigate", {"url": url})

    def eval(self, expr, timeout=CALL_TIMEOUT):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": True}, timeout)
        if "exceptionDetails" in r:
            raise CdpError("evaluating %r: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait_for(self, expr, timeout=15.0):
        """Poll EXPR until it is truthy; its value.  CdpError after TIMEOUT seconds."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.eval(expr, timeout=5)
            except CdpError as e:  # the page may be between documents
                last = str(e)
            else:
                if last:
                    return last
            time.sleep(0.05)
        raise CdpError("waited %.0f s for %s (last: %r)" % (timeout, expr, last))

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png",
                                                    "captureBeyondViewport": True})["data"]
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path
