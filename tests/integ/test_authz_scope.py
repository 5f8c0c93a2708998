"""Authorization beyond the request: database-scoped principals and crawlers (every crawler
operation checked against the stored crawler, listings filtered before paging, crawls run with
their owner's rights, re-checked when they start, and audited), page tokens (authenticated,
opaque, pages filtered before paging), the catalog boundary of scoped principals, SearchTables
for them, and /health's detail kept from anonymous callers (PostgreSQL pass)."""

import http.client
import json
import os
import shutil
import signal
import stat
import tempfile
import time
import unittest
import urllib.parse

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import harness
import parquet_gen as pq

ADMIN = ("AKIDADMIN0000001", "admin-secret-0123456789")
SALES = ("AKIDSALES0000001", "sales-secret-0123456789")  # writer, sales_* only
BI = ("AKIDBI0000000001", "bi-secret-0123456789")  # reader, sales_* only
ADMIN_TOKEN = "admin-token-0123456789abcdef"
BI_TOKEN = "bi-token-0123456789abcdef"
CATALOG = "000000000000"  # catalogd's default CatalogId
COLUMNS = [("order_id", pq.BYTE_ARRAY, pq.UTF8, None), ("amount", pq.DOUBLE, None, None)]

ROOT = None
AUTH = None


def auth_doc(sales_databases=("sales_*",)):
    return {"principals": [
        {"name": "admin", "access_key_id": ADMIN[0], "secret_access_key": ADMIN[1],
         "tokens": [ADMIN_TOKEN], "role": "admin"},
        {"name": "sales_writer", "access_key_id": SALES[0], "secret_access_key": SALES[1],
         "role": "writer", "databases": list(sales_databases)},
        {"name": "bi", "access_key_id": BI[0], "secret_access_key": BI[1],
         "tokens": [BI_TOKEN], "role": "reader", "databases": ["sales_*"]},
    ]}


def write_auth(doc):
    with open(AUTH, "w") as f:
        json.dump(doc, f)
    os.chmod(AUTH, stat.S_IRUSR | stat.S_IWUSR)


def setUpModule():
    global ROOT, AUTH
    AUTH = os.path.join(tempfile.mkdtemp(prefix="catalogd-authz-"), "auth.json")
    write_auth(auth_doc())
    ROOT = harness.start_crawl_module_server(
        "catalogd-authz-crawl-", extra_args=["--auth-file", AUTH, "--schedule-minute", "1"])


def tearDownModule():
    harness.stop_crawl_module_server()
    shutil.rmtree(os.path.dirname(AUTH), ignore_errors=True)


def glue(srv, key):
    return boto3.client("glue", endpoint_url=srv.endpoint, region_name="us-east-1",
                        aws_access_key_id=key[0], aws_secret_access_key=key[1],
                        config=Config(retries={"max_attempts": 1}))


def tree(name, dates):
    base = os.path.join(ROOT, name)
    for d in dates:
        os.makedirs(os.path.join(base, "dt=%s" % d), exist_ok=True)
        pq.write(os.path.join(base, "dt=%s" % d, "part-0.parquet"), COLUMNS, ())
    return base


def audit_lines(srv):
    return [json.loads(l.split("catalogd: audit ", 1)[1])
            for l in srv.log().splitlines() if l.startswith("catalogd: audit ")]


def reload_auth(srv, doc):
    """Write DOC as the auth file and wait until catalogd has reloaded it."""
    before = srv.log().count("catalogd: SIGHUP:")
    write_auth(doc)
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while srv.log().count("catalogd: SIGHUP:") <= before:
        if time.monotonic() > deadline:
            raise AssertionError("catalogd did not reload the auth file")
        time.sleep(0.02)


