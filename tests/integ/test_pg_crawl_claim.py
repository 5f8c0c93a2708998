"""Two catalogd processes over one PostgreSQL database (CATALOG_TEST_PG; skipped without it),
both with the same --crawl-root: a crawl started on one runs once.  Every worker sees the
RUNNING crawlers; without a claim the other process's worker ran the same crawl again on its
next tick, and the run that ended first ("CreateTable ... Table already exists.") was recorded
as the crawl's outcome."""

import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

FOLDERS = 20000  # a crawl of a second or more: longer than the other worker's tick (0.5 s)


@harness.pg_only()
class CrawlRunsOnce(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):  # not GlueTestCase's: two servers, no module server
        cls.tmp = tempfile.mkdtemp(prefix="catalogd-integ-")
        cls.root = os.path.realpath(tempfile.mkdtemp(prefix="catalogd-crawl-"))
        cls.base = os.path.join(cls.root, "events")
        for i in range(FOLDERS):
            d = os.path.join(cls.base, "k=%05d" % i)
            os.makedirs(d)
            with open(os.path.join(d, "f.csv"), "w") as f:
                f.write("a,b\n1,x\n")
        args = ["--crawl-root", cls.root, "--schedule-minute", "1"]
        cls.a = harness.Server(db_dir=cls.tmp, extra_args=args).start()
        cls.b = harness.Server(db_dir=cls.tmp, extra_args=args).start()

    @classmethod
    def tearDownClass(cls):
        for s in (cls.a, cls.b):
            s.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        shutil.rmtree(cls.root, ignore_errors=True)

    def call(self, srv, op, body):
        r = srv.raw(op, json.dumps(body))
        self.assertEqual(r.status, 200, r.body[:500])
        return r.json

    def test_started_on_one_runs_once(self):
        a = self.a
        self.call(a, "CreateDatabase", {"DatabaseInput": {"Name": "claimed"}})
        self.call(a, "CreateCrawler", {"Name": "once", "Role": "r", "DatabaseName": "claimed",
                                       "Targets": {"S3Targets": [{"Path": self.base}]}})
        self.call(a, "StartCrawler", {"Name": "once"})
        deadline = time.monotonic() + 120
        while True:
            c = self.call(a, "GetCrawler", {"Name": "once"})["Crawler"]
            if c["State"] == "READY" and "LastCrawl" in c:
                break
            self.assertLess(time.monotonic(), deadline, c)
            time.sleep(0.1)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c["LastCrawl"])
        time.sleep(1.5)  # the other worker's ticks: nothing more is recorded
        crawls = self.call(self.b, "ListCrawls", {"CrawlerName": "once"})["Crawls"]
        self.assertEqual([x["State"] for x in crawls], ["COMPLETED"], crawls)
        self.assertEqual(json.loads(crawls[0]["Summary"])["PARTITION"]["ADD"], FOLDERS)
        c = self.call(self.b, "GetCrawler", {"Name": "once"})["Crawler"]
        self.assertEqual((c["State"], c["LastCrawl"]["Status"]), ("READY", "SUCCEEDED"))
