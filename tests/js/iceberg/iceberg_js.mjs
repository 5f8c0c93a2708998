// iceberg_js.mjs -- iceberg-js (npm) end to end against catalogd's Iceberg REST front.
//
//   node iceberg_js.mjs ENDPOINT [CLIENT_ID CLIENT_SECRET]
//
// With a client id and secret (catalogd runs with --auth-file) it first gets a bearer token from
// POST /iceberg/v1/oauth/tokens (client-credentials grant) and checks that a request without it
// is refused (401).  Then: create a namespace, create a table with a partition spec, load it
// (ETag, If-None-Match -> 304), commit an append (the spec's {requirements, updates}:
// assert-ref-snapshot-id + add-snapshot + set-snapshot-ref), a stale commit (409), list, rename,
// drop, and the same through a warehouse (catalog id -> overrides.prefix).  Every answer is
// validated against the OpenAPI document (validate.mjs).  Prints "iceberg-js: ok" and exits 0.
import assert from "node:assert/strict";
import { IcebergRestCatalog, IcebergError } from "iceberg-js";
import { checkAll, recordingFetch } from "./validate.mjs";

const [endpoint, clientId, clientSecret] = process.argv.slice(2);
if (!endpoint) {
    console.error("usage: node iceberg_js.mjs ENDPOINT [CLIENT_ID CLIENT_SECRET]");
    process.exit(2);
}
const baseUrl = `${endpoint.replace(/\/$/, "")}/iceberg`;
const records = [];
const rfetch = recordingFetch(records);
const tag = Math.random().toString(36).slice(2, 8);
const step = (s) => console.log(`iceberg-js: ${s}`);

async function expectError(status, type, fn) {
    try {
        await fn();
    } catch (e) {
        assert.ok(e instanceof IcebergError, `expected an IcebergError, got ${e}`);
        assert.equal(e.status, status, `status of ${e.message}`);
        if (type) assert.equal(e.icebergType, type, `type of ${e.message}`);
        assert.equal(e.icebergCode, status, "error.code is the HTTP status");
        assert.ok(e.message && !e.message.startsWith("Request failed"),
                  `no {"error": {"message"...}} body: ${e.message}`);
        return e;
    }
    assert.fail(`expected ${status} ${type ?? ""}, but the call succeeded`);
}

