"""Crawlers on two catalogd over one store (one SQLite file, or one PostgreSQL database on the
CATALOG_TEST_PG pass): a second process's start-up leaves the first one's crawl alone, a crawl
runs on one process only (no second run goes on behind a cancelled one; a schedule starts it
once a minute), StopCrawler sent to the other process stops it, and a crawl whose process was
killed is finished FAILED by the other within the stale limit (twice --schedule-minute, so
seconds here).  Bounded: every wait has a deadline."""

import os
import shutil
import signal
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

MINUTE = 2  # --schedule-minute: the stale limit is 2 * MINUTE = 4 s
STALE = 2 * MINUTE
BIG = 500  # partition folders of the slow tree: a crawl of over 10 s (stopped or killed)
MID = 200  # folders of the middle tree: a crawl of a few seconds (20 ms a folder here)
_tmp = ROOT = BIG_TREE = MID_TREE = None


def setUpModule():
    global _tmp, ROOT, BIG_TREE, MID_TREE
    _tmp = tempfile.mkdtemp(prefix="catalogd-integ-")
    ROOT = os.path.realpath(tempfile.mkdtemp(prefix="catalogd-crawlmp-"))
    BIG_TREE = os.path.join(ROOT, "big")
    src = os.path.join(ROOT, "wide.csv")  # 1,000 rows of 40 columns: each read takes a while
    with open(src, "w") as f:
        f.write(",".join("c%d" % i for i in range(40)) + "\n")
        for r in range(1000):
            f.write(",".join(str(r * i) for i in range(40)) + "\n")
    for i in range(BIG):
        d = os.path.join(BIG_TREE, "k=%d" % i)
        os.makedirs(d)
        for j in range(4):  # the files read per folder; hard links: no disk, quick to make
            os.link(src, os.path.join(d, "f%d.csv" % j))
    MID_TREE = os.path.join(ROOT, "mid")
    for i in range(MID):
        d = os.path.join(MID_TREE, "k=%d" % i)
        os.makedirs(d)
        for j in range(4):
            os.link(src, os.path.join(d, "f%d.csv" % j))


def tearDownModule():
    shutil.rmtree(ROOT, ignore_errors=True)
    shutil.rmtree(_tmp, ignore_errors=True)


def small_tree(n=3):
    base = os.path.join(ROOT, harness.unique_name("small"))
    for i in range(n):
        d = os.path.join(base, "k=%d" % i)
        os.makedirs(d)
        with open(os.path.join(d, "f.csv"), "w") as f:
            f.write("a,b\n1,x\n")
    return base


def server():
    """A catalogd on the module's one store (one db_dir: one SQLite file or PG database)."""
    return harness.Server(db_dir=_tmp, extra_args=[
        "--crawl-root", ROOT, "--schedule-minute", str(MINUTE)]).start()


