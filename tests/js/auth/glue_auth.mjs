// glue_auth.mjs -- @aws-sdk/client-glue against a catalogd with --auth-file: the right keys
// work, a wrong secret and an unknown key are refused with AWS's error types, a reader may not
// write.  Usage: node glue_auth.mjs ENDPOINT ADMIN_KEY ADMIN_SECRET READER_KEY READER_SECRET
// Prints one JSON object of results; exit status 0 when every check held.
import { GlueClient, CreateDatabaseCommand, GetDatabasesCommand } from "@aws-sdk/client-glue";

const [endpoint, ak, as, rk, rs] = process.argv.slice(2);
const client = (id, secret) =>
  new GlueClient({ endpoint, region: "us-east-1", maxAttempts: 1,
                   credentials: { accessKeyId: id, secretAccessKey: secret } });
const name = "js_" + Date.now();
const out = {};
const errName = async (fn) => {
  try { await fn(); return "ok"; } catch (e) { return e.name + "/" + e.$metadata?.httpStatusCode; }
};
await client(ak, as).send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } }));
const dbs = await client(rk, rs).send(new GetDatabasesCommand({}));
out.listed = dbs.DatabaseList.some((d) => d.Name === name);
out.wrongSecret = await errName(() => client(ak, "nope").send(new GetDatabasesCommand({})));
out.unknownKey = await errName(() => client("AKIDNOBODY", "x").send(new GetDatabasesCommand({})));
out.readerWrite = await errName(() =>
  client(rk, rs).send(new CreateDatabaseCommand({ DatabaseInput: { Name: name + "_r" } })));
console.log(JSON.stringify(out));
const ok = out.listed && out.wrongSecret === "InvalidSignatureException/400" &&
  out.unknownKey === "UnrecognizedClientException/400" &&
  out.readerWrite === "AccessDeniedException/400";
process.exit(ok ? 0 : 1);
