#!/usr/bin/env python3
"""gen_model.py -- write server/ops/model.c: the Glue request-model tables for validate.c.

Reads botocore's Glue service model, keeps the shapes reachable from the input
shapes of OPERATIONS, merges structurally identical shapes, and writes compact
static const tables (shapes, members, enum values, patterns, op table).
Deterministic: the same model always gives the same file.

Usage: python3 tools/gen_model.py [OUTPUT]   (default: server/ops/model.c)
"""

import os
import sys

import botocore
import botocore.loaders

# The Glue operations whose input shapes the server validates.
OPERATIONS = sorted("""
    CreateDatabase GetDatabase GetDatabases UpdateDatabase DeleteDatabase
    CreateTable GetTable GetTables UpdateTable DeleteTable BatchDeleteTable
    GetTableVersions GetTableVersion DeleteTableVersion BatchDeleteTableVersion
    CreatePartition BatchCreatePartition GetPartition GetPartitions BatchGetPartition
    UpdatePartition BatchUpdatePartition DeletePartition BatchDeletePartition
    CreatePartitionIndex GetPartitionIndexes DeletePartitionIndex
    GetColumnStatisticsForTable UpdateColumnStatisticsForTable DeleteColumnStatisticsForTable
    GetColumnStatisticsForPartition UpdateColumnStatisticsForPartition
    DeleteColumnStatisticsForPartition
    CreateUserDefinedFunction GetUserDefinedFunction GetUserDefinedFunctions
    UpdateUserDefinedFunction DeleteUserDefinedFunction SearchTables
    CreateCrawler GetCrawler GetCrawlers ListCrawlers BatchGetCrawlers UpdateCrawler
    DeleteCrawler StartCrawler StopCrawler GetCrawlerMetrics ListCrawls
    UpdateCrawlerSchedule StartCrawlerSchedule StopCrawlerSchedule
    GetCatalogImportStatus GetDataCatalogEncryptionSettings TagResource UntagResource GetTags
    GetResourcePolicy PutResourcePolicy
""".split())

# Must match enum model_kind in server/ops/model.h (order = value).
KINDS = ["structure", "list", "map", "string", "integer", "long", "boolean",
         "double", "float", "timestamp", "blob", "document"]
KIND_ENUM = {k: "MODEL_" + k.upper() for k in KINDS}

