"""GetPartitions Expression: every expression string the engines send (as
collected in engine-clients.md §3.2-§3.5, columns and values adapted to the
tables below, syntax kept), typed comparisons, each operator, errors and limits.

Expected results are computed in Python from the typed partition values, not
by parsing the expression."""

import datetime
import decimal
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import unique_name  # noqa: E402


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


D = datetime.date.fromisoformat
Dec = decimal.Decimal


def ts(s):
    """'yyyy-MM-dd HH:mm:ss[.f{1,9}]' -> (datetime to the second, nanoseconds)."""
    base, _, frac = s.partition(".")
    return (datetime.datetime.strptime(base, "%Y-%m-%d %H:%M:%S"),
            int((frac + "000000000")[:9]) if frac else 0)


def as_int(s):
    try:
        return int(s)
    except ValueError:
        return None


def as_date(s):
    try:
        return D(s)
    except ValueError:
        return None


# ---------------------------------------------------------------- table A
# keys (dt date, hr int, region string)

A_KEYS = [{"Name": "dt", "Type": "date"}, {"Name": "hr", "Type": "int"},
          {"Name": "region", "Type": "string"}]
A_DT = ["2020-01-01", "2020-01-02", "2020-01-31", "2020-02-20", "2020-02-28", "2020-03-01",
        "2020-03-31", "2021-01-01"]
A_HR = ["0", "1", "2", "3", "9", "10", "12", "13", "23", "100", "2147483647"]
A_REGION = ["us", "us-east", "US", "eu", "ap", "sa", "10", "9", "O'Brien", "'hello'",
            "__HIVE_DEFAULT_PARTITION__", "a b", ".*us.*", "ab'cd"]
A_MUST = [("2020-01-01", "12", "us"), ("2020-01-02", "13", "eu"), ("2020-01-01", "1", "us"),
          ("2020-01-01", "2", "eu"), ("2020-01-02", "9", "us"), ("2020-01-01", "9", "us"),
          ("2020-01-01", "10", "eu"), ("2020-01-01", "3", "ap"),
          ("2020-01-02", "12", "us-east"), ("2020-03-31", "23", "ab'cd")]


def a_rows():
    combos = [(d, h, r) for d in A_DT for h in A_HR for r in A_REGION]
    rows = set(random.Random(7).sample(combos, 130)) | set(A_MUST)
    for r in A_REGION:  # every region value at least once
        rows.add(("2020-02-20", "0", r))
    return sorted(rows)


class ARow:
    def __init__(self, v):
        self.v = tuple(v)
        self.dt, self.hr, self.region = as_date(v[0]), as_int(v[1]), v[2]


