"""Integration-test harness for catalogd.

Starts a catalogd process on a kernel-chosen port with a database in a fresh
temporary directory, waits for its "listening on http://127.0.0.1:<port>" line
on stderr, and stops it with SIGTERM, checking that it exits with status 0
(an AddressSanitizer build exits non-zero on leaks and memory errors, and so
does valgrind with --error-exitcode): a non-zero exit fails the test run.

Environment:
  CATALOGD           server binary (default build/catalogd, relative to the
                     repository root)
  CATALOGD_WRAPPER   a command line that runs the server, e.g.
                     "valgrind -q --error-exitcode=99 --leak-check=full
                     --errors-for-leak-kinds=definite" (make valgrind); the
                     ready and stop timeouts are longer then
  CATALOGD_ENDPOINT  use an already running Glue endpoint instead of starting
                     one (e.g. moto_server while writing tests); tests that
                     need the process itself are skipped then.
  CATALOG_TEST_PG    a PostgreSQL server locator where databases may be created
                     (tests/pgcluster.py run sets it): every Server then gets a
                     fresh database there (--db postgresql://.../catalogd_integ_*)
                     instead of a SQLite file, dropped when it stops; Servers
                     sharing a db_dir share one database (kept until exit).
                     Tests that only make sense on SQLite use @sqlite_only.

Test modules use it like this:

    import harness
    def setUpModule():    harness.start_module_server()
    def tearDownModule(): harness.stop_module_server()
    class T(harness.GlueTestCase): ...
"""

import atexit
import http.client
import itertools
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
WRAPPER = shlex.split(os.environ.get("CATALOGD_WRAPPER", ""))
READY_TIMEOUT = 120.0 if WRAPPER else 10.0  # valgrind starts slowly
STOP_TIMEOUT = 120.0 if WRAPPER else 10.0  # and checks for leaks at exit
LISTEN_RE = re.compile(r"listening on (https?)://127\.0\.0\.1:(\d+)")
JSON_CT = "application/x-amz-json-1.1"
DUMMY_AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/glue/aws4_request, "
              "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "ab" * 32)
LOG_TAIL = 30000  # characters of server log shown on failure

_live_servers = []  # servers started and not yet stopped
# Folders Servers made for themselves -> whether exit may remove them: a server stopped by a
# test's own signal_and_wait() never passes stop(), whose rmtree would; one that failed is kept
# (its log was printed).
_own_dirs = {}


@atexit.register
def _remove_own_dirs():
    for d, removable in sorted(_own_dirs.items()):
        if removable:
            shutil.rmtree(d, ignore_errors=True)
    _own_dirs.clear()


sys.path.insert(0, os.path.dirname(HERE))  # tests/: pgcluster
import pgcluster  # noqa: E402

PG = os.environ.get("CATALOG_TEST_PG") or None  # the PostgreSQL pass (see above)
BACKEND = "postgresql" if PG else "sqlite"


def sqlite_only(reason):
    """Decorator: skip a test (or class) on the PostgreSQL pass, saying why."""
    return unittest.skipIf(PG is not None, "SQLite only: " + reason)


def pg_only(reason="needs CATALOG_TEST_PG (a PostgreSQL server)"):
    return unittest.skipIf(PG is None, reason)


_pg_databases = set()  # created here and not dropped yet
_pg_shared = {}  # db_dir -> database name, for Servers sharing a db_dir
_pg_counter = itertools.count(1)


def pg_create_database(prefix="catalogd_integ"):
    """A fresh database on CATALOG_TEST_PG; returns (name, locator).  Dropped at exit at the
    latest (pg_drop_database drops it earlier)."""
    name = "%s_%d_%s_%d" % (prefix, os.getpid(), uuid.uuid4().hex[:6], next(_pg_counter))
    loc = pgcluster.create_database(PG, name)
    _pg_databases.add(name)
    return name, loc


def pg_drop_database(name):
    if name in _pg_databases:
        _pg_databases.discard(name)
        pgcluster.drop_database(PG, name)


@atexit.register
def _pg_drop_all():
    for name in sorted(_pg_databases):
        try:
            pgcluster.drop_database(PG, name)
        except Exception as e:  # noqa: BLE001 -- best effort at exit
            sys.stderr.write("harness: could not drop database %s: %s\n" % (name, e))
    _pg_databases.clear()


def catalogd_path():
    p = os.environ.get("CATALOGD", "build/catalogd")
    if not os.path.isabs(p):
        p = os.path.join(REPO_ROOT, p)
    return p


def external_endpoint():
    return os.environ.get("CATALOGD_ENDPOINT") or None


