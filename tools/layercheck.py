#!/usr/bin/env python3
"""layercheck.py -- fail when a server file includes a file of a layer above its own.

server/'s folders are its layers (docs/hacking.md, "Layout").  Every `#include "..."` line of
server/**/*.{c,h,def} must name a file by its folder from server/ (`#include "store/store.h"`),
and that folder must be one ALLOWED lists for the including file's folder.  Lowest first:

    base < lang < store (store/sqlite and store/pg beside each other, above store/)
         < auth < ops < crawler < registry < front < main.c

auth/ (principals, policy, SigV4) includes only base/: nothing it does needs types, a store
or an operation, so it sits as low as base/ allows, and every layer from ops/ up may use it.
The backends are leaves: only their own folder includes them (store.c finds them through
store_backend.h's table), so ops/, crawler/, front/ and main.c see store/'s headers only.

Usage: python3 tools/layercheck.py [--root DIR]   check DIR/server (default: the checkout)
       python3 tools/layercheck.py --self-test     plant wrong includes in a temporary copy of
                                                   the tree and fail unless each is caught
"""
import os
import re
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What each folder of server/ may include ("" is server/ itself: main.c).  A folder always
# includes its own files; a backend never the other backend; nothing includes main.c.
ALLOWED = {
    "base": {"base"},
    "lang": {"base", "lang"},
    "store": {"base", "lang", "store"},
    "store/sqlite": {"base", "lang", "store", "store/sqlite"},
    "store/pg": {"base", "lang", "store", "store/pg"},
    "auth": {"base", "auth"},
    "ops": {"base", "lang", "store", "auth", "ops"},
    "crawler": {"base", "lang", "store", "auth", "ops", "crawler"},
    "registry": {"base", "lang", "store", "auth", "ops", "crawler", "registry"},
    "front": {"base", "lang", "store", "auth", "ops", "crawler", "registry", "front"},
    "": {"base", "lang", "store", "auth", "ops", "crawler", "registry", "front"},
}

# Headers from outside server/ that any layer may include (through -Iclient): the public
# header's CAT_* codes are the error codes of base/error.h.
EXTERNAL = {"catalog.h"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCES = (".c", ".h", ".def")


def server_files(server):
    for top, dirs, files in os.walk(server):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SOURCES):
                yield os.path.join(top, name)


def check(root):
    """The violations in ROOT/server, as 'file:line: message' strings."""
    server = os.path.join(root, "server")
    bad = []
    for path in server_files(server):
        rel = os.path.relpath(path, server)
        layer = os.path.dirname(rel)
        where = "server/" + rel
        if layer not in ALLOWED:
            bad.append("%s: folder server/%s is not a layer (add it to ALLOWED in %s)" %
                       (where, layer, os.path.relpath(__file__, ROOT)))
            continue
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                inc = m.group(1)
                at = "%s:%d: #include \"%s\"" % (where, n, inc)
                if inc in EXTERNAL:
                    continue
                if ".." in inc.split("/") or not os.path.isfile(os.path.join(server, inc)):
                    bad.append("%s: not a file of server/ named from server/ "
                               "(write \"<folder>/%s\")" % (at, os.path.basename(inc)))
                    continue
                target = os.path.dirname(inc)
                if target == "":
                    bad.append("%s: main.c's folder is the top; nothing includes from it" % at)
                elif target not in ALLOWED[layer]:
                    bad.append("%s: server/%s may include only %s" %
                               (at, layer or "main.c",
                                ", ".join(sorted(d + ("/*.h" if d == "store" else "/") for d in ALLOWED[layer]))))
    return bad


# Wrong includes planted by --self-test: (file, include), each a different rule.
PLANTED = [
    ("base/util.c", "front/http.h"),            # base includes nothing above base
    ("store/sqlite/sqlite_row.c", "store/pg/pg_int.h"),  # a backend never the other one
    ("ops/table.c", "store/sqlite/tcache.h"),   # ops never a backend
    ("lang/pexpr.c", "store/store.h"),          # lang never store
    ("auth/sigv4.c", "front/http.h"),           # auth never a front
    ("store/store.c", "ops/ops.h"),             # store never ops
    ("ops/table.c", "crawler/crawler.h"),       # ops never the crawler above it
    ("crawler/crawler.c", "registry/registry.h"),  # the crawler never the registry above it
    ("front/rest.c", "store/sqlite/sqlite_int.h"),  # fronts see store/'s headers only
    ("lang/cron.c", "util.h"),                  # includes name their folder
]


def self_test():
    failed = 0
    for victim, inc in PLANTED:
        with tempfile.TemporaryDirectory(prefix="layercheck-") as tmp:
            shutil.copytree(os.path.join(ROOT, "server"), os.path.join(tmp, "server"))
            with open(os.path.join(tmp, "server", victim), "a", encoding="utf-8") as f:
                f.write('#include "%s"\n' % inc)
            bad = check(tmp)
        mine = [b for b in bad if b.startswith("server/%s:" % victim) and '"%s"' % inc in b]
        if len(mine) != 1 or len(bad) != 1:
            print("layercheck self-test: planted #include \"%s\" in server/%s: expected one "
                  "violation, got: %s" % (inc, victim, bad or "none"), file=sys.stderr)
            failed = 1
        else:
            print("layercheck self-test: caught %s" % mine[0])
    return failed


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = ROOT
    if argv[1:2] == ["--root"] and len(argv) == 3:
        root = argv[2]
    elif len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    bad = check(root)
    for b in bad:
        print(b, file=sys.stderr)
    if bad:
        print("layercheck: %d include(s) against the layers (tools/layercheck.py)" % len(bad),
              file=sys.stderr)
        return 1
    print("layercheck: %d files, every include within its layer or below" %
          sum(1 for _ in server_files(os.path.join(root, "server"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