# Every string from engine-clients.md §3.2-§3.5 that Glue's grammar admits,
# with its expected result. Column names and values adapted; syntax kept.
A_ENGINE_CASES = [
    # §3.2 Trino
    ("((dt = '2020-01-01'))", lambda r: r.dt == D("2020-01-01")),
    ("((dt = '2020-01-01')) AND ((region = 'eu'))",
     lambda r: r.dt == D("2020-01-01") and r.region == "eu"),
    ("((dt = '2020-01-01')) AND ((region in ('eu', 'ap')))",
     lambda r: r.dt == D("2020-01-01") and r.region in ("eu", "ap")),
    ("((dt = '2020-01-01')) AND ((hr < 3) OR (hr > 20))",
     lambda r: r.dt == D("2020-01-01") and (r.hr < 3 or r.hr > 20)),
    ("((hr < 2) OR (hr > 20) OR (hr = 9))", lambda r: r.hr < 2 or r.hr > 20 or r.hr == 9),
    ("((dt >= '2020-03-01' AND dt <= '2020-03-31') OR (dt in ('2020-01-01', '2020-01-31')))",
     lambda r: D("2020-03-01") <= r.dt <= D("2020-03-31")
     or r.dt in (D("2020-01-01"), D("2020-01-31"))),
    ("(region = '__HIVE_DEFAULT_PARTITION__')",
     lambda r: r.region == "__HIVE_DEFAULT_PARTITION__"),
    ("(region <> '__HIVE_DEFAULT_PARTITION__')",
     lambda r: r.region != "__HIVE_DEFAULT_PARTITION__"),
    ("((hr = 2147483647))", lambda r: r.hr == 2147483647),
    ("((region = 'us'))", lambda r: r.region == "us"),
    ("", lambda r: True, "all"),
    ("((region = 'us') OR (region = '__HIVE_DEFAULT_PARTITION__'))",
     lambda r: r.region in ("us", "__HIVE_DEFAULT_PARTITION__")),
    # §3.3 (a) Hive serialized expressions
    ("((region) NOT IN ('eu', 'ap', 'sa'))", lambda r: r.region not in ("eu", "ap", "sa")),
    ("(region) IN ('eu', 'ap', 'sa')", lambda r: r.region in ("eu", "ap", "sa")),
    ("region BETWEEN 'ap' AND 'eu'", lambda r: "ap" <= r.region <= "eu"),
    ("region NOT BETWEEN 'ap' AND 'eu'", lambda r: not ("ap" <= r.region <= "eu")),
    ("(((region) NOT IN ('eu', 'ap', 'sa')) and region NOT BETWEEN 'a' AND 'sa')",
     lambda r: r.region not in ("eu", "ap", "sa") and not ("a" <= r.region <= "sa")),
    ("((region) IN ('us', 'eu', 'ap', 'sa') and (((dt) NOT IN ('2020-01-01', '2020-01-02')) "
     "and ((hr) NOT IN ('2', '1'))))",
     lambda r: r.region in ("us", "eu", "ap", "sa")
     and r.dt not in (D("2020-01-01"), D("2020-01-02")) and r.hr not in (1, 2)),
    ("(((region) NOT IN ('eu', 'ap', 'sa')) or ((region) NOT IN ('us', 'eu')))",
     lambda r: r.region not in ("eu", "ap", "sa") or r.region not in ("us", "eu")),
    ("((hr > 9) and (hr < 13))", lambda r: 9 < r.hr < 13),
    # §3.3 (b) Spark filter strings
    ("dt = '2020-01-01'", lambda r: r.dt == D("2020-01-01")),
    ("dt = '2020-01-01' and hr > 10", lambda r: r.dt == D("2020-01-01") and r.hr > 10),
    ("10 < hr", lambda r: r.hr > 10),
    ("(hr = 1 or hr = 2)", lambda r: r.hr in (1, 2)),
    ("(hr != 1 and hr != 2)", lambda r: r.hr not in (1, 2)),
    ("(dt = '2020-01-01' and (hr = 1 or hr = 2))",
     lambda r: r.dt == D("2020-01-01") and r.hr in (1, 2)),
    ("dt = 2020-01-01", lambda r: r.dt == D("2020-01-01")),
    ("(dt = 2020-01-01 or dt = 2020-01-02)", lambda r: r.dt in (D("2020-01-01"),
                                                                D("2020-01-02"))),
    # SQL LIKE: Spark's regex-looking patterns match literally
    ("region like '.*us.*'", lambda r: r.region == ".*us.*", "few"),
    ("region like 'us.*'", lambda r: False, "empty"),
    # §3.3 (c) partial specifications
    ("(region='us') AND (dt='2020-01-02') AND (hr=9)",
     lambda r: r.region == "us" and r.dt == D("2020-01-02") and r.hr == 9, "few"),
    ("(region='us') AND (dt='2020-01-02')", lambda r: r.region == "us"
     and r.dt == D("2020-01-02")),
    ("(dt='2020-01-02')", lambda r: r.dt == D("2020-01-02")),
    ("(region='us') AND (hr=9)", lambda r: r.region == "us" and r.hr == 9),
    ("(region='\\'hello\\'') AND (dt='2020-02-20')",
     lambda r: r.region == "'hello'" and r.dt == D("2020-02-20"), "few"),
    ("(region='ab\\'cd')", lambda r: r.region == "ab'cd", "few"),
    # §3.4 Hudi
    ("((dt = '2020-01-01' AND hr = 12) OR (dt = '2020-01-02' AND hr = 13))",
     lambda r: (r.dt, r.hr) in ((D("2020-01-01"), 12), (D("2020-01-02"), 13))),
    ("(dt >= '2020-01-01' AND dt <= '2020-01-02')",
     lambda r: D("2020-01-01") <= r.dt <= D("2020-01-02")),
    ("((dt >= '2020-01-01' AND dt <= '2020-01-02') AND hr = 12)",
     lambda r: D("2020-01-01") <= r.dt <= D("2020-01-02") and r.hr == 12),
    ("(region = 'O''Brien')", lambda r: r.region == "O'Brien", "few"),
    # §3.5 aws-sdk-pandas
    ("hr=10", lambda r: r.hr == 10),
]

