"""The web console (/ui): its routes and headers, then every page in headless Chromium.

The HTTP part pins what front/ui.c answers: the files and their content types, the security
headers (a Content-Security-Policy with no inline script or style, nosniff, frames refused),
ETag and 304, 404 for unknown files and 405 for writes.  The browser part (tests/integ/cdp.py:
Debian's chromium over the DevTools protocol) loads each page against a seeded catalog and
fails on any console error or uncaught exception; it checks that the partition filter narrows
the list and that paging moves on, that a `<script>` in a column comment or a table parameter
shows as text and never runs, the versions' differences, the crawlers' runs, the Iceberg
snapshot section degrading to a note when /iceberg answers 404, and the bearer-token prompt
with --auth-file.  Screenshots go to build/console/*.png for a person to look at.  When
Chromium is missing or cannot start, the browser tests fail saying so (never skipped).
"""

import datetime
import http.client
import json
import os
import re
import shutil
import stat
import tempfile
import time
import unittest
import urllib.parse

import cdp
import harness

SHOTS = os.path.join(harness.REPO_ROOT, "build", "console")
XSS_COMMENT = "<script>window.__xss = 1</script>"
XSS_PARAM = "<img src=x onerror=\"window.__xss = 2\"><script>window.__xss = 3</script>"
TOKEN = "console-token-0123456789abcdef"
N_DAYS = 125  # x 2 regions = 250 partitions: three pages of 100
CRAWL_ROOT = None
BROWSER = None
BROWSER_ERROR = None


def setUpModule():
    global CRAWL_ROOT
    CRAWL_ROOT = harness.start_crawl_module_server("catalogd-console-")


def tearDownModule():
    global BROWSER
    if BROWSER is not None:
        BROWSER.close()
        BROWSER = None
    harness.stop_crawl_module_server()


def browser():
    """The module's Chromium, started on first use; a clear failure when it cannot run."""
    global BROWSER, BROWSER_ERROR
    if BROWSER is None and BROWSER_ERROR is None:
        try:
            BROWSER = cdp.Browser()
        except cdp.BrowserMissing as e:
            BROWSER_ERROR = str(e)
    if BROWSER is None:
        raise AssertionError("the console's browser tests need headless Chromium: "
                             + BROWSER_ERROR)
    return BROWSER


def q(s):
    return urllib.parse.quote(s, safe="")