# ---------------------------------------------------------------- names

_counter = itertools.count(1)
_run_tag = uuid.uuid4().hex[:6]


def unique_name(prefix="n"):
    """A fresh lower-case name that no other test uses."""
    return "%s_%s_%d" % (prefix, _run_tag, next(_counter))


def unique_catalog_id():
    """A 12-digit account id nobody else uses (an isolated catalog)."""
    return "%012d" % (int(uuid.uuid4().hex[:12], 16) % 10**12)


# ---------------------------------------------------------------- raw HTTP


class RawResponse:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # dict, lower-case names
        self.body = body  # bytes

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        b = self.body[:500]
        return "<RawResponse %d %r %r>" % (self.status, self.headers, b)


# ---------------------------------------------------------------- server


class Server:
    """One catalogd process (or an external endpoint)."""

    def __init__(self, extra_args=(), db_dir=None, db=None):
        """DB: the --db argument as is (a file or a PostgreSQL locator the caller manages);
        otherwise a fresh one (see CATALOG_TEST_PG above), shared by Servers of one DB_DIR."""
        self.extra_args = list(extra_args)
        if "--drain-seconds" not in self.extra_args:  # a test's SIGTERM stops at once
            self.extra_args += ["--drain-seconds", "0"]
        self.db = db
        self.proc = None
        self.port = None
        self.endpoint = None
        self.tmpdir = None
        self.own_tmpdir = db_dir is None
        self.db_dir = db_dir
        self.log_path = None
        self.db_path = None  # the --db argument: a SQLite file or a PostgreSQL locator
        self.pg_db = None  # the database this Server created on CATALOG_TEST_PG (own)
        self.needs_log = False  # set when a test failed while this ran
        self.exit_status = None

    # -- lifecycle
    def start(self):
        ext = external_endpoint()
        if ext:
            self.endpoint = ext.rstrip("/")
            self.port = int(ext.rsplit(":", 1)[1].split("/")[0])
            _live_servers.append(self)
            return self
        binary = catalogd_path()
        if not os.access(binary, os.X_OK):
            raise RuntimeError(
                "catalogd binary not found or not executable: %s "
                "(build it with `make`, or set CATALOGD)" % binary)
        if self.db_dir is None:
            self.db_dir = tempfile.mkdtemp(prefix="catalogd-integ-")
            _own_dirs[self.db_dir] = True
        self.log_path = os.path.join(
            self.db_dir, "catalogd-%d.log" % int(time.time() * 1000))
        if self.db is not None:
            self.db_path = self.db
        elif PG is None:
            self.db_path = os.path.join(self.db_dir, "catalog.db")
        elif not self.own_tmpdir:  # shared: one database per db_dir
            key = os.path.realpath(self.db_dir)
            if key not in _pg_shared:
                _pg_shared[key] = pg_create_database()
            self.db_path = _pg_shared[key][1]
        elif self.pg_db is None:
            self.pg_db, self.db_path = pg_create_database()
        logf = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(
                WRAPPER + [binary, "--listen", "127.0.0.1:0", "--db", self.db_path]
                + self.extra_args,
                stdin=subprocess.DEVNULL, stdout=logf, stderr=logf,
                cwd=REPO_ROOT)
        finally:
            logf.close()
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            m = LISTEN_RE.search(self.log())
            if m:
                self.scheme, self.port = m.group(1), int(m.group(2))
                break
            rc = self.proc.poll()
            if rc is not None:
                raise RuntimeError(
                    "catalogd exited with status %d before listening; log:\n%s"
                    % (rc, self.log()))
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError(
                    "catalogd did not print 'listening on' within %.0f s; log:\n%s"
                    % (READY_TIMEOUT, self.log()))
            time.sleep(0.01)
        if self.port == 0:
            raise RuntimeError("catalogd reported port 0; log:\n" + self.log())
        self.endpoint = "%s://127.0.0.1:%d" % (self.scheme, self.port)
        _live_servers.append(self)
        return self

    def log(self):
        if not self.log_path:
            return ""
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self):
        s = self.log()
        if len(s) > LOG_TAIL:
            s = "[... %d characters cut ...]\n" % (len(s) - LOG_TAIL) + s[-LOG_TAIL:]
        return s

    def print_log(self, why):
        if self.proc is None:
            return
        sys.stderr.write("\n===== catalogd log (%s; %s) =====\n%s\n===== end of catalogd log =====\n"
                         % (why, self.log_path, self.log_tail()))
        sys.stderr.flush()

    def signal_and_wait(self, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
        """Send SIG and wait for exit; returns the exit status (negative = killed)."""
        if self in _live_servers:
            _live_servers.remove(self)
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.exit_status = "hung"
                return None
        self.exit_status = self.proc.returncode
        return self.proc.returncode

    def stop(self, sig=signal.SIGTERM, keep_dir=False):
        """Stop the server; raise AssertionError (with the log) unless it exits 0."""
        if self.proc is None:
            if self in _live_servers:
                _live_servers.remove(self)
            return
        already_dead = self.proc.poll() is not None
        rc = self.signal_and_wait(sig)
        ok = rc == 0 and not already_dead
        if not ok and self.own_tmpdir:
            _own_dirs[self.db_dir] = False
        if not ok or self.needs_log:
            self.print_log("exit status %s%s" % (
                "hung, killed after %.0f s" % STOP_TIMEOUT if rc is None else rc,
                ", had died before stop" if already_dead else ""))
        if self.own_tmpdir and not keep_dir and ok:
            shutil.rmtree(self.db_dir, ignore_errors=True)
            self.drop_pg_database()
        if rc is None:
            raise AssertionError("catalogd did not exit within %.0f s of %s"
                                 % (STOP_TIMEOUT, signal.Signals(sig).name))
        if already_dead:
            raise AssertionError("catalogd died during the tests (status %d)" % rc)
        if rc != 0:
            raise AssertionError("catalogd exited with status %d after %s%s (log above)"
                                 % (rc, signal.Signals(sig).name,
                                    " under %s" % " ".join(WRAPPER) if WRAPPER else ""))

    # -- context manager: `with Server() as srv:` starts it; on leaving, a
    # running server is stopped (and must exit 0); on an exception the log is
    # printed and the process killed.
    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.print_log("test failed: %s" % exc_type.__name__)
            if self.own_tmpdir and self.db_dir:
                _own_dirs[self.db_dir] = False
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            if self in _live_servers:
                _live_servers.remove(self)
            return False
        if self.proc is not None and self.proc.poll() is None:
            self.stop()
        elif self.own_tmpdir and self.db_dir:
            shutil.rmtree(self.db_dir, ignore_errors=True)
            self.drop_pg_database()
        return False

    def drop_pg_database(self):
        if self.pg_db is not None:
            pg_drop_database(self.pg_db)
            self.pg_db = None

    def alive(self):
        return self.proc is None or self.proc.poll() is None

    # -- clients
    def client(self, region="us-east-1", **kw):
        return boto3.client(
            "glue", endpoint_url=self.endpoint, region_name=region,
            aws_access_key_id="x", aws_secret_access_key="y",
            config=Config(retries={"max_attempts": 1}, **kw))

    def raw(self, target, body=b"{}", headers=None, path="/", method="POST",
            content_type=JSON_CT, timeout=30):
        """One HTTP request on a fresh connection.

        target: operation name ("GetDatabases" -> X-Amz-Target: AWSGlue.GetDatabases),
                a full target containing a dot, or None for no X-Amz-Target header.
        body:   bytes/str sent as is; dict/list JSON-encoded.
        headers: extra headers; a value of None removes a default header
                (Authorization, X-Amz-Date, Content-Type).
        """
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        h = {}
        if target is not None:
            h["X-Amz-Target"] = target if "." in target else "AWSGlue." + target
        if content_type is not None:
            h["Content-Type"] = content_type
        h["Authorization"] = DUMMY_AUTH  # like any SDK; never verified
        h["X-Amz-Date"] = "20250101T000000Z"
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}  # None drops a header
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            return RawResponse(r.status, r.reason, hdrs, data)
        finally:
            conn.close()


