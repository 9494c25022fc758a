import { describe, expect, it } from 'vitest';
import type { LineageGraph } from '../../src/catalog/index.js';
import { freshCatalog } from './support.js';

const clock = () => new Date('2024-05-01T12:00:00.000Z');

const graph: LineageGraph = {
  nodes: [
    { uniqueId: 'source.taxi.raw.trips', resourceType: 'source', name: 'trips' },
    {
      uniqueId: 'model.taxi.stg_trips',
      resourceType: 'model',
      name: 'stg_trips',
      namespace: 'silver',
      tableName: 'stg_trips',
      layer: 'silver',
      filePath: 'models/silver/stg_trips.sql',
      description: 'Typed trips',
      materialization: 'table',
      snapshotId: '9007199254740993123',
      meta: { tags: ['daily'] },
    },
  ],
  edges: [{ parentId: 'source.taxi.raw.trips', childId: 'model.taxi.stg_trips' }],
  columns: [
    { uniqueId: 'model.taxi.stg_trips', name: 'trip_id', dataType: 'BIGINT', ordinal: 0 },
    {
      uniqueId: 'model.taxi.stg_trips',
      name: 'fare',
      dataType: 'DECIMAL(10,2)',
      description: 'USD',
      ordinal: 1,
    },
  ],
  columnEdges: [
    {
      childId: 'model.taxi.stg_trips',
      childColumn: 'fare',
      parentId: 'source.taxi.raw.trips',
      parentColumn: 'fare_amount',
      kind: 'transform',
    },
  ],
};

describe('lineage', () => {
  it('stores and reads back a whole graph', () => {
    const { catalog } = freshCatalog({ clock });
    catalog.replaceLineage(graph, { mode: 'full', runId: 'r1' });
    const stored = catalog.readLineage();
    expect(stored.nodes[0]).toEqual({
      ...graph.nodes[1],
      runId: 'r1',
      updatedAt: '2024-05-01T12:00:00.000Z',
    });
    expect(stored.nodes[1]).toEqual({
      ...graph.nodes[0],
      runId: 'r1',
      updatedAt: '2024-05-01T12:00:00.000Z',
    });
    expect(stored.edges).toEqual([{ ...graph.edges[0], runId: 'r1' }]);
    expect(stored.columns).toEqual(graph.columns);
    expect(stored.columnEdges).toEqual(graph.columnEdges);
  });

  it('says which nodes have stored lineage without reading the graph', () => {
    const { catalog } = freshCatalog({ clock });
    catalog.replaceLineage(graph, { mode: 'full', runId: 'r1' });
    expect(catalog.storedLineageIds(['model.taxi.stg_trips', 'model.taxi.never'])).toEqual(
      new Set(['model.taxi.stg_trips']),
    );
  });

  it('replaces only the given nodes in partial mode, everything in full mode', () => {
    const { catalog } = freshCatalog({ clock });
    catalog.replaceLineage(graph, { mode: 'full' });
    catalog.replaceLineage(
      {
        nodes: [{ uniqueId: 'model.taxi.stg_trips', resourceType: 'model', name: 'stg_trips' }],
        edges: [],
        columns: [{ uniqueId: 'model.taxi.stg_trips', name: 'trip_id', ordinal: 0 }],
        columnEdges: [],
      },
      { mode: 'partial', runId: 'r2' },
    );
    const partial = catalog.readLineage();
    expect(partial.nodes.map((n) => [n.uniqueId, n.runId])).toEqual([
      ['model.taxi.stg_trips', 'r2'],
      ['source.taxi.raw.trips', undefined],
    ]);
    expect(partial.nodes[0]!.description).toBeUndefined();
    expect(partial.edges).toEqual([]);
    expect(partial.columns).toEqual([{ uniqueId: 'model.taxi.stg_trips', name: 'trip_id', ordinal: 0 }]);
    expect(partial.columnEdges).toEqual([]);
    catalog.replaceLineage(
      { nodes: [graph.nodes[0]!], edges: [], columns: [], columnEdges: [] },
      { mode: 'full' },
    );
    expect(catalog.readLineage().nodes.map((n) => n.uniqueId)).toEqual(['source.taxi.raw.trips']);
  });

  it('leaves the stored graph unchanged when a replacement fails half-way', () => {
    const { catalog } = freshCatalog({ clock });
    catalog.replaceLineage(graph, { mode: 'full' });
    const before = catalog.readLineage();
    const bad = { ...graph, columns: [{ uniqueId: 'x', name: 'c', ordinal: null as unknown as number }] };
    expect(() => catalog.replaceLineage(bad, { mode: 'full' })).toThrowError(/NOT NULL/);
    expect(catalog.readLineage()).toEqual(before);
  });
});

describe('views', () => {
  it('keeps view models in ldp_views only, never in iceberg_tables', () => {
    const { catalog } = freshCatalog({ clock });
    const view = {
      namespace: ['gold'],
      name: 'v_trips',
      sql: 'SELECT * FROM silver.stg_trips',
      columns: [{ name: 'trip_id', type: 'BIGINT' }],
      uniqueId: 'model.taxi.v_trips',
    };
    catalog.upsertView(view);
    expect(catalog.loadView({ namespace: ['gold'], name: 'v_trips' })).toEqual({
      ...view,
      updatedAt: '2024-05-01T12:00:00.000Z',
    });
    expect(catalog.db.prepare('SELECT count(*) FROM iceberg_tables').pluck().get()).toBe(0);
    expect(catalog.listTables(['gold'])).toEqual([]);
    catalog.upsertView({ ...view, sql: 'SELECT 2' });
    catalog.upsertView({ namespace: ['silver'], name: 'a', sql: 'SELECT 1', columns: [] });
    expect(catalog.listViews().map((v) => [v.namespace.join('.'), v.name, v.sql])).toEqual([
      ['gold', 'v_trips', 'SELECT 2'],
      ['silver', 'a', 'SELECT 1'],
    ]);
    expect(catalog.listViews(['silver']).map((v) => v.name)).toEqual(['a']);
    expect(catalog.listViewIds()).toEqual([
      { namespace: ['gold'], name: 'v_trips' },
      { namespace: ['silver'], name: 'a' },
    ]);
    catalog.dropView({ namespace: ['silver'], name: 'a' });
    expect(catalog.loadView({ namespace: ['silver'], name: 'a' })).toBeUndefined();
    expect(() => catalog.dropView({ namespace: ['silver'], name: 'a' })).toThrowError(
      /view silver.a does not exist in catalog 'ldp'/,
    );
  });

  it('separates views by catalog name', () => {
    const { dir, catalog } = freshCatalog();
    catalog.upsertView({ namespace: ['gold'], name: 'v', sql: 'SELECT 1', columns: [] });
    catalog.close();
    const other = freshCatalog({ warehousePath: dir, catalogName: 'other' }).catalog;
    expect(other.listViews()).toEqual([]);
  });
});
