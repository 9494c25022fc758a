import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { icebergRead } from 'icebird';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { generateTaxiData } from '../../../src/demo/index.js';
import { openTable } from '../../../src/iceberg/index.js';
import { withFileFetch } from '../../iceberg/icebird-fetch.js';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', '..', 'example_project');

let root: string;
let firstBuild: Awaited<ReturnType<typeof execute>>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ldp-example-'));
  cpSync(EXAMPLE, root, { recursive: true, filter: (path) => !/[/\\](target|warehouse|data)$/.test(path) });
  await generateTaxiData({ outDir: join(root, 'data'), months: ['2023-01'], rowsPerMonth: 20_000 });
  firstBuild = await execute('build', root);
});

describe('the example project (NYC taxi lakehouse)', () => {
  it('builds bronze, silver and gold with every test passing', () => {
    const failed = firstBuild.results.filter((r) => !['success', 'pass'].includes(r.status));
    expect(failed.map((r) => `${r.uniqueId}: ${r.status} ${r.message ?? ''}`)).toEqual([]);
    expect(statuses(firstBuild)).toMatchObject({
      bronze_trips: 'success',
      silver_trips: 'success',
      gold_daily_revenue_by_borough: 'success',
      gold_payment_mix: 'success',
    });
  });

  it('keeps gold consistent with silver, and bronze with the raw files', async () => {
    const [bronze] = await tableRows(root, 'bronze.bronze_trips', { columns: 'count(*) AS n' });
    expect(bronze).toEqual({ n: '20000' });
    const [silver] = await tableRows(root, 'silver.silver_trips', {
      columns: 'count(*) AS n, round(sum(total_amount), 2) AS revenue',
    });
    const [gold] = await tableRows(root, 'gold.gold_daily_revenue_by_borough', {
      columns: 'sum(trips) AS n, round(sum(revenue), 2) AS revenue',
    });
    expect(gold!['n']).toBe(silver!['n']);
    expect(Number(gold!['revenue'])).toBeCloseTo(Number(silver!['revenue']), 0);
    expect(Number(silver!['n'])).toBeLessThan(20_000);
  });

  it('loads only new monthly files on the next run (bronze is incremental by file)', async () => {
    await generateTaxiData({ outDir: join(root, 'data'), months: ['2023-02'], rowsPerMonth: 5_000 });
    const second = await execute('run', root, { select: ['bronze_trips'] });
    expect(second.results[0]!.rowsAffected).toBe(5_000);
    const [bronze] = await tableRows(root, 'bronze.bronze_trips', { columns: 'count(*) AS n' });
    expect(bronze).toEqual({ n: '25000' });
  });

  it('writes tables an independent Iceberg reader (icebird) reads exactly as DuckDB does', async () => {
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      const tables = catalog.listAllTables();
      expect(tables.length).toBeGreaterThanOrEqual(6);
      for (const { identifier } of tables) {
        const table = openTable(catalog, identifier)!;
        const name = `${identifier.namespace.join('.')}.${identifier.name}`;
        const [duck] = await tableRows(root, name, { columns: 'count(*) AS n' });
        // icebird cannot read a table without data files (an audit table of a passing test).
        if (Number(duck!['n']) === 0) continue;
        const metadataFileName = table.metadataLocation.split('/').pop()!;
        const tableUrl = table.metadata.location;
        const rows = (await withFileFetch(() => icebergRead({ tableUrl, metadataFileName }))) as Record<
          string,
          unknown
        >[];
        expect(rows.length, name).toBe(Number(duck!['n']));
        const first = table.schema.fields[0]!.name;
        const fromIcebird = rows.map((r) => String(r[first] ?? null)).sort();
        const fromDuckDb = (await tableRows(root, name, { columns: `"${first}"::VARCHAR AS v` }))
          .map((r) => String(r['v'] ?? null))
          .sort();
        if (!/timestamp|date/.test(JSON.stringify(table.schema.fields[0]!.type))) {
          expect(fromIcebird, name).toEqual(fromDuckDb);
        }
      }
    } finally {
      catalog.close();
    }
  });
});
