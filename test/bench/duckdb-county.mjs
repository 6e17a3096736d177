// The DuckDB side of the benchmark: the same county sums and ratios as `planmetrics compute
// --level county`, written by hand as SQL (test/bench/run.mjs builds it from the plan).
//
//   node duckdb-county.mjs SQL_FILE OUT_CSV          (@duckdb/node-api from BENCH_MODULES)

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const [sqlFile, out] = process.argv.slice(2);
const require = createRequire(join(process.env.BENCH_MODULES, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');
const instance = await DuckDBInstance.create(':memory:', { threads: String(availableParallelism()) });
const connection = await instance.connect();
await connection.run(`COPY (${readFileSync(sqlFile, 'utf8')}) TO '${out.replaceAll("'", "''")}' (HEADER, DELIMITER ',')`);
