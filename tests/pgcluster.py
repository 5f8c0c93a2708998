#!/usr/bin/env python3
"""pgcluster.py -- a throwaway PostgreSQL cluster for the tests (initdb in a temporary directory,
as an unprivileged user, on a free loopback port; stopped and removed at the end).

    python3 tests/pgcluster.py run -- CMD ARGS...
        start a cluster, run CMD with CATALOG_TEST_PG=postgresql://catalog@127.0.0.1:PORT/postgres
        (a superuser locator: tests create their own databases there), then stop and remove the
        cluster, also when CMD fails or on SIGINT/SIGTERM; exits with CMD's status.
    python3 tests/pgcluster.py start      (prints the locator and the folder; for debugging)
    python3 tests/pgcluster.py remove DIR (stops and removes what `start` made)
    python3 tests/pgcluster.py start --state FILE --createdb NAME
        (make pg) start a cluster kept running, or start again the one FILE records, with a
        database NAME; print catalogd's --db for it; FILE records the folder, port and locator
    python3 tests/pgcluster.py stop --state FILE   (make pg-stop) stop and remove it, and FILE

From Python (tests/integ/test_pg_restart.py):

    c = pgcluster.Cluster().start()
    c.stop(); c.start(); c.restart(); c.createdb("x"); c.dropdb("x"); c.locator("x")
    c.remove()                            # or `with pgcluster.Cluster() as c:`

The binaries are Debian's (/usr/lib/postgresql/<newest>/bin; `make deps` installs the postgresql
package).  As root, initdb and the server run as the `postgres` system user (Debian's package
creates it; `nobody` otherwise) in a folder given to that user; otherwise as the current user.
The cluster is tuned for tests, not durability: fsync, synchronous_commit and full_page_writes
are off.  Its default collation is ICU's "und" (not byte order, as on a typical deployment with
en_US.UTF-8), so a column that should be COLLATE "C" and is not shows in ordering tests.
Python 3 standard library only.
"""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

SUPERUSER = "catalog"
SETTINGS = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200", "-c", "listen_addresses=127.0.0.1",
            "-c", "log_min_messages=warning"]


def bindir():
    """The newest /usr/lib/postgresql/N/bin that has initdb, or RuntimeError."""
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin")
             if os.access(os.path.join(d, "initdb"), os.X_OK)]
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/"
                           "initdb): run `make deps` (as root) to install Debian's postgresql")
    return max(found, key=lambda d: int(d.split("/")[-2].split(".")[0]))


def tool(name):
    return os.path.join(bindir(), name)


def free_port():
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def with_dbname(locator, dbname):
    """LOCATOR (a libpq URI or key=value string) naming database DBNAME instead."""
    if locator.startswith(("postgresql://", "postgres://")):
        u = urllib.parse.urlsplit(locator)
        return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + dbname, u.query, u.fragment))
    parts = [p for p in locator.split() if not p.startswith("dbname=")]
    return " ".join(parts + ["dbname=" + dbname])


def psql(locator, sql, check=True, timeout=60):
    """Run SQL (one or more statements) through psql on LOCATOR; returns stdout (unaligned, tuples
    only, '|' between columns).  Raises RuntimeError with psql's words when it fails and CHECK."""
    r = subprocess.run([tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                        "-d", locator, "-c", sql], capture_output=True, text=True,
                       timeout=timeout, stdin=subprocess.DEVNULL)
    if r.returncode != 0 and check:
        raise RuntimeError("psql %r failed (%d): %s" % (sql[:200], r.returncode, r.stderr.strip()))
    return r.stdout


def quote_ident(name):
    return '"%s"' % name.replace('"', '""')


def create_database(locator, name):
    """CREATE DATABASE NAME on the server LOCATOR names (a cheap copy of template1 on a test
    cluster: FILE_COPY, since fsync is off there)."""
    psql(locator, "CREATE DATABASE %s STRATEGY = FILE_COPY" % quote_ident(name))
    return with_dbname(locator, name)


def drop_database(locator, name):
    psql(locator, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % quote_ident(name))