# Operators, typing and dialects on table A.
A_CASES = [
    # integers compare numerically, strings as text
    ("hr > 9", lambda r: r.hr > 9),
    ("hr > '9'", lambda r: r.hr > 9),
    ("hr >= 10", lambda r: r.hr >= 10),
    ("hr < 10", lambda r: r.hr < 10),
    ("hr <= 9", lambda r: r.hr <= 9),
    ("hr = 0", lambda r: r.hr == 0),
    ("hr <> 0", lambda r: r.hr != 0),
    ("hr != 0", lambda r: r.hr != 0),
    ("hr > -1", lambda r: True, "all"),
    ("hr < 2147483647", lambda r: r.hr < 2147483647),
    ("hr BETWEEN 2 AND 12", lambda r: 2 <= r.hr <= 12),
    ("hr BETWEEN '2' AND '12'", lambda r: 2 <= r.hr <= 12),
    ("hr BETWEEN 12 AND 2", lambda r: False, "empty"),
    ("hr NOT BETWEEN 2 AND 12", lambda r: not (2 <= r.hr <= 12)),
    ("hr IN (1, 10, 100)", lambda r: r.hr in (1, 10, 100)),
    ("hr IN (9)", lambda r: r.hr == 9),
    ("hr NOT IN (1, 10, 100)", lambda r: r.hr not in (1, 10, 100)),
    ("region < '9'", lambda r: r.region < "9"),
    ("region > '0' AND region < 'A'", lambda r: "0" < r.region < "A"),
    ("region >= 'us'", lambda r: r.region >= "us"),
    ("region <= 'US'", lambda r: r.region <= "US"),
    ("region = 'US'", lambda r: r.region == "US", "few"),
    ("region = 'a b'", lambda r: r.region == "a b", "few"),
    # dates chronologically
    ("dt > '2020-01-31'", lambda r: r.dt > D("2020-01-31")),
    ("dt < '2020-02-01'", lambda r: r.dt < D("2020-02-01")),
    ("dt BETWEEN '2020-01-02' AND '2020-02-28'",
     lambda r: D("2020-01-02") <= r.dt <= D("2020-02-28")),
    ("dt NOT BETWEEN '2020-01-02' AND '2020-02-28'",
     lambda r: not (D("2020-01-02") <= r.dt <= D("2020-02-28"))),
    ("dt IN ('2020-01-31', '2021-01-01')", lambda r: r.dt in (D("2020-01-31"),
                                                              D("2021-01-01"))),
    ("dt <> '2020-01-01'", lambda r: r.dt != D("2020-01-01")),
    # bare dates and typed literals
    ("dt > 2020-01-31", lambda r: r.dt > D("2020-01-31")),
    ("dt IN (2020-01-31, 2021-01-01)", lambda r: r.dt in (D("2020-01-31"), D("2021-01-01"))),
    ("dt = DATE '2020-01-01'", lambda r: r.dt == D("2020-01-01")),
    ("dt >= DATE '2020-02-28'", lambda r: r.dt >= D("2020-02-28")),
    ("dt = date '2020-01-02'", lambda r: r.dt == D("2020-01-02")),
    # LIKE: SQL wildcards, anchored, case-sensitive
    ("region LIKE 'u%'", lambda r: r.region.startswith("u")),
    ("region LIKE '%s'", lambda r: r.region.endswith("s")),
    ("region LIKE '_s'", lambda r: len(r.region) == 2 and r.region[1] == "s"),
    ("region LIKE 'a_b'", lambda r: r.region == "a b", "few"),
    ("region LIKE '%'", lambda r: True, "all"),
    ("region LIKE 'US'", lambda r: r.region == "US", "few"),
    ("region LIKE 'u'", lambda r: False, "empty"),
    ("region LIKE '%HIVE%'", lambda r: "HIVE" in r.region, "few"),
    ("region NOT LIKE 'u%'", lambda r: not r.region.startswith("u")),
    ("region LIKE '%''%'", lambda r: "'" in r.region),
    # IS NULL on a table whose values are all readable
    ("hr IS NULL", lambda r: False, "empty"),
    ("region IS NULL", lambda r: False, "empty"),
    ("dt IS NOT NULL", lambda r: True, "all"),
    # logic, precedence, parentheses
    ("region = 'us' OR region = 'eu' AND hr = 1",
     lambda r: r.region == "us" or (r.region == "eu" and r.hr == 1)),
    ("(region = 'us' OR region = 'eu') AND hr = 1",
     lambda r: r.region in ("us", "eu") and r.hr == 1),
    ("NOT region = 'us' AND hr = 1", lambda r: r.region != "us" and r.hr == 1),
    ("NOT (region = 'us' AND hr = 1)", lambda r: not (r.region == "us" and r.hr == 1)),
    ("NOT (hr > 9)", lambda r: not r.hr > 9),
    ("NOT NOT (hr > 9)", lambda r: r.hr > 9),
    ("NOT hr IN (1, 2)", lambda r: r.hr not in (1, 2)),
    ("hr > 9 AND NOT (dt = '2020-01-01' OR region LIKE 'u%')",
     lambda r: r.hr > 9 and not (r.dt == D("2020-01-01") or r.region.startswith("u"))),
    ("((((hr = 1))))", lambda r: r.hr == 1),
    ("hr = (1)", lambda r: r.hr == 1),
    ("(hr) = 1", lambda r: r.hr == 1),
    # literal on the left
    ("'2020-01-02' = dt", lambda r: r.dt == D("2020-01-02")),
    ("5 >= hr", lambda r: r.hr <= 5),
    ("'eu' <> region", lambda r: r.region != "eu"),
    ("2147483647 = hr", lambda r: r.hr == 2147483647),
    # keywords in any case
    ("hr between 1 and 9", lambda r: 1 <= r.hr <= 9),
    ("hr BeTwEeN 1 AnD 9 oR region Like 'e%'",
     lambda r: 1 <= r.hr <= 9 or r.region.startswith("e")),
    ("region not in ('us') and not hr is null", lambda r: r.region != "us"),
    ("region Not Like 'u%' aNd hr Is Not Null", lambda r: not r.region.startswith("u")),
    ("hr NoT bEtWeEn 1 AND 9", lambda r: not (1 <= r.hr <= 9)),
    # string literal dialects
    ('region = "eu"', lambda r: r.region == "eu"),
    ('region IN ("eu", "ap")', lambda r: r.region in ("eu", "ap")),
    ("region = \"O'Brien\"", lambda r: r.region == "O'Brien", "few"),
    ("region = 'O\\'Brien'", lambda r: r.region == "O'Brien", "few"),
    ("region = '''hello'''", lambda r: r.region == "'hello'", "few"),
    # whitespace
    ("dt='2020-01-01'AND hr=1", lambda r: r.dt == D("2020-01-01") and r.hr == 1, "few"),
    ("  dt = '2020-01-01'\n\tAND\r\n hr = 1  ",
     lambda r: r.dt == D("2020-01-01") and r.hr == 1, "few"),
]