class CrawlerOnTwoProcesses(unittest.TestCase):
    def setUp(self):
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            if s.proc is not None and s.proc.poll() is None:
                s.stop()  # must exit 0 (prints its log otherwise)

    def start(self):
        s = server()
        self.servers.append(s)
        return s, s.client()

    def crawler(self, glue, path, **kw):
        db = harness.unique_name("mpdb")
        glue.create_database(DatabaseInput={"Name": db})
        name = harness.unique_name("mpcrawler")
        glue.create_crawler(Name=name, Role="r", DatabaseName=db,
                            Targets={"S3Targets": [{"Path": path}]}, **kw)
        return name, db

    def wait_ready(self, glue, name, timeout):
        deadline = time.monotonic() + timeout
        while True:
            c = glue.get_crawler(Name=name)["Crawler"]
            if c["State"] == "READY" and "LastCrawl" in c:
                return c
            if time.monotonic() > deadline:
                self.fail("crawler %s not READY within %.0f s: %r" % (name, timeout, c))
            time.sleep(0.05)

    def assertHidden(self, c):
        self.assertEqual([k for k in c if k.startswith("_")], [], c)

    def test_startup_leaves_the_crawl_and_stop_sent_to_the_other_stops_it(self):
        a, ga = self.start()
        name, _ = self.crawler(ga, BIG_TREE)
        ga.start_crawler(Name=name)
        time.sleep(0.3)  # A's worker (woken by StartCrawler) has claimed it
        b, gb = self.start()  # B's start-up must not fail A's crawl
        time.sleep(0.5)
        c = gb.get_crawler(Name=name)["Crawler"]
        self.assertEqual(c["State"], "RUNNING", c)  # still running: the crawl takes seconds
        self.assertHidden(c)
        t0 = time.monotonic()
        gb.stop_crawler(Name=name)
        c = self.wait_ready(gb, name, timeout=20)
        took = time.monotonic() - t0
        self.assertEqual(c["LastCrawl"]["Status"], "CANCELLED", c)
        self.assertLess(took, STALE + 3)  # noticed by A's heartbeat (every 0.8 s here)
        crawls = ga.list_crawls(CrawlerName=name)["Crawls"]
        self.assertEqual([x["State"] for x in crawls], ["STOPPED"], crawls)
        self.assertHidden(ga.get_crawler(Name=name)["Crawler"])
        sys.stderr.write("[stopped through the other process in %.1f s] " % took)

    def test_a_crawl_runs_on_one_process_once(self):
        a, ga = self.start()
        b, gb = self.start()
        names = []
        for i in range(6):  # started through either process
            g = (ga, gb)[i % 2]
            name, db = self.crawler(g, small_tree(40))
            g.start_crawler(Name=name)
            names.append((name, db))
        for name, db in names:
            c = self.wait_ready(ga, name, timeout=30)
            self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
            self.assertNotIn("ErrorMessage", c["LastCrawl"])  # no AlreadyExists notes
        time.sleep(MINUTE)  # a second run, if any, would have started by now
        for name, db in names:
            for g in (ga, gb):
                crawls = g.list_crawls(CrawlerName=name)["Crawls"]
                self.assertEqual([x["State"] for x in crawls], ["COMPLETED"], crawls)
                self.assertEqual(crawls[0]["Summary"],
                                 '{"TABLE":{"ADD":1,"UPDATE":0},"PARTITION":{"ADD":40,"DELETE":0}}')
                m = g.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"][0]
                self.assertEqual(m["TablesCreated"], 1, m)
            tables = ga.get_tables(DatabaseName=db)["TableList"]
            self.assertEqual(len(tables), 1, tables)
            versions = ga.get_table_versions(DatabaseName=db,
                                             TableName=tables[0]["Name"])["TableVersions"]
            self.assertEqual(len(versions), 1, versions)

    def test_no_second_run_behind_a_cancelled_crawl(self):
        """Were the crawl run by both processes, the other's run would go on after StopCrawler
        cancelled this one, and create the table at its end."""
        a, ga = self.start()
        b, gb = self.start()
        name, db = self.crawler(ga, MID_TREE)
        ga.start_crawler(Name=name)
        time.sleep(1.6)  # B's worker (a tick a second) has seen the RUNNING crawl
        ga.stop_crawler(Name=name)
        c = self.wait_ready(gb, name, timeout=20)
        self.assertEqual(c["LastCrawl"]["Status"], "CANCELLED", c)  # stopped before its end
        deadline = time.monotonic() + 6  # over the whole crawl's length
        while time.monotonic() < deadline:
            self.assertEqual(gb.get_tables(DatabaseName=db)["TableList"], [])
            time.sleep(0.2)
        self.assertEqual([x["State"] for x in gb.list_crawls(CrawlerName=name)["Crawls"]],
                         ["STOPPED"])

    def test_a_schedule_starts_a_crawl_once_a_minute(self):
        a, ga = self.start()
        b, gb = self.start()
        name, _ = self.crawler(ga, small_tree(2), Schedule="cron(* * * * ? *)")
        t0 = time.monotonic()
        time.sleep(3 * MINUTE + 0.5)
        ga.stop_crawler_schedule(CrawlerName=name)
        elapsed = time.monotonic() - t0
        self.wait_ready(gb, name, timeout=20)
        crawls = gb.list_crawls(CrawlerName=name)["Crawls"]
        # one crawl per schedule minute begun while it was scheduled, whichever process ran it
        self.assertGreaterEqual(len(crawls), 2, crawls)
        self.assertLessEqual(len(crawls), int(elapsed / MINUTE) + 1, crawls)
        self.assertEqual({x["State"] for x in crawls}, {"COMPLETED"}, crawls)

    def test_crawl_of_a_killed_process_is_failed_by_the_other(self):
        a, ga = self.start()
        name, _ = self.crawler(ga, BIG_TREE)
        ga.start_crawler(Name=name)
        time.sleep(0.3)  # claimed by A
        b, gb = self.start()
        time.sleep(0.3)
        self.assertEqual(gb.get_crawler(Name=name)["Crawler"]["State"], "RUNNING")
        self.assertEqual(a.signal_and_wait(signal.SIGKILL), -signal.SIGKILL)
        t0 = time.monotonic()
        c = self.wait_ready(gb, name, timeout=STALE + 15)
        took = time.monotonic() - t0
        self.assertEqual(c["LastCrawl"]["Status"], "FAILED", c)
        self.assertEqual(c["LastCrawl"]["ErrorMessage"], "catalogd stopped during the crawl.")
        self.assertHidden(c)
        self.assertLess(took, STALE + 3)  # the stale limit and a worker tick
        crawls = gb.list_crawls(CrawlerName=name)["Crawls"]
        self.assertEqual([x["State"] for x in crawls], ["FAILED"], crawls)
        # the crawler works again, on B
        gb.start_crawler(Name=name)
        gb.stop_crawler(Name=name)
        c = self.wait_ready(gb, name, timeout=20)
        self.assertEqual(c["LastCrawl"]["Status"], "CANCELLED", c)
        sys.stderr.write("[failed by the other process %.1f s after the kill] " % took)

    def test_restarted_process_fails_its_own_interrupted_crawl(self):
        a, ga = self.start()
        name, _ = self.crawler(ga, BIG_TREE)
        ga.start_crawler(Name=name)
        time.sleep(0.5)
        self.assertEqual(a.signal_and_wait(signal.SIGKILL), -signal.SIGKILL)
        t0 = time.monotonic()
        a2, ga2 = self.start()  # the same store, a new instance id
        c = self.wait_ready(ga2, name, timeout=STALE + 15)
        took = time.monotonic() - t0
        self.assertEqual(c["LastCrawl"]["Status"], "FAILED", c)
        self.assertEqual(c["LastCrawl"]["ErrorMessage"], "catalogd stopped during the crawl.")
        self.assertLess(took, STALE + 3)


if __name__ == "__main__":
    unittest.main()