let auth = { type: "none" };
if (clientId) {
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId,
                                       client_secret: clientSecret, scope: "catalog" });
    const res = await rfetch(`${baseUrl}/v1/oauth/tokens`, {
        method: "POST", body: form.toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    const text = await res.text();
    assert.equal(res.status, 200, `oauth/tokens: ${text}`);
    const tok = JSON.parse(text);
    assert.equal(typeof tok.access_token, "string");
    assert.equal(tok.token_type.toLowerCase(), "bearer");
    assert.ok(tok.expires_in > 0 && tok.expires_in <= 86400, `expires_in ${tok.expires_in}`);
    auth = { type: "bearer", token: tok.access_token };
    step("token from /oauth/tokens");
    const anon = new IcebergRestCatalog({ baseUrl, fetch: rfetch });
    await expectError(401, null, () => anon.listNamespaces());
    const forged = new IcebergRestCatalog({ baseUrl, fetch: rfetch,
        auth: { type: "bearer", token: tok.access_token.slice(0, -2) +
                (tok.access_token.endsWith("AA") ? "BB" : "AA") } });
    await expectError(401, null, () => forged.listNamespaces());
    step("no token and a forged token: 401");
}

const catalog = new IcebergRestCatalog({ baseUrl, auth, fetch: rfetch,
                                         accessDelegation: ["vended-credentials"] });
const ns = { namespace: [`js_${tag}`] };

// namespace
await catalog.createNamespace(ns, { properties: { owner: "iceberg-js" } });
assert.equal(await catalog.namespaceExists(ns), true);
assert.equal((await catalog.loadNamespaceMetadata(ns)).properties.owner, "iceberg-js");
await expectError(409, "AlreadyExistsException", () => catalog.createNamespace(ns));
step("namespace created");

// table with a partition spec
const schema = { type: "struct", "schema-id": 0, fields: [
    { id: 1, name: "id", type: "long", required: true },
    { id: 2, name: "ts", type: "timestamp", required: false },
    { id: 3, name: "payload", type: "string", required: false }] };
const spec = { "spec-id": 0, fields: [
    { "source-id": 2, "field-id": 1000, name: "ts_day", transform: "day" }] };
const created = await catalog.createTableResult(ns, {
    name: "events", schema, "partition-spec": spec, properties: { "write.format.default": "parquet" } });
const m0 = created.metadata;
assert.equal(typeof created["metadata-location"], "string");
assert.equal(m0["format-version"], 2);
const specs = m0["partition-specs"];
const dspec = specs.find((s) => s["spec-id"] === m0["default-spec-id"]);
assert.equal(dspec.fields.length, 1);
assert.equal(dspec.fields[0].transform, "day");
assert.equal(dspec.fields[0].name, "ts_day");
const cur = m0.schemas.find((s) => s["schema-id"] === m0["current-schema-id"]);
assert.equal(cur.fields.find((f) => f.id === dspec.fields[0]["source-id"]).name, "ts");
assert.equal(m0.properties["write.format.default"], "parquet");
assert.ok([undefined, null, -1].includes(m0["current-snapshot-id"]), "no snapshot yet");
step(`table with a partition spec created at ${created["metadata-location"]}`);

// load, ETag, 304
const loaded = await catalog.loadTableResult({ namespace: ns.namespace, name: "events" });
assert.equal(loaded.metadata["table-uuid"], m0["table-uuid"]);
assert.equal(loaded["metadata-location"], created["metadata-location"]);
assert.ok(loaded.etag, "LoadTable answers an ETag");
assert.equal(await catalog.loadTable({ namespace: ns.namespace, name: "events" },
                                     { ifNoneMatch: loaded.etag }), null, "If-None-Match: 304");
step("loaded (ETag, 304)");

// append: the spec's commit body, as DuckDB sends it
const snapshotId = Date.now() * 1000 + Math.floor(Math.random() * 1000);
const snap = { "snapshot-id": snapshotId, "sequence-number": 1, "timestamp-ms": Date.now(),
               "manifest-list": `${m0.location}/metadata/snap-${snapshotId}-1-${tag}.avro`,
               summary: { operation: "append", "added-data-files": "1", "added-records": "3" },
               "schema-id": 0 };
const appendBody = {
    requirements: [{ type: "assert-ref-snapshot-id", ref: "main", "snapshot-id": null }],
    updates: [{ action: "add-snapshot", snapshot: snap },
              { action: "set-snapshot-ref", "ref-name": "main", type: "branch",
                "snapshot-id": snapshotId }] };
const committed = await catalog.commitTable({ namespace: ns.namespace, name: "events" }, appendBody);
const m1 = committed.metadata;
assert.notEqual(committed["metadata-location"], created["metadata-location"]);
assert.equal(m1["current-snapshot-id"], snapshotId);
assert.equal(m1["last-sequence-number"], 1);
assert.equal(m1.snapshots.length, 1);
assert.equal(m1.refs.main["snapshot-id"], snapshotId);
assert.equal(m1["snapshot-log"].at(-1)["snapshot-id"], snapshotId);
assert.ok(m1["metadata-log"].some((e) => e["metadata-file"] === created["metadata-location"]),
          "the old metadata file is in metadata-log");
const after = await catalog.loadTableResult({ namespace: ns.namespace, name: "events" });
assert.equal(after.metadata["current-snapshot-id"], snapshotId);
assert.notEqual(after.etag, loaded.etag, "the ETag changes with the metadata");
await expectError(409, "CommitFailedException",
                  () => catalog.commitTable({ namespace: ns.namespace, name: "events" }, appendBody));
step("append committed; the same commit again: 409");

// list
const tables = await catalog.listTables(ns);
assert.deepEqual(tables.identifiers, [{ namespace: ns.namespace, name: "events" }]);
const nss = await catalog.listNamespaces();
assert.ok(nss.namespaces.some((n) => n.namespace.join(".") === ns.namespace[0]), "listed");
step("listed");

// rename (POST /v1/tables/rename)
const from = { namespace: ns.namespace, name: "events" };
const to = { namespace: ns.namespace, name: "events_renamed" };
await catalog.renameTable({ source: from, destination: to });
assert.equal(await catalog.tableExists(from), false);
assert.equal(await catalog.tableExists(to), true);
const renamed = await catalog.loadTable(to);
assert.equal(renamed["table-uuid"], m0["table-uuid"]);
assert.equal(renamed["current-snapshot-id"], snapshotId, "the rename keeps the history");
await expectError(404, "NoSuchTableException", () => catalog.loadTable(from));
step("renamed");

// drop
await expectError(409, "NamespaceNotEmptyException", () => catalog.dropNamespace(ns));
await catalog.dropTable(to, { purge: true });
assert.equal(await catalog.tableExists(to), false);
await expectError(404, "NoSuchTableException", () => catalog.dropTable(to));
await catalog.dropNamespace(ns);
assert.equal(await catalog.namespaceExists(ns), false);
await expectError(404, "NoSuchNamespaceException", () => catalog.listTables(ns));
step("dropped");

// a warehouse: GET /v1/config?warehouse=<catalog id> -> overrides.prefix, used from then on
const wh = "123456789012";
const other = new IcebergRestCatalog({ baseUrl, auth, fetch: rfetch, warehouse: wh });
const cfg = await other.loadConfig();
assert.ok(Array.isArray(cfg.endpoints) && cfg.endpoints.length > 0, "endpoints listed");
assert.equal(cfg.overrides.prefix, wh);
const ns2 = { namespace: [`jswh_${tag}`] };
await other.createNamespace(ns2);
assert.ok(records.some((r) => r.path.startsWith(`/iceberg/v1/${wh}/namespaces`)), "prefix used");
assert.equal(await catalog.namespaceExists(ns2), false, "another catalog's namespace");
await other.dropNamespace(ns2);
step("warehouse -> prefix");

const { problems, covered } = checkAll(records);
for (const p of problems) console.error(`openapi: ${p}`);
assert.equal(problems.length, 0, `${problems.length} answers do not match the OpenAPI document`);
step(`${records.length} answers valid against the OpenAPI document (${covered.length} routes/statuses)`);
console.log("iceberg-js: ok");