# ---------------------------------------------------------------- table B
# keys of the other types

B_KEYS = [{"Name": "ts", "Type": "timestamp"}, {"Name": "amount", "Type": "decimal(12,5)"},
          {"Name": "flag", "Type": "boolean"}, {"Name": "code", "Type": "char(1)"},
          {"Name": "d", "Type": "date"}, {"Name": "big", "Type": "bigint"},
          {"Name": "small", "Type": "smallint"}, {"Name": "tiny", "Type": "tinyint"}]
B_TS = ["1970-01-01 00:02:03.456", "1970-01-01 00:02:03.4560", "1970-01-01 00:02:03",
        "2019-12-31 23:59:59", "2020-01-01 09:59:59.999999999", "2020-01-01 10:00:00",
        "2020-01-01 10:00:00.000000001"]
B_AMOUNT = ["-1.25", "0.00", "9.5", "10.1", "10.10", "10.13", "99.99", "100.00"]
B_FLAG = ["true", "false"]
B_CODE = ["a", "c", "t"]
B_D = ["2017-11-14", "2017-11-15", "2018-01-01"]
B_BIG = ["9223372036854775807", "9223372036854775806", "-9223372036854775808", "0", "42"]
B_SMALL = ["32767", "-32768", "0", "7"]
B_TINY = ["127", "-128", "0", "5"]
B_MUST = [
    ("1970-01-01 00:02:03.456", "10.13", "true", "a", "2017-11-14", "42", "7", "5"),
    ("1970-01-01 00:02:03.4560", "10.1", "false", "a", "2017-11-15", "0", "0", "0"),
    ("2020-01-01 10:00:00", "10.10", "true", "c", "2017-11-14", "9223372036854775807",
     "32767", "127"),
    ("2020-01-01 10:00:00", "9.5", "true", "c", "2017-11-14", "9223372036854775806",
     "-32768", "-128"),
]


def b_rows():
    pools = [B_TS, B_AMOUNT, B_FLAG, B_CODE, B_D, B_BIG, B_SMALL, B_TINY]
    rnd = random.Random(11)
    rows = set(B_MUST)
    while len(rows) < 110:
        rows.add(tuple(rnd.choice(p) for p in pools))
    for i, p in enumerate(pools):  # every value of every key at least once
        for x in p:
            row = list(B_MUST[0])
            row[i] = x
            rows.add(tuple(row))
    return sorted(rows)


class BRow:
    def __init__(self, v):
        self.v = tuple(v)
        self.ts = ts(v[0])
        self.amount = Dec(v[1])
        self.flag = v[2]
        self.code = v[3]
        self.d = D(v[4])
        self.big, self.small, self.tiny = int(v[5]), int(v[6]), int(v[7])


T_456 = ts("1970-01-01 00:02:03.456")
T_10 = ts("2020-01-01 10:00:00")

