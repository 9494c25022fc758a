// Child process for the crash test: writes data files for a commit, reports, then waits to be killed.
import { DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '../../../src/catalog/index.js';
import { IcebergTable } from '../../../src/iceberg/index.js';
import { defaultSpec } from '../../../src/iceberg/snapshot-writer.js';
import { writeDataFiles } from '../../../src/iceberg/write-data.js';

const [warehouse] = process.argv.slice(2) as [string];
const catalog = openCatalog({ path: `${warehouse}/catalog.db`, warehousePath: warehouse });
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const table = IcebergTable.load(catalog, { namespace: ['race'], name: 't' })!;
const files = await writeDataFiles({
  conn,
  sql: 'SELECT range::INTEGER AS v FROM range(1000)',
  schema: table.schema,
  spec: defaultSpec(table.metadata),
  tableLocation: table.metadata.location,
});
process.stdout.write(`${JSON.stringify(files.map((f) => f.filePath))}\n`);
await new Promise(() => {});
