"""The README's examples, run in order and as written against a fresh catalogd.

Every fenced block of README.md whose info string is exactly `sh` or `python` is an example
that must work: the shell ones run with `bash -e -o pipefail`, the Python ones with python3,
one after the other, in one scratch folder laid out as a checkout (`build` is the folder of
$CATALOGCTL, `tests` and `tools` this checkout's, `../shared` the shared folder beside it) so
that the README's relative paths hold and the examples' own files (`data/`, `table.json`,
`q.json`) land there.  Exported variables carry from one shell block to the next, as in one
terminal.  The catalogd is started by the harness with `--crawl-root <scratch>/data`, as
`make run` starts it when ./data exists; its address reaches the examples only through
$CATALOG, which the quick start reads (`${CATALOG:-http://127.0.0.1:8049}`) and every other
example uses through the variables the quick start derives from it.  curl fails on an HTTP
error status (a shim in PATH adds --fail-with-body), so a REST example answered 4xx fails.
A block that fails fails the test, naming the block's first line in README.md and its output;
then the catalog is checked for what the examples say they made.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

README = os.path.join(harness.REPO_ROOT, "README.md")
SHARED = os.path.normpath(os.path.join(harness.REPO_ROOT, "..", "shared"))
FENCE = re.compile(r"^```(\S*)\s*$")


def examples(path=README):
    """[(language, first line number, text)] of the README's `sh` and `python` blocks."""
    out, lang, start, body = [], None, 0, []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            m = FENCE.match(line)
            if lang is None and m:
                lang, start, body = m.group(1) or "-", n + 1, []
            elif lang is not None and line.rstrip("\n") == "```":
                if lang in ("sh", "python"):
                    out.append((lang, start, "".join(body)))
                lang = None
            elif lang is not None:
                body.append(line)
    return out


def ctl_dir():
    ctl = os.environ.get("CATALOGCTL", os.path.join(harness.REPO_ROOT, "build", "catalogctl"))
    return os.path.dirname(os.path.abspath(ctl))


class Readme(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="catalogd-readme-")
        self.work = os.path.join(self.root, "catalogd")
        os.makedirs(os.path.join(self.work, "data"))
        os.symlink(ctl_dir(), os.path.join(self.work, "build"))
        for d in ("tests", "tools"):
            os.symlink(os.path.join(harness.REPO_ROOT, d), os.path.join(self.work, d))
        os.symlink(SHARED, os.path.join(self.root, "shared"))
        shim = os.path.join(self.root, "shim")
        os.makedirs(shim)
        real_curl = shutil.which("curl")
        with open(os.path.join(shim, "curl"), "w") as f:
            f.write('#!/bin/sh\nexec %s --fail-with-body "$@"\n' % real_curl)
        os.chmod(os.path.join(shim, "curl"), 0o755)
        self.server = harness.Server(["--crawl-root", os.path.join(self.work, "data")]).start()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "CATALOG", "WR_"))}
        env["PATH"] = shim + os.pathsep + env.get("PATH", "")
        env["AWS_CONFIG_FILE"] = os.path.join(self.root, "no-aws-config")
        env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(self.root, "no-aws-credentials")
        env["CATALOG"] = self.server.endpoint
        self.env = env

    def tearDown(self):
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def run_block(self, lang, line, text):
        env_file = os.path.join(self.root, "env")
        if lang == "sh":
            script = text + '\nenv -0 > "%s"\n' % env_file
            argv = ["bash", "-e", "-o", "pipefail", "-c", script]
        else:
            argv = ["python3", "-c", text]
        p = subprocess.run(argv, cwd=self.work, env=self.env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        out = p.stdout.decode(errors="replace")
        if p.returncode != 0:
            harness.mark_failure()
            self.fail("README.md line %d (%s block) exited %d:\n%s\n--- output:\n%s"
                      % (line, lang, p.returncode, text, out[-4000:]))
        if lang == "sh":
            with open(env_file, "rb") as f:
                pairs = [kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv]
            self.env = {k.decode(): v.decode(errors="replace") for k, v in pairs}
        return out

    def test_examples_in_order(self):
        blocks = examples()
        self.assertGreaterEqual(len([b for b in blocks if b[0] == "sh"]), 5)
        self.assertGreaterEqual(len([b for b in blocks if b[0] == "python"]), 1)
        outputs = [self.run_block(*b) for b in blocks]
        # The quick start's address came from $CATALOG, not from the README's default.
        self.assertEqual(self.env.get("AWS_ENDPOINT_URL_GLUE"), self.server.endpoint)
        self.assertEqual(self.env.get("CATALOG_ENDPOINT"), self.server.endpoint)
        glue = self.server.client()

        def partitions(db, table):
            return [p["Values"] for page in glue.get_paginator("get_partitions").paginate(
                DatabaseName=db, TableName=table) for p in page["Partitions"]]

        # The quick start: the seed script's table, the crawled folder, the pruning.
        self.assertEqual(glue.get_table(DatabaseName="silver_db", Name="orders")["Table"]
                         ["StorageDescriptor"]["Location"], "s3://company-silver/orders/")
        sales = glue.get_table(DatabaseName="silver_db", Name="sales")["Table"]
        self.assertEqual(sales["Parameters"].get("skip.header.line.count"), "1")
        self.assertEqual([c["Name"] for c in sales["StorageDescriptor"]["Columns"]],
                         ["order_id", "amount"])
        self.assertEqual(sorted(partitions("silver_db", "sales")),
                         [["2025-01-01"], ["2025-01-02"], ["2025-01-03"]])
        pruned = [o for b, o in zip(blocks, outputs)
                  if "get-partitions --database silver_db --table sales" in b[2]]
        self.assertEqual(len(pruned), 1)
        self.assertEqual(re.findall(r"^(2025-\S+) ", pruned[0], re.M),
                         ["2025-01-02", "2025-01-03"])  # -o table: VALUES LOCATION rows
        # The Glue section's database and table, the seed flow's 22 partitions.
        self.assertEqual(glue.get_table(DatabaseName="raw_db", Name="events")["Table"]
                         ["VersionId"], "0")
        self.assertEqual(len(partitions("lake_db", "orders")), 22)
        # catalogctl's: the flags' table with its 3 partitions, and table.json's.
        self.assertEqual(len(partitions("sales_db", "orders")), 3)
        with open(os.path.join(self.work, "table.json")) as f:
            self.assertEqual(json.load(f)["Name"], "returns")
        glue.get_table(DatabaseName="sales_db", Name="returns")
        # The REST example deletes its database last.
        names = [d["Name"] for d in glue.get_databases()["DatabaseList"]]
        self.assertNotIn("rest_db", names)
        self.assertIn("silver_db", names)


class Extraction(unittest.TestCase):
    """examples() takes exactly the sh and python fences, with their line numbers."""

    def test_only_sh_and_python_fences(self):
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as f:
            f.write("x\n```sh\necho a\n```\n    indented\n```python\nprint(1)\n```\n"
                    "```properties\nk=v\n```\n```\nplain\n```\n```sh\necho b\n```\n")
        try:
            self.assertEqual(examples(f.name), [("sh", 3, "echo a\n"), ("python", 7, "print(1)\n"),
                                                ("sh", 16, "echo b\n")])
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
