"""balancers.py -- Debian's nginx and HAProxy run with the README's configurations, on loopback
ports, in the foreground, from a temporary folder (for tests/integ/test_balancer.py and
bench/balancer_bench.py).

README.md marks each configuration with a comment line right before its fenced block:
`<!-- nginx config -->` (inside http {}), `<!-- nginx stream config -->` (inside stream {}),
`<!-- haproxy config -->` (a whole haproxy.cfg but `global`).  localize() replaces the README's
example addresses: the balancer's `listen 8049;` / `bind :8049` by 127.0.0.1:LISTEN, the catalogd
10.0.1.11:8049 and 10.0.1.12:8049 by two loopback ports; each must be there, so the README and
its users cannot drift apart silently.  A system nginx or haproxy is never used or touched.
Python 3 standard library only.
"""

import os
import shutil
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so"  # Debian's libnginx-mod-stream
UPSTREAMS = ("10.0.1.11:8049", "10.0.1.12:8049")  # the README's catalogd


def binary(name):
    """The path of nginx or haproxy, or RuntimeError saying how to install it."""
    path = shutil.which(name) or "/usr/sbin/" + name
    if not os.access(path, os.X_OK):
        raise RuntimeError("%s is not installed: run `make deps` (as root)" % name)
    return path


def readme_block(marker):
    """The fenced block right after the line `<!-- MARKER -->` in README.md."""
    with open(README) as f:
        lines = f.read().split("\n")
    i = lines.index("<!-- %s -->" % marker)
    if not lines[i + 1].startswith("```"):
        raise AssertionError("README.md: no ``` block right after <!-- %s -->" % marker)
    j = lines.index("```", i + 2)
    return "\n".join(lines[i + 2:j])


def localize(marker, listen, upstreams):
    """README block MARKER with the balancer on 127.0.0.1:LISTEN and the two catalogd on
    127.0.0.1:UPSTREAMS[0] and [1]."""
    block = readme_block(marker)
    mapping = [("listen 8049;", "listen 127.0.0.1:%d;" % listen),
               ("bind :8049", "bind 127.0.0.1:%d" % listen)]
    mapping += [(old, "127.0.0.1:%d" % p) for old, p in zip(UPSTREAMS, upstreams)]
    found = [old for old, _ in mapping if old in block]
    if len(found) != 3 or not all(u in found for u in UPSTREAMS):
        raise AssertionError("README.md <!-- %s -->: expected `listen 8049;` or `bind :8049`, "
                             "%s and %s in:\n%s" % ((marker,) + UPSTREAMS + (block,)))
    for old, new in mapping:
        block = block.replace(old, new)
    return block


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


class Balancer:
    """A balancer process in the foreground; started when made (ready once every port in PORTS
    accepts connections), stop() ends it."""

    def __init__(self, name, argv, folder, conf, ports, log):
        self.name, self.log = name, log  # LOG: where it writes its errors
        self.conf_path = os.path.join(folder, name + ".conf")
        with open(self.conf_path, "w") as f:
            f.write(conf)
        with open(os.path.join(folder, name + ".out"), "wb") as out:
            self.proc = subprocess.Popen(argv + [self.conf_path], stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=out)
        try:
            for p in ports:
                self.wait_port(p)
        except BaseException:
            self.stop()
            raise

    def wait_port(self, port, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("%s did not listen on %d (status %s); %s"
                                   % (self.name, port, self.proc.poll(), self.log_tail()))
            time.sleep(0.02)

    def log_tail(self, n=3000):
        out = os.path.join(os.path.dirname(self.conf_path), self.name + ".out")
        text = read(out)[-n:] + (read(self.log)[-n:] if self.log != out else "")
        return "%s log:\n%s" % (self.name, text)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def nginx(folder, http=None, stream=None):
    """nginx in FOLDER (made; it and its parent searchable by all, as the workers run as nobody
    when nginx is started as root) with HTTP
    inside http {} and STREAM inside stream {} (lists of (text, port) pairs: a configuration and
    the port it listens on).  Around them only what running from a folder needs."""
    http, stream = http or [], stream or []
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o755)
    parent = os.path.dirname(folder)
    os.chmod(parent, os.stat(parent).st_mode | 0o111)
    d = folder
    conf = "\n".join(
        ["user nobody nogroup;" if os.geteuid() == 0 else "",
         "load_module %s;" % STREAM_MODULE if stream and os.path.exists(STREAM_MODULE) else "",
         "worker_processes 2;", "daemon off;", "pid %s/nginx.pid;" % d,
         "error_log %s/error.log warn;" % d, "events { worker_connections 4096; }"]
        + (["http {", "access_log off;"]
           + ["%s_temp_path %s/%s;" % (k, d, k)
              for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
           + [text for text, _ in http] + ["}"] if http else [])
        + (["stream {"] + [text for text, _ in stream] + ["}"] if stream else [])) + "\n"
    return Balancer("nginx", [binary("nginx"), "-p", d + "/", "-e", d + "/error.log", "-c"],
                    folder, conf, [p for _, p in http + stream], d + "/error.log")


def haproxy(folder, text, port):
    """HAProxy in FOLDER with TEXT (a haproxy.cfg without `global`) listening on PORT."""
    os.makedirs(folder, exist_ok=True)
    conf = "global\n    maxconn 2000\n\n" + text + "\n"
    out = os.path.join(folder, "haproxy.out")
    return Balancer("haproxy", [binary("haproxy"), "-db", "-f"], folder, conf, [port], out)
