import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, openCatalog } from '../../src/catalog/index.js';

const FIXTURE_DB = resolve(import.meta.dirname, '../../../shared/fixtures/pyiceberg-warehouse/catalog.db');

function tableColumns(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  const out: Record<string, unknown[]> = {};
  for (const table of ['iceberg_tables', 'iceberg_namespace_properties']) {
    out[table] = db
      .prepare(`PRAGMA table_info(${table})`)
      .all()
      .map((c) => {
        const col = c as { name: string; type: string; notnull: number; pk: number };
        return [col.name, col.type, col.notnull, col.pk];
      });
  }
  db.close();
  return out;
}

function freshCatalog(name?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-cat-'));
  return {
    dir,
    catalog: openCatalog({
      path: join(dir, 'catalog.db'),
      warehousePath: dir,
      ...(name ? { catalogName: name } : {}),
    }),
  };
}

describe('SQLite catalog', () => {
  it('has exactly the tables pyiceberg SqlCatalog creates', () => {
    const { dir, catalog } = freshCatalog();
    catalog.close();
    expect(tableColumns(join(dir, 'catalog.db'))).toEqual(tableColumns(FIXTURE_DB));
  });

  it('opens a catalog pyiceberg wrote, read-only, by its catalog name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldp-cat-'));
    copyFileSync(FIXTURE_DB, join(dir, 'catalog.db'));
    const catalog = openCatalog({
      path: join(dir, 'catalog.db'),
      warehousePath: dir,
      catalogName: 'default',
      readOnly: true,
    });
    expect(catalog.listTables(['bronze']).map((t) => t.name)).toEqual(['trips_history', 'trips_partitioned']);
    expect(catalog.currentMetadataLocation({ namespace: ['bronze'], name: 'trips_history' })).toMatch(
      /00003-.*\.metadata\.json$/,
    );
    expect(catalog.listTables(['bronze']).length).toBe(2);
    catalog.close();
    const raw = new Database(join(dir, 'catalog.db'), { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'iceberg_namespace_properties' }, { name: 'iceberg_tables' }]);
    raw.close();
  });

  it('creates namespaces with properties (or exists=true), lists and drops them', () => {
    const { catalog } = freshCatalog();
    catalog.createNamespace(['bronze']);
    catalog.createNamespace(['gold', 'marts'], { owner: 'analytics' });
    expect(catalog.namespaceProperties(['bronze'])).toEqual({ exists: 'true' });
    expect(catalog.namespaceProperties(['gold', 'marts'])).toEqual({ owner: 'analytics' });
    expect(catalog.listNamespaces()).toEqual([['bronze'], ['gold', 'marts']]);
    catalog.registerTable({ namespace: ['bronze'], name: 't' }, 'file:///x/00000-a.metadata.json');
    expect(() => catalog.dropNamespace(['bronze'])).toThrowError(/namespace bronze is not empty/);
    catalog.dropNamespace(['gold', 'marts']);
    expect(catalog.listNamespaces()).toEqual([['bronze']]);
  });

  it('registers, renames and drops tables, refusing duplicates', () => {
    const { catalog } = freshCatalog('warehouse_a');
    const t = { namespace: ['silver'], name: 'orders' };
    catalog.registerTable(t, 'file:///w/silver/orders/metadata/00000-a.metadata.json');
    expect(() => catalog.registerTable(t, 'file:///other')).toThrowError(
      /already exists in catalog 'warehouse_a'/,
    );
    catalog.createNamespace(['gold']);
    catalog.renameTable(t, { namespace: ['gold'], name: 'orders_v2' });
    expect(catalog.listTables(['gold'])).toEqual([{ namespace: ['gold'], name: 'orders_v2' }]);
    expect(() => catalog.renameTable(t, { namespace: ['nowhere'], name: 'x' })).toThrowError(
      /namespace nowhere does not exist/,
    );
    expect(catalog.dropTable({ namespace: ['gold'], name: 'orders_v2' })).toBe(true);
    expect(catalog.listAllTables()).toEqual([]);
  });

  it('commits by compare-and-swap: a stale expected location changes nothing', () => {
    const { dir, catalog } = freshCatalog();
    const t = { namespace: ['s'], name: 't' };
    catalog.registerTable(t, 'file:///v0');
    const second = openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir });
    expect(catalog.swapMetadataLocation(t, 'file:///v0', 'file:///v1')).toBe(true);
    expect(second.swapMetadataLocation(t, 'file:///v0', 'file:///v1-other')).toBe(false);
    expect(second.currentMetadataLocation(t)).toBe('file:///v1');
    const row = catalog.db.prepare('SELECT previous_metadata_location AS p FROM iceberg_tables').get() as {
      p: string;
    };
    expect(row.p).toBe('file:///v0');
  });

  it('versions its own tables: fresh files migrate, newer files are refused', () => {
    const { dir, catalog } = freshCatalog();
    const versions = catalog.db.prepare('SELECT version FROM ldp_schema_version').all();
    expect(versions).toEqual([{ version: LATEST_VERSION }]);
    catalog.close();
    const reopened = openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir });
    expect(reopened.db.prepare('SELECT count(*) AS n FROM ldp_schema_version').get()).toEqual({ n: 1 });
    reopened.db.prepare("INSERT INTO ldp_schema_version VALUES (?, 'future', 'now')").run(LATEST_VERSION + 1);
    reopened.close();
    expect(() => openCatalog({ path: join(dir, 'catalog.db'), warehousePath: dir })).toThrowError(
      /newer than this ldp understands/,
    );
  });
});
