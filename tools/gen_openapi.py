#!/usr/bin/env python3
"""gen_openapi.py -- write openapi.yaml: the HTTP contract of catalogd.

The operations, which Glue operations POST / serves and which REST route maps to
which operation, come from the one registry, server/registry/registry.def; the generator
fails when a registry route is not documented below or a documented /v1 route is
not in the registry.  The route details (REST API under /v1, /health, /metrics and
the Glue envelope on POST /) are written out below; the object schemas
(Database, Table, Partition, ... and every structure they reach) are derived
from botocore's Glue model (data/glue/2017-03-31/service-2.json), then narrowed
with the members catalogd always fills in (README "Semantics").  Glue shapes
keep additionalProperties open: Glue may add members.  Deterministic.

Usage: python3 tools/gen_openapi.py [OUTPUT]   (default: openapi.yaml)
"""

import copy
import os
import re
import sys

import botocore.loaders
import yaml

ROOTS = ["DatabaseInput", "Database", "TableInput", "Table", "PartitionInput",
         "Partition", "TableVersion", "PartitionError", "ColumnStatistics", "ColumnError",
         "ColumnStatisticsError", "UserDefinedFunctionInput", "UserDefinedFunction",
         "Crawler", "CrawlerHistory"]

TS = "Epoch seconds (a JSON number with a fractional part), as on Glue's JSON wire."


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OP_RE = re.compile(
    r'^OP\((\w+), (\w+), (OP_READ|OP_WRITE)(?: \| (OP_EXTENSION|OP_ICEBERG))?, "([^"]*)"\)$')


def registry():
    """[(name, handler, flags, route)] from server/registry/registry.def, in file order; the
    OP_ICEBERG rows (served by the Iceberg front only, under /iceberg) left out."""
    rows = []
    with open(os.path.join(ROOT, "server", "registry", "registry.def")) as f:
        for line in f:
            m = OP_RE.match(line.strip())
            if m:
                name, fn, flags, extra, route = m.groups()
                if extra != "OP_ICEBERG":  # the Iceberg front's alone: neither Glue nor /v1
                    rows.append((name, fn, flags, route))
            elif line.startswith("OP("):
                raise SystemExit("registry.def: cannot parse: " + line.strip())
    return rows


def load_model():
    return botocore.loaders.Loader().load_service_model("glue", "service-2")


def shape_schema(model, name, structs):
    """JSON schema for shape NAME: structures become $refs (and get collected
    into STRUCTS), everything else is inlined."""
    s = model["shapes"][name]
    t = s["type"]
    if t == "structure":
        if name not in structs:
            structs[name] = None  # reserve (recursive shapes)
            structs[name] = struct_schema(model, name, structs)
        return {"$ref": "#/components/schemas/" + name}
    out = {}
    if t == "string":
        out["type"] = "string"
        if "enum" in s:
            out["enum"] = list(s["enum"])
        if "min" in s:
            out["minLength"] = s["min"]
        if "max" in s:
            out["maxLength"] = s["max"]
    elif t in ("integer", "long"):
        out["type"] = "integer"
        if "min" in s:
            out["minimum"] = s["min"]
        if "max" in s:
            out["maximum"] = s["max"]
    elif t in ("double", "float"):
        out["type"] = "number"
    elif t == "boolean":
        out["type"] = "boolean"
    elif t == "timestamp":
        out["type"] = "number"
        out["description"] = TS
    elif t == "list":
        out["type"] = "array"
        out["items"] = shape_schema(model, s["member"]["shape"], structs)
        if "min" in s:
            out["minItems"] = s["min"]
        if "max" in s:
            out["maxItems"] = s["max"]
    elif t == "map":
        out["type"] = "object"
        out["additionalProperties"] = shape_schema(model, s["value"]["shape"], structs)
        key = model["shapes"][s["key"]["shape"]]
        pn = {}
        if "min" in key:
            pn["minLength"] = key["min"]
        if "max" in key:
            pn["maxLength"] = key["max"]
        if pn:
            out["propertyNames"] = pn
    else:  # document, blob: not reached by the roots today
        pass
    return out


def struct_schema(model, name, structs):
    s = model["shapes"][name]
    out = {"type": "object"}
    if s.get("required"):
        out["required"] = list(s["required"])
    props = {}
    for m, ref in s["members"].items():
        props[m] = shape_schema(model, ref["shape"], structs)
    out["properties"] = props
    out["additionalProperties"] = True
    out["description"] = "Glue `%s` (botocore model); further Glue members are allowed." % name
    return out


def glue_schemas():
    model = load_model()
    structs = {}
    for r in ROOTS:
        shape_schema(model, r, structs)
    # PUT .../tables/{table}: Name may be left out (filled from the path).
    upd = copy.deepcopy(structs["TableInput"])
    upd["required"] = []
    del upd["required"]
    upd["description"] = ("TableInput for PUT: `Name`, if given, must equal the {table} path "
                          "segment (compared case-insensitively); when missing it is filled "
                          "from the path.")
    structs["TableUpdateInput"] = upd
    return {k: structs[k] for k in sorted(structs)}


# ------------------------------------------------------------------ catalogd's narrowing

SD_OUT = {
    "allOf": [
        {"$ref": "#/components/schemas/StorageDescriptor"},
        {"type": "object",
         "required": ["Compressed", "NumberOfBuckets", "StoredAsSubDirectories",
                      "SerdeInfo", "BucketColumns", "SortColumns", "Parameters"],
         "properties": {"SerdeInfo": {"type": "object", "required": ["Parameters"]}}},
    ],
    "description": "A stored storage descriptor: the members Hive and Trino dereference are "
                   "always present (defaulted when not written); `Columns` is present except when "
                   "partitions are listed with `exclude_column_schema=true`.",
}


