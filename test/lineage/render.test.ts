import { describe, expect, it } from 'vitest';
import {
  LINEAGE_FORMATS,
  type LineageSubgraph,
  queryLineage,
  renderLineage,
} from '../../src/lineage/index.js';
import { TAXI_GRAPH } from './support.js';

const upstreamOfFact = queryLineage(TAXI_GRAPH, { node: 'fct_trips', direction: 'upstream', depth: 1 });
const revenueColumn = queryLineage(TAXI_GRAPH, {
  node: 'daily_revenue',
  column: 'revenue',
  direction: 'upstream',
});

describe('text tree', () => {
  it('draws parents as branches, with resource type and layer', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'fct_trips', direction: 'upstream' });
    expect(renderLineage(result, 'text')).toBe(
      [
        'fct_trips (model, gold)',
        '├── stg_trips (model, silver)',
        '│   └── raw.trips (source)',
        '├── zones (model, silver)',
        '└── payment_types (seed, bronze)',
        '',
      ].join('\n'),
    );
  });

  it('shows both directions as two branches', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'fct_trips', direction: 'both' });
    expect(renderLineage(result, 'text')).toBe(
      [
        'fct_trips (model, gold)',
        '├── upstream',
        '│   ├── stg_trips (model, silver)',
        '│   │   └── raw.trips (source)',
        '│   ├── zones (model, silver)',
        '│   └── payment_types (seed, bronze)',
        '└── downstream',
        '    ├── dashboard (exposure)',
        '    └── daily_revenue (model, gold)',
        '        └── dashboard (exposure)',
        '',
      ].join('\n'),
    );
  });

  it('prints a subtree reached twice only once', () => {
    const result = queryLineage(TAXI_GRAPH, { node: 'dashboard', direction: 'upstream' });
    expect(renderLineage(result, 'text')).toBe(
      [
        'dashboard (exposure)',
        '├── daily_revenue (model, gold)',
        '│   └── fct_trips (model, gold)',
        '│       ├── stg_trips (model, silver)',
        '│       │   └── raw.trips (source)',
        '│       ├── zones (model, silver)',
        '│       └── payment_types (seed, bronze)',
        '└── fct_trips (model, gold) (see above)',
        '',
      ].join('\n'),
    );
  });

  it('labels column links with their kind', () => {
    expect(renderLineage(revenueColumn, 'text')).toBe(
      [
        'daily_revenue.revenue (model, gold)',
        '└── [aggregate] fct_trips.fare (model, gold)',
        '    ├── [copy] stg_trips.fare (model, silver)',
        '    │   └── [transform] raw.trips.fare_amount (source)',
        '    └── [join] zones.zone_id (model, silver)',
        '',
      ].join('\n'),
    );
  });
});

describe('graph formats', () => {
  it('writes Graphviz DOT with the queried node in bold', () => {
    expect(renderLineage(upstreamOfFact, 'dot')).toBe(
      [
        'digraph lineage {',
        '  rankdir=LR;',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  "model.taxi.fct_trips" [label="fct_trips\\nmodel, gold", style="rounded,bold"];',
        '  "model.taxi.stg_trips" [label="stg_trips\\nmodel, silver"];',
        '  "model.taxi.zones" [label="zones\\nmodel, silver"];',
        '  "seed.taxi.payment_types" [label="payment_types\\nseed, bronze"];',
        '  "model.taxi.stg_trips" -> "model.taxi.fct_trips";',
        '  "model.taxi.zones" -> "model.taxi.fct_trips";',
        '  "seed.taxi.payment_types" -> "model.taxi.fct_trips";',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('groups columns per node in DOT clusters and dashes influences', () => {
    const dot = renderLineage(revenueColumn, 'dot');
    expect(dot).toContain(
      [
        '  subgraph "cluster_1" {',
        '    label="fct_trips (model, gold)";',
        '    "model.taxi.fct_trips.fare" [label="fare"];',
        '  }',
      ].join('\n'),
    );
    expect(dot).toContain(
      '"model.taxi.zones.zone_id" -> "model.taxi.fct_trips.fare" [label="join", style=dashed];',
    );
    expect(dot).toContain(
      '"model.taxi.fct_trips.fare" -> "model.taxi.daily_revenue.revenue" [label="aggregate"];',
    );
    expect(dot).toContain('"model.taxi.daily_revenue.revenue" [label="revenue", style="rounded,bold"];');
  });

  it('escapes quotes and backslashes in DOT names', () => {
    const odd: LineageSubgraph = {
      level: 'table',
      direction: 'upstream',
      root: 'model.p.a"b',
      vertices: [
        {
          key: 'model.p.a"b',
          nodeId: 'model.p.a"b',
          node: { uniqueId: 'model.p.a"b', resourceType: 'model', name: 'a"b\\c' },
          distance: 0,
        },
      ],
      links: [],
    };
    expect(renderLineage(odd, 'dot')).toContain(
      '"model.p.a\\"b" [label="a\\"b\\\\c\\nmodel", style="rounded,bold"];',
    );
    expect(renderLineage(odd, 'mermaid')).toContain('n0["a#quot;b\\c<br/>model"]');
  });

  it('writes a Mermaid flowchart with safe ids', () => {
    expect(renderLineage(upstreamOfFact, 'mermaid')).toBe(
      [
        'flowchart LR',
        '  n0["fct_trips<br/>model, gold"]',
        '  n1["stg_trips<br/>model, silver"]',
        '  n2["zones<br/>model, silver"]',
        '  n3["payment_types<br/>seed, bronze"]',
        '  n1 --> n0',
        '  n2 --> n0',
        '  n3 --> n0',
        '  classDef root stroke-width:3px',
        '  class n0 root',
        '',
      ].join('\n'),
    );
  });

  it('puts column lineage in Mermaid subgraphs with labelled, dotted influence links', () => {
    const mermaid = renderLineage(revenueColumn, 'mermaid');
    expect(mermaid).toContain('  subgraph s3["zones (model, silver)"]\n    n3["zone_id"]\n  end');
    expect(mermaid).toContain('  n3 -.->|join| n1');
    expect(mermaid).toContain('  n1 -->|aggregate| n0');
  });

  it('writes JSON that reads back as the subgraph', () => {
    expect(JSON.parse(renderLineage(revenueColumn, 'json'))).toEqual(revenueColumn);
  });

  it('renders the same query identically every time', () => {
    for (const format of LINEAGE_FORMATS) {
      const again = queryLineage(TAXI_GRAPH, {
        node: 'daily_revenue',
        column: 'revenue',
        direction: 'upstream',
      });
      expect(renderLineage(again, format)).toBe(renderLineage(revenueColumn, format));
    }
  });
});
