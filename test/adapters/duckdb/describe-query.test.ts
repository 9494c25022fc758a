import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeQuery } from '../../../src/adapters/duckdb/index.js';

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

/** What DuckDB's own `DESCRIBE` says of the query's columns. */
async function described(sql: string) {
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM (\n${sql}\n)`);
  return reader
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

const PRIMITIVES = `SELECT true AS a, 1::TINYINT AS b, 1::SMALLINT AS c, 1 AS d, 1::BIGINT AS e,
  1::UTINYINT AS f, 1::USMALLINT AS g, 1::UINTEGER AS h, 1::UBIGINT AS i, 1::HUGEINT AS j,
  1::UHUGEINT AS k, 1::FLOAT AS l, 1::DOUBLE AS m, 1::DECIMAL(38,10) AS n, 1::DECIMAL(4,1) AS o,
  current_date AS p, TIME '10:00' AS q, TIMETZ '10:00+01' AS r, now()::TIMESTAMP AS s,
  now()::TIMESTAMP_S AS t, now()::TIMESTAMP_MS AS u, now()::TIMESTAMP_NS AS v, now() AS w,
  INTERVAL 1 DAY AS x, 'x' AS y, ''::BLOB AS z, uuid() AS "odd ""name""", NULL AS nothing`;

describe('describeQuery', () => {
  it('names every primitive type as DESCRIBE does', async () => {
    const columns = await describeQuery(conn, PRIMITIVES);
    expect(columns).toHaveLength(28);
    expect(columns).toStrictEqual(await described(PRIMITIVES));
  });

  it('names nested and aliased types as DESCRIBE does', async () => {
    const sql = `SELECT {'x': 1, 'a b': [1.5::DECIMAL(10,2)]} AS st, '{}'::JSON AS js, [1, 2] AS li,
      MAP {'a': 1} AS ma, 'a'::ENUM('a', 'b') AS en, [1, 2]::INTEGER[2] AS ar, 1 AS plain`;
    const columns = await describeQuery(conn, sql);
    expect(columns.find((c) => c.name === 'js')!.type).toBe('JSON');
    expect(columns.find((c) => c.name === 'st')!.type).toBe('STRUCT(x INTEGER, "a b" DECIMAL(10,2)[])');
    expect(columns).toStrictEqual(await described(sql));
  });

  it('fails as DESCRIBE does on a query that does not bind, or that has parameters', async () => {
    const failure = (run: Promise<unknown>) =>
      run.then(
        () => 'bound',
        (error: unknown) => String(error),
      );
    for (const sql of ['SELECT nope FROM range(3)', 'SELECT ? AS p', 'SELECT 1 +']) {
      expect(await failure(describeQuery(conn, sql))).toBe(await failure(described(sql)));
    }
  });
});