_module_servers = {}


def start_module_server(module_name=None, **kw):
    """Start the server for the calling test module (setUpModule)."""
    name = module_name or sys._getframe(1).f_globals["__name__"]
    srv = Server(**kw).start()
    _module_servers[name] = srv
    return srv


def module_server(module_name):
    return _module_servers[module_name]


def stop_module_server(module_name=None):
    name = module_name or sys._getframe(1).f_globals["__name__"]
    srv = _module_servers.pop(name, None)
    if srv is not None:
        srv.stop()


_crawl_roots = {}


def start_crawl_module_server(prefix, extra_args=(), module_name=None):
    """setUpModule for modules that crawl: a fresh folder (symlinks resolved, as catalogd
    resolves its roots) and the module's server started with --crawl-root FOLDER plus
    EXTRA_ARGS; returns the folder, which stop_crawl_module_server removes."""
    name = module_name or sys._getframe(1).f_globals["__name__"]
    root = os.path.realpath(tempfile.mkdtemp(prefix=prefix))
    try:
        start_module_server(name, extra_args=["--crawl-root", root] + list(extra_args))
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    _crawl_roots[name] = root
    return root


def stop_crawl_module_server(module_name=None):
    """tearDownModule for start_crawl_module_server: stop the server, remove the folder."""
    name = module_name or sys._getframe(1).f_globals["__name__"]
    try:
        stop_module_server(name)
    finally:
        shutil.rmtree(_crawl_roots.pop(name, ""), ignore_errors=True)