def request(port, method, path, body=None, headers=None):
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body)
        h["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


class Http(harness.GlueTestCase):
    """The routes and headers, without a browser."""

    def get(self, path, **kw):
        return request(self.srv.port, kw.pop("method", "GET"), path, **kw)

    def assertSecure(self, hdrs):
        csp = hdrs.get("content-security-policy", "")
        self.assertIn("default-src 'self'", csp)
        self.assertIn("script-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("unsafe-eval", csp)
        self.assertEqual(hdrs.get("x-content-type-options"), "nosniff")
        self.assertEqual(hdrs.get("x-frame-options"), "DENY")

    def test_files_and_headers(self):
        for path, ctype, marker in [
                ("/ui", "text/html; charset=utf-8", b'<script src="/ui/console.js"'),
                ("/ui/", "text/html; charset=utf-8", b'<link rel="stylesheet"'),
                ("/ui/index.html", "text/html; charset=utf-8", b"<main"),
                ("/ui/console.js", "text/javascript; charset=utf-8", b"function render()"),
                ("/ui/console.css", "text/css; charset=utf-8", b":focus-visible")]:
            with self.subTest(path=path):
                status, hdrs, body = self.get(path)
                self.assertEqual(status, 200, body[:200])
                self.assertEqual(hdrs["content-type"], ctype)
                self.assertIn(marker, body)
                self.assertSecure(hdrs)
                self.assertEqual(hdrs.get("cache-control"), "no-cache")
                self.assertRegex(hdrs.get("etag", ""), r'^"[0-9a-f]{20}"$')
                self.assertEqual(int(hdrs["content-length"]), len(body))
        # the page has no inline script or style (the CSP would block them)
        _, _, page = self.get("/ui/")
        self.assertNotIn(b"<script>", page)
        self.assertNotIn(b"style=", page)
        self.assertNotIn(b"<style", page)

    def test_etag_revalidation(self):
        _, hdrs, _ = self.get("/ui/console.js")
        etag = hdrs["etag"]
        status, hdrs2, body = self.get("/ui/console.js", headers={"If-None-Match": etag})
        self.assertEqual((status, body), (304, b""))
        self.assertEqual(hdrs2["etag"], etag)
        status, _, _ = self.get("/ui/console.js", headers={"If-None-Match": '"other"'})
        self.assertEqual(status, 200)
        _, other, _ = self.get("/ui/console.css")
        self.assertNotEqual(other["etag"], etag)

    def test_unknown_files_and_methods(self):
        for path in ("/ui/nope.js", "/ui/console.js/x", "/ui/sub/console.js",
                     "/ui/..%2Fopenapi.yaml", "/ui/.", "/ui//console.js"):
            with self.subTest(path=path):
                status, hdrs, body = self.get(path)
                self.assertEqual(status, 404, body)
                self.assertEqual(hdrs["content-type"], "text/plain; charset=utf-8")
                self.assertEqual(body, b"No such console file.\n")
                self.assertSecure(hdrs)
        status, hdrs, body = self.get("/ui/", method="POST", body={})
        self.assertEqual(status, 405)
        self.assertEqual(hdrs.get("allow"), "GET, HEAD")
        self.assertEqual(body, b"The console is read-only: use GET.\n")
        status, hdrs, body = self.get("/ui/console.css", method="HEAD")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(hdrs["content-type"], "text/css; charset=utf-8")
        # /uifoo is not the console: the Glue front's answer to a GET
        status, hdrs, _ = self.get("/uifoo")
        self.assertEqual(status, 405)
        self.assertNotIn("content-security-policy", hdrs)

    def test_host_check_applies(self):
        status, hdrs, body = self.get("/ui/", headers={"Host": "evil.example"})
        self.assertEqual(status, 403, body)
        self.assertSecure(hdrs)

    def test_metrics_count_console_requests(self):
        self.get("/ui/console.css")
        _, _, body = self.get("/metrics")
        self.assertIn(b'front="ui",operation="ConsoleFile",status="200"', body)


class Browsed(harness.GlueTestCase):
    """Each page in headless Chromium, against one seeded catalog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.port = cls.srv.port
        cls.base = "http://127.0.0.1:%d/ui/" % cls.port
        cls.seed()

    @classmethod
    def rest(cls, method, path, body=None):
        status, _, raw = request(cls.port, method, path, body)
        if status >= 300:
            raise AssertionError("%s %s: %d %s" % (method, path, status, raw[:300]))
        return json.loads(raw) if raw else None

    @classmethod
    def seed(cls):
        cls.db = harness.unique_name("shop")
        cls.rest("POST", "/v1/databases", {"Name": cls.db, "Description": "Console test data"})
        cols = [{"Name": "id", "Type": "bigint"},
                {"Name": "note", "Type": "string", "Comment": XSS_COMMENT}]
        ti = {"Name": "orders", "TableType": "EXTERNAL_TABLE",
              "Parameters": {"classification": "parquet", "evil": XSS_PARAM, "owner": "ann"},
              "StorageDescriptor": {
                  "Columns": cols, "Location": "s3://bucket/orders/",
                  "InputFormat":
                      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                  "OutputFormat":
                      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                  "SerdeInfo": {"SerializationLibrary":
                                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                                "Parameters": {"serialization.format": "1"}}},
              "PartitionKeys": [{"Name": "dt", "Type": "string"},
                                {"Name": "region", "Type": "string"}]}
        cls.rest("POST", "/v1/databases/%s/tables" % cls.db, ti)
        day0 = datetime.date(2024, 1, 1)
        values = [[(day0 + datetime.timedelta(days=i)).isoformat(), r]
                  for i in range(N_DAYS) for r in ("eu", "us")]
        for i in range(0, len(values), 100):
            out = cls.rest("POST", "/v1/databases/%s/tables/orders/partitions" % cls.db,
                           {"partitions": [{"Values": v} for v in values[i:i + 100]]})
            assert out["errors"] == [], out
        # a second version: a column added, a parameter changed
        ti2 = json.loads(json.dumps(ti))
        ti2["StorageDescriptor"]["Columns"].append({"Name": "amount", "Type": "double"})
        ti2["Parameters"]["owner"] = "bob"
        cls.rest("PUT", "/v1/databases/%s/tables/orders" % cls.db, ti2)
        cls.rest("POST", "/v1/databases/%s/tables" % cls.db, {
            "Name": "ice", "TableType": "EXTERNAL_TABLE",
            "Parameters": {"table_type": "ICEBERG",
                           "metadata_location": "s3://bucket/ice/metadata/00000.json"},
            "StorageDescriptor": {"Columns": [{"Name": "x", "Type": "int"}],
                                  "Location": "s3://bucket/ice/"}})
        # a crawler with one finished run
        folder = os.path.join(CRAWL_ROOT, "events", "day=1")
        os.makedirs(folder)
        with open(os.path.join(folder, "a.csv"), "w") as f:
            f.write("id,name\n1,x\n")
        cls.crawler = harness.unique_name("crawler")
        cls.glue.create_crawler(Name=cls.crawler, Role="r", DatabaseName=cls.db, Targets={
            "S3Targets": [{"Path": os.path.join(CRAWL_ROOT, "events")}]})
        cls.glue.start_crawler(Name=cls.crawler)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            c = cls.glue.get_crawler(Name=cls.crawler)["Crawler"]
            if c["State"] == "READY" and "LastCrawl" in c:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the crawler did not finish within 60 s")

    def setUp(self):
        self.page = browser().new_page()

    def tearDown(self):
        try:
            self.page.call("Page.close")
        except cdp.CdpError:
            pass

    def open(self, route, shot=None, allowed=(), state="ready"):
        """Load the console at ROUTE (after #), wait for STATE, check that nothing went wrong
        except ALLOWED (substrings of an error's URL), screenshot as SHOT."""
        self.page.navigate("about:blank")
        self.page.navigate(self.base + "#" + route)
        got = self.page.wait_for("document.readyState === 'complete' && "
                                 "document.body && document.body.dataset.state !== 'loading' "
                                 "&& document.body.dataset.state")
        if got != state:
            self.fail("%s: page state %r, expected %r: %s" % (
                route, got, state, self.page.eval("document.getElementById('main').innerText")))
        self.assertNoProblems(route, allowed)
        if shot:
            self.page.screenshot(os.path.join(SHOTS, shot + ".png"))

    def assertNoProblems(self, route, allowed=()):
        probs = [p for p in self.page.problems()
                 if not (p[0] == "log:network" and any(a in p[2] for a in allowed))]
        self.assertEqual(probs, [], "%s: console errors or exceptions" % route)

    def text(self, selector="main"):
        return self.page.eval("document.querySelector(%s).innerText" % json.dumps(selector))

    def count(self, selector):
        return self.page.eval("document.querySelectorAll(%s).length" % json.dumps(selector))

    def test_databases(self):
        self.open("/databases", "databases")
        self.assertIn(self.db, self.text())
        self.assertIn("Console test data", self.text())
        href = self.page.eval("[...document.querySelectorAll('main a')].map(a => "
                              "a.getAttribute('href')).find(h => h.includes(%s))"
                              % json.dumps(self.db))
        self.assertEqual(href, "#/db/" + self.db)

    def test_database_tables(self):
        self.open("/db/" + q(self.db), "tables")
        body = self.text()
        for want in ("orders", "ice", "events", "Parquet", "dt, region", "s3://bucket/orders/"):
            self.assertIn(want, body)

    def test_table_and_untrusted_text(self):
        self.open("/db/%s/table/orders" % q(self.db), "table")
        body = self.text()
        for want in ("MapredParquetInputFormat", "MapredParquetOutputFormat",
                     "ParquetHiveSerDe", "s3://bucket/orders/", "serialization.format",
                     "region", "amount", "double"):
            self.assertIn(want, body)
        # the <script> values are shown as text, and nothing of them ran or became markup
        self.assertIn(XSS_COMMENT, body)
        self.assertIn(XSS_PARAM, body)
        self.assertIsNone(self.page.eval("window.__xss === undefined ? null : window.__xss"))
        self.assertEqual(self.count("script"), 1)  # console.js only
        self.assertEqual(self.count("main img"), 0)
        self.assertEqual(self.page.eval("document.querySelectorAll('[onerror]').length"), 0)

    def partition_reads(self):
        """GetPartitions requests the server answered on REST so far (its /metrics)."""
        _, _, body = request(self.port, "GET", "/metrics")
        m = re.search(rb'catalogd_requests_total\{front="rest",operation="GetPartitions",'
                      rb'status="200"\} (\d+)', body)
        return int(m.group(1)) if m else 0

    def test_partitions_filter_and_paging(self):
        route = "/db/%s/table/orders/partitions" % q(self.db)
        before = self.partition_reads()
        self.open(route, "partitions")
        self.assertEqual(self.count("tr.partition"), 100)
        # one page read, not the whole table: each page costs one GetPartitions of 100
        self.assertEqual(self.partition_reads() - before, 1)
        first = self.page.eval("document.querySelector('tr.partition td').innerText")
        self.assertEqual(first, "2024-01-01")
        # next page, then the third (50 left), then back
        self.page.eval("document.querySelector('button.next').click()")
        self.page.wait_for("document.querySelector('tr.partition td').innerText !== %s"
                           % json.dumps(first))
        self.assertEqual(self.count("tr.partition"), 100)
        self.page.eval("document.querySelector('button.next').click()")
        self.page.wait_for("document.querySelectorAll('tr.partition').length === 50")
        self.assertEqual(self.partition_reads() - before, 3)
        self.assertTrue(self.page.eval("document.querySelector('button.next').disabled"))
        self.page.eval("document.querySelector('button.prev').click()")
        self.page.wait_for("document.querySelectorAll('tr.partition').length === 100")
        # the filter, typed and submitted with the keyboard
        self.page.eval("document.getElementById('expr').focus()")
        self.page.call("Input.insertText", {"text": "region = 'eu' AND dt < '2024-01-11'"})
        self.page.call("Input.dispatchKeyEvent", {
            "type": "keyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
            "text": "\r"})
        self.page.call("Input.dispatchKeyEvent", {
            "type": "keyUp", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13})
        self.page.wait_for("location.hash.includes('?expr=') && "
                           "document.body.dataset.state === 'ready'")
        self.assertEqual(self.count("tr.partition"), 10)
        rows = self.page.eval("[...document.querySelectorAll('tr.partition')].map(r => "
                              "[...r.cells].slice(0, 2).map(c => c.innerText))")
        self.assertEqual(rows, [["2024-01-%02d" % d, "eu"] for d in range(1, 11)])
        self.assertTrue(self.page.eval("document.querySelector('button.next').disabled"))
        self.assertNoProblems(route)
        self.page.screenshot(os.path.join(SHOTS, "partitions-filtered.png"))
        # a bad expression: the server's message, as an alert
        self.open(route + "?expr=" + q("region = "), "partitions-bad-filter",
                  allowed=("/partitions",))
        self.assertIn("region = ", self.page.eval("document.getElementById('expr').value"))
        self.assertEqual(self.count("[role=alert]"), 1)

    def test_versions_side_by_side(self):
        self.open("/db/%s/table/orders/versions" % q(self.db), "versions")
        self.assertEqual(self.count("#left option"), 2)
        added = self.page.eval("[...document.querySelectorAll('#diff tr.added th')]"
                               ".map(t => t.innerText)")
        changed = self.page.eval("[...document.querySelectorAll('#diff tr.changed th')]"
                                 ".map(t => t.innerText)")
        self.assertIn("Column amount", added)
        self.assertIn("Parameter owner", changed)
        row = self.page.eval("[...document.querySelectorAll('#diff tr.changed')].find(r => "
                             "r.cells[0].innerText === 'Parameter owner').innerText")
        self.assertIn("ann", row)
        self.assertIn("bob", row)
        self.page.eval("document.getElementById('only-diff').click()")
        self.assertEqual(self.count("#diff tbody tr"), 3)  # owner, UpdateTime, amount
        self.page.screenshot(os.path.join(SHOTS, "versions-differences.png"))

    def test_iceberg_snapshots_or_note(self):
        self.open("/db/%s/table/ice" % q(self.db), "iceberg-table", allowed=("/iceberg/",))
        snap = self.text("#snapshots")
        # until the Iceberg front knows the table (it answers 404), a note says why
        self.assertTrue("(404)" in snap or "Snapshot" in snap, snap)

    def test_crawlers_and_runs(self):
        self.open("/crawlers", "crawlers")
        body = self.text()
        self.assertIn(self.crawler, body)
        self.assertIn("SUCCEEDED", body)
        self.open("/crawlers/" + q(self.crawler), "crawler-runs")
        body = self.text()
        self.assertIn("COMPLETED", body)
        self.assertIn('"ADD":1', body.replace(" ", ""))

    def test_keyboard(self):
        self.open("/db/%s/table/orders/partitions" % q(self.db))
        # every form control has a label; every link a route; focus is shown
        self.assertTrue(self.page.eval("[...document.querySelectorAll('input, select')]"
                                       ".every(i => i.labels && i.labels.length > 0)"))
        self.assertTrue(self.page.eval("[...document.querySelectorAll('a')].every(a => "
                                       "a.getAttribute('href'))"))
        self.page.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Tab",
                                                  "code": "Tab", "windowsVirtualKeyCode": 9})
        self.page.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Tab", "code": "Tab",
                                                  "windowsVirtualKeyCode": 9})
        tag = self.page.eval("document.activeElement.tagName + ' ' + "
                             "getComputedStyle(document.activeElement).outlineStyle")
        self.assertRegex(tag, r"^(A|BUTTON|INPUT) solid$")

    def test_unknown_route(self):
        self.open("/nope/x", "unknown-route", state="error")
        self.assertIn("No such page", self.text())