B_CASES = [
    # §3.2 Trino (numeric literals, adapted to the key of each width)
    ("((amount = 10.13000))", lambda r: r.amount == Dec("10.13"), "few"),
    ("((amount = 10.10000))", lambda r: r.amount == Dec("10.1")),
    ("((big = 9223372036854775807))", lambda r: r.big == 9223372036854775807),
    ("((small = 32767))", lambda r: r.small == 32767),
    ("((tiny = 127))", lambda r: r.tiny == 127),
    # §3.3 (a) Hive serialized expressions with a timestamp key
    ("(ts = '1970-01-01 00:02:03.456')", lambda r: r.ts == T_456),
    ("((code = 'a') and (ts = '1970-01-01 00:02:03.456'))",
     lambda r: r.code == "a" and r.ts == T_456),
    ("(((code = 'a') and (ts = '1970-01-01 00:02:03.456')) and ((code = 'a') and "
     "(ts = '1970-01-01 00:02:03.456')))", lambda r: r.code == "a" and r.ts == T_456),
    ("((flag = true) and ((code = 'c') and (d = '2017-11-14')))",
     lambda r: r.flag == "true" and r.code == "c" and r.d == D("2017-11-14")),
    ("((small > 0) and (small < 300))", lambda r: 0 < r.small < 300),
    # decimals numerically
    ("amount > 9.99", lambda r: r.amount > Dec("9.99")),
    ("amount BETWEEN 9.99 AND 100", lambda r: Dec("9.99") <= r.amount <= 100),
    ("amount < 0", lambda r: r.amount < 0),
    ("amount = 0", lambda r: r.amount == 0),
    ("amount = '10.1'", lambda r: r.amount == Dec("10.1")),
    ("amount IN (100, -1.25)", lambda r: r.amount in (100, Dec("-1.25"))),
    ("amount >= 99.990", lambda r: r.amount >= Dec("99.99")),
    # timestamps chronologically
    ("ts <= '1970-01-01 00:02:03.456'", lambda r: r.ts <= T_456),
    ("ts > '1970-01-01 00:02:03.456'", lambda r: r.ts > T_456),
    ("ts = '2020-01-01 10:00:00'", lambda r: r.ts == T_10),
    ("ts = '2020-01-01 10:00:00.000'", lambda r: r.ts == T_10),
    ("ts < '2020-01-01 10:00:00'", lambda r: r.ts < T_10),
    ("ts BETWEEN '2019-12-31 23:59:59' AND '2020-01-01 10:00:00'",
     lambda r: ts("2019-12-31 23:59:59") <= r.ts <= T_10),
    ("ts > '2020-01-01 10:00:00' OR ts < '1970-01-01 00:02:03.1'",
     lambda r: r.ts > T_10 or r.ts < ts("1970-01-01 00:02:03.1")),
    ("ts = TIMESTAMP '2020-01-01 10:00:00'", lambda r: r.ts == T_10),
    # 64-bit integers exactly
    ("big = 9223372036854775806", lambda r: r.big == 9223372036854775806),
    ("big > 9223372036854775806", lambda r: r.big > 9223372036854775806),
    ("big < -9223372036854775807", lambda r: r.big < -9223372036854775807),
    ("big = -9223372036854775808", lambda r: r.big == -9223372036854775808),
    ("small < 0 AND tiny >= 0", lambda r: r.small < 0 and r.tiny >= 0),
    ("tiny = -128", lambda r: r.tiny == -128),
    # char(n) is a string
    ("code IN ('a', 't')", lambda r: r.code in ("a", "t")),
    ("code LIKE '_'", lambda r: True, "all"),
    ("code > 'a'", lambda r: r.code > "a"),
    # date key in the second table
    ("d = 2017-11-14 AND flag = true", lambda r: r.d == D("2017-11-14") and r.flag == "true"),
]


# ---------------------------------------------------------------- table N
# values that cannot be read as their key's type ("null" partitions)

N_ROWS = [("2020-01-01", "1", "us"), ("2020-01-01", "__HIVE_DEFAULT_PARTITION__", "us"),
          ("__HIVE_DEFAULT_PARTITION__", "2", "eu"),
          ("2020-01-02", "3", "__HIVE_DEFAULT_PARTITION__"), ("2020-01-02", "abc", "eu")]
N_CASES = [
    ("hr IS NULL", {1, 4}),
    ("hr IS NOT NULL", {0, 2, 3}),
    ("dt IS NULL", {2}),
    ("dt IS NOT NULL", {0, 1, 3, 4}),
    ("region IS NULL", set()),
    ("region IS NOT NULL", {0, 1, 2, 3, 4}),
    ("(hr IS NULL)", {1, 4}),
    ("hr is null or dt is null", {1, 2, 4}),
    ("NOT (hr IS NULL)", {0, 2, 3}),
    ("hr IS NULL AND region = 'us'", {1}),
    ("region = '__HIVE_DEFAULT_PARTITION__'", {3}),
    # Decision: on a non-string key, = / <> '__HIVE_DEFAULT_PARTITION__' mean IS NULL /
    # IS NOT NULL (Trino sends them for IS NULL); real Glue would reject them.
    ("hr = '__HIVE_DEFAULT_PARTITION__'", {1, 4}),
    ("hr <> '__HIVE_DEFAULT_PARTITION__'", {0, 2, 3}),
    ("dt >= '2020-01-01' AND hr = '__HIVE_DEFAULT_PARTITION__'", {1, 4}),
    ("hr > 0", {0, 2, 3}),
    ("hr = 2", {2}),
    ("hr IN (1, 3)", {0, 3}),
    ("hr BETWEEN 1 AND 3", {0, 2, 3}),
    ("dt = '2020-01-02'", {3, 4}),
    ("dt < '2020-02-01'", {0, 1, 3, 4}),
    ("", {0, 1, 2, 3, 4}),
    # a NULL never satisfies a comparison, negated or not (SQL three-valued logic)
    ("hr <> 1", {2, 3}),
    ("NOT (hr = 1)", {2, 3}),
    ("hr NOT IN (1, 2)", {3}),
    ("hr NOT BETWEEN 2 AND 2", {0, 3}),
    ("NOT (dt > '2020-01-01')", {0, 1}),
]