class AuthzCase(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.glue = glue(cls.srv, ADMIN)
        cls.sales_glue = glue(cls.srv, SALES)
        cls.bi_glue = glue(cls.srv, BI)

    def denied(self, fn, **kw):
        with self.assertRaises(ClientError) as cm:
            fn(**kw)
        self.assertEqual(cm.exception.response["Error"]["Code"], "AccessDeniedException",
                         cm.exception.response)
        return cm.exception.response["Error"]["Message"]

    def wait_crawl(self, name, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            c = self.glue.get_crawler(Name=name)["Crawler"]
            if c["State"] == "READY" and "LastCrawl" in c:
                return c
            time.sleep(0.05)
        self.fail("crawler %s did not finish: %r" % (name, c))


class Crawlers(AuthzCase):
    def setUp(self):
        self.sales = harness.unique_name("sales")
        self.finance = harness.unique_name("finance")
        for db in (self.sales, self.finance):
            self.glue.create_database(DatabaseInput={"Name": db})

    def finance_crawler(self):
        name = harness.unique_name("fin_crawler")
        self.glue.create_crawler(
            Name=name, Role="r", DatabaseName=self.finance,
            Targets={"S3Targets": [{"Path": tree(harness.unique_name("fin"), ["2025-01-01"])}]})
        return name

    def test_scoped_writer_cannot_use_another_databases_crawler(self):
        name = self.finance_crawler()
        before = self.glue.get_crawler(Name=name)["Crawler"]
        want = ("User: sales_writer is not authorized to perform: glue:%s on resource: "
                "crawler/" + name + ".")
        s = self.sales_glue
        for op, fn, kw in (
                ("UpdateCrawler", s.update_crawler,  # the attack: move it, reschedule
                 {"Name": name, "DatabaseName": self.sales, "Schedule": "cron(* * * * ? *)",
                  "SchemaChangePolicy": {"UpdateBehavior": "UPDATE_IN_DATABASE",
                                         "DeleteBehavior": "DELETE_FROM_DATABASE"}}),
                ("GetCrawler", s.get_crawler, {"Name": name}),
                ("DeleteCrawler", s.delete_crawler, {"Name": name}),
                ("StartCrawler", s.start_crawler, {"Name": name}),
                ("StopCrawler", s.stop_crawler, {"Name": name}),
                ("UpdateCrawlerSchedule", s.update_crawler_schedule,
                 {"CrawlerName": name, "Schedule": "cron(* * * * ? *)"}),
                ("StartCrawlerSchedule", s.start_crawler_schedule, {"CrawlerName": name}),
                ("StopCrawlerSchedule", s.stop_crawler_schedule, {"CrawlerName": name}),
                ("ListCrawls", s.list_crawls, {"CrawlerName": name})):
            with self.subTest(op):
                self.assertEqual(self.denied(fn, **kw), want % op)
        after = self.glue.get_crawler(Name=name)["Crawler"]
        self.assertEqual(after, before)
        self.assertEqual(after["State"], "READY")
        self.assertNotIn("LastCrawl", after)
        got = s.batch_get_crawlers(CrawlerNames=[name])
        self.assertEqual((got["Crawlers"], got["CrawlersNotFound"]), ([], [name]))
        self.assertEqual(s.get_crawler_metrics(CrawlerNameList=[name])["CrawlerMetricsList"], [])
        for listing, member, key in ((s.get_crawlers, "Crawlers", lambda c: c["Name"]),
                                     (s.list_crawlers, "CrawlerNames", lambda c: c),
                                     (s.get_crawler_metrics, "CrawlerMetricsList",
                                      lambda c: c["CrawlerName"])):
            names, token = [], None
            while True:
                page = listing(**({"NextToken": token} if token else {}))
                names += [key(c) for c in page[member]]
                token = page.get("NextToken")
                if not token:
                    break
            self.assertNotIn(name, names, listing)
        # the crawler's own databases and all its CatalogTargets' count
        mixed = harness.unique_name("mixed")
        self.glue.create_crawler(Name=mixed, Role="r", DatabaseName=self.sales, Targets={
            "CatalogTargets": [{"DatabaseName": self.finance, "Tables": ["t"]}]})
        self.assertEqual(self.denied(s.get_crawler, Name=mixed), want.replace(name, mixed)
                         % "GetCrawler")
        # its own crawlers it may use
        mine = harness.unique_name("sales_crawler")
        s.create_crawler(Name=mine, Role="r", DatabaseName=self.sales,
                         Targets={"S3Targets": [{"Path": tree(mine, ["2025-01-01"])}]})
        self.assertEqual(s.get_crawler(Name=mine)["Crawler"]["DatabaseName"], self.sales)
        s.update_crawler(Name=mine, Description="mine")

    def test_scoped_listing_pages_are_full(self):
        mine = []
        for i in range(4):  # interleaved with crawlers it may not see
            fin = self.finance_crawler()
            name = harness.unique_name("sales_crawler")
            self.glue.create_crawler(Name=name, Role="r", DatabaseName=self.sales,
                                     Targets={"S3Targets": [{"Path": ROOT}]})
            mine.append(name)
            self.assertLess(fin, name)
        seen, token = [], None
        while True:
            page = self.bi_glue.get_crawlers(MaxResults=2, **({"NextToken": token} if token
                                                               else {}))
            token = page.get("NextToken")
            if token:
                self.assertEqual(len(page["Crawlers"]), 2, page)  # full while more exist
            for c in page["Crawlers"]:
                self.assertTrue(c["DatabaseName"].startswith("sales_"), c)
                seen.append(c["Name"])
            if not token:
                break
        self.assertEqual(len(seen), len(set(seen)))
        for name in mine:
            self.assertIn(name, seen)

    def test_crawl_writes_are_audited_naming_the_crawler(self):
        name = harness.unique_name("audited_crawler")
        folder = harness.unique_name("audited")
        self.sales_glue.create_crawler(Name=name, Role="r", DatabaseName=self.sales, Targets={
            "S3Targets": [{"Path": tree(folder, ["2025-01-01", "2025-01-02"])}]})
        self.sales_glue.start_crawler(Name=name)
        c = self.wait_crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        mine = [l for l in audit_lines(self.srv) if l.get("crawler") == name]
        self.assertEqual([(l["op"], l["resource"], l["principal"], l["source"]) for l in mine],
                         [("CreateTable", "table/%s/%s" % (self.sales, folder), "sales_writer",
                           "crawler"),
                          ("BatchCreatePartition", "table/%s/%s" % (self.sales, folder),
                           "sales_writer", "crawler")])
        self.assertEqual(mine[0]["request_id"], c["LastCrawl"]["MessagePrefix"])  # the crawl id

    def test_crawl_rechecks_its_owners_rights_when_it_starts(self):
        name = harness.unique_name("owned_crawler")
        folder = harness.unique_name("owned")
        self.sales_glue.create_crawler(Name=name, Role="r", DatabaseName=self.sales, Targets={
            "S3Targets": [{"Path": tree(folder, ["2025-01-01"])}]})
        reload_auth(self.srv, auth_doc(sales_databases=["mkt_*"]))  # no longer sales_*
        try:
            self.glue.update_crawler_schedule(CrawlerName=name, Schedule="cron(* * * * ? *)")
            c = self.wait_crawl(name)
            self.glue.stop_crawler_schedule(CrawlerName=name)
        finally:
            reload_auth(self.srv, auth_doc())
        self.assertEqual((c["LastCrawl"]["Status"], c["LastCrawl"]["ErrorMessage"]),
                         ("FAILED", "The crawler's owner sales_writer may no longer write to "
                                    "database %s. Nothing was written." % self.sales))
        self.assertFalse(self.table_exists(self.sales, folder))
        # admin takes it over (UpdateCrawler makes the caller its owner): it crawls again
        self.glue.update_crawler(Name=name, Description="admin's now")
        self.glue.start_crawler(Name=name)
        deadline = time.monotonic() + 20
        while self.glue.get_crawler(Name=name)["Crawler"]["LastCrawl"]["Status"] == "FAILED":
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        c = self.wait_crawl(name)
        self.assertEqual(c["LastCrawl"]["Status"], "SUCCEEDED", c)
        self.assertTrue(self.table_exists(self.sales, folder))


def forged(kind, scope, key):
    """The token the first format accepted: the plain hex of its fields."""
    return ("v1\n%s\n%s\n%s" % (kind, scope, key)).encode().hex()


class Tokens(AuthzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag = harness.unique_name("tok")
        # by name: hidden, visible, hidden, visible, ...
        cls.hidden = ["a_%s_%d" % (tag, i) for i in range(3)]
        cls.visible = ["sales_%s_%d" % (tag, i) for i in range(3)]
        for i in range(3):
            for db in ("a_%s_%d_x" % (tag, i), "sales_%s_%d" % (tag, i), "a_%s_%d" % (tag, i)):
                cls.glue.create_database(DatabaseInput={"Name": db})

    def test_scoped_pages_full_tokens_opaque(self):
        names, token, pages = [], None, 0
        while True:
            page = self.bi_glue.get_databases(MaxResults=1, **({"NextToken": token} if token
                                                               else {}))
            pages += 1
            token = page.get("NextToken")
            if token:
                self.assertEqual(len(page["DatabaseList"]), 1, page)
                raw = bytes.fromhex(token)  # hex, but of nothing readable
                self.assertNotIn(b"databases", raw)
                # whole names: a two-byte probe such as b"a_" turns up in random ciphertext
                # about once in a thousand tokens
                for n in self.hidden + self.visible:
                    self.assertNotIn(n.encode(), raw)
                self.assertNotIn(b"sales_", raw)
            names += [d["Name"] for d in page["DatabaseList"]]
            if not token:
                break
        self.assertTrue(all(n.startswith("sales_") for n in names), names)
        for n in self.visible:
            self.assertIn(n, names)
        self.assertLessEqual(pages, len(names) + 1)

    def test_forged_and_altered_tokens_refused(self):
        token = self.glue.get_databases(MaxResults=1)["NextToken"]
        altered = ("0" if token[0] != "0" else "1") + token[1:]
        for bad in (forged("databases", CATALOG, self.hidden[0]), altered):
            with self.subTest(bad=bad):
                with self.assertRaises(ClientError) as cm:
                    self.bi_glue.get_databases(NextToken=bad)
                err = cm.exception.response["Error"]
                self.assertEqual((err["Code"], err["Message"]),
                                 ("InvalidInputException", "Invalid NextToken."))
        # REST: the same token code
        status, body = rest("GET", "/v1/databases?page_token=" + urllib.parse.quote(
            forged("databases", CATALOG, self.hidden[0])), BI_TOKEN)
        self.assertEqual((status, body.get("code"), body.get("message")),
                         (400, "InvalidInputException", "Invalid NextToken."))
        status, body = rest("GET", "/v1/databases?max_results=1", BI_TOKEN)
        self.assertEqual(status, 200, body)
        self.assertNotIn(b"sales_", bytes.fromhex(body["next_page_token"]))

    def test_every_listings_token_is_opaque(self):
        db = self.visible[0]
        def table(name, description):
            return {"Name": name, "Description": description,
                    "PartitionKeys": [{"Name": "dt", "Type": "string"}],
                    "StorageDescriptor": {"Columns": [{"Name": "c", "Type": "string"}]}}
        for t in ("orders_one", "orders_two"):
            self.glue.create_table(DatabaseName=db, TableInput=table(t, "opaque words"))
        for d in ("v2 opaque words", "v3 opaque words"):
            self.glue.update_table(DatabaseName=db, TableInput=table("orders_one", d))
        for v in ("2025_01_01", "2025_01_02"):
            self.glue.create_partition(DatabaseName=db, TableName="orders_one",
                                       PartitionInput={"Values": [v]})
        for f in ("fn_one", "fn_two"):
            self.glue.create_user_defined_function(DatabaseName=db, FunctionInput={
                "FunctionName": f, "ClassName": "x.Y", "OwnerName": "o", "OwnerType": "USER"})
        g = self.bi_glue
        cases = (
            ("GetTables", lambda: g.get_tables(DatabaseName=db, MaxResults=1), b"orders"),
            ("GetPartitions", lambda: g.get_partitions(DatabaseName=db, TableName="orders_one",
                                                       MaxResults=1), b"2025"),
            ("GetTableVersions", lambda: g.get_table_versions(
                DatabaseName=db, TableName="orders_one", MaxResults=1), b"versions"),
            ("GetUserDefinedFunctions", lambda: g.get_user_defined_functions(
                DatabaseName=db, Pattern="*", MaxResults=1), b"fn_"),
            ("SearchTables", lambda: g.search_tables(SearchText="opaque", MaxResults=1),
             b"orders"),
        )
        for op, call, secret in cases:
            with self.subTest(op):
                token = call()["NextToken"]
                self.assertNotIn(secret, bytes.fromhex(token))
                self.assertNotIn(db.encode(), bytes.fromhex(token))


def rest(method, path, token):
    srv = harness.module_server(__name__)
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request(method, path, headers={"Authorization": "Bearer " + token})
        r = conn.getresponse()
        body = r.read()
        return r.status, json.loads(body) if body else {}
    finally:
        conn.close()


class Scopes(AuthzCase):
    def test_scoped_principal_limited_to_the_default_catalog(self):
        other = harness.unique_catalog_id()
        db = harness.unique_name("sales")
        self.glue.create_database(CatalogId=other, DatabaseInput={"Name": db})
        self.glue.create_table(CatalogId=other, DatabaseName=db, TableInput={"Name": "t"})
        want = ("User: bi is not authorized to perform: glue:%s on resource: catalog/" + other
                + " (bi is limited to databases of catalog " + CATALOG + ").")
        self.assertEqual(self.denied(self.bi_glue.get_table, CatalogId=other, DatabaseName=db,
                                     Name="t"), want % "GetTable")
        self.assertEqual(self.denied(self.bi_glue.get_databases, CatalogId=other),
                         want % "GetDatabases")
        self.assertEqual(self.denied(self.bi_glue.search_tables, CatalogId=other),
                         want % "SearchTables")
        # the default catalog named explicitly is the same as none
        self.assertIsInstance(self.bi_glue.get_databases(CatalogId=CATALOG)["DatabaseList"],
                              list)
        # an unscoped principal may use any catalog
        self.assertEqual(self.glue.get_table(CatalogId=other, DatabaseName=db,
                                             Name="t")["Table"]["Name"], "t")

    def test_scoped_writer_cannot_move_a_table_out_of_its_scope(self):
        """RenameTable's DestinationDatabaseName (the Hive Metastore front's alter_table to
        another database) is authorized like its DatabaseName."""
        import botocore.auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        src, inside = harness.unique_name("sales"), harness.unique_name("sales")
        outside = harness.unique_name("hr")
        for db in (src, inside, outside):
            self.glue.create_database(DatabaseInput={"Name": db})
        self.glue.create_table(DatabaseName=src, TableInput={"Name": "t"})

        def rename(dest, name):
            body = json.dumps({"DatabaseName": src, "Name": "t", "DestinationDatabaseName": dest,
                               "TableInput": {"Name": name}}).encode()
            req = AWSRequest(method="POST", url=self.srv.endpoint + "/", data=body,
                             headers={"Content-Type": harness.JSON_CT,
                                      "X-Amz-Target": "AWSGlue.RenameTable"})
            botocore.auth.SigV4Auth(Credentials(*SALES), "glue", "us-east-1").add_auth(req)
            return self.srv.raw("RenameTable", body=body, headers=dict(req.headers.items()))
        body = self.assertRawError(rename(outside, "t"), "AccessDeniedException")
        self.assertIn(outside, body["message"])
        self.assertEqual(self.glue.get_table(DatabaseName=src, Name="t")["Table"]["Name"], "t")
        self.assertRawOK(rename(inside, "moved"))
        self.assertEqual(self.glue.get_table(DatabaseName=inside, Name="moved")["Table"]
                         ["DatabaseName"], inside)
        self.assertEqual(self.glue.get_tables(DatabaseName=src)["TableList"], [])

    def test_scoped_search_tables_sees_its_own_databases_only(self):
        word = harness.unique_name("findme").replace("_", "")
        sales = [harness.unique_name("sales") for _ in range(3)]
        hidden = [harness.unique_name("hr") for _ in range(3)]
        for db in sales + hidden:
            self.glue.create_database(DatabaseInput={"Name": db})
            self.glue.create_table(DatabaseName=db, TableInput={"Name": "t",
                                                                "Description": word})
        found, token = [], None
        while True:
            page = self.bi_glue.search_tables(SearchText=word, MaxResults=1,
                                              SortCriteria=[{"FieldName": "Name",
                                                             "Sort": "ASC"}],
                                              **({"NextToken": token} if token else {}))
            token = page.get("NextToken")
            if token:
                self.assertEqual(len(page["TableList"]), 1, page)
            found += [t["DatabaseName"] for t in page["TableList"]]
            if not token:
                break
        self.assertEqual(sorted(found), sorted(sales))
        everything = self.glue.search_tables(SearchText=word)["TableList"]
        self.assertEqual(len(everything), 6)


@harness.pg_only()
class Health(unittest.TestCase):
    """Anonymous /health says the store is unavailable, not where it is nor the driver's
    error; a principal gets the detail.  On a throwaway cluster of the test's own."""

    def test_anonymous_health_keeps_the_detail(self):
        import pgcluster
        cluster = pgcluster.Cluster().start()
        srv = None
        try:
            loc = cluster.createdb(harness.unique_name("health"))
            srv = harness.Server(db=loc, extra_args=["--auth-file", AUTH]).start()
            port = str(cluster.port)
            anon = srv.raw(None, path="/health", method="GET", headers={"Authorization": None})
            self.assertEqual(anon.status, 200, anon)
            cluster.stop("fast")
            seen = []
            for _ in range(4):  # the pooled connection fails first, then reconnecting fails
                anon = srv.raw(None, path="/health", method="GET",
                               headers={"Authorization": None})
                self.assertEqual(anon.status, 503, anon)
                self.assertEqual(anon.json["message"], "The catalog store is unavailable.")
                r = srv.raw(None, path="/health", method="GET",
                            headers={"Authorization": "Bearer " + BI_TOKEN})
                self.assertEqual(r.status, 503, r)
                seen.append(r.json["message"])
                self.assertNotIn(port, json.dumps(anon.json))
            self.assertTrue(any(m != "The catalog store is unavailable." for m in seen), seen)
        finally:
            if srv is not None:
                srv.stop()
            cluster.remove()


if __name__ == "__main__":
    unittest.main()
