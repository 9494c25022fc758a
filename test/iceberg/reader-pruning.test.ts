import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { openTable } from '../../src/iceberg/index.js';
import { runCli } from '../support/run-cli.js';
import { localPath, planScan } from './spec-planner.js';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'example_project');
const DAY_MICROS = 86_400_000_000n;

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ldp-reader-pruning-'));
  cpSync(EXAMPLE, root, { recursive: true, filter: (path) => !/[/\\](target|warehouse|data)$/.test(path) });
  // As `npm run example` builds it, with fewer rows.
  for (const args of [
    ['demo', '--project-dir', root, '--rows', '20000'],
    ['build', '--project-dir', root],
  ]) {
    const result = runCli(args, root);
    expect(result.code, result.stderr).toBe(0);
  }
}, 180_000);

describe('a filtered scan planned by another reader', () => {
  it('finds every matching row of each partitioned table of the example project', async () => {
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run("SET TimeZone = 'UTC'");
    const count = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRowObjectsJson()[0]!['n']);
    const checked: string[] = [];
    try {
      for (const { identifier } of catalog.listAllTables()) {
        const table = openTable(catalog, identifier);
        if (!table) continue;
        const spec = table.metadata['partition-specs'].find(
          (s) => s['spec-id'] === table.metadata['default-spec-id'],
        )!;
        const ldpSql = table.scan().sql;
        for (const field of spec.fields) {
          const column = table.schema.fields.find((f) => f.id === field['source-id'])!;
          const quoted = `"${column.name}"`;
          // One whole day: the day of the median value, so the filter matches many rows.
          const [day] = (
            await conn.runAndReadAll(
              `SELECT epoch_us(date_trunc('day', quantile_disc(${quoted}, 0.5)::TIMESTAMP))::VARCHAR AS us FROM (${ldpSql})`,
            )
          ).getRowObjectsJson();
          const low = BigInt(String(day!['us']));
          const high = low + DAY_MICROS - 1n;
          const where = `epoch_us(${quoted}) BETWEEN ${low} AND ${high}`;
          const expected = await count(`SELECT count(*) AS n FROM (${ldpSql}) WHERE ${where}`);
          const plan = planScan(localPath(table.metadataLocation), { sourceId: column.id, low, high });
          const files = (paths: readonly string[]) =>
            `read_parquet([${paths.map((p) => `'${localPath(p)}'`).join(', ')}])`;
          const name = `${identifier.namespace.join('.')}.${identifier.name} ${field.transform}(${column.name})`;
          expect(expected, name).toBeGreaterThan(0);
          expect(await count(`SELECT count(*) AS n FROM ${files(plan.live)} WHERE ${where}`), name).toBe(
            expected,
          );
          const found =
            plan.planned.length === 0
              ? 0
              : await count(`SELECT count(*) AS n FROM ${files(plan.planned)} WHERE ${where}`);
          expect(found, name).toBe(expected);
          checked.push(name);
        }
      }
    } finally {
      conn.closeSync();
      catalog.close();
    }
    expect(checked.sort()).toEqual([
      'bronze.bronze_trips day(tpep_pickup_datetime)',
      'silver.silver_trips month(pickup_at)',
    ]);
  });
});