class Base(harness.GlueTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = unique_name("xdb")
        cls.glue.create_database(DatabaseInput={"Name": cls.db})
        sd = {"Columns": [{"Name": "payload", "Type": "string"}], "Location": "s3://x/"}
        cls.ta, cls.tb, cls.tn = unique_name("ta"), unique_name("tb"), unique_name("tn")
        cls.a_rows, cls.b_rows = a_rows(), b_rows()
        for t, keys, rows in ((cls.ta, A_KEYS, cls.a_rows), (cls.tb, B_KEYS, cls.b_rows),
                              (cls.tn, A_KEYS, N_ROWS)):
            cls.glue.create_table(DatabaseName=cls.db, TableInput={
                "Name": t, "PartitionKeys": keys, "StorageDescriptor": sd})
            for i in range(0, len(rows), 100):
                r = cls.glue.batch_create_partition(
                    DatabaseName=cls.db, TableName=t,
                    PartitionInputList=[{"Values": list(v)} for v in rows[i:i + 100]])
                assert r["Errors"] == [], r["Errors"][:3]

    def query(self, table, expr, **kw):
        if expr is not None:
            kw["Expression"] = expr
        return self.partition_values(self.db, table, MaxResults=1000, **kw)

    def run_cases(self, table, rows, row_cls, cases):
        objs = [row_cls(v) for v in rows]
        every = {o.v for o in objs}
        for case in cases:
            expr, pred = case[0], case[1]
            kind = case[2] if len(case) > 2 else "some"
            if kind == "skip":
                continue
            with self.subTest(expression=expr):
                want = {o.v for o in objs if pred(o)}
                # the fixture makes each case meaningful
                if kind == "empty":
                    self.assertEqual(want, set())
                elif kind == "all":
                    self.assertEqual(want, every)
                else:
                    self.assertTrue(0 < len(want) < len(every),
                                    "fixture: %d of %d match" % (len(want), len(every)))
                got = self.query(table, expr)
                if got != want:
                    self.fail("%r: %d expected, %d returned; missing %r; unexpected %r" % (
                        expr, len(want), len(got), sorted(want - got)[:4],
                        sorted(got - want)[:4]))

    def assertExprError(self, table, expr, span=None):
        """EXPR must fail with InvalidInputException; if SPAN=(lo, hi) is
        given, the message must name a position (0- or 1-based) inside it."""
        err = self.assertClientError("InvalidInputException", self.glue.get_partitions,
                                     DatabaseName=self.db, TableName=table, Expression=expr)
        msg = err.get("Message", "")
        self.assertTrue(msg, "empty error message for %r" % expr)
        if span is not None:
            lo, hi = span
            nums = [int(n) for n in re.findall(r"\d+", msg)]
            self.assertTrue(any(lo <= n <= hi + 1 for n in nums),
                            "message for %r names no position in %d..%d: %r"
                            % (expr, lo, hi + 1, msg))
        return msg


class EngineStrings(Base):
    def test_engine_strings_table_a(self):
        self.run_cases(self.ta, self.a_rows, ARow, A_ENGINE_CASES)

    def test_engine_strings_typed_keys(self):
        self.run_cases(self.tb, self.b_rows, BRow, B_CASES[:10])

    def test_absent_expression_is_all(self):
        self.assertEqual(self.query(self.ta, None), set(self.a_rows))
        self.assertEqual(self.query(self.tb, ""), set(self.b_rows))

    def test_engine_strings_glue_rejects(self):
        # awslabs test input with unbalanced parentheses, and a partial spec
        # with an unterminated quote: not valid expressions
        bad = ["((hr > 0) and (region < '300Y') or (hr = 34)) or (region = '34BD'))",
               "(region='\\'hello\\'') AND (dt='2020-01-02') AND (hr=ab'cd)"]
        for expr in bad:
            with self.subTest(expression=expr):
                self.assertExprError(self.ta, expr)


class Operators(Base):
    def test_operators_and_types(self):
        self.run_cases(self.ta, self.a_rows, ARow, A_CASES)

    def test_typed_keys(self):
        self.run_cases(self.tb, self.b_rows, BRow, B_CASES[10:])

    def test_unreadable_values_are_null(self):
        for expr, idx in N_CASES:
            with self.subTest(expression=expr):
                self.assertEqual(self.query(self.tn, expr), {N_ROWS[i] for i in idx})

    def test_with_segments_and_paging(self):
        expr = "hr > 9 OR region LIKE 'u%'"
        want = {o.v for o in map(ARow, self.a_rows)
                if o.hr > 9 or o.region.startswith("u")}
        got = set()
        for i in range(4):
            part = self.partition_values(self.db, self.ta, MaxResults=3, Expression=expr,
                                         Segment={"SegmentNumber": i, "TotalSegments": 4})
            self.assertFalse(part & got)
            got |= part
        self.assertEqual(got, want)

    def test_parallel_queries(self):
        cases = [c for c in A_ENGINE_CASES + A_CASES if len(c) < 3 or c[2] != "empty"][:40]
        objs = [ARow(v) for v in self.a_rows]
        want = [{o.v for o in objs if c[1](o)} for c in cases]

        def work(i):
            c = self.srv.client()
            out = []
            for k in range(len(cases)):
                j = (k + i * 5) % len(cases)
                r = c.get_partitions(DatabaseName=self.db, TableName=self.ta,
                                     Expression=cases[j][0], MaxResults=1000)
                out.append((j, {tuple(p["Values"]) for p in r["Partitions"]}))
            return out

        for res in harness.run_threads(8, work):
            self.assertIsInstance(res, list, res)
            for j, got in res:
                self.assertEqual(got, want[j], cases[j][0])

    def test_large_in_list(self):
        hrs = list(range(0, 400, 1))
        expr = "hr IN (%s)" % ", ".join(map(str, hrs))
        self.assertLessEqual(len(expr), 2048)
        want = {o.v for o in map(ARow, self.a_rows) if o.hr in hrs}
        self.assertEqual(self.query(self.ta, expr), want)

    def test_2048_characters(self):
        base = "region = 'us' OR hr = 13"
        pad = " OR hr = 12345"
        expr = base + pad * ((2048 - len(base)) // len(pad))
        expr += " " * (2048 - len(expr))
        self.assertEqual(len(expr), 2048)
        want = {o.v for o in map(ARow, self.a_rows) if o.region == "us" or o.hr == 13}
        self.assertEqual(self.query(self.ta, expr), want)
        self.assertClientError("InvalidInputException", self.glue.get_partitions,
                               DatabaseName=self.db, TableName=self.ta,
                               Expression=expr + " ")

    def test_moderate_nesting(self):
        for depth in (10, 25):
            with self.subTest(depth=depth):
                expr = "(" * depth + "hr = 1" + ")" * depth
                want = {o.v for o in map(ARow, self.a_rows) if o.hr == 1}
                self.assertEqual(self.query(self.ta, expr), want)
                expr = "hr = 1"
                for _ in range(depth):
                    expr = "(%s AND hr < 5)" % expr
                self.assertEqual(self.query(self.ta, expr), want)

    def test_deep_nesting_rejected(self):
        for expr in ("(" * 500 + "hr = 1" + ")" * 500,
                     "(" * 1000 + "hr = 1" + ")" * 1000,
                     "(" * 2040,
                     "hr IN " + "(" * 1000 + "1" + ")" * 1000):
            with self.subTest(length=len(expr), start=expr[:8]):
                self.assertExprError(self.ta, expr)
        # NOT chains: accepted with the right answer or refused cleanly
        for n in (500, 510):
            expr = "NOT " * n + "hr = 1"
            with self.subTest(nots=n):
                want = {o.v for o in map(ARow, self.a_rows) if (o.hr == 1) == (n % 2 == 0)}
                try:
                    got = self.query(self.ta, expr)
                except self.glue.exceptions.InvalidInputException:
                    continue
                self.assertEqual(got, want)
        # the server is still there and answers
        self.assertEqual(self.query(self.ta, "hr = 13"),
                         {o.v for o in map(ARow, self.a_rows) if o.hr == 13})
        self.assertTrue(self.srv.alive())

    def test_nesting_sqlite_refuses_is_invalid_input(self):
        # Nesting within PEXPR_MAX_DEPTH that SQLite's parser still refuses (its stack
        # overflows from about 30 levels of alternating chains or 45 of NOT (...)) is the
        # client's expression: InvalidInputException, never a 500 that SDKs retry.
        for depth in (29, 30, 45, 60, 99):
            chain = "hr = 1"
            for i in range(depth):
                chain = "(hr < 5 %s %s)" % ("OR" if i % 2 else "AND", chain)
            nots = "NOT (" * depth + "hr = 1" + ")" * depth
            for label, expr in (("chain", chain), ("not", nots)):
                with self.subTest(kind=label, depth=depth):
                    r = self.srv.raw("GetPartitions", {"DatabaseName": self.db,
                                                       "TableName": self.ta,
                                                       "Expression": expr, "MaxResults": 1})
                    if r.status != 200:
                        self.assertRawError(r, "InvalidInputException")
        self.assertTrue(self.srv.alive())


A_PREFIX = "dt >= '2020-01-01' AND "   # 23 characters
B_PREFIX = "code >= 'a' AND "          # 16 characters

# (expression, (lo, hi)): the 0-based character range where the error lies;
# the message must name a position in lo..hi+1 (0- or 1-based).
UNKNOWN_COLUMN = [("nope = 1", (0, 4)),
                  ("payload = 'x'", (0, 7)),  # a data column, not a partition key
                  ("hr = 1 OR nope IS NULL", (10, 14)),
                  ("(nope) IN ('a')", (0, 6))]
BAD_LITERAL = [("hr = 'abc'", (0, 10)),
               ("hr IN (1, 'x', 3)", (0, 14)),
               ("hr BETWEEN 1 AND 'z'", (0, 20)),
               ("dt = 'not a date'", (0, 17)),
               ("dt = '2020-13-45'", (0, 17)),
               ("dt > 'yesterday'", (0, 16))]
BAD_LITERAL_B = [("amount = 'ten'", (0, 14)), ("ts = 'noon'", (0, 11)),
                 ("big = 'x'", (0, 9))]
LIKE_ON_INT = [("hr LIKE '1%'", (0, 12)), ("hr NOT LIKE '1%'", (0, 16)),
               ("region = 'us' OR hr LIKE '1%'", (17, 29))]
SYNTAX = [("hr = = 1", (3, 6)),
          ("dt = '2020-01-01' AND AND hr = 1", (18, 25)),
          ("region = 'abc", (9, 13)),
          ("(hr = 1", (0, 7)),
          ("hr = 1)", (6, 7)),
          ("hr = 1 hr = 2", (6, 8)),
          ("hr IN ()", (6, 8)),
          ("hr IN (1, )", (6, 11)),
          ("hr BETWEEN 1", (3, 12)),
          ("hr BETWEEN 1 OR 2", (3, 17)),
          ("hr =", (3, 4)),
          ("AND", (0, 3)),
          ("()", (0, 2)),
          ("hr", (0, 2)),
          ("hr IS 1", (3, 7)),
          ("region LIKE", (7, 11)),
          ("hr = 1 AND", (7, 10)),
          ("NOT", (0, 3)),
          ("hr == 1", (3, 7)),
          ("hr = 1; DROP TABLE x", (6, 8)),
          ("region = 'a' || 'b'", (13, 16)),
          ("hr = 1 AND region = 'a\\", (20, 23))]


class SchemaChange(Base):
    def test_key_type_and_name_follow_update_table(self):
        # Comparisons are typed by the key's current Type, also for
        # partitions written before UpdateTable changed it.
        t = self.make_table(self.db, PartitionKeys=[{"Name": "n", "Type": "string"}])
        self.create_partitions(self.db, t, [["9"], ["10"], ["100"], ["x"]])
        self.assertEqual(self.query(t, "n > '9'"), {("x",)})
        self.assertEqual(self.query(t, "n < '9'"), {("10",), ("100",)})
        self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "n", "Type": "int"}]})
        self.assertEqual(self.query(t, "n > 9"), {("10",), ("100",)})
        self.assertEqual(self.query(t, "n < 11"), {("9",), ("10",)})
        self.assertEqual(self.query(t, "n IS NULL"), {("x",)})
        self.assertExprError(t, "n LIKE '1%'")
        # a key's name is not changed while the table has partitions (their folders and values
        # are named by it); its type is (Hive's ALTER TABLE ... PARTITION COLUMN)
        err = self.assertClientError("InvalidInputException", self.glue.update_table,
                                     DatabaseName=self.db, TableInput={
                                         "Name": t,
                                         "PartitionKeys": [{"Name": "num", "Type": "bigint"}]})
        self.assertIn("Cannot change the partition keys of table %s.%s: it has partitions."
                      % (self.db, t), str(err))
        self.assertEqual(self.query(t, "n > 9"), {("10",), ("100",)})
        self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "n", "Type": "bigint"}]})
        self.assertEqual(self.query(t, "n >= 10"), {("10",), ("100",)})
        self.glue.update_table(DatabaseName=self.db, TableInput={
            "Name": t, "PartitionKeys": [{"Name": "n", "Type": "string"}]})
        self.assertEqual(self.query(t, "n < '9'"), {("10",), ("100",)})
        self.assertEqual(self.query(t, "n LIKE '1%'"), {("10",), ("100",)})
        self.assertEqual(self.query(t, "n IS NULL"), set())


