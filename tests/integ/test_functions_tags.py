"""User-defined functions (Create/Get/Update/Delete/GetUserDefinedFunctions: folding, Hive
patterns, paging, cascade), tags on database/table/function ARNs, resource policies and the
catalog-level calls clients make on the way (GetCatalogImportStatus,
GetDataCatalogEncryptionSettings)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


def fn_input(name, **kw):
    d = {"FunctionName": name, "ClassName": "TrinoFunction", "OwnerName": "alice",
         "OwnerType": "USER", "FunctionType": "REGULAR_FUNCTION",
         "ResourceUris": [{"ResourceType": "FILE", "Uri": "part-%d" % i} for i in range(3)]}
    d.update(kw)
    return d


class Functions(harness.GlueTestCase):
    def setUp(self):
        self.db = self.make_db()

    def names(self, **kw):
        out, token = [], None
        for _ in range(100):
            args = dict(kw)
            if token:
                args["NextToken"] = token
            r = self.glue.get_user_defined_functions(**args)
            self.assertIsInstance(r["UserDefinedFunctions"], list)
            out += [(f["DatabaseName"], f["FunctionName"]) for f in r["UserDefinedFunctions"]]
            token = r.get("NextToken")
            if token is None:
                return out
        self.fail("paging did not end")

    def test_crud_and_folding(self):
        self.glue.create_user_defined_function(DatabaseName=self.db.upper(),
                                               FunctionInput=fn_input("Trino__Add"))
        f = self.glue.get_user_defined_function(DatabaseName=self.db,
                                                FunctionName="TRINO__ADD")["UserDefinedFunction"]
        self.assertEqual(f["FunctionName"], "trino__add")
        self.assertEqual(f["DatabaseName"], self.db)
        self.assertEqual(f["CatalogId"], "000000000000")
        self.assertEqual([u["Uri"] for u in f["ResourceUris"]], ["part-0", "part-1", "part-2"])
        self.assertIn("CreateTime", f)
        self.assertClientError("AlreadyExistsException",
                               self.glue.create_user_defined_function, DatabaseName=self.db,
                               FunctionInput=fn_input("TRINO__add"))
        self.glue.update_user_defined_function(DatabaseName=self.db, FunctionName="trino__add",
                                               FunctionInput=fn_input("trino__add",
                                                                      ClassName="Other"))
        g = self.glue.get_user_defined_function(DatabaseName=self.db,
                                                FunctionName="trino__add")["UserDefinedFunction"]
        self.assertEqual(g["ClassName"], "Other")
        self.assertEqual(g["CreateTime"], f["CreateTime"])
        # a new FunctionName renames
        self.glue.update_user_defined_function(DatabaseName=self.db, FunctionName="trino__add",
                                               FunctionInput=fn_input("Renamed"))
        self.assertEqual(self.names(DatabaseName=self.db, Pattern="*"), [(self.db, "renamed")])
        self.glue.delete_user_defined_function(DatabaseName=self.db, FunctionName="RENAMED")
        self.assertClientError("EntityNotFoundException",
                               self.glue.delete_user_defined_function, DatabaseName=self.db,
                               FunctionName="renamed")
        err = self.assertClientError("EntityNotFoundException",
                                     self.glue.get_user_defined_function, DatabaseName=self.db,
                                     FunctionName="renamed")
        self.assertEqual(err["Message"], "Function renamed not found.")

    def test_errors(self):
        cases = [
            ("EntityNotFoundException", self.glue.create_user_defined_function,
             dict(DatabaseName="nodb_" + self.db, FunctionInput=fn_input("f"))),
            ("InvalidInputException", self.glue.create_user_defined_function,
             dict(DatabaseName=self.db, FunctionInput={"ClassName": "C"})),
            ("InvalidInputException", self.glue.create_user_defined_function,
             dict(DatabaseName=self.db, FunctionInput=fn_input("f", FunctionType="MACRO"))),
            ("InvalidInputException", self.glue.create_user_defined_function,
             dict(DatabaseName=self.db, FunctionInput=fn_input("x" * 256))),
            ("EntityNotFoundException", self.glue.update_user_defined_function,
             dict(DatabaseName=self.db, FunctionName="nope", FunctionInput=fn_input("nope"))),
            ("InvalidInputException", self.glue.get_user_defined_functions,
             dict(Pattern="*", MaxResults=101)),
            ("InvalidInputException", self.glue.get_user_defined_functions,
             dict(Pattern="*", NextToken="forged")),
            ("EntityNotFoundException", self.glue.get_user_defined_functions,
             dict(DatabaseName="nodb_" + self.db, Pattern="*")),
        ]
        for code, fn, kw in cases:
            with self.subTest(fn=fn.__name__, code=code, kw=str(kw)[:80]):
                self.assertClientError(code, fn, **kw)

    def test_list_patterns_paging_types_and_databases(self):
        other = self.make_db()
        for i in range(7):
            self.glue.create_user_defined_function(DatabaseName=self.db,
                                                   FunctionInput=fn_input("trino__f%d" % i))
        self.glue.create_user_defined_function(
            DatabaseName=self.db, FunctionInput=fn_input("agg", FunctionType="AGGREGATE_FUNCTION"))
        self.glue.create_user_defined_function(DatabaseName=other,
                                               FunctionInput=fn_input("trino__g"))
        self.assertEqual(self.names(DatabaseName=self.db, Pattern="trino__.*", MaxResults=2),
                         [(self.db, "trino__f%d" % i) for i in range(7)])
        self.assertEqual(self.names(DatabaseName=self.db, Pattern="agg|trino__f0"),
                         [(self.db, "agg"), (self.db, "trino__f0")])
        self.assertEqual(self.names(DatabaseName=self.db, Pattern="*",
                                    FunctionType="AGGREGATE_FUNCTION"), [(self.db, "agg")])
        every = self.names(Pattern="trino__*", MaxResults=3)  # all databases
        self.assertIn((other, "trino__g"), every)
        self.assertEqual(len([n for n in every if n[0] in (self.db, other)]), 8)
        # a token only works for the listing it came from
        r = self.glue.get_user_defined_functions(DatabaseName=self.db, Pattern="*", MaxResults=1)
        self.assertClientError("InvalidInputException", self.glue.get_user_defined_functions,
                               DatabaseName=self.db, Pattern="t*", NextToken=r["NextToken"])
        # ... even when its parts, joined with '/', read as another listing's
        pattern = "trino__f0|trino__f1|a/b"
        r = self.glue.get_user_defined_functions(DatabaseName=self.db, Pattern=pattern,
                                                 MaxResults=1)
        self.assertIn("NextToken", r)
        slashed = self.make_db(self.db + "/trino__f0|trino__f1|a")
        self.assertEqual(self.names(DatabaseName=slashed, Pattern="b"), [])
        self.assertClientError("InvalidInputException", self.glue.get_user_defined_functions,
                               DatabaseName=slashed, Pattern="b", NextToken=r["NextToken"])
        self.assertEqual(self.names(DatabaseName=self.db, Pattern=pattern, MaxResults=1),
                         [(self.db, "trino__f0"), (self.db, "trino__f1")])
        # functions go with their database
        self.glue.delete_database(Name=self.db)
        self.make_db(self.db)
        self.assertEqual(self.names(DatabaseName=self.db, Pattern="*"), [])


class Tags(harness.GlueTestCase):
    def arn(self, path, account="000000000000"):
        return "arn:aws:glue:us-east-1:%s:%s" % (account, path)

    def test_tags_on_each_kind_and_their_lifetime(self):
        db = self.make_db()
        t = self.make_table(db)
        self.glue.create_user_defined_function(DatabaseName=db, FunctionInput=fn_input("f"))
        for path in ("database/%s" % db.upper(), "table/%s/%s" % (db, t),
                     "userDefinedFunction/%s/F" % db):
            with self.subTest(path):
                arn = self.arn(path)
                self.glue.tag_resource(ResourceArn=arn, TagsToAdd={"team": "a", "cost": ""})
                self.glue.tag_resource(ResourceArn=arn, TagsToAdd={"team": "b"})
                self.assertEqual(self.glue.get_tags(ResourceArn=arn)["Tags"],
                                 {"team": "b", "cost": ""})
                self.glue.untag_resource(ResourceArn=arn, TagsToRemove=["cost", "never"])
                self.assertEqual(self.glue.get_tags(ResourceArn=arn)["Tags"], {"team": "b"})
        self.glue.delete_table(DatabaseName=db, Name=t)
        self.make_table(db, t)
        self.assertEqual(self.glue.get_tags(ResourceArn=self.arn("table/%s/%s" % (db, t)))["Tags"],
                         {})

    def test_tags_given_at_create(self):
        # CreateDatabase's Tags are stored as TagResource stores them, in the same
        # transaction: a refused create stores none
        name = unique_name("Tagged")
        self.glue.create_database(DatabaseInput={"Name": name}, Tags={"team": "a", "cost": ""})
        arn = self.arn("database/" + name.lower())
        self.assertEqual(self.glue.get_tags(ResourceArn=arn)["Tags"], {"team": "a", "cost": ""})
        self.assertClientError("AlreadyExistsException", self.glue.create_database,
                               DatabaseInput={"Name": name}, Tags={"other": "b"})
        self.assertEqual(self.glue.get_tags(ResourceArn=arn)["Tags"], {"team": "a", "cost": ""})
        self.assertClientError("InvalidInputException", self.glue.create_database,
                               DatabaseInput={"Name": unique_name("t")},
                               Tags={"k%d" % i: "v" for i in range(51)})
        # Glue's CreateTable and CreateUserDefinedFunction have no Tags member: botocore
        # refuses it before sending (tag those with TagResource)
        from botocore.exceptions import ParamValidationError
        with self.assertRaises(ParamValidationError):
            self.glue.create_table(DatabaseName=name, TableInput={"Name": "t"}, Tags={"a": "b"})

    def test_errors(self):
        db = self.make_db()
        cases = [
            ("EntityNotFoundException", self.arn("database/nope_" + db)),
            ("EntityNotFoundException", self.arn("table/%s/nope" % db)),
            ("EntityNotFoundException", self.arn("userDefinedFunction/%s/nope" % db)),
            ("EntityNotFoundException", self.arn("database/" + db, account="123456789012")),
            ("InvalidInputException", self.arn("crawler/c")),
            ("InvalidInputException", self.arn("table/%s" % db)),
            ("InvalidInputException", "arn:aws:glue:us-east-1"),
        ]
        for code, arn in cases:
            with self.subTest(arn):
                self.assertClientError(code, self.glue.get_tags, ResourceArn=arn)
        self.assertClientError("InvalidInputException", self.glue.tag_resource,
                               ResourceArn=self.arn("database/" + db),
                               TagsToAdd={"k%d" % i: "v" for i in range(51)})
        self.assertClientError("InvalidInputException", self.glue.tag_resource,
                               ResourceArn=self.arn("database/" + db), TagsToAdd={"k" * 129: "v"})


class PoliciesAndCatalog(harness.GlueTestCase):
    def test_policy_stored_as_given_with_conditions(self):
        cid = harness.unique_catalog_id()
        self.assertClientError("EntityNotFoundException", self.glue.get_resource_policy,
                               ResourceArn="arn:aws:glue:us-east-1:%s:catalog" % cid)
        arn = "arn:aws:glue:us-east-1:%s:catalog" % cid
        text = '{ "Version" : "2012-10-17",\n  "Statement": [] }'
        self.assertClientError("ConditionCheckFailureException", self.glue.put_resource_policy,
                               PolicyInJson=text, ResourceArn=arn,
                               PolicyExistsCondition="MUST_EXIST")
        h1 = self.glue.put_resource_policy(PolicyInJson=text, ResourceArn=arn,
                                           PolicyExistsCondition="NOT_EXIST")["PolicyHash"]
        got = self.glue.get_resource_policy(ResourceArn=arn)
        self.assertEqual(got["PolicyInJson"], text)
        self.assertEqual(got["PolicyHash"], h1)
        self.assertClientError("ConditionCheckFailureException", self.glue.put_resource_policy,
                               PolicyInJson=text, ResourceArn=arn,
                               PolicyExistsCondition="NOT_EXIST")
        self.assertClientError("ConditionCheckFailureException", self.glue.put_resource_policy,
                               PolicyInJson="{}", ResourceArn=arn, PolicyHashCondition="stale")
        h2 = self.glue.put_resource_policy(PolicyInJson="{}", ResourceArn=arn,
                                           PolicyHashCondition=h1)["PolicyHash"]
        self.assertNotEqual(h1, h2)
        self.assertEqual(self.glue.get_resource_policy(ResourceArn=arn)["PolicyInJson"], "{}")

    def test_catalog_calls(self):
        s = self.glue.get_catalog_import_status()["ImportStatus"]
        self.assertTrue(s["ImportCompleted"])
        e = self.glue.get_data_catalog_encryption_settings()["DataCatalogEncryptionSettings"]
        self.assertEqual(e["EncryptionAtRest"]["CatalogEncryptionMode"], "DISABLED")
        self.assertFalse(e["ConnectionPasswordEncryption"]["ReturnConnectionPasswordEncrypted"])
