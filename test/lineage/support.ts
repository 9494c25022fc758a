import type { LineageGraphInput } from '../../src/lineage/index.js';

/**
 * A small taxi project's stored lineage: a source and a seed feed staging, staging and zones feed
 * a fact table, which feeds a daily mart and a dashboard.
 */
export const TAXI_GRAPH: LineageGraphInput = {
  nodes: [
    { uniqueId: 'exposure.taxi.dashboard', resourceType: 'exposure', name: 'dashboard' },
    { uniqueId: 'model.taxi.daily_revenue', resourceType: 'model', name: 'daily_revenue', layer: 'gold' },
    { uniqueId: 'model.taxi.fct_trips', resourceType: 'model', name: 'fct_trips', layer: 'gold' },
    { uniqueId: 'model.taxi.stg_trips', resourceType: 'model', name: 'stg_trips', layer: 'silver' },
    { uniqueId: 'model.taxi.zones', resourceType: 'model', name: 'zones', layer: 'silver' },
    { uniqueId: 'seed.taxi.payment_types', resourceType: 'seed', name: 'payment_types', layer: 'bronze' },
    { uniqueId: 'source.taxi.raw.trips', resourceType: 'source', name: 'trips' },
  ],
  edges: [
    { parentId: 'source.taxi.raw.trips', childId: 'model.taxi.stg_trips' },
    { parentId: 'model.taxi.stg_trips', childId: 'model.taxi.fct_trips' },
    { parentId: 'model.taxi.zones', childId: 'model.taxi.fct_trips' },
    { parentId: 'seed.taxi.payment_types', childId: 'model.taxi.fct_trips' },
    { parentId: 'model.taxi.fct_trips', childId: 'model.taxi.daily_revenue' },
    { parentId: 'model.taxi.daily_revenue', childId: 'exposure.taxi.dashboard' },
    { parentId: 'model.taxi.fct_trips', childId: 'exposure.taxi.dashboard' },
  ],
  columns: [
    { uniqueId: 'model.taxi.stg_trips', name: 'trip_id', ordinal: 0 },
    { uniqueId: 'model.taxi.stg_trips', name: 'fare', ordinal: 1 },
    { uniqueId: 'model.taxi.fct_trips', name: 'trip_id', ordinal: 0 },
    { uniqueId: 'model.taxi.fct_trips', name: 'fare', ordinal: 1 },
    { uniqueId: 'model.taxi.fct_trips', name: 'borough', ordinal: 2 },
    { uniqueId: 'model.taxi.daily_revenue', name: 'borough', ordinal: 0 },
    { uniqueId: 'model.taxi.daily_revenue', name: 'revenue', ordinal: 1 },
  ],
  columnEdges: [
    col('model.taxi.stg_trips', 'trip_id', 'source.taxi.raw.trips', 'id', 'copy'),
    col('model.taxi.stg_trips', 'fare', 'source.taxi.raw.trips', 'fare_amount', 'transform'),
    col('model.taxi.stg_trips', 'trip_id', 'source.taxi.raw.trips', 'fare_amount', 'filter'),
    col('model.taxi.fct_trips', 'trip_id', 'model.taxi.stg_trips', 'trip_id', 'copy'),
    col('model.taxi.fct_trips', 'fare', 'model.taxi.stg_trips', 'fare', 'copy'),
    col('model.taxi.fct_trips', 'borough', 'model.taxi.zones', 'borough', 'copy'),
    col('model.taxi.fct_trips', 'fare', 'model.taxi.zones', 'zone_id', 'join'),
    col('model.taxi.daily_revenue', 'revenue', 'model.taxi.fct_trips', 'fare', 'aggregate'),
    col('model.taxi.daily_revenue', 'borough', 'model.taxi.fct_trips', 'borough', 'copy'),
  ],
};

function col(
  childId: string,
  childColumn: string,
  parentId: string,
  parentColumn: string,
  kind: 'copy' | 'transform' | 'aggregate' | 'filter' | 'join',
) {
  return { childId, childColumn, parentId, parentColumn, kind } as const;
}
