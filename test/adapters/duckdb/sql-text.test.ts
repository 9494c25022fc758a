import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrReplaceView,
  describeQuery,
  withoutTrailingSemicolons,
} from '../../../src/adapters/duckdb/index.js';
import { quoteIdentifier, quoteLiteral, relationName } from '../../../src/sql/index.js';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

async function rows(sql: string): Promise<unknown[][]> {
  return (await conn.runAndReadAll(sql)).getRowsJson();
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

describe('SQL text', () => {
  it('quotes identifiers so any name survives', async () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    await conn.run(
      `CREATE TABLE ${quoteIdentifier('odd "name" table')} AS SELECT 1 AS ${quoteIdentifier('select')}`,
    );
    expect(
      await rows(`SELECT ${quoteIdentifier('select')} FROM ${quoteIdentifier('odd "name" table')}`),
    ).toEqual([[1]]);
  });

  it('writes literals DuckDB reads back as the same values', async () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral(null)).toBe('NULL');
    expect(quoteLiteral(true)).toBe('true');
    expect(quoteLiteral(['a', 1])).toBe("['a', 1]");
    expect(quoteLiteral({ id: 'BIGINT', "o'k": 'VARCHAR' })).toBe("{'id': 'BIGINT', 'o''k': 'VARCHAR'}");
    const [[text, number, list, struct]] = (await rows(
      `SELECT ${quoteLiteral('it\'s; "quoted"')}, ${quoteLiteral(2.5)}, ${quoteLiteral(['x', "y'"])}, ${quoteLiteral({ a: 1 })}`,
    )) as [[unknown, unknown, unknown, unknown]];
    expect(text).toBe('it\'s; "quoted"');
    expect(number).toBe('2.5'); // a DECIMAL literal, as DuckDB types 2.5
    expect(list).toEqual(['x', "y'"]);
    expect(struct).toEqual({ a: 1 });
  });

  it('names relations with their schema, and database when given', () => {
    expect(relationName({ schema: 'silver', identifier: 'trips' })).toBe('"silver"."trips"');
    expect(relationName({ database: 'lake', schema: 'silver', identifier: 'trips' })).toBe(
      '"lake"."silver"."trips"',
    );
  });
});

describe('describeQuery and createOrReplaceView', () => {
  it('describes a query without running it, WITH clauses, semicolons and comments included', async () => {
    const columns = await describeQuery(
      conn,
      "WITH t AS (SELECT 1 AS id, 'x' AS label, now() AS at) SELECT * FROM t WHERE 1/0 > 0; -- last line\n",
    );
    expect(columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'label', type: 'VARCHAR' },
      { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
    ]);
  });

  it('drops only a trailing semicolon, as DuckDB parses it', async () => {
    const strip = (sql: string) => withoutTrailingSemicolons(conn, sql);
    expect(await strip('SELECT 1;\n-- done\n/* end */\n')).toBe('SELECT 1');
    expect(await strip("SELECT ';' -- a; b")).toBe("SELECT ';' -- a; b");
    expect(await strip('SELECT 1;;  ')).toBe('SELECT 1');
    // A `;` in a string, a quoted identifier or a block comment is text, not the end.
    expect(await strip("select 'a;--b' as s")).toBe("select 'a;--b' as s");
    expect(await strip("select 'a;--b' as s;")).toBe("select 'a;--b' as s");
    expect(await strip('select 1 as "x;--y" /* z; */')).toBe('select 1 as "x;--y" /* z; */');
    expect(await strip('select 1; select 2')).toBe('select 1; select 2');
  });

  it('describes and views a query whose string holds ;--', async () => {
    expect(await describeQuery(conn, "select 'a;--b' as s")).toEqual([{ name: 's', type: 'VARCHAR' }]);
    await createOrReplaceView(conn, { schema: 'gold', identifier: 'semi' }, "select 'a;--b' as s;\n");
    expect(await rows('SELECT s FROM gold.semi')).toEqual([['a;--b']]);
  });

  it('creates the schema, then creates or replaces the view', async () => {
    const relation = { schema: 'gold', identifier: 'daily' };
    await createOrReplaceView(conn, relation, 'SELECT 1 AS n -- first\n');
    expect(await rows('SELECT n FROM gold.daily')).toEqual([[1]]);
    await createOrReplaceView(conn, relation, 'SELECT 2 AS n;');
    expect(await rows('SELECT n FROM gold.daily')).toEqual([[2]]);
  });
});
