import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnLineageTracer } from '../../src/lineage/index.js';
import { nameExpressions } from '../../src/lineage/sql/expression-names.js';
import { parseSql } from '../../src/lineage/sql/parse-sql.js';
import type { AstNode } from '../../src/lineage/trace/ast.js';
import type { TraceInput } from '../../src/lineage/trace/context.js';
import { traceQueryNode } from '../../src/lineage/trace/trace-query.js';

const relations = {
  'silver.zones': {
    nodeId: 'model.taxi.zones',
    columns: [
      { name: 'zone_id', type: 'INTEGER' },
      { name: 'borough', type: 'VARCHAR' },
    ],
  },
};

const input: TraceInput = {
  relations: new Map(Object.entries(relations)),
  ephemerals: new Map(),
  ephemeralMode: 'point',
  aggregates: new Set(['sum']),
  expressionNames: new Map(),
};

describe('parse trees ldp does not know', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let tracer: ColumnLineageTracer;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    tracer = await ColumnLineageTracer.create(conn);
  });

  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function tree(sql: string): Promise<AstNode> {
    const parsed = await parseSql(conn, sql);
    if (parsed.kind !== 'parsed') throw new Error(parsed.reason);
    return parsed.query;
  }

  it('reports an unknown expression class on its column and traces the others', async () => {
    const query = await tree('select zone_id, upper(borough) as b from "silver"."zones"');
    const selectList = query['select_list'] as Record<string, unknown>[];
    selectList[1] = { ...selectList[1], class: 'FUTURE_EXPRESSION', type: 'FUTURE_EXPRESSION' };
    const shape = traceQueryNode(query, { input, ctes: new Map() });
    expect(shape.columns[0]).toMatchObject({ kind: 'column', name: 'zone_id', trace: { gaps: [] } });
    expect(shape.columns[1]).toMatchObject({
      kind: 'column',
      name: 'b',
      trace: { gaps: ['expressions of type FUTURE_EXPRESSION are not traced'] },
    });
  });

  it('reports an unknown query node as columns that cannot be listed', async () => {
    const query = { ...(await tree('select 1')), type: 'FUTURE_NODE' };
    const shape = traceQueryNode(query, { input, ctes: new Map() });
    expect(shape.columns).toEqual([
      { kind: 'unknown', label: '*', reason: 'queries of type FUTURE_NODE are not traced' },
    ]);
  });

  it('reports an unknown FROM item and keeps the known columns of a join', async () => {
    const query = await tree('select z.zone_id, x.v from "silver"."zones" z cross join "silver"."zones" x');
    const join = query['from_table'] as Record<string, unknown>;
    join['right'] = { type: 'FUTURE_TABLE_REF', alias: 'x' };
    const shape = traceQueryNode(query, { input, ctes: new Map() });
    expect(shape.columns[0]).toMatchObject({ name: 'zone_id', trace: { gaps: [] } });
    expect(shape.columns[1]).toMatchObject({
      name: 'v',
      trace: { gaps: ['FUTURE_TABLE_REF in FROM is not traced'] },
    });
  });

  it('tolerates missing and mistyped fields', async () => {
    const query = await tree('select sum(zone_id) over (partition by borough) as s from "silver"."zones"');
    const window = (query['select_list'] as Record<string, unknown>[])[0]!;
    window['partitions'] = 'not a list';
    delete window['children'];
    const shape = traceQueryNode(query, { input, ctes: new Map() });
    expect(shape.columns).toEqual([{ kind: 'column', name: 's', trace: { sources: new Map(), gaps: [] } }]);
  });

  it('names the expressions DuckDB can print even when one cannot be printed', async () => {
    const query = await tree('select zone_id + 1, upper(borough) from "silver"."zones"');
    const selectList = query['select_list'] as Record<string, unknown>[];
    selectList[1] = { ...selectList[1], class: 'FUTURE_EXPRESSION', type: 'FUTURE_EXPRESSION' };
    const names = await nameExpressions(conn, query);
    expect(names.get(selectList[0]!)).toBe('(zone_id + 1)');
    expect(names.has(selectList[1]!)).toBe(false);
    const shape = traceQueryNode(query, { input: { ...input, expressionNames: names }, ctes: new Map() });
    expect(shape.columns[1]).toMatchObject({
      name: '#FUTURE_EXPRESSION',
      trace: {
        gaps: [
          'expressions of type FUTURE_EXPRESSION are not traced',
          'DuckDB could not name this expression',
        ],
      },
    });
  });

  it.each([
    'select * from range(10)',
    'values (1, 2)',
    'from "silver"."zones"',
    'select unnest([1, 2])',
    'select * from "silver"."zones" tablesample 10%',
    'with x as materialized (select 1) select * from x',
    'summarize "silver"."zones"',
    "select * from 'file.csv'",
    'select * from (select 1 as a) union by name (select 2 as b)',
    'select [x * 2 for x in [zone_id]] from "silver"."zones"',
    'select a from unnest([1, 2]) t(a)',
    'select * from "silver"."zones" unpivot (v for k in (borough))',
    'select * from "silver"."zones" positional join "silver"."zones" z2',
    'select * from "silver"."zones" z semi join "silver"."zones" y on y.zone_id = z.zone_id',
    'select #9 from "silver"."zones"',
    'select struct_pack(*) from "silver"."zones"',
    'pivot "silver"."zones" on borough using count(*)',
    '',
    '-- only a comment',
  ])('traces or refuses %j without throwing', async (sql) => {
    const result = await tracer.trace({ sql, relations });
    if (result.status === 'failed') expect(result.reason).not.toBe('');
    else for (const column of result.columns) if (!column.traced) expect(column.reason).not.toBe('');
  });
});