# Patterns with a dedicated checker in validate.c (enum model_pattern_check).
P1 = r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*"
P2 = r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*"
DEDICATED = {
    P1: "MODEL_PAT_SINGLE_LINE",
    P2: "MODEL_PAT_MULTI_LINE",
    "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}": "MODEL_PAT_UUID",
    "arn:aws(-(cn|us-gov|iso(-[bef])?))?:glue:.*": "MODEL_PAT_GLUE_ARN",
}
# What the dedicated single/multi-line checkers accept, as code-point ranges.
P1_RANGES = [(0x09, 0x09), (0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
P2_RANGES = [(0x09, 0x0A), (0x0D, 0x0D), (0x20, 0xD7FF), (0xE000, 0xFFFD),
             (0x10000, 0x10FFFF)]

MAX_DEPTH = 32  # VALIDATE_MAX_DEPTH in validate.c


# Limits catalogd relaxes on purpose (batches larger than Glue's are safe here: each
# entry is one row, and the whole batch is one transaction).
LIMIT_OVERRIDES = {
    "PartitionInputList": ("max", 1000),             # BatchCreatePartition (Glue: 100)
    "BatchDeletePartitionValueList": ("max", 1000),  # BatchDeletePartition (Glue: 25)
    "BatchUpdatePartitionRequestEntryList": ("max", 1000),  # BatchUpdatePartition (Glue: 100)
}

def load_model():
    return botocore.loaders.Loader().load_service_model("glue", "service-2")


# ---- Java character classes -------------------------------------------------

def parse_charset(pat):
    """Parse '[class]*' or '[class]+' (Java syntax, simple subset) into
    (merged code-point ranges, min_one); None when PAT is anything else."""
    if len(pat) < 3 or pat[0] != "[" or pat[-1] not in "*+" or pat[-2] != "]":
        return None
    body, min_one = pat[1:-2], pat[-1] == "+"
    if not body or body[0] == "^" or "[" in body or "&&" in body:
        return None
    pos = 0

    def atom():
        nonlocal pos
        c = body[pos]
        if c != "\\":
            pos += 1
            return ord(c)
        if pos + 1 >= len(body):
            raise ValueError
        e = body[pos + 1]
        if e == "u":
            cp = int(body[pos + 2:pos + 6], 16)
            pos += 6
            # A surrogate pair in the pattern denotes one supplementary code point.
            if 0xD800 <= cp <= 0xDBFF and body[pos:pos + 2] == "\\u":
                lo = int(body[pos + 2:pos + 6], 16)
                if 0xDC00 <= lo <= 0xDFFF:
                    pos += 6
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            return cp
        pos += 2
        if e in "tnrf":
            return {"t": 9, "n": 10, "r": 13, "f": 12}[e]
        if e.isalnum():          # \p{..}, \d, \w, \s ...: not a simple class
            raise ValueError
        return ord(e)

    ranges = []
    try:
        while pos < len(body):
            lo = atom()
            # Java: 'a-b' is a range unless the '-' is last in the class.
            if pos + 1 < len(body) and body[pos] == "-":
                pos += 1
                hi = atom()
                if hi < lo:
                    return None
                ranges.append((lo, hi))
            else:
                ranges.append((lo, lo))
    except (ValueError, IndexError):
        return None
    ranges.sort()
    merged = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged, min_one


# ---- shape graph --------------------------------------------------------------

def kind_of(s):
    t = s["type"]
    if t == "structure" and s.get("document"):
        return "document"
    if t == "union":
        return "structure"
    if t == "structure" and s.get("union"):
        return "structure"  # union-as-structure
    if t not in KINDS:
        raise SystemExit("gen_model: unsupported shape type %r" % t)
    return t


def children(shapes, name):
    s = shapes[name]
    k = kind_of(s)
    if k == "structure":
        return [m["shape"] for m in s["members"].values()]
    if k == "list":
        return [s["member"]["shape"]]
    if k == "map":
        return [s["key"]["shape"], s["value"]["shape"]]
    return []


def reachable(shapes, roots):
    seen, todo = set(), list(roots)
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo.extend(children(shapes, n))
    return seen


def bound(s, key, kind):
    if key not in s:
        return None
    v = s[key]
    if kind in ("double", "float"):
        if float(v) != int(v):
            raise SystemExit("gen_model: non-integral %s bound %r" % (kind, v))
    return int(v)


def local_signature(shapes, name, pattern_ids):
    """Everything about NAME except the identity of its child shapes."""
    s = shapes[name]
    k = kind_of(s)
    sig = [k, bound(s, "min", k), bound(s, "max", k)]
    if k == "string":
        sig += [pattern_ids.get(s.get("pattern"), 0), tuple(s.get("enum", ()))]
    elif k == "structure":
        req = set(s.get("required", ()))
        sig.append(tuple((m, m in req) for m in s["members"]))
    return tuple(sig)


def merge_shapes(shapes, names, pattern_ids):
    """Partition NAMES into classes of structurally identical shapes (Moore-style
    refinement, correct on cyclic graphs).  Returns {name: class signature}."""
    cls = {n: local_signature(shapes, n, pattern_ids) for n in names}
    count = len(set(cls.values()))
    while True:
        ids = {sig: i for i, sig in enumerate(sorted(set(cls.values()), key=repr))}
        new = {n: (ids[cls[n]], tuple(ids[cls[c]] for c in children(shapes, n)))
               for n in names}
        new_count = len(set(new.values()))
        cls = new
        if new_count == count:
            return cls
        count = new_count


def max_depth(shapes, root, stack=()):
    """Container nesting depth below ROOT; MAX_DEPTH + 1 when recursive."""
    if root in stack or len(stack) > MAX_DEPTH:
        return MAX_DEPTH + 1
    kids = children(shapes, root)
    if not kids:
        return 0
    return 1 + max(max_depth(shapes, c, stack + (root,)) for c in kids)


# ---- C output -------------------------------------------------------------------

def c_str(text):
    if any(ord(ch) > 126 or ord(ch) < 32 for ch in text):
        raise SystemExit("gen_model: non-printable or non-ASCII text %r" % text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def comment_safe(text):
    return text.replace("*/", "*\\/")


def generate(model):
    shapes = model["shapes"]
    for shape, (key, value) in LIMIT_OVERRIDES.items():
        shapes[shape][key] = value
    roots = {op: model["operations"][op]["input"]["shape"] for op in OPERATIONS}
    names = reachable(shapes, roots.values())

    # Patterns: id 0 = none/unchecked; checked ones numbered in sorted text order.
    used = sorted({shapes[n]["pattern"] for n in names
                   if kind_of(shapes[n]) == "string" and "pattern" in shapes[n]})
    patterns, unchecked = [], []
    for p in used:
        cs = parse_charset(p)
        if p in DEDICATED:
            if p == P1 and (cs is None or cs[0] != P1_RANGES):
                raise SystemExit("gen_model: P1 checker does not match its pattern")
            if p == P2 and (cs is None or cs[0] != P2_RANGES):
                raise SystemExit("gen_model: P2 checker does not match its pattern")
            patterns.append((p, DEDICATED[p], None))
        elif cs is not None:
            patterns.append((p, "MODEL_PAT_CHARSET", cs))
        else:
            unchecked.append(p)
    pattern_ids = {p[0]: i + 1 for i, p in enumerate(patterns)}

    cls = merge_shapes(shapes, names, pattern_ids)
    by_class = {}
    for n in names:
        by_class.setdefault(cls[n], []).append(n)
    # Order: by kind, then by the smallest model name in the class.
    classes = sorted(by_class.values(),
                     key=lambda ns: (KINDS.index(kind_of(shapes[min(ns)])), min(ns)))
    index = {}
    for i, ns in enumerate(classes):
        for n in ns:
            index[n] = i
    if len(classes) > 65535:
        raise SystemExit("gen_model: too many shapes")

    for op, root in roots.items():
        if max_depth(shapes, root) > MAX_DEPTH:
            raise SystemExit("gen_model: %s nests deeper than %d" % (op, MAX_DEPTH))

    # Patterns -> rows and code-point ranges.
    pattern_rows, ranges = [], []
    for text, check, cs in patterns:
        if cs is not None:
            first, count, min_one = len(ranges), len(cs[0]), int(cs[1])
            ranges.extend(cs[0])
        else:
            first, count, min_one = 0, 0, 0
        pattern_rows.append((check, min_one, first, count, text))

    shape_rows, member_rows, enum_values = [], [], []
    for i, ns in enumerate(classes):
        rep = min(ns)
        s = shapes[rep]
        k = kind_of(s)
        lo, hi = bound(s, "min", k), bound(s, "max", k)
        flags = []
        if lo is not None:
            flags.append("MODEL_HAS_MIN")
        if hi is not None:
            flags.append("MODEL_HAS_MAX")
        a = b = 0
        pat = 0
        if k == "structure":
            req = set(s.get("required", ()))
            a, b = len(member_rows), len(s["members"])
            for mname, m in s["members"].items():
                member_rows.append((mname, index[m["shape"]], int(mname in req)))
        elif k == "list":
            a = index[s["member"]["shape"]]
        elif k == "map":
            a, b = index[s["key"]["shape"]], index[s["value"]["shape"]]
        elif k == "string":
            pat = pattern_ids.get(s.get("pattern"), 0)
            if "enum" in s:
                a, b = len(enum_values), len(s["enum"])
                enum_values.extend(s["enum"])
        more = " (+%d)" % (len(ns) - 1) if len(ns) > 1 else ""
        shape_rows.append((KIND_ENUM[k], " | ".join(flags) or "0", pat, a, b,
                           lo or 0, hi or 0, rep + more, i))
    if len(member_rows) > 65535 or len(enum_values) > 65535 or len(pattern_rows) > 254:
        raise SystemExit("gen_model: table too large")

    out = []
    w = out.append
    w("/* model.c -- Glue request-model tables (input shapes of the catalog operations). */")
    w("/* generated by tools/gen_model.py; do not edit.")
    w("** Source: botocore %s, glue 2017-03-31 service-2.json." % botocore.__version__)
    w("** Patterns left unchecked (no checker in validate.c):")
    for p in unchecked:
        w("**   " + comment_safe(p))
    if not unchecked:
        w("**   (none)")
    w("*/")
    w('#include "ops/model.h"')
    w("")
    w("#include <stddef.h>")
    w("")
    w("static const struct model_range ranges[] = {")
    for lo, hi in ranges:
        w("    {0x%06X, 0x%06X}," % (lo, hi))
    if not ranges:
        w("    {0, 0},")
    w("};")
    w("")
    w("/* Row 0 is \"no pattern\". */")
    w("static const struct model_pattern patterns[] = {")
    w("    {MODEL_PAT_NONE, 0, 0, 0, NULL},")
    for i, (check, min_one, first, count, text) in enumerate(pattern_rows):
        w("    /* %d */ {%s, %d, %d, %d, %s}," % (i + 1, check, min_one, first, count, c_str(text)))
    w("};")
    w("")
    w("static const char *const enum_values[] = {")
    for v in enum_values:
        w("    %s," % c_str(v))
    if not enum_values:
        w("    NULL,")
    w("};")
    w("")
    w("static const struct model_member members[] = {")
    for mname, shp, req in member_rows:
        w("    {%s, %d, %d}," % (c_str(mname), shp, req))
    w("};")
    w("")
    w("/* kind, flags, pattern, a, b, min, max */")
    w("static const struct model_shape shapes[] = {")
    for kind, flags, pat, a, b, lo, hi, label, i in shape_rows:
        w("    /* %d %s */ {%s, %s, %d, %d, %d, %dLL, %dLL}," %
          (i, comment_safe(label), kind, flags, pat, a, b, lo, hi))
    w("};")
    w("")
    w("/* Sorted by name (strcmp order) for bsearch. */")
    w("static const struct model_op ops[] = {")
    for op in OPERATIONS:
        w("    {%s, %d}," % (c_str(op), index[roots[op]]))
    w("};")
    w("")
    w("#define COUNT(a) (sizeof(a) / sizeof((a)[0]))")
    w("")
    w("const struct model model_glue = {")
    w("    shapes, COUNT(shapes), members, COUNT(members), enum_values, %d," % len(enum_values))
    w("    patterns, COUNT(patterns), ranges, %d, ops, COUNT(ops)," % len(ranges))
    w("};")
    return "\n".join(out) + "\n"


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = argv[1] if len(argv) > 1 else os.path.join(root, "server", "ops", "model.c")
    text = generate(load_model())
    with open(path, "w", encoding="ascii") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
