import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ColumnLineageTracer,
  type EphemeralMode,
  type OutputColumnLineage,
  type UpstreamRelation,
} from '../../src/lineage/index.js';

/**
 * Each `corpus/<case>.sql` has a hand-worked `<case>.json`: the output columns in order, each
 * with its sources written `<alias>.<column> <kind>` (aliases from `relations.json`). Unless the
 * case says otherwise, DuckDB itself checks the query and the output column names.
 */
interface ExpectedCase {
  readonly ephemeralMode?: EphemeralMode;
  /** `names` (default): DuckDB must name the columns alike; `valid`: only run it; `skip`: neither. */
  readonly duckdb?: 'names' | 'valid' | 'skip';
  readonly failed?: string;
  readonly columns?: readonly {
    readonly name: string;
    readonly sources: readonly string[];
    readonly untraced?: string;
    readonly placeholder?: true;
  }[];
}

interface Fixture {
  readonly relations: Record<string, UpstreamRelation & { readonly alias: string }>;
  readonly ephemerals: Record<string, { readonly alias: string; readonly nodeId: string }>;
}

const CORPUS = join(import.meta.dirname, 'corpus');
const read = (file: string) => readFileSync(join(CORPUS, file), 'utf8');
const fixture = JSON.parse(read('relations.json')) as Fixture;
const aliasOf = new Map(
  [...Object.values(fixture.relations), ...Object.values(fixture.ephemerals)].map((r) => [r.nodeId, r.alias]),
);
const ephemerals = Object.fromEntries(Object.entries(fixture.ephemerals).map(([cte, e]) => [cte, e.nodeId]));
const cases = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.slice(0, -'.sql'.length))
  .sort();

describe('column lineage corpus', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let tracer: ColumnLineageTracer;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    await createUpstreamTables(conn);
    tracer = await ColumnLineageTracer.create(conn);
  });

  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (name) => {
    const sql = read(`${name}.sql`);
    const expected = JSON.parse(read(`${name}.json`)) as ExpectedCase;
    const result = await tracer.trace({
      sql,
      relations: fixture.relations,
      ephemerals,
      ephemeralMode: expected.ephemeralMode,
    });
    if (expected.failed !== undefined) {
      expect(result).toEqual({ status: 'failed', reason: expect.stringContaining(expected.failed) });
      return;
    }
    if (result.status !== 'traced') throw new Error(`not traced: ${result.reason}`);
    expect(result.columns.map(readable)).toEqual((expected.columns ?? []).map(wanted));
    const check = expected.duckdb ?? 'names';
    if (check === 'skip') return;
    const names = await describeNames(conn, sql);
    if (check === 'names') expect(result.columns.map((c) => c.name)).toEqual(names);
  });
});

function readable(column: OutputColumnLineage): Record<string, unknown> {
  return {
    name: column.name,
    sources: column.sources.map((s) => `${aliasOf.get(s.nodeId) ?? s.nodeId}.${s.column} ${s.kind}`).sort(),
    ...(column.traced ? {} : { untraced: column.reason }),
    ...(!column.traced && column.placeholder ? { placeholder: true } : {}),
  };
}

function wanted(column: NonNullable<ExpectedCase['columns']>[number]): Record<string, unknown> {
  return {
    name: column.name,
    sources: [...column.sources].sort(),
    ...(column.untraced === undefined ? {} : { untraced: expect.stringContaining(column.untraced) }),
    ...(column.placeholder ? { placeholder: true } : {}),
  };
}

async function createUpstreamTables(conn: DuckDBConnection): Promise<void> {
  for (const [key, relation] of Object.entries(fixture.relations)) {
    const [schema, table] = key.split('.');
    const columns = relation.columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
    await conn.run(
      `CREATE SCHEMA IF NOT EXISTS "${schema}"; CREATE TABLE "${schema}"."${table}" (${columns})`,
    );
  }
}

/** The column names of the query as a relation (a subquery renames repeats, as a created table does). */
async function describeNames(conn: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM (\n${sql}\n)`);
  return reader.getRowObjectsJson().map((row) => String(row['column_name']));
}