class Errors(Base):
    def check_errors(self, table, cases, prefix):
        for expr, (lo, hi) in cases:
            with self.subTest(expression=expr):
                self.assertExprError(table, expr)
            with self.subTest(expression=prefix + expr):
                self.assertExprError(table, prefix + expr,
                                     (lo + len(prefix), hi + len(prefix)))

    def test_unknown_column(self):
        self.check_errors(self.ta, UNKNOWN_COLUMN, A_PREFIX)

    def test_literal_does_not_fit_key_type(self):
        self.check_errors(self.ta, BAD_LITERAL, A_PREFIX)
        self.check_errors(self.tb, BAD_LITERAL_B, B_PREFIX)

    def test_like_on_int_key(self):
        self.check_errors(self.ta, LIKE_ON_INT, A_PREFIX)

    def test_syntax_errors(self):
        self.check_errors(self.ta, SYNTAX, A_PREFIX)

    def test_errors_leave_server_usable(self):
        for expr in ("\x00", "hr = 1\x00", "region = '\u00e9", "\u00e9 = 1", "`hr` = `1`"):
            with self.subTest(expression=repr(expr)):
                r = self.srv.raw("GetPartitions", {"DatabaseName": self.db,
                                                   "TableName": self.ta, "Expression": expr})
                self.assertRawError(r, "InvalidInputException")
        self.assertEqual(len(self.query(self.ta, "hr = 1")),
                         sum(1 for o in map(ARow, self.a_rows) if o.hr == 1))

    def test_unpartitioned_table(self):
        flat = self.make_table(self.db, StorageDescriptor={
            "Columns": [{"Name": "x", "Type": "int"}]})
        self.assertExprError(flat, "x = 1")
        self.assertEqual(self.query(flat, ""), set())
        self.assertEqual(self.query(flat, None), set())

    def test_expression_on_missing_table(self):
        self.assertClientError("EntityNotFoundException", self.glue.get_partitions,
                               DatabaseName=self.db, TableName="nope_x", Expression="hr = 1")


if __name__ == "__main__":
    harness.main()
