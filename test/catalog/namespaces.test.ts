import { describe, expect, it } from 'vitest';
import { freshCatalog, writeMetadata } from './support.js';

describe('namespaces', () => {
  it('creates with properties, or with exists=true as pyiceberg does', () => {
    const { catalog } = freshCatalog();
    catalog.createNamespace(['bronze']);
    catalog.createNamespace(['gold', 'marts'], { owner: 'analytics', comment: 'marts' });
    expect(catalog.loadNamespaceProperties(['bronze'])).toEqual({ exists: 'true' });
    expect(catalog.loadNamespaceProperties(['gold', 'marts'])).toEqual({
      owner: 'analytics',
      comment: 'marts',
    });
    const rows = catalog.db
      .prepare(
        'SELECT catalog_name, namespace, property_key, property_value FROM iceberg_namespace_properties ORDER BY 2, 3',
      )
      .raw()
      .all();
    expect(rows).toEqual([
      ['ldp', 'bronze', 'exists', 'true'],
      ['ldp', 'gold.marts', 'comment', 'marts'],
      ['ldp', 'gold.marts', 'owner', 'analytics'],
    ]);
    expect(() => catalog.createNamespace(['bronze'])).toThrowError(
      /namespace bronze already exists in catalog 'ldp'/,
    );
  });

  it('lists one level like pyiceberg, or every namespace at full depth', () => {
    const { catalog } = freshCatalog();
    catalog.createNamespace(['gold', 'marts']);
    catalog.createNamespace(['gold', 'finance', 'daily']);
    catalog.createNamespace(['silver']);
    expect(catalog.listNamespaces()).toEqual([['gold'], ['silver']]);
    expect(catalog.listNamespaces(['gold'])).toEqual([
      ['gold', 'finance'],
      ['gold', 'marts'],
    ]);
    expect(catalog.listAllNamespaces()).toEqual([
      ['gold', 'finance', 'daily'],
      ['gold', 'marts'],
      ['silver'],
    ]);
    expect(catalog.namespaceExists(['gold'])).toBe(true);
    expect(catalog.namespaceExists(['gol'])).toBe(false);
    expect(() => catalog.listNamespaces(['nowhere'])).toThrowError(/namespace nowhere does not exist/);
    // An implicit parent may still get properties of its own.
    catalog.createNamespace(['gold'], { tier: 'business' });
    expect(catalog.loadNamespaceProperties(['gold'])).toEqual({ tier: 'business' });
  });

  it('updates and removes properties, and reports what changed', () => {
    const { catalog } = freshCatalog();
    catalog.createNamespace(['s'], { a: '1', b: '2' });
    expect(
      catalog.updateNamespaceProperties(['s'], { updates: { b: '3', c: '4' }, removals: ['a', 'zz'] }),
    ).toEqual({
      updated: ['b', 'c'],
      removed: ['a'],
      missing: ['zz'],
    });
    expect(catalog.loadNamespaceProperties(['s'])).toEqual({ b: '3', c: '4' });
    expect(() =>
      catalog.updateNamespaceProperties(['s'], { updates: { b: 'x' }, removals: ['b'] }),
    ).toThrowError(/properties b are both updated and removed/);
    catalog.updateNamespaceProperties(['s'], { removals: ['b', 'c'] });
    expect(catalog.loadNamespaceProperties(['s'])).toEqual({ exists: 'true' });
    expect(() => catalog.updateNamespaceProperties(['t'], { updates: { a: '1' } })).toThrowError(
      /namespace t does not exist/,
    );
  });

  it('drops only empty namespaces, with a clear error otherwise', () => {
    const { dir, catalog } = freshCatalog();
    const t = { namespace: ['bronze'], name: 'trips' };
    catalog.registerTable(t, writeMetadata(dir, t));
    catalog.upsertView({ namespace: ['bronze'], name: 'v', sql: 'SELECT 1', columns: [] });
    expect(() => catalog.dropNamespace(['bronze'])).toThrowError(
      /namespace bronze is not empty: it holds trips, v \(view\)/,
    );
    catalog.dropTable(t);
    expect(() => catalog.dropNamespace(['bronze'])).toThrowError(expect.objectContaining({ code: 'LDP505' }));
    catalog.dropView({ namespace: ['bronze'], name: 'v' });
    catalog.dropNamespace(['bronze']);
    expect(catalog.listAllNamespaces()).toEqual([]);
    expect(() => catalog.dropNamespace(['bronze'])).toThrowError(/namespace bronze does not exist/);
  });

  it('refuses namespace levels that could not be split back', () => {
    const { catalog } = freshCatalog();
    expect(() => catalog.createNamespace(['a.b'])).toThrowError(
      /invalid namespace level 'a.b': it contains a dot/,
    );
    expect(() => catalog.createNamespace([])).toThrowError(expect.objectContaining({ code: 'LDP540' }));
    expect(() => catalog.createNamespace(['a', ''])).toThrowError(/it is empty/);
  });
});