class Cluster:
    """One throwaway cluster: start() (initdb the first time), stop(), restart(), remove()."""

    def __init__(self, port=None, base=None, settings=()):
        """SETTINGS: more "name=value" server settings, after (and over) the test ones."""
        self.bindir = bindir()
        self.settings = list(SETTINGS)
        for kv in settings:
            self.settings += ["-c", kv]
        self.port = port or free_port()
        self.base = base  # the folder: data/, the socket, the log
        self.user = None  # who runs the server (None: the current user)
        self.running = False
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    pass
            if self.user is None:
                raise RuntimeError("running as root and neither `postgres` nor `nobody` exists "
                                   "to run the PostgreSQL server as")

    # -- paths and commands
    @property
    def data(self):
        return os.path.join(self.base, "data")

    @property
    def logfile(self):
        return os.path.join(self.base, "server.log")

    def _run(self, argv, check=True, timeout=120):
        """Run ARGV as the cluster's user, in its folder."""
        if self.user is not None:
            if shutil.which("runuser"):
                argv = ["runuser", "-u", self.user.pw_name, "--"] + argv
            else:
                argv = ["su", "-s", "/bin/sh", self.user.pw_name, "-c",
                        " ".join("'%s'" % a.replace("'", "'\\''") for a in argv)]
        r = subprocess.run(argv, cwd=self.base, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        if check and r.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s%s%s" % (
                " ".join(argv), r.returncode, r.stdout, r.stderr, self.log_tail()))
        return r

    def log_tail(self, n=4000):
        try:
            with open(self.logfile, "r", errors="replace") as f:
                s = f.read()
        except OSError:
            return ""
        return "\n--- %s (tail) ---\n%s" % (self.logfile, s[-n:])

    def locator(self, dbname="postgres"):
        return "postgresql://%s@127.0.0.1:%d/%s" % (SUPERUSER, self.port, dbname)

    # -- lifecycle
    def _initdb(self):
        parent = tempfile.gettempdir()
        if self.user is not None and not os.stat(parent).st_mode & 0o001:
            parent = "/tmp"  # $TMPDIR is closed to the server's user
        self.base = tempfile.mkdtemp(prefix="catalogd-pg-", dir=parent)
        if self.user is not None:
            os.chown(self.base, self.user.pw_uid, self.user.pw_gid)
        os.chmod(self.base, 0o700)
        common = [os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", SUPERUSER,
                  "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]
        r = self._run(common + ["--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=und"],
                      check=False)
        if r.returncode != 0:  # a server built without ICU: the libc locale then
            shutil.rmtree(self.data, ignore_errors=True)
            self._run(common + ["--locale=C.UTF-8"])

    def start(self, timeout=60):
        """Start the server (after initdb, the first time); returns self once it accepts
        connections.  A port taken meanwhile is replaced by another free one (3 tries)."""
        if self.running:
            return self
        if self.base is None:
            self._initdb()
        for attempt in range(3):
            opts = " ".join(self.settings + ["-p", str(self.port), "-k", self.base])
            r = self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l",
                           self.logfile, "-w", "-t", str(int(timeout)), "-o", opts, "start"],
                          check=False, timeout=timeout + 30)
            if r.returncode == 0:
                self.running = True
                return self
            if "could not bind" in self.log_tail() and attempt < 2:
                self.port = free_port()
                continue
            raise RuntimeError("pg_ctl start failed (%d):\n%s%s%s" % (
                r.returncode, r.stdout, r.stderr, self.log_tail()))
        return self

    def stop(self, mode="fast", check=True):
        """pg_ctl stop -m MODE (fast: roll back open transactions, close connections and shut
        down cleanly; immediate: quit at once, as a crash, recovering from the WAL at the next
        start); returns once the server is gone."""
        if self.base is None or not os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.running = False
            return
        self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", mode, "-w",
                   "-t", "60", "stop"], check=check)
        self.running = False

    def restart(self, mode="fast"):
        self.stop(mode)
        return self.start()

    def remove(self):
        """Stop the server and remove its folder."""
        if self.base is None:
            return
        try:
            self.stop("immediate", check=False)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    # -- databases
    def createdb(self, name):
        return create_database(self.locator(), name)

    def dropdb(self, name):
        drop_database(self.locator(), name)

    def psql(self, sql, dbname="postgres", check=True):
        return psql(self.locator(dbname), sql, check=check)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.remove()
        return False


