import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { type CatalogEntry, catalogExport } from '../../../src/api/index.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { openTable } from '../../../src/iceberg/index.js';
import { execute } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';
import { SHOP_FILES } from './fixture.js';

const PRICES = 'select 1.50::decimal(18,2) as price, \'say "hi", then go\' as "label, quoted"\n';

function tableFacts(root: string, namespace: string, name: string) {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    const table = openTable(catalog, { namespace: [namespace], name })!;
    return {
      size: Number(table.currentSnapshot!.summary['total-files-size']),
      updated: new Date(table.metadata['last-updated-ms']).toISOString(),
    };
  } finally {
    catalog.close();
  }
}

async function readCsvWithDuckDb(path: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(
      `select * from read_csv('${path}', header = true, all_varchar = true) order by namespace, name`,
    );
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    instance.closeSync();
  }
}

describe('ldp catalog export', () => {
  it('writes every table and view as CSV that a CSV reader reads back, and as JSON', async () => {
    const root = tempProject({ ...SHOP_FILES, 'models/gold/prices.sql': PRICES });
    await execute('build', root);
    await execute('run', root, { select: ['prices'] });

    const csvPath = join(root, 'catalog.csv');
    const csv = await catalogExport({ ...isolated(root), format: 'csv', outputFile: csvPath });
    const text = readFileSync(csvPath, 'utf8');
    expect(text).toBe(csv.text);
    const prices = tableFacts(root, 'gold', 'prices');
    expect(text.split('\r\n')).toEqual([
      'namespace,name,kind,layer,model,columns,row_count,size_bytes,snapshot_count,last_updated_at',
      expect.stringMatching(/^bronze,bronze_orders,table,bronze,model\.shop\.bronze_orders,/),
      expect.stringMatching(/^bronze,customers,table,bronze,seed\.shop\.customers,/),
      'gold,customer_revenue,view,gold,model.shop.customer_revenue,customer_name:VARCHAR; revenue:DOUBLE; orders:BIGINT,,,0,' +
        csv.entries.find((e) => e.name === 'customer_revenue')!.lastUpdatedAt,
      `gold,prices,table,gold,model.shop.prices,"price:DECIMAL(18,2); label, quoted:VARCHAR",1,${prices.size},2,${prices.updated}`,
      expect.stringMatching(/^silver,silver_orders,table,silver,/),
      '',
    ]);
    const rows = await readCsvWithDuckDb(csvPath);
    expect(rows.map((r) => `${r['namespace']}.${r['name']}`)).toEqual([
      'bronze.bronze_orders',
      'bronze.customers',
      'gold.customer_revenue',
      'gold.prices',
      'silver.silver_orders',
    ]);
    expect(rows[3]).toMatchObject({
      columns: 'price:DECIMAL(18,2); label, quoted:VARCHAR',
      snapshot_count: '2',
    });
    expect(rows[4]).toMatchObject({ row_count: '3', layer: 'silver' });

    const json = await catalogExport({ ...isolated(root), format: 'json' });
    const entries = JSON.parse(json.text) as CatalogEntry[];
    expect(entries).toEqual(csv.entries);
    expect(entries.find((e) => e.name === 'silver_orders')).toEqual({
      namespace: 'silver',
      name: 'silver_orders',
      kind: 'table',
      layer: 'silver',
      model: 'model.shop.silver_orders',
      columns: [
        { name: 'order_id', type: 'BIGINT' },
        { name: 'customer_id', type: 'BIGINT' },
        { name: 'customer_name', type: 'VARCHAR' },
        { name: 'amount', type: 'DOUBLE' },
      ],
      rowCount: 3,
      sizeBytes: tableFacts(root, 'silver', 'silver_orders').size,
      snapshotCount: 1,
      lastUpdatedAt: tableFacts(root, 'silver', 'silver_orders').updated,
    });
  });

  it('says to run first when the warehouse has no catalog', async () => {
    const root = tempProject(SHOP_FILES);
    await expect(catalogExport({ ...isolated(root), format: 'csv' })).rejects.toMatchObject({
      code: 'LDP716',
      hint: expect.stringContaining('ldp run'),
    });
  });
});
