/**
 * Lineage benchmark: (1) column lineage of a realistic model (CTEs, joins, a star over 30
 * columns, aggregates, a window) per model, on one connection; (2) an upstream column query and
 * its text rendering over a stored graph of 10,000 models in ten layers. Run alone: `npx tsx bench/lineage.ts`.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import {
  ColumnLineageTracer,
  type LineageGraphInput,
  queryLineage,
  renderLineage,
  type UpstreamRelation,
} from '../src/lineage/index.js';
import { type BenchLine, median, printLines } from './support/measure.js';

const WIDE: UpstreamRelation = {
  nodeId: 'source.bench.raw.events',
  columns: Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, type: 'INTEGER' })),
};
const DIM: UpstreamRelation = {
  nodeId: 'model.bench.dim',
  columns: [
    { name: 'id', type: 'INTEGER' },
    { name: 'label', type: 'VARCHAR' },
  ],
};

const modelSql = (i: number) => `
with base as (
  select * exclude (c29) from "raw"."events" where c1 > ${i}
),
joined as (
  select b.*, d.label from base b left join "silver"."dim" d on d.id = b.c2
),
ranked as (
  select *, row_number() over (partition by c3 order by c4 desc) as rn from joined
)
select c0, label, c5 + c6 as total, sum(c7) as s7, count(*) as n, max(rn) as top
from ranked
where rn <= 10
group by all
having count(*) > 1`;

export async function runLineageBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const models = options.quick ? 200 : 1000;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const tracer = await ColumnLineageTracer.create(conn);
    const relations = { 'raw.events': WIDE, 'silver.dim': DIM };
    const started = performance.now();
    for (let i = 0; i < models; i++) {
      const result = await tracer.trace({ sql: modelSql(i), relations });
      if (result.status !== 'traced') throw new Error(result.reason);
    }
    const perModel = (performance.now() - started) / models;
    const graph = layeredGraph(10_000);
    const samples: number[] = [];
    for (let run = 0; run < 5; run++) {
      const t = performance.now();
      renderLineage(queryLineage(graph, { node: 'm9999', column: 'c0', direction: 'upstream' }), 'text');
      samples.push(performance.now() - t);
    }
    return [
      { name: `column lineage of one model (${models} models)`, value: perModel, unit: 'ms' },
      { name: 'upstream column query + text tree, 10,000 models', value: median(samples), unit: 'ms' },
    ];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Ten layers of models; each reads three of the layer before (so m9999 reaches most of them). */
function layeredGraph(n: number): LineageGraphInput {
  const width = n / 10;
  const ids = Array.from({ length: n }, (_, i) => `model.bench.m${i}`);
  const parentsOf = (i: number) =>
    i < width
      ? []
      : [0, 1, 2].map((k) => ids[((i - width + k * 37) % width) + (Math.floor(i / width) - 1) * width]!);
  const edges = ids.flatMap((childId, i) => parentsOf(i).map((parentId) => ({ parentId, childId })));
  return {
    nodes: ids.map((uniqueId, i) => ({ uniqueId, resourceType: 'model', name: `m${i}` })),
    edges,
    columns: ids.flatMap((uniqueId) => [
      { uniqueId, name: 'c0', ordinal: 0 },
      { uniqueId, name: 'c1', ordinal: 1 },
    ]),
    columnEdges: edges.flatMap(({ parentId, childId }) => [
      { childId, childColumn: 'c0', parentId, parentColumn: 'c0', kind: 'transform' as const },
      { childId, childColumn: 'c0', parentId, parentColumn: 'c1', kind: 'filter' as const },
    ]),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printLines('Lineage', await runLineageBench({ quick: process.argv.includes('--quick') }));
}
