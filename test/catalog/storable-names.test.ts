import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { LdpError } from '../../src/errors/index.js';
import { freshCatalog, writeMetadata } from './support.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof LdpError) return error.code;
    throw error;
  }
  return undefined;
}

describe('names the catalog stores', () => {
  it('registers names with quotes and spaces, and refuses ones that cannot be stored without a row', () => {
    const { dir, catalog } = freshCatalog();
    const odd = { namespace: [`sch"ema ' x`], name: `ta"ble ' y` };
    catalog.registerTable(odd, writeMetadata(dir, odd));
    expect(catalog.loadTable(odd).identifier).toEqual(odd);
    const nested = { namespace: ['silver'], name: 'x/y' };
    expect(
      codeOf(() => catalog.registerTable(nested, `file://${dir}/silver/x/y/metadata/0.metadata.json`)),
    ).toBe('LDP540');
    expect(
      codeOf(() =>
        catalog.upsertView({ namespace: ['silver'], name: 'a\u0000b', sql: 'select 1', columns: [] }),
      ),
    ).toBe('LDP540');
    expect(codeOf(() => catalog.createNamespace(['..']))).toBe('LDP540');
    expect(catalog.listAllTables().map((t) => t.identifier)).toEqual([odd]);
    catalog.close();
  });

  it('still reads and drops a row another tool wrote with a name ldp would not write', () => {
    const { dir, catalog } = freshCatalog();
    const plain = { namespace: ['silver'], name: 'plain' };
    catalog.registerTable(plain, writeMetadata(dir, plain));
    catalog.close();
    const db = new Database(join(dir, 'catalog.db'));
    db.prepare("UPDATE iceberg_tables SET table_name = 'x/y' WHERE table_name = 'plain'").run();
    db.close();
    const reopened = openCatalog({ warehousePath: dir });
    const foreign = { namespace: ['silver'], name: 'x/y' };
    expect(reopened.tableExists(foreign)).toBe(true);
    reopened.dropTable(foreign);
    expect(reopened.listAllTables()).toEqual([]);
    reopened.close();
  });
});
