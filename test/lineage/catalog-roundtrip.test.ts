import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnLineageEdge as CatalogColumnEdge, LineageGraph } from '../../src/catalog/index.js';
import {
  type ColumnLineageEdge,
  ColumnLineageTracer,
  columnLineageEdges,
  type OutputColumnLineage,
  queryLineage,
  type UpstreamRelation,
} from '../../src/lineage/index.js';
import { freshCatalog } from '../catalog/support.js';

const SOURCE = 'source.taxi.raw.trips';
const STAGING = 'model.taxi.stg_trips';
const ZONES = 'model.taxi.zones';
const FACT = 'model.taxi.fct_trips';

const raw: UpstreamRelation = {
  nodeId: SOURCE,
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'fare_amount', type: 'DOUBLE' },
    { name: 'pickup_zone', type: 'INTEGER' },
  ],
};
const zones: UpstreamRelation = {
  nodeId: ZONES,
  columns: [
    { name: 'zone_id', type: 'INTEGER' },
    { name: 'borough', type: 'VARCHAR' },
  ],
};

describe('traced lineage stored in the catalog and queried back', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });

  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  it('answers column questions across two models', async () => {
    const tracer = await ColumnLineageTracer.create(conn);
    const staging = await tracer.trace({
      sql: 'select id as trip_id, fare_amount * 1.0 as fare, pickup_zone from "raw"."trips" where fare_amount > 0',
      relations: { 'raw.trips': raw },
    });
    if (staging.status !== 'traced') throw new Error(staging.reason);
    const stagingRelation: UpstreamRelation = {
      nodeId: STAGING,
      columns: staging.columns.map((c) => ({ name: c.name, type: 'UNKNOWN' })),
    };
    const fact = await tracer.trace({
      sql: `select s.trip_id, s.fare, z.borough
            from "silver"."stg_trips" s left join "silver"."zones" z on z.zone_id = s.pickup_zone`,
      relations: { 'silver.stg_trips': stagingRelation, 'silver.zones': zones },
    });
    const columnEdges: CatalogColumnEdge[] = [
      ...columnLineageEdges(STAGING, staging),
      ...columnLineageEdges(FACT, fact),
    ];
    const { catalog } = freshCatalog();
    try {
      catalog.replaceLineage(graphOf(staging.columns, fact, columnEdges), { mode: 'full' });
      const stored = catalog.readLineage();
      const upstream = queryLineage(stored, { node: 'fct_trips', column: 'fare', direction: 'upstream' });
      expect(upstream.links).toEqual([
        { from: `${STAGING}.fare`, to: `${FACT}.fare`, kind: 'copy' },
        { from: `${STAGING}.pickup_zone`, to: `${FACT}.fare`, kind: 'join' },
        { from: `${ZONES}.zone_id`, to: `${FACT}.fare`, kind: 'join' },
        { from: `${SOURCE}.fare_amount`, to: `${STAGING}.fare`, kind: 'transform' },
        { from: `${SOURCE}.fare_amount`, to: `${STAGING}.pickup_zone`, kind: 'filter' },
        { from: `${SOURCE}.pickup_zone`, to: `${STAGING}.pickup_zone`, kind: 'copy' },
      ]);
      const downstream = queryLineage(stored, { node: SOURCE, column: 'id', direction: 'downstream' });
      expect(downstream.vertices.map((v) => v.key)).toEqual([
        `${FACT}.trip_id`,
        `${STAGING}.trip_id`,
        `${SOURCE}.id`,
      ]);
    } finally {
      catalog.close();
    }
  });

  it('leaves out placeholders of stars it could not expand, keeping certain sources', async () => {
    const tracer = await ColumnLineageTracer.create(conn);
    const result = await tracer.trace({
      sql: `select r.*, t.id from read_parquet('x.parquet') r join "raw"."trips" t on t.id = r.id`,
      relations: { 'raw.trips': raw },
    });
    expect(columnLineageEdges(FACT, result)).toEqual<ColumnLineageEdge[]>([
      { childId: FACT, childColumn: 'id', parentId: SOURCE, parentColumn: 'id', kind: 'copy' },
    ]);
    expect(columnLineageEdges(FACT, { status: 'failed', reason: 'x' })).toEqual([]);
  });
});

function graphOf(
  stagingColumns: readonly OutputColumnLineage[],
  fact: Awaited<ReturnType<ColumnLineageTracer['trace']>>,
  columnEdges: CatalogColumnEdge[],
): LineageGraph {
  const factColumns = fact.status === 'traced' ? fact.columns : [];
  return {
    nodes: [
      { uniqueId: SOURCE, resourceType: 'source', name: 'trips' },
      { uniqueId: ZONES, resourceType: 'model', name: 'zones', layer: 'silver' },
      { uniqueId: STAGING, resourceType: 'model', name: 'stg_trips', layer: 'silver' },
      { uniqueId: FACT, resourceType: 'model', name: 'fct_trips', layer: 'gold' },
    ],
    edges: [
      { parentId: SOURCE, childId: STAGING },
      { parentId: STAGING, childId: FACT },
      { parentId: ZONES, childId: FACT },
    ],
    columns: [
      ...stagingColumns.map((c, ordinal) => ({ uniqueId: STAGING, name: c.name, ordinal })),
      ...factColumns.map((c, ordinal) => ({ uniqueId: FACT, name: c.name, ordinal })),
    ],
    columnEdges,
  };
}
