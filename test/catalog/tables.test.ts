import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCatalog, tempDir, writeMetadata } from './support.js';

const orders = { namespace: ['silver'], name: 'orders' };

describe('tables', () => {
  it('registers a table (creating its namespace), loads and lists it', () => {
    const { dir, catalog } = freshCatalog({ catalogName: 'warehouse_a' });
    const location = writeMetadata(dir, orders);
    catalog.registerTable(orders, location);
    expect(catalog.currentMetadataLocation(orders)).toBe(location);
    expect(catalog.loadTable(orders)).toEqual({ identifier: orders, metadataLocation: location });
    expect(catalog.tableExists(orders)).toBe(true);
    expect(catalog.listTables(['silver'])).toEqual([orders]);
    expect(catalog.listAllTables()).toEqual([{ identifier: orders, metadataLocation: location }]);
    expect(catalog.loadNamespaceProperties(['silver'])).toEqual({ exists: 'true' });
    const row = catalog.db.prepare('SELECT * FROM iceberg_tables').get();
    expect(row).toEqual({
      catalog_name: 'warehouse_a',
      table_namespace: 'silver',
      table_name: 'orders',
      metadata_location: location,
      previous_metadata_location: null,
      iceberg_type: 'TABLE',
    });
  });

  it('refuses duplicates, missing metadata files and names taken by views', () => {
    const { dir, catalog } = freshCatalog({ catalogName: 'warehouse_a' });
    catalog.registerTable(orders, writeMetadata(dir, orders));
    expect(() => catalog.registerTable(orders, writeMetadata(dir, orders, 1))).toThrowError(
      expect.objectContaining({
        code: 'LDP502',
        message: "table silver.orders already exists in catalog 'warehouse_a'",
      }),
    );
    const missing = { namespace: ['silver'], name: 'ghost' };
    expect(() =>
      catalog.registerTable(missing, `file://${dir}/silver/ghost/metadata/00000-x.metadata.json`),
    ).toThrowError(/its metadata file .* does not exist/);
    catalog.upsertView({ namespace: ['silver'], name: 'v', sql: 'SELECT 1', columns: [] });
    const v = { namespace: ['silver'], name: 'v' };
    expect(() => catalog.registerTable(v, writeMetadata(dir, v))).toThrowError(
      /view silver.v already exists/,
    );
    expect(() => catalog.upsertView({ ...orders, sql: 'SELECT 1', columns: [] })).toThrowError(
      /table silver.orders already exists/,
    );
    expect(catalog.listTables(['silver'])).toEqual([orders]);
  });

  it('loading or dropping a missing table is a clear error', () => {
    const { catalog } = freshCatalog();
    expect(catalog.currentMetadataLocation(orders)).toBeUndefined();
    expect(() => catalog.loadTable(orders)).toThrowError(
      expect.objectContaining({
        code: 'LDP504',
        message: "table silver.orders does not exist in catalog 'ldp'",
      }),
    );
    expect(() => catalog.dropTable(orders)).toThrowError(/does not exist/);
  });

  it('renames within and across namespaces; the target namespace must exist', () => {
    const { dir, catalog } = freshCatalog();
    const location = writeMetadata(dir, orders);
    catalog.registerTable(orders, location);
    catalog.renameTable(orders, { namespace: ['silver'], name: 'orders_v2' });
    expect(catalog.listTables(['silver'])).toEqual([{ namespace: ['silver'], name: 'orders_v2' }]);
    expect(() =>
      catalog.renameTable({ namespace: ['silver'], name: 'orders_v2' }, { namespace: ['gold'], name: 'x' }),
    ).toThrowError(
      expect.objectContaining({ code: 'LDP503', message: "namespace gold does not exist in catalog 'ldp'" }),
    );
    catalog.createNamespace(['gold', 'marts']);
    catalog.renameTable(
      { namespace: ['silver'], name: 'orders_v2' },
      { namespace: ['gold', 'marts'], name: 'orders' },
    );
    expect(catalog.listTables(['silver'])).toEqual([]);
    expect(catalog.loadTable({ namespace: ['gold', 'marts'], name: 'orders' }).metadataLocation).toBe(
      location,
    );
    expect(() => catalog.renameTable(orders, { namespace: ['gold', 'marts'], name: 'y' })).toThrowError(
      /table silver.orders does not exist/,
    );
    const other = { namespace: ['silver'], name: 'other' };
    catalog.registerTable(other, writeMetadata(dir, other));
    expect(() => catalog.renameTable(other, { namespace: ['gold', 'marts'], name: 'orders' })).toThrowError(
      /table gold.marts.orders already exists/,
    );
  });

  it('drops the row only, or purges the table folder inside the warehouse', () => {
    const { dir, catalog } = freshCatalog();
    const kept = { namespace: ['s'], name: 'kept' };
    catalog.registerTable(kept, writeMetadata(dir, kept));
    expect(catalog.dropTable(kept)).toMatchObject({ identifier: kept });
    expect(existsSync(join(dir, 's', 'kept', 'data', 'part-0.parquet'))).toBe(true);
    expect(catalog.tableExists(kept)).toBe(false);

    const purged = { namespace: ['s'], name: 'purged' };
    catalog.registerTable(purged, writeMetadata(dir, purged));
    expect(catalog.dropTable(purged, { purge: true }).purgedLocation).toBe(join(dir, 's', 'purged'));
    expect(existsSync(join(dir, 's', 'purged'))).toBe(false);
    expect(existsSync(join(dir, 's', 'kept'))).toBe(true);

    const called = { namespace: ['s'], name: 'called' };
    catalog.registerTable(called, writeMetadata(dir, called));
    const seen: string[] = [];
    catalog.dropTable(called, { purge: (location) => seen.push(location) });
    expect(seen).toEqual([join(dir, 's', 'called')]);
    expect(catalog.tableExists(called)).toBe(false);
  });

  it('refuses to purge a table whose files live outside the warehouse, and keeps its row', () => {
    const { catalog } = freshCatalog();
    const elsewhere = tempDir();
    const metadata = join(elsewhere, 'metadata', '00000-x.metadata.json');
    mkdirSync(join(elsewhere, 'metadata'));
    writeFileSync(metadata, JSON.stringify({ location: `file://${elsewhere}` }));
    const foreign = { namespace: ['ext'], name: 'foreign' };
    catalog.registerTable(foreign, `file://${metadata}`);
    expect(() => catalog.dropTable(foreign, { purge: true })).toThrowError(
      expect.objectContaining({
        code: 'LDP547',
        message: expect.stringContaining('is outside the warehouse'),
      }),
    );
    expect(catalog.tableExists(foreign)).toBe(true);
    expect(existsSync(metadata)).toBe(true);
  });
});