def mark_failure():
    """Called by the result class: print the logs of running servers at stop."""
    for s in _live_servers:
        s.needs_log = True


# ---------------------------------------------------------------- test base


class GlueTestCase(unittest.TestCase):
    """Base class: self.srv, self.glue (boto3 client) and assertion helpers."""

    maxDiff = 4000
    _glue = None

    @classmethod
    def setUpClass(cls):
        mod = sys.modules[cls.__module__]
        cls.srv = _module_servers.get(mod.__name__)
        if cls.srv is None:
            raise RuntimeError("no server for module %s (setUpModule missing?)"
                               % mod.__name__)
        cls.glue = cls.srv.client()

    # -- errors
    def assertClientError(self, code, fn, *args, **kwargs):
        """Call fn expecting a Glue error CODE with HTTP 400; return the
        botocore error dict ({'Code', 'Message'}) with the response attached."""
        try:
            res = fn(*args, **kwargs)
        except ClientError as e:
            err = e.response.get("Error", {})
            meta = e.response.get("ResponseMetadata", {})
            self.assertEqual(err.get("Code"), code,
                             "expected %s, got %r" % (code, e.response))
            self.assertEqual(meta.get("HTTPStatusCode"), 400,
                             "expected HTTP 400 for %s, got %r" % (code, meta))
            self.assertTrue(meta.get("RequestId"), "no x-amzn-RequestId on error")
            return err
        self.fail("expected %s, but the call succeeded: %r" % (code, res))

    def assertRawError(self, resp, code, status=400):
        """RAW response must be a Glue error: status, header, body __type, message."""
        self.assertEqual(resp.status, status, repr(resp))
        self.assertEqual(resp.header("x-amzn-ErrorType"), code, repr(resp))
        self.assertTrue(resp.header("x-amzn-RequestId"), "no x-amzn-RequestId: %r" % resp)
        try:
            body = resp.json
        except ValueError:
            self.fail("error body is not JSON: %r" % resp)
        self.assertIsInstance(body, dict, repr(resp))
        self.assertEqual(body.get("__type"), code, repr(resp))
        self.assertIsInstance(body.get("message"), str, repr(resp))
        return body

    def assertRawOK(self, resp):
        self.assertEqual(resp.status, 200, repr(resp))
        self.assertTrue(resp.header("x-amzn-RequestId"), repr(resp))
        body = resp.json
        self.assertIsInstance(body, dict)
        return body

    # -- fixtures
    def make_db(self, name=None, catalog_id=None, **dbinput):
        name = name or unique_name("db")
        kw = {"DatabaseInput": dict(Name=name, **dbinput)}
        if catalog_id:
            kw["CatalogId"] = catalog_id
        self.glue.create_database(**kw)
        return name.lower()

    def make_table(self, db, name=None, catalog_id=None, **tinput):
        name = name or unique_name("t")
        kw = {"DatabaseName": db, "TableInput": dict(Name=name, **tinput)}
        if catalog_id:
            kw["CatalogId"] = catalog_id
        self.glue.create_table(**kw)
        return name.lower()

    def db_exists(self, name, catalog_id=None):
        kw = {"Name": name}
        if catalog_id:
            kw["CatalogId"] = catalog_id
        try:
            self.glue.get_database(**kw)
            return True
        except ClientError as e:
            if e.response["Error"]["Code"] == "EntityNotFoundException":
                return False
            raise

    def table_exists(self, db, name):
        try:
            self.glue.get_table(DatabaseName=db, Name=name)
            return True
        except ClientError as e:
            if e.response["Error"]["Code"] == "EntityNotFoundException":
                return False
            raise

    # -- partitions
    def create_partitions(self, db, table, inputs, chunk=100, **kw):
        """Create PartitionInputs (dicts, or value lists) with BatchCreatePartition
        in chunks of CHUNK; fail on any per-entry error."""
        inputs = [p if isinstance(p, dict) else {"Values": list(p)} for p in inputs]
        for i in range(0, len(inputs), chunk):
            r = self.glue.batch_create_partition(DatabaseName=db, TableName=table,
                                                 PartitionInputList=inputs[i:i + chunk], **kw)
            self.assertEqual(r.get("Errors"), [], "BatchCreatePartition: %r"
                             % (r.get("Errors") or [])[:3])

    def all_partitions(self, db, table, max_pages=5000, **kw):
        """Every partition GetPartitions returns for KW, following NextToken by
        hand; fails on a repeated partition, an empty token or endless paging."""
        out, seen, token = [], set(), None
        for _ in range(max_pages):
            args = dict(kw, DatabaseName=db, TableName=table)
            if token is not None:
                args["NextToken"] = token
            r = self.glue.get_partitions(**args)
            self.assertIsInstance(r.get("Partitions"), list, r)
            for p in r["Partitions"]:
                v = tuple(p["Values"])
                self.assertNotIn(v, seen, "partition %r returned twice" % (v,))
                seen.add(v)
                out.append(p)
            token = r.get("NextToken")
            if token is None:
                return out
            self.assertIsInstance(token, str)
            self.assertNotEqual(token, "", "empty NextToken instead of none")
        self.fail("GetPartitions paging did not end within %d pages" % max_pages)

    def partition_values(self, db, table, **kw):
        """The set of value tuples of all_partitions(db, table, **kw)."""
        return {tuple(p["Values"]) for p in self.all_partitions(db, table, **kw)}

    def all_database_names(self, catalog_id=None):
        kw = {"CatalogId": catalog_id} if catalog_id else {}
        names = []
        for page in self.glue.get_paginator("get_databases").paginate(**kw):
            names += [d["Name"] for d in page["DatabaseList"]]
        return names


