// Child process for the race tests: waits for the start signal, then appends rows to a table.
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '../../../src/catalog/index.js';
import { IcebergTable } from '../../../src/iceberg/index.js';

const [warehouse, startFile, offset, rounds] = process.argv.slice(2) as [string, string, string, string];
const catalog = openCatalog({ path: `${warehouse}/catalog.db`, warehousePath: warehouse });
const conn = await (await DuckDBInstance.create(':memory:')).connect();
while (!existsSync(startFile)) await new Promise((done) => setTimeout(done, 5));
for (let round = 0; round < Number(rounds); round++) {
  const table = IcebergTable.load(catalog, { namespace: ['race'], name: 't' })!;
  await table.append(conn, `SELECT (${Number(offset) + round * 100} + range)::INTEGER AS v FROM range(10)`);
}
catalog.close();
