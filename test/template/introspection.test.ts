import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbStatementRunner } from '../../src/api/compile/statement-runner.js';
import { LdpError } from '../../src/errors/index.js';
import { createTemplateEngine, renderWithWarehouse, WAREHOUSE_PORT } from '../../src/template/index.js';

let db: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run('create schema silver');
  await conn.run(
    "create table silver.trips as select * from (values (1, 'card', 10.5), (2, 'cash', 3.0), (3, 'card', 7.25)) t(id, payment, fare)",
  );
  await conn.run('create view silver.card_trips as select * from silver.trips where payment = $$card$$');
});

afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

function engine(macros = '', logs: string[] = []) {
  return createTemplateEngine({
    macroFiles: macros ? [{ path: 'macros/m.sql', text: macros }] : [],
    adapterType: 'duckdb',
    onLog: (message) => logs.push(message),
  });
}

/** Renders `text` as a node that runs: execute is true and statements reach DuckDB. */
function renderRunning(text: string, options: { macros?: string; logs?: string[]; vars?: object } = {}) {
  const templates = engine(options.macros, options.logs);
  const runner = duckdbStatementRunner(conn, (schema, name) => schema === 'silver' && name === 'trips');
  return renderWithWarehouse(
    (port) =>
      templates.render(
        { path: 'models/m.sql', text },
        { execute: true, ...options.vars, [WAREHOUSE_PORT]: port },
      ),
    runner,
  );
}

describe('run_query and agate tables', () => {
  it('gives rows by position and name, columns with values(), column_names', async () => {
    const sql = await renderRunning(
      [
        "{% set t = run_query('select id, payment from silver.trips order by id') %}",
        '{{ t.column_names }}|{{ t.rows | length }}|{{ t.rows[0][1] }}|{{ t.rows[2]["payment"] }}|',
        "{{ t.columns[0].values() }}|{{ t.columns['payment'].values() | unique | list }}|{{ t.columns[1].name }}",
        '{% for row in t.rows %}{{ row.id if false }}{{ row[0] }}{% endfor %}',
      ].join(''),
    );
    expect(sql).toBe("('id', 'payment')|3|card|card|(1, 2, 3)|['card', 'cash']|payment123");
  });

  it('returns None-like results while parsing (execute false) and runs nothing', async () => {
    const templates = engine();
    const sql = templates.render(
      {
        path: 'models/m.sql',
        text: "{% set t = run_query('select * from nowhere') %}[{{ t }}]{% if execute %}{{ t.rows }}{% endif %}{{ adapter.get_relation(none, 'x', 'y') }}{{ adapter.get_columns_in_relation(this) | length }}",
      },
      { execute: false, this: { schema: 'a', identifier: 'b' } },
    );
    expect(sql).toBe('[]None0');
  });

  it('with execute true and no warehouse is LDP230', () => {
    expect(() =>
      engine().render({ path: 'models/m.sql', text: "{{ run_query('select 1') }}" }, { execute: true }),
    ).toThrow(expect.objectContaining({ code: 'LDP230' }));
  });

  it('a failing statement is LDP231 at the template line, naming the call', async () => {
    const error = await renderRunning(
      "select 1\n{% set t = run_query('select * from silver.nowhere') %}",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP231');
    expect((error as LdpError).message).toMatch(/run_query\(\) failed: .*nowhere/);
    expect((error as LdpError).span).toMatchObject({ file: 'models/m.sql', line: 2 });
  });
});

describe('statement and load_result', () => {
  it('fetch_result gives .table, .data and .response; statements run once, logs print once', async () => {
    const logs: string[] = [];
    const sql = await renderRunning(
      [
        "{% do log('starting', info=True) %}",
        "{% call statement('counts', fetch_result=True) %}select payment, count(*) as n from silver.trips group by 1 order by 1{% endcall %}",
        "{% set r = load_result('counts') %}",
        "{% do log('got ' ~ r.data | length, info=True) %}",
        "{{ r['data'] }}|{{ r.table.columns['n'].values() }}|{{ r.response.code }}",
        "{% call statement('bump') %}insert into silver.trips values (4, 'cash', 1.0){% endcall %}",
        "|{{ load_result('bump').response.rows_affected }}",
        "|{{ run_query('select count(*) from silver.trips').rows[0][0] }}",
      ].join(''),
      { logs },
    );
    expect(sql).toBe("[('card', 2), ('cash', 1)]|(2, 1)|OK|1|4");
    expect(logs).toEqual(['starting', 'got 2']);
    await conn.run('delete from silver.trips where id = 4');
  });

  it('statement() without a call block is LDP232', async () => {
    const error = await renderRunning("{{ statement('x') }}").catch((e: unknown) => e);
    expect((error as LdpError).code).toBe('LDP232');
  });
});

describe('adapter introspection', () => {
  it('get_columns_in_relation gives dbt Column objects', async () => {
    const sql = await renderRunning(
      "{% for c in adapter.get_columns_in_relation(api.Relation.create(schema='silver', identifier='trips')) %}{{ c.name }}:{{ c.column }}:{{ c.dtype }}:{{ c.data_type }}:{{ c.quoted }}:{{ c.is_number() }};{% endfor %}",
    );
    expect(sql).toBe(
      'id:id:INTEGER:INTEGER:"id":True;payment:payment:VARCHAR:VARCHAR:"payment":False;fare:fare:DECIMAL(4,2):DECIMAL(4,2):"fare":True;',
    );
  });

  it('get_relation finds tables and views in their database (None when absent); api.Relation renders quoted', async () => {
    const sql = await renderRunning(
      [
        "{% set t = adapter.get_relation(database=none, schema='SILVER', identifier='trips') %}",
        "{% set v = adapter.get_relation(none, 'silver', 'card_trips') %}",
        "{{ t }}:{{ t.type }}:{{ t.is_table }}|{{ v.type }}|{{ adapter.get_relation(none, 'silver', 'missing') is none }}",
        "|{{ api.Relation.create(schema='s', identifier='x y') }}|{{ api.Relation.create(database='d', schema='s', identifier='t').include(database=false) }}",
        "|{{ api.Column('amount', 'decimal', numeric_precision=10, numeric_scale=2).data_type }}",
        "|{{ api.Column.translate_type('string') }}:{{ api.Column.translate_type('integer') }}:{{ api.Column.translate_type('json') }}",
      ].join(''),
    );
    expect(sql).toBe(
      '"memory"."silver"."trips":table:True|view|True|"s"."x y"|"s"."t"|decimal(10,2)|TEXT:INT:json',
    );
  });

  it('macros reach the warehouse too, with return()', async () => {
    const macros =
      "{% macro payments() %}{% set t = run_query('select distinct payment from silver.trips order by 1') %}{{ return(t.columns[0].values() | list) }}{% endmacro %}";
    const sql = await renderRunning(
      "{% for p in payments() %}sum(case when payment = '{{ p }}' then fare end) as {{ p }}_fare{{ ',' if not loop.last }} {% endfor %}",
      { macros },
    );
    expect(sql).toBe(
      "sum(case when payment = 'card' then fare end) as card_fare, sum(case when payment = 'cash' then fare end) as cash_fare ",
    );
  });
});
