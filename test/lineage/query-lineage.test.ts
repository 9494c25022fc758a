import { describe, expect, it } from 'vitest';
import { LdpError } from '../../src/errors/index.js';
import { type LineageSubgraph, queryLineage } from '../../src/lineage/index.js';
import { TAXI_GRAPH } from './support.js';

const distances = (subgraph: LineageSubgraph) =>
  Object.fromEntries(subgraph.vertices.map((v) => [v.key, v.distance]));

function thrown(action: () => unknown): LdpError {
  try {
    action();
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an LdpError');
}

describe('table lineage queries', () => {
  it('follows parents all the way upstream', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'model.taxi.fct_trips', direction: 'upstream' });
    expect(result.level).toBe('table');
    expect(result.root).toBe('model.taxi.fct_trips');
    expect(distances(result)).toEqual({
      'model.taxi.fct_trips': 0,
      'model.taxi.stg_trips': 1,
      'model.taxi.zones': 1,
      'seed.taxi.payment_types': 1,
      'source.taxi.raw.trips': 2,
    });
    expect(result.links).toEqual([
      { from: 'model.taxi.stg_trips', to: 'model.taxi.fct_trips' },
      { from: 'model.taxi.zones', to: 'model.taxi.fct_trips' },
      { from: 'seed.taxi.payment_types', to: 'model.taxi.fct_trips' },
      { from: 'source.taxi.raw.trips', to: 'model.taxi.stg_trips' },
    ]);
    expect(result.vertices.find((v) => v.key === 'model.taxi.zones')?.node?.layer).toBe('silver');
  });

  it('stops at the given depth', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'fct_trips', direction: 'upstream', depth: 1 });
    expect(Object.keys(distances(result))).not.toContain('source.taxi.raw.trips');
    expect(result.links).toHaveLength(3);
    expect(result.depth).toBe(1);
    const alone = queryLineage(TAXI_GRAPH, { node: 'fct_trips', direction: 'both', depth: 0 });
    expect(alone.vertices.map((v) => v.key)).toEqual(['model.taxi.fct_trips']);
    expect(alone.links).toEqual([]);
  });

  it('follows children downstream, keeping the shortest distance of a vertex reached twice', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'model.taxi.fct_trips', direction: 'downstream' });
    expect(distances(result)).toEqual({
      'exposure.taxi.dashboard': 1,
      'model.taxi.daily_revenue': 1,
      'model.taxi.fct_trips': 0,
    });
    expect(result.links).toEqual([
      { from: 'model.taxi.daily_revenue', to: 'exposure.taxi.dashboard' },
      { from: 'model.taxi.fct_trips', to: 'exposure.taxi.dashboard' },
      { from: 'model.taxi.fct_trips', to: 'model.taxi.daily_revenue' },
    ]);
  });

  it('goes both ways', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'stg_trips', direction: 'both' });
    expect(Object.keys(distances(result))).toEqual([
      'exposure.taxi.dashboard',
      'model.taxi.daily_revenue',
      'model.taxi.fct_trips',
      'model.taxi.stg_trips',
      'source.taxi.raw.trips',
    ]);
  });
});

describe('column lineage queries', () => {
  it('follows a column upstream through copies, transforms, aggregates and influences', () => {
    const result = queryLineage(TAXI_GRAPH, {
      node: 'daily_revenue',
      column: 'REVENUE',
      direction: 'upstream',
    });
    expect(result.level).toBe('column');
    expect(result.root).toBe('model.taxi.daily_revenue.revenue');
    expect(distances(result)).toEqual({
      'model.taxi.daily_revenue.revenue': 0,
      'model.taxi.fct_trips.fare': 1,
      'model.taxi.stg_trips.fare': 2,
      'model.taxi.zones.zone_id': 2,
      'source.taxi.raw.trips.fare_amount': 3,
    });
    expect(result.links).toEqual([
      { from: 'model.taxi.fct_trips.fare', to: 'model.taxi.daily_revenue.revenue', kind: 'aggregate' },
      { from: 'model.taxi.stg_trips.fare', to: 'model.taxi.fct_trips.fare', kind: 'copy' },
      { from: 'model.taxi.zones.zone_id', to: 'model.taxi.fct_trips.fare', kind: 'join' },
      { from: 'source.taxi.raw.trips.fare_amount', to: 'model.taxi.stg_trips.fare', kind: 'transform' },
    ]);
    const source = result.vertices.find((v) => v.nodeId === 'source.taxi.raw.trips');
    expect(source).toMatchObject({ column: 'fare_amount', node: { resourceType: 'source' } });
  });

  it('follows a source column downstream to every column it reaches', () => {
    const result = queryLineage(TAXI_GRAPH, {
      node: 'source.taxi.raw.trips',
      column: 'fare_amount',
      direction: 'downstream',
      depth: 2,
    });
    expect(distances(result)).toEqual({
      'model.taxi.fct_trips.fare': 2,
      'model.taxi.fct_trips.trip_id': 2,
      'model.taxi.stg_trips.fare': 1,
      'model.taxi.stg_trips.trip_id': 1,
      'source.taxi.raw.trips.fare_amount': 0,
    });
    expect(result.links).toEqual([
      { from: 'model.taxi.stg_trips.fare', to: 'model.taxi.fct_trips.fare', kind: 'copy' },
      { from: 'model.taxi.stg_trips.trip_id', to: 'model.taxi.fct_trips.trip_id', kind: 'copy' },
      { from: 'source.taxi.raw.trips.fare_amount', to: 'model.taxi.stg_trips.fare', kind: 'transform' },
      { from: 'source.taxi.raw.trips.fare_amount', to: 'model.taxi.stg_trips.trip_id', kind: 'filter' },
    ]);
  });
});

describe('lineage query errors', () => {
  it('suggests a close name for an unknown node', () => {
    const error = thrown(() => queryLineage(TAXI_GRAPH, { node: 'fct_trip', direction: 'upstream' }));
    expect(error.code).toBe('LDP710');
    expect(error.message).toContain("'fct_trip'");
    expect(error.hint).toBe("Did you mean 'fct_trips'?");
  });

  it('says how to record lineage when none is stored', () => {
    const empty = { nodes: [], edges: [], columns: [], columnEdges: [] };
    const error = thrown(() => queryLineage(empty, { node: 'trips', direction: 'upstream' }));
    expect(error.hint).toContain('ldp run');
  });

  it('asks for the unique id when a name is ambiguous', () => {
    const graph = {
      ...TAXI_GRAPH,
      nodes: [...TAXI_GRAPH.nodes, { uniqueId: 'model.taxi.trips', resourceType: 'model', name: 'trips' }],
    };
    const error = thrown(() => queryLineage(graph, { node: 'trips', direction: 'upstream' }));
    expect(error.code).toBe('LDP711');
    expect(error.message).toContain('model.taxi.trips, source.taxi.raw.trips');
  });

  it('rejects an unknown column with the close one', () => {
    const error = thrown(() =>
      queryLineage(TAXI_GRAPH, { node: 'fct_trips', column: 'fares', direction: 'upstream' }),
    );
    expect(error.code).toBe('LDP712');
    expect(error.hint).toBe("Did you mean 'fare'?");
  });

  it('rejects a negative or fractional depth', () => {
    for (const depth of [-1, 1.5]) {
      const error = thrown(() =>
        queryLineage(TAXI_GRAPH, { node: 'fct_trips', direction: 'upstream', depth }),
      );
      expect(error.code).toBe('LDP713');
    }
  });
});