def run_threads(n, fn):
    """Run fn(i) in N threads released together; return the results (or
    exceptions) in order."""
    barrier = threading.Barrier(n)
    out = [None] * n

    def worker(i):
        try:
            barrier.wait(10)
            out[i] = fn(i)
        except BaseException as e:  # noqa: BLE001 -- returned to the caller
            out[i] = e

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return out


# ---------------------------------------------------------------- runner


class LoggingResult(unittest.TextTestResult):
    """Marks running servers so their log is printed when they stop; keeps the time spent in
    each module (from one test's start to the next one's, module set-up included)."""

    module_secs = {}
    _cur = None
    _at = 0.0

    def startTest(self, test):
        self._account()
        self._cur = type(test).__module__
        super().startTest(test)

    def _account(self):
        now = time.monotonic()
        if self._cur is not None:
            self.module_secs[self._cur] = self.module_secs.get(self._cur, 0.0) + now - self._at
        self._at = now

    def addFailure(self, test, err):
        mark_failure()
        super().addFailure(test, err)

    def addError(self, test, err):
        mark_failure()
        super().addError(test, err)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            mark_failure()
        super().addSubTest(test, subtest, err)


def summarize(result):
    """(passed, failed, skipped); errors count as failed."""
    failed_ids = set()
    real_failed = 0
    for test, _ in result.failures + result.errors:
        if isinstance(test, unittest.case._SubTest):
            test = test.test_case
        if isinstance(test, unittest.suite._ErrorHolder):
            real_failed += 0  # module/class fixture error: no test ran
            failed_ids.add(("fixture", test.id()))
        else:
            failed_ids.add(("test", test.id()))
    tests_failed = {i for i in failed_ids if i[0] == "test"}
    fixture_failed = {i for i in failed_ids if i[0] == "fixture"}
    failed = len(tests_failed) + len(fixture_failed) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - len(tests_failed) - skipped - len(result.unexpectedSuccesses)
    return max(passed, 0), failed, skipped


def run_suite(suite, verbosity=2):
    runner = unittest.TextTestRunner(verbosity=verbosity, resultclass=LoggingResult,
                                     stream=sys.stderr)
    result = runner.run(suite)
    result._account()
    passed, failed, skipped = summarize(result)
    slow = sorted(result.module_secs.items(), key=lambda kv: -kv[1])[:8]
    if len(result.module_secs) > 1:
        sys.stderr.write("slowest modules: %s\n" % ", ".join("%s %.0f s" % kv for kv in slow))
    for test, reason in result.skipped:
        sys.stderr.write("skipped: %s: %s\n" % (test.id(), reason))
    sys.stderr.flush()
    print("backend: %s" % (BACKEND if PG is None else "%s (%s)" % (BACKEND, PG)))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped), flush=True)
    return 0 if failed == 0 else 1


def main():
    """For `python3 tests/integ/test_x.py`: run the calling module."""
    mod = sys.modules["__main__"]
    suite = unittest.defaultTestLoader.loadTestsFromModule(mod)
    sys.exit(run_suite(suite))