class WithToken(unittest.TestCase):
    """--auth-file: the console asks once for a token and sends it as a bearer token."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="catalogd-console-auth-")
        path = os.path.join(cls.tmp, "auth.json")
        with open(path, "w") as f:
            json.dump({"principals": [{"name": "viewer", "tokens": [TOKEN],
                                       "role": "reader"}]}, f)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        cls.srv = harness.Server(extra_args=["--auth-file", path]).start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_token_prompt(self):
        page = browser().new_page()
        try:
            base = "http://127.0.0.1:%d/ui/#/databases" % self.srv.port
            page.navigate(base)
            page.wait_for("document.body && document.body.dataset.state === 'signin'")
            self.assertEqual(page.eval("document.querySelector('label[for=token]').innerText"),
                             "Bearer token")
            page.eval("document.getElementById('token').focus()")
            page.call("Input.insertText", {"text": "wrong-token-0123456789"})
            page.eval("document.getElementById('token-form').requestSubmit()")
            page.wait_for("document.body.dataset.state === 'signin' && "
                          "!!document.querySelector('[role=alert]')")
            page.eval("document.getElementById('token').focus()")
            page.call("Input.insertText", {"text": TOKEN})
            page.eval("document.getElementById('token-form').requestSubmit()")
            page.wait_for("document.body.dataset.state === 'ready'")
            self.assertEqual(page.eval("sessionStorage.getItem('catalogd.token')"), TOKEN)
            self.assertIn("Databases", page.eval("document.querySelector('h1').innerText"))
            page.screenshot(os.path.join(SHOTS, "signed-in.png"))
            # the 401s before signing in are expected; nothing else went wrong
            probs = [p for p in page.problems() if not (p[0] == "log:network" and "401" in p[1])]
            self.assertEqual(probs, [])
            # the files themselves need no token
            status, _, _ = request(self.srv.port, "GET", "/ui/console.js")
            self.assertEqual(status, 200)
            status, _, _ = request(self.srv.port, "GET", "/v1/databases")
            self.assertEqual(status, 401)
        finally:
            page.call("Page.close")


if __name__ == "__main__":
    harness.main()
