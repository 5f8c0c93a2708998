// check.mjs -- openapi.yaml checked by a real OpenAPI 3 validator (make openapi-check).
// @apidevtools/swagger-parser validates the document against the OpenAPI 3.x JSON schema and
// resolves every $ref; the few rules the schema cannot express (unique operationIds, path
// parameters declared) are checked here too.  Exit 0 when valid, 1 with the reasons.
import SwaggerParser from "@apidevtools/swagger-parser";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.join(here, "..", "..", "..", "openapi.yaml");
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let api;
try {
    api = await SwaggerParser.validate(file);
} catch (e) {
    console.error(`openapi-check: ${file}: ${e.message}`);
    process.exit(1);
}
const problems = [];
const ids = new Map();
for (const [route, item] of Object.entries(api.paths ?? {})) {
    const inPath = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${method.toUpperCase()} ${route}`;
        if (op.operationId !== undefined) {
            if (ids.has(op.operationId))
                problems.push(`operationId ${op.operationId} of ${where} is also ${ids.get(op.operationId)}'s`);
            else ids.set(op.operationId, where);
        }
        const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])]
            .filter((p) => p.in === "path").map((p) => p.name);
        for (const name of inPath)
            if (!declared.includes(name)) problems.push(`${where}: path parameter {${name}} not declared`);
        for (const name of declared)
            if (!inPath.includes(name)) problems.push(`${where}: parameter ${name} is not in the path`);
    }
}
if (problems.length) {
    for (const p of problems) console.error(`openapi-check: ${p}`);
    process.exit(1);
}
console.log(`openapi-check: ${path.basename(file)} is valid OpenAPI ${api.openapi}: ` +
    `${Object.keys(api.paths).length} paths, ${ids.size} operations`);
