import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';

// sql-parser-cst's BigQuery dialect: a GoogleSQL grammar (DDL with OPTIONS, MERGE, scripting)
// that refuses DuckDB's spellings. Every golden statement ldp emits for BigQuery must parse.

const GOLDEN = join(import.meta.dirname, '../../fixtures/bigquery-golden');

function parsesAsGoogleSql(sql: string): void {
  parse(sql, { dialect: 'bigquery', includeComments: true });
}

describe('GoogleSQL grammar', () => {
  it('refuses what only DuckDB reads, so a pass means something', () => {
    for (const sql of [
      'select x::integer from t',
      'select count(*) filter (where a) from t',
      'select 1 from "s"."t"',
    ])
      expect(() => parsesAsGoogleSql(sql), sql).toThrow();
  });

  it.each(readdirSync(GOLDEN).filter((file) => file !== 'example-project.sql'))('%s parses', (file) => {
    parsesAsGoogleSql(readFileSync(join(GOLDEN, file), 'utf8'));
  });

  it('every node of the example project, compiled for BigQuery, parses', () => {
    const nodes = readFileSync(join(GOLDEN, 'example-project.sql'), 'utf8').split(
      /\n(?=-- (?:model|test|snapshot|unit_test)\.)/,
    );
    expect(nodes.length).toBeGreaterThan(20);
    for (const node of nodes) expect(() => parsesAsGoogleSql(node), node.split('\n')[0]).not.toThrow();
  });
});
