// seed_flow.mjs -- the engine side of the seed article's flow, with DuckDB (@duckdb/node-api):
// `write DIR ROWS` generates the article's raw orders, cleans them as its Glue job does and
// writes them to DIR as Parquet partitioned by order_date; `query REQUEST.json` runs the
// article's Athena query over a view silver_db.orders built from the Parquet files the request
// names.  Prints one JSON object on stdout; exits 1 with the error on stderr.
//
//   node seed_flow.mjs write /data/orders 4000
//       -> {"rows": N, "partitions": ["2024-12-20", ...]}
//   node seed_flow.mjs query req.json   req: {"files": [...], "hive_types": {"order_date": "DATE"},
//                                             "sql": "SELECT ..."}
//       -> {"rows": [[...], ...]}
import { DuckDBInstance } from '@duckdb/node-api';

// The article's bronze rows, deterministic: order ids repeat (duplicates), some customers and
// amounts are missing or not positive (dropped by the cleaning).  Amounts are multiples of 1/8
// so sums are exact in binary floating point, whatever order an engine adds them in.
const RAW = (rows) => `
  CREATE TABLE bronze AS
  SELECT 'o' || (i % ${Math.floor(rows * 0.95)})::VARCHAR AS order_id,
         CASE WHEN i % 53 = 0 THEN NULL ELSE 'c' || (i % 211)::VARCHAR END AS customer_id,
         CASE WHEN i % 47 = 0 THEN NULL
              WHEN i % 61 = 0 THEN '-1'
              ELSE ((i * 7919 % 4000) / 8.0 + 1)::VARCHAR END AS amount,
         (1 + i * 31 % 5)::VARCHAR AS quantity,
         strftime(DATE '2024-12-20' + (i % 22)::INTEGER, '%Y-%m-%d') AS order_date,
         ['NEW', 'PAID', 'SHIPPED', 'RETURNED'][1 + i % 4] AS status
  FROM range(${rows}) t(i)`;

// The article's glue_job.py, in SQL: dropna, dropDuplicates(order_id), amount > 0, casts,
// gross_amount = quantity * amount, processed_at.
const SILVER = `
  CREATE TABLE silver AS
  SELECT order_id, customer_id, amount, quantity, order_date, status,
         quantity * amount AS gross_amount, TIMESTAMP '2025-01-15 06:00:00' AS processed_at
  FROM (SELECT order_id, customer_id, CAST(amount AS DOUBLE) AS amount,
               CAST(quantity AS INTEGER) AS quantity, CAST(order_date AS DATE) AS order_date,
               status,
               row_number() OVER (PARTITION BY order_id ORDER BY order_date, amount) AS n
        FROM bronze
        WHERE order_id IS NOT NULL AND customer_id IS NOT NULL AND amount IS NOT NULL)
  WHERE n = 1 AND amount > 0`;

const sqlString = (s) => "'" + String(s).replace(/'/g, "''") + "'";

async function main(argv) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  if (argv[0] === 'write' && argv.length === 3) {
    const rows = Number.parseInt(argv[2], 10);
    if (!(rows > 0 && rows <= 1000000)) throw new Error('ROWS must be 1..1000000');
    await con.run(RAW(rows));
    await con.run(SILVER);
    await con.run(`COPY silver TO ${sqlString(argv[1])}
                   (FORMAT PARQUET, PARTITION_BY (order_date), OVERWRITE_OR_IGNORE)`);
    const n = (await con.runAndReadAll('SELECT count(*)::INTEGER FROM silver')).getRowsJson();
    const parts = (await con.runAndReadAll(
      "SELECT DISTINCT strftime(order_date, '%Y-%m-%d') AS d FROM silver ORDER BY d")).getRowsJson();
    return { rows: n[0][0], partitions: parts.map((r) => r[0]) };
  }
  if (argv[0] === 'query' && argv.length === 2) {
    const fs = await import('node:fs');
    const req = JSON.parse(fs.readFileSync(argv[1], 'utf8'));
    if (!Array.isArray(req.files) || req.files.length === 0) throw new Error('no files to read');
    const types = Object.entries(req.hive_types || {})
      .map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ');
    await con.run('CREATE SCHEMA silver_db');
    await con.run(`CREATE VIEW silver_db.orders AS SELECT * FROM read_parquet(
                     [${req.files.map(sqlString).join(', ')}],
                     hive_partitioning = true, hive_types = {${types}})`);
    return { rows: (await con.runAndReadAll(req.sql)).getRowsJson() };
  }
  throw new Error('usage: seed_flow.mjs write DIR ROWS | query REQUEST.json');
}

main(process.argv.slice(2)).then(
  (out) => { process.stdout.write(JSON.stringify(out) + '\n'); },
  (e) => { process.stderr.write(`seed_flow: ${e.message}\n`); process.exitCode = 1; });
