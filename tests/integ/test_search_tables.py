"""SearchTables: SearchText over database and table names, descriptions and parameters (words
whole, case and diacritics ignored, quoted phrases), Filters, SortCriteria, paging, limits,
errors, ResourceShareType, and the index kept in step with creates, updates, renames and
deletes.  Each test works in a catalog of its own (CatalogId), since search spans a catalog."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_catalog_id  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class SearchTables(harness.GlueTestCase):
    def setUp(self):
        self.cat = unique_catalog_id()
        self.glue.create_database(CatalogId=self.cat, DatabaseInput={"Name": "Sales"})
        self.glue.create_database(CatalogId=self.cat, DatabaseInput={"Name": "hr"})
        self.table("sales", "customer-link", Description="Links between Café customers",
                   Parameters={"classification": "parquet", "owner_team": "growth"},
                   TableType="EXTERNAL_TABLE", Owner="alice")
        self.table("sales", "xxlinkyy", Description="no match here",
                   Parameters={"classification": "csv"}, TableType="EXTERNAL_TABLE")
        self.table("sales", "orders_daily", Description="Daily orders",
                   Parameters={"classification": "PARQUET"}, TableType="VIRTUAL_VIEW",
                   Owner="bob")
        self.table("hr", "employees", Description="people and their link to payroll",
                   Parameters={"pii": "true"})

    def table(self, db, name, **kw):
        self.glue.create_table(CatalogId=self.cat, DatabaseName=db,
                               TableInput=dict(Name=name, **kw))

    def search(self, **kw):
        """Every page of SearchTables: [(db, name)] in answer order."""
        out, token = [], None
        for _ in range(100):
            args = dict(kw, CatalogId=self.cat)
            if token:
                args["NextToken"] = token
            r = self.glue.search_tables(**args)
            out += [(t["DatabaseName"], t["Name"]) for t in r["TableList"]]
            token = r.get("NextToken")
            if token is None:
                return out
        self.fail("paging did not end")

    def names(self, **kw):
        return sorted(n for _, n in self.search(**kw))

    def test_search_text_words_case_and_fields(self):
        # words whole: "link" is a word of customer-link and of employees' description,
        # not of xxlinkyy
        self.assertEqual(self.names(SearchText="link"), ["customer-link", "employees"])
        self.assertEqual(self.names(SearchText="LINK"), ["customer-link", "employees"])
        self.assertEqual(self.names(SearchText="cafe"), ["customer-link"])  # diacritics
        self.assertEqual(self.names(SearchText="parquet"), ["customer-link", "orders_daily"])
        self.assertEqual(self.names(SearchText="classification"),
                         ["customer-link", "orders_daily", "xxlinkyy"])
        self.assertEqual(self.names(SearchText="growth"), ["customer-link"])  # a value
        self.assertEqual(self.names(SearchText="owner_team"), ["customer-link"])  # a key
        self.assertEqual(self.names(SearchText="sales"),
                         ["customer-link", "orders_daily", "xxlinkyy"])  # database name
        self.assertEqual(self.names(SearchText="daily"), ["orders_daily"])  # '_' splits
        # every word must occur, in any field
        self.assertEqual(self.names(SearchText="link payroll"), ["employees"])
        self.assertEqual(self.names(SearchText="link nosuchword"), [])
        self.assertEqual(self.names(SearchText="lin"), [])  # no prefix matching
        # quoted: one phrase, words consecutive
        self.assertEqual(self.names(SearchText='"customers links"'), [])
        self.assertEqual(self.names(SearchText='"links between"'), ["customer-link"])
        # no letters or digits: no text condition
        self.assertEqual(len(self.search(SearchText="*")), 4)
        self.assertEqual(len(self.search()), 4)

    def test_filters(self):
        F = lambda k, v, c=None: dict(Key=k, Value=v, **({"Comparator": c} if c else {}))
        cases = [
            ([F("Name", "link")], ["customer-link"]),  # Glue's documented example
            ([F("Name", "customer link")], ["customer-link"]),
            ([F("name", "LINK")], ["customer-link"]),
            ([F("Description", "link")], ["employees"]),
            ([F("DatabaseName", "SALES")], ["customer-link", "orders_daily", "xxlinkyy"]),
            ([F("TableType", "virtual_view")], ["orders_daily"]),
            ([F("Owner", "ALICE")], ["customer-link"]),
            ([F("classification", "parquet")], ["customer-link", "orders_daily"]),
            ([F("Classification", "parquet")], []),  # parameter keys are exact
            ([F("classification", "parquet"), F("Owner", "bob")], ["orders_daily"]),
            ([F("pii", "true")], ["employees"]),
        ]
        for filters, want in cases:
            self.assertEqual(self.names(Filters=filters), want, filters)
        self.assertEqual(self.names(SearchText="parquet", Filters=[F("DatabaseName", "sales"),
                                                                    F("Owner", "bob")]),
                         ["orders_daily"])

    def test_time_filters(self):
        later = time.time() + 3600
        before = self.names(Filters=[{"Key": "CreateTime", "Value": "%.3f" % later,
                                      "Comparator": "LESS_THAN"}])
        self.assertEqual(len(before), 4)
        self.assertEqual(self.names(Filters=[{"Key": "UpdateTime", "Value": str(int(later)),
                                              "Comparator": "GREATER_THAN_EQUALS"}]), [])
        self.assertEqual(len(self.names(Filters=[{"Key": "UpdateTime", "Value": "0",
                                                  "Comparator": "GREATER_THAN"}])), 4)

    def test_sort_and_paging(self):
        default = self.search()
        self.assertEqual(default, [("hr", "employees"), ("sales", "customer-link"),
                                   ("sales", "orders_daily"), ("sales", "xxlinkyy")])
        self.assertEqual(self.search(SortCriteria=[{"FieldName": "Name", "Sort": "DESC"}]),
                         [("sales", "xxlinkyy"), ("sales", "orders_daily"),
                          ("hr", "employees"), ("sales", "customer-link")])
        self.assertEqual(self.search(SortCriteria=[{"FieldName": "DatabaseName",
                                                    "Sort": "DESC"}]), default[::-1])
        # creation order, oldest first (names break ties between equal times)
        by_time = self.search(SortCriteria=[{"FieldName": "CreateTime", "Sort": "ASC"}],
                              MaxResults=1)
        self.assertEqual(sorted(by_time), sorted(default))
        times = [self.glue.get_table(CatalogId=self.cat, DatabaseName=d,
                                     Name=n)["Table"]["CreateTime"] for d, n in by_time]
        self.assertEqual(times, sorted(times))
        # one per page: every table once, in order, under every order
        for sort in ([], [{"FieldName": "Name", "Sort": "ASC"}],
                     [{"FieldName": "UpdateTime", "Sort": "DESC"}]):
            full = self.search(SortCriteria=sort)
            self.assertEqual(self.search(SortCriteria=sort, MaxResults=1), full)
        r = self.glue.search_tables(CatalogId=self.cat, MaxResults=3)
        self.assertEqual(len(r["TableList"]), 3)
        self.assertIn("NextToken", r)
        last = self.glue.search_tables(CatalogId=self.cat, NextToken=r["NextToken"])
        self.assertEqual([t["Name"] for t in last["TableList"]], ["xxlinkyy"])
        self.assertNotIn("NextToken", last)

    def test_full_tables_answered(self):
        t = self.glue.search_tables(CatalogId=self.cat, SearchText="growth")["TableList"][0]
        self.assertEqual(t["Parameters"], {"classification": "parquet", "owner_team": "growth"})
        self.assertEqual(t["CatalogId"], self.cat)
        self.assertEqual(t["VersionId"], "0")
        self.assertEqual(t["PartitionKeys"], [])
        self.assertEqual(t["Description"], "Links between Café customers")

    def test_index_follows_changes(self):
        self.glue.update_table(CatalogId=self.cat, DatabaseName="sales", TableInput={
            "Name": "xxlinkyy", "Description": "now about shipments",
            "Parameters": {"classification": "avro"}})
        self.assertEqual(self.names(SearchText="shipments avro"), ["xxlinkyy"])
        self.assertEqual(self.names(SearchText="csv"), [])
        self.glue.update_database(CatalogId=self.cat, Name="hr",
                                  DatabaseInput={"Name": "people_ops"})
        self.assertEqual(self.search(SearchText="ops"), [("people_ops", "employees")])
        self.assertEqual(self.search(SearchText="hr"), [])
        self.glue.delete_table(CatalogId=self.cat, DatabaseName="sales", Name="customer-link")
        self.assertEqual(self.names(SearchText="growth"), [])
        self.glue.delete_database(CatalogId=self.cat, Name="people_ops")
        self.assertEqual(self.names(SearchText="payroll"), [])
        # other catalogs are not searched
        self.assertEqual(self.glue.search_tables(CatalogId=unique_catalog_id(),
                                                 SearchText="daily")["TableList"], [])

    def test_resource_share_type(self):
        self.assertEqual(len(self.search(ResourceShareType="ALL")), 4)
        self.assertEqual(self.search(ResourceShareType="FOREIGN"), [])
        self.assertEqual(self.search(ResourceShareType="FEDERATED"), [])

    def test_errors(self):
        cases = [
            (dict(MaxResults=1001), "1 validation error detected: Value at 'maxResults' failed "
             "to satisfy constraint: Member must have value less than or equal to 1000"),
            (dict(Filters=[{"Key": "Name"}]), "Filters.1 needs a Key and a Value."),
            (dict(Filters=[{"Key": "Name", "Value": "x"}, {"Value": "y"}]),
             "Filters.2 needs a Key and a Value."),
            (dict(Filters=[{"Key": "Name", "Value": "x", "Comparator": "GREATER_THAN"}]),
             "Filters.1: Comparator GREATER_THAN applies to CreateTime and UpdateTime only."),
            (dict(Filters=[{"Key": "UpdateTime", "Value": "yesterday"}]),
             "Filters.1: UpdateTime compares with epoch seconds; yesterday is not a number."),
            (dict(Filters=[{"Key": "Name", "Value": "--"}]),
             "Filters.1: the Name value has no letters or digits to match."),
            (dict(Filters=[{"Key": "k%d" % i, "Value": "v"} for i in range(51)]),
             "At most 50 Filters are accepted."),
            (dict(SortCriteria=[{"FieldName": "Size"}]),
             "SortCriteria FieldName Size is not one of Name, DatabaseName, CreateTime, "
             "UpdateTime."),
            (dict(NextToken="zz"), "Invalid NextToken."),
        ]
        for kw, msg in cases:
            err = self.assertClientError("InvalidInputException", self.glue.search_tables,
                                         CatalogId=self.cat, **kw)
            self.assertEqual(err["Message"], msg, kw)
        # the model's own limits: SortCriteria at most 1, SearchText 1..1024
        self.assertClientError("InvalidInputException", self.glue.search_tables,
                               CatalogId=self.cat, SortCriteria=[{"FieldName": "Name"}] * 2)
        self.assertClientError("InvalidInputException", self.glue.search_tables,
                               CatalogId=self.cat, SearchText="x" * 1025)
        # a token is bound to its query
        token = self.glue.search_tables(CatalogId=self.cat, MaxResults=1)["NextToken"]
        err = self.assertClientError("InvalidInputException", self.glue.search_tables,
                                     CatalogId=self.cat, SearchText="link", NextToken=token)
        self.assertEqual(err["Message"], "Invalid NextToken.")

    def test_long_text_bounded(self):
        # every word is required, up to the 512 that 1024 characters hold
        self.assertEqual(self.names(SearchText=" ".join(["link"] * 204)),
                         ["customer-link", "employees"])
        self.assertEqual(self.names(SearchText="a " * 511 + "b"), [])