def narrow(schemas):
    db = schemas["Database"]
    db["required"] = ["Name", "CatalogId", "CreateTime", "Parameters"]
    t = schemas["Table"]
    t["required"] = ["Name", "DatabaseName", "CatalogId", "VersionId", "CreateTime",
                     "UpdateTime", "Parameters", "PartitionKeys", "StorageDescriptor",
                     "IsRegisteredWithLakeFormation"]
    t["properties"]["StorageDescriptor"] = {"$ref": "#/components/schemas/StoredStorageDescriptor"}
    t["properties"]["VersionId"] = {"type": "string", "pattern": "^[0-9]+$",
                                    "description": "\"0\" after create, +1 per update."}
    t["properties"]["Warnings"] = {
        "type": "array", "items": {"type": "string"},
        "description": "Only in the answer of POST and PUT, and only when catalogd runs with "
                       "`--type-check warn` (the default) and a column or partition key type is "
                       "not a Hive type: one message per such column (README: Hive types)."}
    p = schemas["Partition"]
    p["required"] = ["Values", "DatabaseName", "TableName", "CreationTime", "CatalogId",
                     "Parameters", "StorageDescriptor"]
    p["properties"]["StorageDescriptor"] = {"$ref": "#/components/schemas/StoredStorageDescriptor"}
    tv = schemas["TableVersion"]
    tv["required"] = ["Table", "VersionId"]
    pe = schemas["PartitionError"]
    pe["required"] = ["PartitionValues", "ErrorDetail"]
    ed = schemas["ErrorDetail"]
    ed["required"] = ["ErrorCode", "ErrorMessage"]
    schemas["StoredStorageDescriptor"] = SD_OUT


def envelope(key, item, token=True, desc=""):
    props = {key: {"type": "array", "items": {"$ref": "#/components/schemas/" + item}}}
    if token:
        props["next_page_token"] = {
            "type": "string", "minLength": 1,
            "description": "Pass as `page_token` for the next page; absent on the last page."}
    return {"type": "object", "required": [key], "properties": props,
            "additionalProperties": False, "description": desc}


def batch_get_response():
    out = envelope("partitions", "Partition", token=False,
                   desc="The partitions found, each once however often asked for; missing ones "
                        "are left out. Values past the answer size cap (8 MiB by default) come "
                        "back in `unprocessed_values`: ask for them again.")
    out["properties"]["unprocessed_values"] = {
        "type": "array", "items": {"type": "array", "items": {"type": "string"}},
        "description": "Partition values not looked up because the answer reached its size cap."}
    out["required"].append("unprocessed_values")
    return out


def own_schemas():
    values_list = {"type": "array", "minItems": 1, "maxItems": 1000,
                   "items": {"type": "array", "items": {"type": "string"}},
                   "description": "Partition values, one list per partition, in key order."}
    return {
        "Error": {
            "type": "object",
            "required": ["code", "message", "request_id"],
            "properties": {
                "code": {"type": "string", "description":
                         "A Glue exception name (InvalidInputException, EntityNotFoundException, "
                         "AlreadyExistsException, ConcurrentModificationException, "
                         "ResourceNumberLimitExceededException, InternalServiceException) or "
                         "one of PreconditionFailed, UnsupportedMediaType, NotFound, "
                         "MethodNotAllowed."},
                "message": {"type": "string"},
                "request_id": {"type": "string", "format": "uuid",
                               "description": "Equals the `x-request-id` header."},
            },
            "additionalProperties": False,
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"type": "string", "enum": ["ok", "degraded", "unavailable", "draining"]},
                           "problem": {"type": "string", "description":
                                       "With `degraded`: what keeps writes from working "
                                       "(`disk full`, `read-only`); reads still work.  With "
                                       "`draining` (503 after SIGTERM, see --drain-seconds): "
                                       "why to send requests to another instance."},
                           "schema_version": {"type": "integer", "minimum": 0}},
            "additionalProperties": True,
        },
        "DatabaseList": envelope("databases", "Database", desc="A page of databases."),
        "TableList": envelope("tables", "Table", desc="A page of tables."),
        "TableVersionList": envelope("versions", "TableVersion",
                                     desc="A page of table versions, newest first."),
        "PartitionList": envelope("partitions", "Partition", desc="A page of partitions."),
        "PartitionBatchCreateRequest": {
            "type": "object", "required": ["partitions"],
            "properties": {"partitions": {"type": "array", "minItems": 1, "maxItems": 1000,
                                          "items": {"$ref": "#/components/schemas/PartitionInput"}}},
            "additionalProperties": False},
        "PartitionValuesRequest": {
            "type": "object", "required": ["values"],
            "properties": {"values": values_list}, "additionalProperties": False},
        "PartitionBatchGetResponse": batch_get_response(),
        "PartitionColumnStatisticsRequest": {
            "type": "object", "required": ["entries"],
            "properties": {"entries": {
                "type": "array", "minItems": 1, "maxItems": 1000,
                "items": {"type": "object", "required": ["PartitionValues", "ColumnStatisticsList"],
                          "properties": {
                              "PartitionValues": {"type": "array", "items": {"type": "string"}},
                              "ColumnStatisticsList": {
                                  "type": "array", "maxItems": 25,
                                  "items": {"$ref": "#/components/schemas/ColumnStatistics"}}},
                          "additionalProperties": False}}},
            "additionalProperties": False},
        "PartitionColumnStatisticsErrors": {
            "type": "object", "required": ["errors"],
            "properties": {"errors": {"type": "array", "items": {
                "type": "object", "required": ["PartitionValues", "Error"],
                "properties": {
                    "PartitionValues": {"type": "array", "items": {"type": "string"}},
                    "ColumnStatistics": {"$ref": "#/components/schemas/ColumnStatistics"},
                    "Error": {"$ref": "#/components/schemas/ErrorDetail"}},
                "description": "A partition that failed as a whole (no `ColumnStatistics`: "
                               "not found, wrong number of values) or one of its entries "
                               "(unknown column, data not matching its Type)."}}},
            "additionalProperties": False},
        "ColumnStatisticsAnswer": {
            "type": "object", "required": ["column_statistics", "errors"],
            "properties": {
                "column_statistics": {"type": "array", "items": {
                    "$ref": "#/components/schemas/ColumnStatistics"}},
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ColumnError"},
                           "description": "The columns asked for that have no statistics "
                                          "or do not exist."}},
            "additionalProperties": False},
        "ColumnStatisticsWrite": {
            "type": "object", "required": ["column_statistics"],
            "properties": {"column_statistics": {
                "type": "array", "minItems": 1, "maxItems": 25,
                "items": {"$ref": "#/components/schemas/ColumnStatistics"}}},
            "additionalProperties": False},
        "ColumnStatisticsErrors": envelope(
            "errors", "ColumnStatisticsError", token=False,
            desc="The entries refused (unknown column, data not matching its Type); the "
                 "others are stored."),
        "FunctionList": envelope("functions", "UserDefinedFunction",
                                 desc="A page of functions, by name."),
        "CrawlerList": envelope("crawlers", "Crawler",
                                desc="A page of crawlers, by name, each with its `LastCrawl`."),
        "CrawlList": envelope("crawls", "CrawlerHistory",
                              desc="A page of a crawler's runs, newest first."),
        "PartitionErrors": envelope(
            "errors", "PartitionError", token=False,
            desc="Per-entry failures (empty when every entry succeeded); an entry is never "
                 "half written."),
    }


