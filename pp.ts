import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openCatalog } from '/work/main/src/catalog/index.js';
import { IcebergTable } from '/work/main/src/iceberg/index.js';
const dir = '/tmp/pp-table'; 
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const catalog = openCatalog({ path: join(dir, 'c.db'), warehousePath: dir });
if (process.argv[2] === 'setup') {
const t = await IcebergTable.create(catalog, { namespace: ['b'], name: 't' }, { conn, sql: 'SELECT 1::INTEGER AS a, 2::BIGINT AS b, 3.0::DOUBLE AS c' });
const file = (n: number) => ({ content: 0 as const, filePath: `${t.metadata.location}/data/x-${n}.parquet`, fileFormat: 'PARQUET' as const, partition: {}, recordCount: 10, fileSizeInBytes: 100, columnSizes: new Map([[1, 10]]), valueCounts: new Map([[1, 10]]), nullValueCounts: new Map([[1, 0]]), nanValueCounts: new Map(), lowerBounds: new Map([[1, Uint8Array.of(1,0,0,0)]]), upperBounds: new Map([[1, Uint8Array.of(1,0,0,0)]]) });
for (let s = 0; s < 300; s++) t.appendFiles(Array.from({ length: 10 }, (_, f) => file(s * 10 + f)));
} else {
const start = performance.now(); const p = IcebergTable.load(catalog, { namespace: ['b'], name: 't' })!.scan(); console.log(p.files.length, performance.now() - start);
}