def read_state(path):
    """The NAME=VALUE lines of state file PATH as a dict ({} when it does not exist)."""
    try:
        with open(path) as f:
            return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    except FileNotFoundError:
        return {}


def start_kept(args):
    """make pg: --state FILE --createdb NAME."""
    opts = dict(zip(args[0::2], args[1::2]))
    if set(opts) != {"--state", "--createdb"} or len(args) != 4:
        print("usage: pgcluster.py start --state FILE --createdb NAME", file=sys.stderr)
        return 2
    state, dbname = opts["--state"], opts["--createdb"]
    known = read_state(state)
    if known.get("PGCLUSTER_DIR") and os.path.isdir(known["PGCLUSTER_DIR"]):
        c = Cluster(port=int(known["PGCLUSTER_PORT"]), base=known["PGCLUSTER_DIR"])
        c.running = os.path.exists(os.path.join(c.data, "postmaster.pid"))
        c.start()
        again = True
    else:
        c = Cluster().start()
        again = False
    if not psql(c.locator(), "SELECT 1 FROM pg_database WHERE datname = '%s'"
                % dbname.replace("'", "''")).strip():
        c.createdb(dbname)
    loc = c.locator(dbname)
    os.makedirs(os.path.dirname(os.path.abspath(state)), exist_ok=True)
    with open(state, "w") as f:
        f.write("PGCLUSTER_DIR=%s\nPGCLUSTER_PORT=%d\nCATALOG_DB=%s\n" % (c.base, c.port, loc))
    print("PostgreSQL %s %s on 127.0.0.1:%d (its files: %s), with database %s.\n"
          "Serve the catalog there (catalogd creates its tables):\n"
          "  build/catalogd --db %s\n"
          "  make run DB=%s\n"
          "Tuned for trying, not for keeping data (fsync is off).  Stop and remove it: make pg-stop"
          % (os.path.basename(os.path.dirname(c.bindir)), "running" if again else "started",
             c.port, c.base, dbname, loc, loc))
    return 0


def stop_kept(state):
    """make pg-stop: stop and remove the cluster state file STATE records, and the file."""
    known = read_state(state)
    if known.get("PGCLUSTER_DIR"):
        c = Cluster(port=int(known.get("PGCLUSTER_PORT", "1")), base=known["PGCLUSTER_DIR"])
        c.running = True
        c.remove()
        print("removed the PostgreSQL cluster in %s" % known["PGCLUSTER_DIR"])
    else:
        print("no cluster recorded in %s" % state)
    try:
        os.remove(state)
    except FileNotFoundError:
        pass
    return 0


def _raise_exit(signum, frame):
    raise SystemExit(128 + signum)


def main(argv):
    if len(argv) >= 1 and argv[0] == "run":
        cmd = argv[1:]
        if cmd[:1] == ["--"]:
            cmd = cmd[1:]
        if not cmd:
            print("usage: pgcluster.py run -- CMD ARGS...", file=sys.stderr)
            return 2
        signal.signal(signal.SIGTERM, _raise_exit)
        signal.signal(signal.SIGHUP, _raise_exit)
        c = Cluster()
        proc = None
        try:
            t0 = time.monotonic()
            c.start()
            print("pgcluster: PostgreSQL %s on 127.0.0.1:%d (%s), up in %.1f s" % (
                os.path.basename(os.path.dirname(c.bindir)), c.port, c.base,
                time.monotonic() - t0), file=sys.stderr, flush=True)
            env = dict(os.environ, CATALOG_TEST_PG=c.locator())
            proc = subprocess.Popen(cmd, env=env)
            return proc.wait()
        except KeyboardInterrupt:
            return 130
        finally:
            if proc is not None and proc.poll() is None:  # interrupted: end CMD first
                proc.terminate()
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            c.remove()
    if argv[:1] == ["start"] and "--state" in argv:
        return start_kept(argv[1:])
    if argv[:1] == ["stop"] and argv[1:2] == ["--state"] and len(argv) == 3:
        return stop_kept(argv[2])
    if argv[:1] == ["start"]:
        c = Cluster().start()
        print("CATALOG_TEST_PG=%s\nPGCLUSTER_DIR=%s" % (c.locator(), c.base))
        return 0
    if argv[:1] == ["remove"] and len(argv) == 2:
        c = Cluster(port=1, base=argv[1])
        c.running = True
        c.remove()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
