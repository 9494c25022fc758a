import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnLineageTracer, googleSqlForDuckDbParser } from '../../src/lineage/index.js';

const relations = {
  'shop.orders': {
    nodeId: 'model.shop.orders',
    columns: [
      { name: 'id', type: 'INT64' },
      { name: 'placed_at', type: 'DATETIME' },
      { name: 'shipped_at', type: 'DATETIME' },
      { name: 'note', type: 'STRING' },
    ],
  },
};

describe('GoogleSQL respelled for DuckDB’s parser', () => {
  it('turns backtick names, GoogleSQL strings, # comments, date parts, EXCEPT and INTERVAL into DuckDB’s spelling', () => {
    expect(
      googleSqlForDuckDbParser(
        "select `id`, \"it's\", r'\\d+', b'x', '''a'b''', datetime_diff(a, b, second) # why\nfrom `acme.shop.orders`",
      ),
    ).toBe(
      "select \"id\", 'it''s', '\\d+', 'x', 'a''b', datetime_diff(a, b, 'second') -- why\nfrom \"acme\".\"shop\".\"orders\"",
    );
    expect(googleSqlForDuckDbParser('select * except (note) from `acme`.`shop`.`orders`')).toBe(
      'select * EXCLUDE (note) from "acme"."shop"."orders"',
    );
    expect(googleSqlForDuckDbParser('select date_add(d, interval -3 day)')).toBe(
      'select date_add(d, interval ( -3 )day)',
    );
    // A column named like a date part, outside the date functions, stays a column.
    expect(googleSqlForDuckDbParser('select coalesce(a, day) from t')).toBe('select coalesce(a, day) from t');
    // A dotted backtick name is one name outside FROM/JOIN (a column may hold a dot).
    expect(googleSqlForDuckDbParser('select `a.b` from t')).toBe('select "a.b" from t');
  });

  describe('traced', () => {
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

    const trace = (sql: string) => tracer.trace({ sql: googleSqlForDuckDbParser(sql), relations });

    it('traces a GoogleSQL query to the columns of the BigQuery tables it reads', async () => {
      const result = await trace(
        'select `id` as order_id, datetime_diff(shipped_at, placed_at, hour) as hours, * except (id, placed_at, shipped_at)\nfrom `acme`.`shop`.`orders`\nwhere note != "test"',
      );
      expect(result.status).toBe('traced');
      if (result.status !== 'traced') return;
      expect(
        result.columns.map((c) => `${c.name}: ${c.sources.map((s) => `${s.column} ${s.kind}`).join(', ')}`),
      ).toEqual([
        'order_id: id copy, note filter',
        'hours: note filter, placed_at transform, shipped_at transform',
        'note: note copy',
      ]);
    });

    it('records a statement DuckDB’s grammar cannot read as failed, with the reason', async () => {
      const result = await trace('select cast(null as STRUCT<a INT64>) as s from `acme`.`shop`.`orders`');
      expect(result).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('DuckDB cannot parse'),
      });
    });
  });
});