# ------------------------------------------------------------------ paths

RID = {"x-request-id": {"$ref": "#/components/headers/RequestId"}}


def ref(kind, name):
    return {"$ref": "#/components/%s/%s" % (kind, name)}


def json_ok(desc, schema, headers=None):
    h = dict(RID)
    h.update(headers or {})
    return {"description": desc, "headers": h,
            "content": {"application/json": {"schema": ref("schemas", schema)}}}


def body(schema, desc=None):
    b = {"required": True,
         "content": {"application/json": {"schema": ref("schemas", schema)}}}
    if desc:
        b["description"] = desc
    return b


P_DB = {"name": "db", "in": "path", "required": True,
        "description": "Database name (URL-encoded; matched case-insensitively).",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
P_TABLE = {"name": "table", "in": "path", "required": True,
           "description": "Table name (URL-encoded; matched case-insensitively).",
           "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
P_SPEC = {"name": "spec", "in": "path", "required": True,
          "description": "Hive-style partition spec `k1=v1/k2=v2`: the table's partition keys in "
                         "order, each key and value percent-encoded (`/` in a value is `%2F`, "
                         "`=` is `%3D`). The `/` between pairs is literal, so this parameter "
                         "spans several path segments.",
          "schema": {"type": "string"}, "example": "order_date=2024-06-01/region=eu"}


def q(name, schema, desc):
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema}


def max_results(hi):
    return q("max_results", {"type": "integer", "minimum": 1, "maximum": hi},
             "Page size, 1..%d." % hi)


PAGE_TOKEN = q("page_token", {"type": "string"},
               "`next_page_token` of the previous page; bound to its listing (a token from "
               "another listing is a 400).")

E = lambda name: ref("responses", name)  # noqa: E731

ETAG = {"ETag": ref("headers", "ETag")}
LOC = {"Location": ref("headers", "Location")}


def paths():
    p = {}
    p["/"] = {"post": {
        "operationId": "glueCall",
        "tags": ["glue"],
        "summary": "Call one Glue operation (AWS JSON 1.1 envelope).",
        "description": (
            "Served operations: " + ", ".join(r[0] for r in registry()) + ". "
            "Any other target is answered with "
            "`UnknownOperationException`. With `--auth-file` every request must carry an AWS "
            "SigV4 `Authorization` (service `glue`, any region) of a configured access key: "
            "MissingAuthenticationTokenException (403) without one, IncompleteSignatureException, "
            "UnrecognizedClientException or InvalidSignatureException (400) for a malformed "
            "one, an unknown key, a wrong signature or a date more than 15 minutes off, "
            "AccessDeniedException (400) for what the principal's role or databases do not "
            "allow; without `--auth-file` (loopback only) signatures are not checked. "
            "Bodies above the server's `--max-body` (16 MiB by default) get 413; past the "
            "server's memory budget, ThrottlingException (400, retried by the SDKs)."),
        "parameters": [{
            "name": "X-Amz-Target", "in": "header", "required": True,
            "description": "`AWSGlue.` followed by the operation name.",
            "schema": {"type": "string", "pattern": "^AWSGlue\\.[A-Za-z]+$"},
            "example": "AWSGlue.GetTable"}],
        "requestBody": {"required": True, "content": {"application/x-amz-json-1.1": {
            "schema": {"type": "object",
                       "description": "The operation's Glue input shape; `{}` when it takes no members."},
            "example": {"DatabaseName": "silver_db", "Name": "orders"}}}},
        "responses": {
            "200": {"description": "The operation's Glue output shape (`{}` for operations without output).",
                    "headers": {"x-amzn-RequestId": ref("headers", "AmznRequestId")},
                    "content": {"application/x-amz-json-1.1": {"schema": {"type": "object"}}}},
            "400": E("GlueError"), "413": E("GlueError"), "500": E("GlueError")}}}

    p["/"]["get"] = {
        "operationId": "index", "tags": ["service"],
        "summary": "What this server serves, as links (open to all, like /health).",
        "responses": {
            "200": {"description": "The index.", "headers": RID,
                    "content": {"application/json": {"schema": {
                        "type": "object", "required": ["service", "glue", "links"],
                        "additionalProperties": False,
                        "properties": {
                            "service": {"type": "string", "const": "catalogd"},
                            "glue": {"type": "string",
                                     "description": "How to call the Glue JSON protocol."},
                            "links": {
                                "type": "object", "additionalProperties": False,
                                "required": ["console", "openapi", "health", "metrics", "rest"],
                                "properties": {k: {"type": "string", "description": d} for k, d in (
                                    ("console", "The web console (`/ui`)."),
                                    ("openapi", "This description (`/openapi.yaml`)."),
                                    ("health", "Liveness and readiness (`/health`)."),
                                    ("metrics", "Prometheus metrics (`/metrics`)."),
                                    ("rest", "The REST API's first resource (`/v1/databases`)."))}}}},
                        "example": {"service": "catalogd", "links": {"console": "/ui"}}}}},
            "400": E("BadRequest")}}

    p["/openapi.yaml"] = {"get": {
        "operationId": "openapi", "tags": ["service"],
        "summary": "This description of the API, as built into the server (open to all).",
        "responses": {
            "200": {"description": "openapi.yaml.", "headers": RID,
                    "content": {"application/yaml": {"schema": {"type": "string"}}}},
            "400": E("BadRequest")}}}

    p["/health"] = {"get": {
        "operationId": "health", "tags": ["service"],
        "summary": "Liveness and readiness.",
        "responses": {
            "200": {"description": "The store is open and migrated.", "headers": RID,
                    "content": {"application/json": {"schema": ref("schemas", "Health"),
                                                     "example": {"status": "ok", "schema_version": 3}}}},
            "503": {"description": "The store is not usable (unreachable, not migrated, or its "
                                   "database file found corrupt), or the server is draining "
                                   "before it stops (status `draining`).", "headers": RID,
                    "content": {"application/json": {"schema": ref("schemas", "Health"),
                                                     "example": {"status": "unavailable"}}}},
            "500": E("InternalError")}}}

    p["/metrics"] = {"get": {
        "operationId": "metrics", "tags": ["service"],
        "summary": "Prometheus metrics (text exposition format 0.0.4).",
        "description": (
            "`catalogd_requests_total{front=\"glue|rest\",operation=\"GetTable\",status=\"200\"}` "
            "counter; `catalogd_request_duration_seconds` histogram (buckets 0.0005, 0.001, "
            "0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, +Inf) labelled front, "
            "operation; `catalogd_database_size_bytes` gauge; `catalogd_open_connections` gauge."),
        "responses": {"200": {"description": "The metrics.", "headers": RID,
                              "content": {"text/plain; version=0.0.4": {"schema": {"type": "string"}}}}}}}

    p["/v1/databases"] = {
        "get": {"operationId": "listDatabases", "tags": ["databases"],
                "summary": "List databases (GetDatabases).",
                "parameters": [max_results(100), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of databases.", "DatabaseList"),
                              "400": E("BadRequest"), "500": E("InternalError")}},
        "post": {"operationId": "createDatabase", "tags": ["databases"],
                 "summary": "Create a database (CreateDatabase).",
                 "requestBody": body("DatabaseInput"),
                 "responses": {"201": json_ok("Created.", "Database", LOC),
                               "400": E("BadRequest"), "409": E("Conflict"),
                               "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                               "500": E("InternalError")}}}

    p["/v1/databases/{db}"] = {
        "parameters": [P_DB],
        "get": {"operationId": "getDatabase", "tags": ["databases"],
                "summary": "Get a database (GetDatabase).",
                "responses": {"200": json_ok("The database.", "Database"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "put": {"operationId": "updateDatabase", "tags": ["databases"],
                "summary": "Replace a database's definition (UpdateDatabase); a different `Name` renames it.",
                "requestBody": body("DatabaseInput"),
                "responses": {"200": json_ok("The database as stored.", "Database"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "409": E("Conflict"), "413": E("PayloadTooLarge"),
                              "415": E("UnsupportedMediaType"), "500": E("InternalError")}},
        "delete": {"operationId": "deleteDatabase", "tags": ["databases"],
                   "summary": "Delete a database and everything in it (DeleteDatabase).",
                   "responses": {"204": {"description": "Deleted.", "headers": RID},
                                 "400": E("BadRequest"), "404": E("NotFound"),
                                 "500": E("InternalError")}}}

    p["/v1/databases/{db}/tables"] = {
        "parameters": [P_DB],
        "get": {"operationId": "listTables", "tags": ["tables"],
                "summary": "List a database's tables (GetTables).",
                "parameters": [q("pattern", {"type": "string"},
                                 "Hive name pattern such as `sales_*|tmp_*` (GetTables' Expression)."),
                               max_results(100), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of tables.", "TableList"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "post": {"operationId": "createTable", "tags": ["tables"],
                 "summary": "Create a table (CreateTable).",
                 "requestBody": body("TableInput"),
                 "responses": {"201": json_ok("Created; the ETag is the new VersionId (\"0\").", "Table",
                                              dict(LOC, **ETAG)),
                               "400": E("BadRequest"), "404": E("NotFound"),
                               "409": E("Conflict"), "413": E("PayloadTooLarge"),
                               "415": E("UnsupportedMediaType"), "500": E("InternalError")}}}

    p["/v1/databases/{db}/tables/{table}"] = {
        "parameters": [P_DB, P_TABLE],
        "get": {"operationId": "getTable", "tags": ["tables"],
                "summary": "Get a table (GetTable).",
                "parameters": [{"name": "If-None-Match", "in": "header", "required": False,
                                "description": "A previous ETag; equal to the current one gives 304.",
                                "schema": {"type": "string"}}],
                "responses": {"200": json_ok("The table.", "Table", ETAG),
                              "304": {"description": "Not modified (If-None-Match matched); no body.",
                                      "headers": dict(RID, **ETAG)},
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "put": {"operationId": "updateTable", "tags": ["tables"],
                "summary": "Replace a table's definition (UpdateTable).",
                "description": "The body is the whole new definition (a Glue TableInput). A change of "
                               "the partition keys (their number or names) of a table that has "
                               "partitions is refused with 400 InvalidInputException; a key's type "
                               "may change.",
                "parameters": [
                    q("skip_archive", {"type": "boolean"},
                      "`true`: do not archive the previous version (SkipArchive)."),
                    {"name": "If-Match", "in": "header", "required": False,
                     "description": "The quoted VersionId (ETag) the update applies to; a stale one is 412 and changes nothing.",
                     "schema": {"type": "string"}, "example": "\"0\""}],
                "requestBody": body("TableUpdateInput"),
                "responses": {"200": json_ok("The table as stored, with its new ETag.", "Table", ETAG),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "409": E("Conflict"), "412": E("PreconditionFailed"),
                              "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                              "500": E("InternalError")}},
        "delete": {"operationId": "deleteTable", "tags": ["tables"],
                   "summary": "Delete a table, its versions and partitions (DeleteTable).",
                   "responses": {"204": {"description": "Deleted.", "headers": RID},
                                 "400": E("BadRequest"), "404": E("NotFound"),
                                 "500": E("InternalError")}}}

    p["/v1/databases/{db}/tables/{table}/versions"] = {
        "parameters": [P_DB, P_TABLE],
        "get": {"operationId": "listTableVersions", "tags": ["tables"],
                "summary": "List a table's versions, newest first (GetTableVersions).",
                "parameters": [max_results(100), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of versions.", "TableVersionList"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}}}

    part = "/v1/databases/{db}/tables/{table}/partitions"
    p[part] = {
        "parameters": [P_DB, P_TABLE],
        "get": {"operationId": "listPartitions", "tags": ["partitions"],
                "summary": "List or query partitions (GetPartitions).",
                "parameters": [
                    q("expression", {"type": "string"},
                      "Glue partition expression, e.g. `region = 'eu' AND order_date BETWEEN "
                      "'2024-06-10' AND '2024-06-14'`."),
                    max_results(1000), PAGE_TOKEN,
                    q("segment", {"type": "integer", "minimum": 0},
                      "Segment number, 0..total_segments-1."),
                    q("total_segments", {"type": "integer", "minimum": 1, "maximum": 10},
                      "Number of segments."),
                    q("exclude_column_schema", {"type": "boolean"},
                      "`true`: leave the storage descriptor's columns out.")],
                "responses": {"200": json_ok("A page of partitions.", "PartitionList"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "post": {"operationId": "createPartitions", "tags": ["partitions"],
                 "summary": "Create partitions (BatchCreatePartition semantics).",
                 "description": "An entry without a StorageDescriptor gets the table's, at the "
                                "table's location plus `key=value/` per partition key, escaped "
                                "as Hive's FileUtils.escapePathName escapes folder names.",
                 "requestBody": body("PartitionBatchCreateRequest"),
                 "responses": {"200": json_ok("Per-entry failures.", "PartitionErrors"),
                               "400": E("BadRequest"), "404": E("NotFound"),
                               "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                               "500": E("InternalError")}}}
    p[part + "/{spec}"] = {
        "parameters": [P_DB, P_TABLE, P_SPEC],
        "get": {"operationId": "getPartition", "tags": ["partitions"],
                "summary": "Get a partition (GetPartition).",
                "responses": {"200": json_ok("The partition.", "Partition"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "put": {"operationId": "updatePartition", "tags": ["partitions"],
                "summary": "Replace a partition (UpdatePartition; `Values` may move it).",
                "requestBody": body("PartitionInput"),
                "responses": {"200": json_ok("The partition as stored.", "Partition"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "409": E("Conflict"), "413": E("PayloadTooLarge"),
                              "415": E("UnsupportedMediaType"), "500": E("InternalError")}},
        "delete": {"operationId": "deletePartition", "tags": ["partitions"],
                   "summary": "Delete a partition (DeletePartition).",
                   "responses": {"204": {"description": "Deleted.", "headers": RID},
                                 "400": E("BadRequest"), "404": E("NotFound"),
                                 "500": E("InternalError")}}}
    p[part + "/batch-get"] = {
        "parameters": [P_DB, P_TABLE],
        "post": {"operationId": "batchGetPartitions", "tags": ["partitions"],
                 "summary": "Get partitions by values (BatchGetPartition); missing ones are left out.",
                 "requestBody": body("PartitionValuesRequest"),
                 "responses": {"200": json_ok("The partitions found.", "PartitionBatchGetResponse"),
                               "400": E("BadRequest"), "404": E("NotFound"),
                               "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                               "500": E("InternalError")}}}
    p[part + "/column-statistics"] = {
        "parameters": [P_DB, P_TABLE],
        "post": {"operationId": "batchUpdatePartitionColumnStatistics", "tags": ["partitions"],
                 "summary": "Write column statistics of many partitions in one transaction "
                            "(catalogd's BatchUpdateColumnStatisticsForPartition; up to 1000 "
                            "partitions, 25 columns each; per-entry failures in `errors`).",
                 "requestBody": body("PartitionColumnStatisticsRequest"),
                 "responses": {"200": json_ok("Per-entry failures.",
                                              "PartitionColumnStatisticsErrors"),
                               "400": E("BadRequest"), "404": E("NotFound"),
                               "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                               "500": E("InternalError")}}}
    p[part + "/batch-delete"] = {
        "parameters": [P_DB, P_TABLE],
        "post": {"operationId": "batchDeletePartitions", "tags": ["partitions"],
                 "summary": "Delete partitions by values (BatchDeletePartition).",
                 "requestBody": body("PartitionValuesRequest"),
                 "responses": {"200": json_ok("Per-entry failures.", "PartitionErrors"),
                               "400": E("BadRequest"), "404": E("NotFound"),
                               "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                               "500": E("InternalError")}}}
    add_colstats_paths(p)
    add_function_paths(p)
    add_crawler_paths(p)
    return p


def add_crawler_paths(p):
    """The crawlers, read only (the console's crawler page); writes go through the Glue front."""
    p["/v1/crawlers"] = {
        "get": {"operationId": "listCrawlers", "tags": ["crawlers"],
                "summary": "List crawlers with their state and last run (GetCrawlers).",
                "parameters": [max_results(1000), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of crawlers.", "CrawlerList"),
                              "400": E("BadRequest"), "500": E("InternalError")}}}
    p["/v1/crawlers/{name}/crawls"] = {
        "parameters": [{"name": "name", "in": "path", "required": True,
                        "description": "Crawler name (URL-encoded).",
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255}}],
        "get": {"operationId": "listCrawls", "tags": ["crawlers"],
                "summary": "List a crawler's runs, newest first (ListCrawls).",
                "parameters": [max_results(1000), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of runs.", "CrawlList"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}}}


P_COLUMNS = q("columns", {"type": "string"},
              "Column names, comma-separated (or a JSON array of strings); up to 100.")
P_VALUES = q("values", {"type": "string"},
             "The partition's values in key order, comma-separated or as a JSON array of "
             "strings (`[\"2024-06-01\",\"eu\"]`).")


def colstats_ops(what, prefix, part):
    """GET/PUT/DELETE of the column statistics of a table or (PART) of one partition."""
    extra = [dict(P_VALUES, required=True)] if part else []
    glue = "ColumnStatisticsFor" + ("Partition" if part else "Table")
    return {
        "get": {"operationId": "get%sColumnStatistics" % prefix, "tags": ["statistics"],
                "summary": "Get the column statistics of %s (Get%s): the columns without "
                           "statistics are listed in `errors`." % (what, glue),
                "parameters": extra + [dict(P_COLUMNS, required=True)],
                "responses": {"200": json_ok("Statistics found, and the other columns.",
                                             "ColumnStatisticsAnswer"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "put": {"operationId": "update%sColumnStatistics" % prefix, "tags": ["statistics"],
                "summary": "Write column statistics of %s (Update%s; up to 25 columns)."
                           % (what, glue),
                "parameters": extra,
                "requestBody": body("ColumnStatisticsWrite"),
                "responses": {"200": json_ok("Per-entry failures.", "ColumnStatisticsErrors"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "413": E("PayloadTooLarge"), "415": E("UnsupportedMediaType"),
                              "500": E("InternalError")}},
        "delete": {"operationId": "delete%sColumnStatistics" % prefix, "tags": ["statistics"],
                   "summary": "Delete the statistics of the columns named, one Delete%s each; "
                              "statistics that do not exist are no error." % glue,
                   "parameters": extra + [dict(P_COLUMNS, required=True)],
                   "responses": {"204": {"description": "Deleted.", "headers": RID},
                                 "400": E("BadRequest"), "404": E("NotFound"),
                                 "500": E("InternalError")}}}


def add_colstats_paths(p):
    tb = "/v1/databases/{db}/tables/{table}"
    p[tb + "/column-statistics"] = dict({"parameters": [P_DB, P_TABLE]},
                                        **colstats_ops("a table", "Table", False))
    p[tb + "/partitions/column-statistics"].update(
        colstats_ops("one partition", "Partition", True))


def add_function_paths(p):
    fn = "/v1/databases/{db}/functions"
    p_name = {"name": "name", "in": "path", "required": True,
              "description": "Function name (URL-encoded; matched case-insensitively).",
              "schema": {"type": "string", "minLength": 1, "maxLength": 255}}
    p[fn] = {
        "parameters": [P_DB],
        "get": {"operationId": "listFunctions", "tags": ["functions"],
                "summary": "List a database's user-defined functions (GetUserDefinedFunctions).",
                "parameters": [q("pattern", {"type": "string"},
                                 "Hive name pattern such as `trino__*` (default `*`)."),
                               q("function_type", {"type": "string"},
                                 "Only functions of this FunctionType."),
                               max_results(100), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of functions.", "FunctionList"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "post": {"operationId": "createFunction", "tags": ["functions"],
                 "summary": "Create a user-defined function (CreateUserDefinedFunction).",
                 "requestBody": body("UserDefinedFunctionInput"),
                 "responses": {"201": json_ok("Created.", "UserDefinedFunction", LOC),
                               "400": E("BadRequest"), "404": E("NotFound"),
                               "409": E("Conflict"), "413": E("PayloadTooLarge"),
                               "415": E("UnsupportedMediaType"), "500": E("InternalError")}}}
    p[fn + "/{name}"] = {
        "parameters": [P_DB, p_name],
        "get": {"operationId": "getFunction", "tags": ["functions"],
                "summary": "Get a user-defined function (GetUserDefinedFunction).",
                "responses": {"200": json_ok("The function.", "UserDefinedFunction"),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "500": E("InternalError")}},
        "put": {"operationId": "updateFunction", "tags": ["functions"],
                "summary": "Replace a function (UpdateUserDefinedFunction); a different "
                           "`FunctionName` renames it.",
                "requestBody": body("UserDefinedFunctionInput"),
                "responses": {"200": json_ok("The function as stored.", "UserDefinedFunction",
                                             LOC),
                              "400": E("BadRequest"), "404": E("NotFound"),
                              "409": E("Conflict"), "413": E("PayloadTooLarge"),
                              "415": E("UnsupportedMediaType"), "500": E("InternalError")}},
        "delete": {"operationId": "deleteFunction", "tags": ["functions"],
                   "summary": "Delete a user-defined function (DeleteUserDefinedFunction).",
                   "responses": {"204": {"description": "Deleted.", "headers": RID},
                                 "400": E("BadRequest"), "404": E("NotFound"),
                                 "500": E("InternalError")}}}
    p["/v1/search"] = {
        "get": {"operationId": "searchTables", "tags": ["tables"],
                "summary": "Search the catalog's tables (SearchTables; README: matching rules).",
                "parameters": [
                    q("text", {"type": "string", "maxLength": 1024},
                      "Words to find in database and table names, descriptions and parameters "
                      "(all must occur); in double quotes, one phrase."),
                    q("filters", {"type": "string"},
                      "A JSON array of PropertyPredicate objects (`Key`, `Value`, `Comparator`)."),
                    q("sort", {"type": "string"},
                      "`FIELD` or `FIELD:asc|desc`; FIELD is Name, DatabaseName, CreateTime or "
                      "UpdateTime."),
                    max_results(1000), PAGE_TOKEN],
                "responses": {"200": json_ok("A page of tables.", "TableList"),
                              "400": E("BadRequest"), "500": E("InternalError")}}}


def error_response(desc, codes):
    schema = {"allOf": [ref("schemas", "Error"),
                        {"type": "object", "properties": {"code": {"enum": codes}}}]}
    return {"description": desc, "headers": dict(RID),
            "content": {"application/json": {"schema": schema}}}


def responses():
    return {
        "BadRequest": error_response(
            "Invalid input: malformed JSON, wrong member types, model constraint failures "
            "(the Glue front's validator), a bad page token, expression or partition spec; "
            "or a resource limit.", ["InvalidInputException", "ResourceNumberLimitExceededException"]),
        "NotFound": error_response(
            "The database, table or partition does not exist (EntityNotFoundException); "
            "an unknown route answers `NotFound`.", ["EntityNotFoundException", "NotFound"]),
        "Conflict": error_response(
            "The name is taken (AlreadyExistsException) or a concurrent update won "
            "(ConcurrentModificationException).",
            ["AlreadyExistsException", "ConcurrentModificationException"]),
        "PreconditionFailed": error_response(
            "`If-Match` names a VersionId that is no longer current; nothing changed.",
            ["PreconditionFailed"]),
        "PayloadTooLarge": error_response(
            "The body is larger than `--max-body`.", ["InvalidInputException"]),
        "UnsupportedMediaType": error_response(
            "The request's Content-Type is not `application/json`.", ["UnsupportedMediaType"]),
        "MethodNotAllowed": dict(error_response(
            "The path exists but not with this method; `Allow` lists the methods it takes.",
            ["MethodNotAllowed"]), headers=dict(RID, Allow=ref("headers", "Allow"))),
        "InternalError": error_response("An internal fault.", ["InternalServiceException"]),
        "Unauthorized": dict(error_response(
            "With `--auth-file`: no `Authorization: Bearer` token, or one no principal has "
            "(`WWW-Authenticate: Bearer`).",
            ["MissingAuthenticationTokenException", "UnrecognizedClientException"]),
            headers=dict(RID, **{"WWW-Authenticate": {"schema": {"type": "string"}}})),
        "Forbidden": error_response(
            "The principal's role or databases do not allow this (a reader writing, a writer "
            "changing a database, a database outside its patterns), or the Host header is not "
            "a loopback name nor one of `--allow-host` on a loopback listener.",
            ["AccessDeniedException"]),
        "ServiceUnavailable": error_response(
            "The server's memory budget for requests in flight is spent (retry shortly), or "
            "the store cannot be reached.", ["ServiceUnavailableException"]),
        "GlueError": {
            "description": "A Glue error: client errors are 400 (413 for an over-long body); "
                           "500 only for internal faults.",
            "headers": {"x-amzn-RequestId": ref("headers", "AmznRequestId"),
                        "x-amzn-ErrorType": ref("headers", "ErrorType")},
            "content": {"application/x-amz-json-1.1": {
                "schema": ref("schemas", "GlueError"),
                "example": {"__type": "EntityNotFoundException", "message": "Table orders not found."}}}},
    }


def headers():
    return {
        "RequestId": {"description": "A new UUID for every answer, success or error.",
                      "required": True, "schema": {"type": "string", "format": "uuid"}},
        "AmznRequestId": {"description": "A new UUID for every Glue answer, success or error.",
                          "required": True, "schema": {"type": "string", "format": "uuid"}},
        "ErrorType": {"description": "The same exception name as the body's `__type`.",
                      "required": True, "schema": {"type": "string"}},
        "ETag": {"description": "The table's VersionId, quoted.", "required": True,
                 "schema": {"type": "string", "pattern": "^\"[0-9]+\"$"}, "example": "\"3\""},
        "Location": {"description": "The new resource's path (names folded to lower case).",
                     "required": True, "schema": {"type": "string"},
                     "example": "/v1/databases/silver_db"},
        "Allow": {"description": "The methods the path takes, comma-separated.",
                  "required": True, "schema": {"type": "string"}, "example": "GET, POST"},
    }


DESCRIPTION = """\
catalogd serves two fronts on one port.

**Glue envelope** (`POST /`): the AWS Glue Data Catalog API (AWS JSON 1.1 protocol),
dispatched on `X-Amz-Target: AWSGlue.<Operation>`; bodies are the Glue shapes of
botocore's model (`data/glue/2017-03-31/service-2.json`).

**REST API** (`/v1/...`, `/health`, `/metrics`): resources with Glue's object shapes and
member names (DatabaseInput, Database, TableInput, Table, PartitionInput, Partition,
TableVersion); paging and query parameters are snake_case. POST and PUT bodies must be
`Content-Type: application/json` (else 415). Every answer carries `x-request-id`.
Every 4xx/5xx from `/v1` and `/health` has the body
`{"code": "<Glue exception name>", "message": "...", "request_id": "<uuid>"}`.
A path that is not a route answers 404 with code `NotFound`; a route called with a
method it does not take answers 405 with code `MethodNotAllowed` and an `Allow` header
listing the methods documented for it here (see `components/responses/MethodNotAllowed`).
Database and table names are folded to lower case and matched case-insensitively.
Timestamps are epoch seconds (JSON numbers), as on the Glue wire.

This file is generated by `tools/gen_openapi.py` (object schemas from botocore's Glue
model); edit the generator, not this file.
"""


def link_registry(p):
    """Mark each REST operation with the registry's Glue operation behind it, and check that
    the registry's routes and the documented /v1 routes are the same set."""
    routes = {}
    for name, _fn, flags, route in registry():
        if route:
            method, path = route.split(" ", 1)
            routes[(method.lower(), path)] = (name, flags)
    documented = set()
    for path, item in p.items():
        if not path.startswith("/v1"):
            continue
        for method, op in item.items():
            if method == "parameters":
                continue
            documented.add((method, path))
            if (method, path) not in routes:
                raise SystemExit("documented route %s %s is not in server/registry/registry.def" % (
                    method.upper(), path))
            name, flags = routes[(method, path)]
            op["x-glue-operation"] = name
            op["x-writes"] = flags == "OP_WRITE"
    missing = set(routes) - documented
    if missing:
        raise SystemExit("registry routes not documented here: %s" % sorted(missing))


def build():
    schemas = glue_schemas()
    narrow(schemas)
    schemas.update(own_schemas())
    schemas["GlueError"] = {
        "type": "object", "required": ["__type", "message"],
        "properties": {"__type": {"type": "string", "description":
                                  "The Glue exception name: InvalidInputException, "
                                  "EntityNotFoundException, AlreadyExistsException, "
                                  "ConcurrentModificationException, UnknownOperationException, "
                                  "InternalServiceException, ..."},
                       "message": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "catalogd", "version": "0.2.0",
                 "summary": "A Hive-compatible metadata catalog: AWS Glue JSON protocol and a REST API.",
                 "description": DESCRIPTION},
        "servers": [{"url": "http://127.0.0.1:8049"}],
        "tags": [{"name": "glue"}, {"name": "service"}, {"name": "databases"},
                 {"name": "tables"}, {"name": "partitions"}, {"name": "crawlers"}],
        "paths": linked_paths(),
        "components": {"schemas": {k: schemas[k] for k in sorted(schemas)},
                       "responses": responses(), "headers": headers(),
                       "securitySchemes": SECURITY_SCHEMES},
    }


def linked_paths():
    p = paths()
    link_registry(p)
    add_security(p)
    unique_operation_ids(p)
    return p


def unique_operation_ids(p):
    """OpenAPI wants every operationId once (client generators name methods after them)."""
    seen = {}
    for path, item in p.items():
        for method, op in item.items():
            if method == "parameters" or "operationId" not in op:
                continue
            where = "%s %s" % (method.upper(), path)
            if op["operationId"] in seen:
                raise SystemExit("operationId %s of %s is also %s's" % (
                    op["operationId"], where, seen[op["operationId"]]))
            seen[op["operationId"]] = where


def add_security(p):
    """Who may call what: SigV4 on the Glue envelope, bearer tokens on REST and /metrics
    (with --auth-file); /health is open."""
    for path, item in p.items():
        for method, op in item.items():
            if method not in ("get", "put", "post", "delete"):
                continue
            if path == "/health":
                op["security"] = [{}]
            elif path == "/":
                op["security"] = [{"sigv4": []}, {}]
                op["responses"]["403"] = ref("responses", "GlueError")
            else:
                op["security"] = [{"bearer": []}, {}]
                op["responses"]["401"] = ref("responses", "Unauthorized")
                op["responses"]["403"] = ref("responses", "Forbidden")
                op["responses"]["503"] = ref("responses", "ServiceUnavailable")


SECURITY_SCHEMES = {
    "sigv4": {"type": "apiKey", "in": "header", "name": "Authorization",
              "description": "AWS Signature Version 4 (`AWS4-HMAC-SHA256 Credential=KEY/DATE/"
                             "REGION/glue/aws4_request, SignedHeaders=..., Signature=...`), "
                             "verified when catalogd runs with `--auth-file`."},
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "A token of a principal of `--auth-file` (`Authorization: Bearer "
                              "<token>`); without `--auth-file` (loopback only) none is needed."},
}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _str(dumper, s):
    if "\n" in s:
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", s)


_Dumper.add_representer(str, _str)


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "openapi.yaml")
    text = ("# Generated by tools/gen_openapi.py from the REST contract and botocore's Glue model.\n"
            "# Do not edit by hand: change the generator and run it again.\n")
    text += yaml.dump(build(), Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)
    with open(out, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
