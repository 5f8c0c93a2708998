// validate.mjs -- Iceberg REST answers checked against the official OpenAPI document's schemas.
//
//   node validate.mjs RECORDS.json [--coverage OUT.json]
//
// RECORDS.json: an array of {"method", "path" (as sent, e.g. "/iceberg/v1/namespaces/a%1Fb"),
// "status", "contentType", "body" (the answer's text)}.  Each is matched to the document's route
// (with or without the optional {prefix} segment), its status to that route's declared responses
// (the exact code, then 4XX/5XX, then default: an undeclared status is a problem), and its body
// to the response's application/json schema with ajv (JSON Schema 2020-12, as OpenAPI 3.1; the
// document's OpenAPI-3.0 "nullable: true" becomes a "null" type first).  A response without
// content must come without a body.  Exit 0 when every record passes, 1 with one line per problem.
// --coverage writes the [method, route, status] triples seen.  Also imported by iceberg_js.mjs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import yaml from "js-yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SPEC = process.env.ICEBERG_OPENAPI ??
    path.join(here, "..", "..", "..", "..", "shared", "reference", "iceberg",
              "rest-catalog-open-api.yaml");
const ID = "https://iceberg.apache.org/rest-catalog-open-api.json";

// OpenAPI 3.0's nullable (still used in places of the 3.1 document) as JSON Schema: null allowed.
function denull(node) {
    if (Array.isArray(node)) return node.map(denull);
    if (node === null || typeof node !== "object") return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = denull(v);
    if (out.nullable === true) {
        delete out.nullable;
        if (typeof out.type === "string") out.type = [out.type, "null"];
        else if (Array.isArray(out.type)) out.type = [...new Set([...out.type, "null"])];
        else return { anyOf: [out, { type: "null" }] };
        if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    }
    return out;
}

let cached;
export function load(file = SPEC) {
    if (cached) return cached;
    const doc = denull(yaml.load(fs.readFileSync(file, "utf8")));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false,
                              validateSchema: false });
    ajv.addSchema({ ...doc, $id: ID }, ID);
    const routes = [];
    for (const [tmpl, item] of Object.entries(doc.paths)) {
        const segs = tmpl.split("/").filter(Boolean);
        const bare = segs.filter((s) => s !== "{prefix}");
        // prefix-less first: catalogd's clients mostly send none
        if (bare.length !== segs.length) routes.push({ tmpl, segs: bare, item });
        routes.push({ tmpl, segs, item });
    }
    cached = { doc, ajv, routes, validators: new Map() };
    return cached;
}

function match(routes, method, rawPath) {
    let p = rawPath.split("?")[0];
    if (p.startsWith("/iceberg/")) p = p.slice("/iceberg".length);
    const segs = p.split("/").filter(Boolean);
    for (const r of routes) {
        if (r.segs.length !== segs.length || !r.item[method]) continue;
        if (r.segs.every((s, i) => (s.startsWith("{") ? segs[i] !== "" : s === segs[i])))
            return r;
    }
    return null;
}

