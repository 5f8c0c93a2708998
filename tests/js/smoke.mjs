// smoke.mjs -- a second SDK family against catalogd: @aws-sdk/client-glue (JavaScript v3) runs
// databases, tables, partitions, column statistics and functions, and checks the answers.
//   node tests/js/smoke.mjs http://127.0.0.1:PORT      (tests/integ/test_js_sdk.py runs it)
import assert from "node:assert/strict";
import {
  GlueClient, CreateDatabaseCommand, GetDatabasesCommand, CreateTableCommand, GetTableCommand,
  UpdateTableCommand, BatchCreatePartitionCommand, GetPartitionsCommand,
  UpdateColumnStatisticsForPartitionCommand, GetColumnStatisticsForPartitionCommand,
  DeleteColumnStatisticsForPartitionCommand, CreateUserDefinedFunctionCommand,
  GetUserDefinedFunctionsCommand, GetUserDefinedFunctionCommand, DeleteDatabaseCommand,
  EntityNotFoundException, ConcurrentModificationException, paginateGetPartitions,
} from "@aws-sdk/client-glue";

const endpoint = process.argv[2];
const glue = new GlueClient({
  endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: "x", secretAccessKey: "y" },
});
const db = "js_" + process.pid;
const cols = [{ Name: "id", Type: "bigint" }, { Name: "price", Type: "decimal(10,2)" }];

await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: db.toUpperCase() } }));
const dbs = await glue.send(new GetDatabasesCommand({}));
assert.ok(dbs.DatabaseList.some((d) => d.Name === db), "database listed, folded");

await glue.send(new CreateTableCommand({
  DatabaseName: db,
  TableInput: {
    Name: "Orders", TableType: "EXTERNAL_TABLE", Parameters: { classification: "parquet" },
    StorageDescriptor: { Columns: cols, Location: "s3://b/orders/" },
    PartitionKeys: [{ Name: "ds", Type: "string" }],
  },
}));
const t = (await glue.send(new GetTableCommand({ DatabaseName: db, Name: "ORDERS" }))).Table;
assert.equal(t.Name, "orders");
assert.equal(t.VersionId, "0");
assert.ok(t.CreateTime instanceof Date, "timestamps parse as dates");
await glue.send(new UpdateTableCommand({
  DatabaseName: db, VersionId: "0",
  TableInput: { Name: "orders", StorageDescriptor: t.StorageDescriptor,
                PartitionKeys: t.PartitionKeys, Parameters: { v: "1" } },
}));
await assert.rejects(glue.send(new UpdateTableCommand({
  DatabaseName: db, VersionId: "0", TableInput: { Name: "orders" },
})), ConcurrentModificationException);

const parts = Array.from({ length: 120 }, (_, i) => ({
  Values: [`2024-06-${String(i).padStart(3, "0")}`],
  StorageDescriptor: { Columns: cols, Location: `s3://b/orders/ds=${i}/` },
}));
for (let i = 0; i < parts.length; i += 100) {
  const r = await glue.send(new BatchCreatePartitionCommand({
    DatabaseName: db, TableName: "orders", PartitionInputList: parts.slice(i, i + 100) }));
  assert.deepEqual(r.Errors, []);
}
let seen = 0;
for await (const page of paginateGetPartitions({ client: glue, pageSize: 50 },
                                               { DatabaseName: db, TableName: "orders" })) {
  seen += page.Partitions.length;
}
assert.equal(seen, 120, "paginator follows NextToken to the end");

const unscaled = new Uint8Array([0x01, 0x86, 0x9f]);
const stats = [
  { ColumnName: "id", ColumnType: "bigint", AnalyzedTime: new Date(1718822493000),
    StatisticsData: { Type: "LONG", LongColumnStatisticsData: {
      MinimumValue: -5, MaximumValue: 9007199254740991, NumberOfNulls: 0,
      NumberOfDistinctValues: 3 } } },
  { ColumnName: "price", ColumnType: "decimal(10,2)", AnalyzedTime: new Date(1718822493000),
    StatisticsData: { Type: "DECIMAL", DecimalColumnStatisticsData: {
      MaximumValue: { UnscaledValue: unscaled, Scale: 2 }, NumberOfNulls: 1,
      NumberOfDistinctValues: 2 } } },
];
const pv = parts[7].Values;
const up = await glue.send(new UpdateColumnStatisticsForPartitionCommand({
  DatabaseName: db, TableName: "orders", PartitionValues: pv, ColumnStatisticsList: stats }));
assert.deepEqual(up.Errors, []);
let got = await glue.send(new GetColumnStatisticsForPartitionCommand({
  DatabaseName: db, TableName: "orders", PartitionValues: pv, ColumnNames: ["id", "price"] }));
assert.equal(got.ColumnStatisticsList.length, 2);
const byName = Object.fromEntries(got.ColumnStatisticsList.map((s) => [s.ColumnName, s]));
assert.equal(byName.id.StatisticsData.LongColumnStatisticsData.MaximumValue, 9007199254740991);
assert.deepEqual(
  Array.from(byName.price.StatisticsData.DecimalColumnStatisticsData.MaximumValue.UnscaledValue),
  Array.from(unscaled));
assert.equal(byName.id.AnalyzedTime.getTime(), 1718822493000);
await glue.send(new DeleteColumnStatisticsForPartitionCommand({
  DatabaseName: db, TableName: "orders", PartitionValues: pv, ColumnName: "price" }));
got = await glue.send(new GetColumnStatisticsForPartitionCommand({
  DatabaseName: db, TableName: "orders", PartitionValues: pv, ColumnNames: ["price"] }));
assert.equal(got.ColumnStatisticsList.length, 0);
assert.equal(got.Errors[0].Error.ErrorCode, "EntityNotFoundException");

await glue.send(new CreateUserDefinedFunctionCommand({
  DatabaseName: db, FunctionInput: { FunctionName: "Trino__Twice", ClassName: "TrinoFunction",
    OwnerType: "USER", ResourceUris: [{ ResourceType: "FILE", Uri: "body" }] } }));
const fns = await glue.send(new GetUserDefinedFunctionsCommand({
  DatabaseName: db, Pattern: "trino__.*" }));
assert.deepEqual(fns.UserDefinedFunctions.map((f) => f.FunctionName), ["trino__twice"]);
await glue.send(new DeleteDatabaseCommand({ Name: db }));
await assert.rejects(glue.send(new GetUserDefinedFunctionCommand({
  DatabaseName: db, FunctionName: "trino__twice" })), EntityNotFoundException);
console.log("js smoke: ok");