function deref(doc, obj) {
    for (let i = 0; obj && obj.$ref && i < 10; i++) {
        const parts = obj.$ref.replace(/^#\//, "").split("/");
        obj = parts.reduce((o, k) => (o ? o[k.replace(/~1/g, "/").replace(/~0/g, "~")] : o), doc);
    }
    return obj;
}

function validator(ctx, key, schema) {
    if (!ctx.validators.has(key)) {
        // a $ref into the document compiles against it; inline schemas may hold $refs too
        const s = schema.$ref ? { $ref: ID + schema.$ref } : rebase(schema);
        ctx.validators.set(key, ctx.ajv.compile(s));
    }
    return ctx.validators.get(key);
}
function rebase(node) {
    if (Array.isArray(node)) return node.map(rebase);
    if (node === null || typeof node !== "object") return node;
    const out = {};
    for (const [k, v] of Object.entries(node))
        out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#") ? ID + v : rebase(v);
    return out;
}

// One problem string per failure ([] when REC is valid); REC as described above.
export function check(rec, ctx = load()) {
    const method = String(rec.method).toLowerCase();
    const where = `${rec.method} ${rec.path} -> ${rec.status}`;
    const r = match(ctx.routes, method, rec.path);
    if (!r) {  // not a route of the document: only an error, in the document's error format
        if (rec.status < 400) return [{ where, problem: "no route of the OpenAPI document matches" }];
        let value;
        try {
            value = JSON.parse(rec.body ?? "");
        } catch (e) {
            return [{ where, problem: `error body is not JSON (${e.message})` }];
        }
        const v = validator(ctx, "unrouted", { $ref: "#/components/schemas/IcebergErrorResponse" });
        return v(value) ? [] : [{ where, problem: `not an IcebergErrorResponse: ${(rec.body ?? "").slice(0, 300)}` }];
    }
    const op = r.item[method];
    const st = String(rec.status);
    const decl = op.responses[st] ?? op.responses[`${st[0]}XX`] ?? op.responses.default;
    const triple = [rec.method.toUpperCase(), r.tmpl, rec.status];
    if (!decl) return [{ where, triple, problem: `status ${st} is not declared for ${method.toUpperCase()} ${r.tmpl} ` +
                       `(declared: ${Object.keys(op.responses).join(", ")})` }];
    const resp = deref(ctx.doc, decl);
    const content = resp.content?.["application/json"];
    const body = rec.body ?? "";
    if (!content) {
        if (body.length && method !== "head")
            return [{ where, triple, problem: `declared without content, but a body came: ${body.slice(0, 200)}` }];
        return [{ triple }];
    }
    if (method === "head") return [{ triple }];  // HEAD answers carry no body
    if (!/^application\/json\b/.test(rec.contentType ?? ""))
        return [{ where, triple, problem: `Content-Type ${rec.contentType} is not application/json` }];
    let value;
    try {
        value = JSON.parse(body);
    } catch (e) {
        return [{ where, triple, problem: `body is not JSON (${e.message}): ${body.slice(0, 200)}` }];
    }
    // The document's view routes (and UnsupportedOperationResponse) name ErrorModel itself as the
    // error schema, while their own examples, the other routes and every client use the wrapper
    // {"error": ErrorModel}: the wrapper is what is checked there.
    const schema = content.schema.$ref === "#/components/schemas/ErrorModel"
        ? { $ref: "#/components/schemas/IcebergErrorResponse" } : content.schema;
    const v = validator(ctx, `${r.tmpl} ${method} ${st}`, schema);
    if (v(value)) return [{ triple }];
    const errs = v.errors.slice(0, 8).map((e) => `${e.instancePath || "/"} ${e.message}` +
        (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""));
    return [{ where, triple, problem: `schema ${schema.$ref ?? "(inline)"}: ${errs.join("; ")}` +
              ` -- body: ${body.slice(0, 300)}` }];
}

// {problems: [strings], covered: [[method, route, status]...]} for an array of records.
export function checkAll(records) {
    const ctx = load();
    const problems = [];
    const covered = new Map();
    for (const rec of records) {
        for (const out of check(rec, ctx)) {
            if (out.triple) covered.set(out.triple.join(" "), out.triple);
            if (out.problem) problems.push(`${out.where}: ${out.problem}`);
        }
    }
    return { problems, covered: [...covered.values()] };
}

// A fetch for iceberg-js that records every answer (the body read once, handed back intact).
export function recordingFetch(records) {
    return async (url, init = {}) => {
        const res = await fetch(url, init);
        const text = res.status === 304 ? "" : await res.text();
        const u = new URL(url);
        records.push({ method: init.method ?? "GET", path: u.pathname + u.search,
                       status: res.status, contentType: res.headers.get("content-type"), body: text });
        return new Response(res.status === 204 || res.status === 304 ? null : text,
                            { status: res.status, statusText: res.statusText, headers: res.headers });
    };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const args = process.argv.slice(2);
    const file = args[0];
    const ci = args.indexOf("--coverage");
    if (!file) {
        console.error("usage: node validate.mjs RECORDS.json [--coverage OUT.json]");
        process.exit(2);
    }
    const records = JSON.parse(fs.readFileSync(file, "utf8"));
    const { problems, covered } = checkAll(records);
    if (ci >= 0) fs.writeFileSync(args[ci + 1], JSON.stringify(covered));
    for (const p of problems) console.error(`openapi: ${p}`);
    console.log(`openapi: ${records.length} answers, ${covered.length} (method, route, status) ` +
                `triples, ${problems.length} problems`);
    process.exit(problems.length ? 1 : 0);
}
