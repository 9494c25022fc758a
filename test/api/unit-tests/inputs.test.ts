import { describe, expect, it } from 'vitest';
import { execute } from '../../support/lakehouse.js';
import { unitResult, unitTestProject, warehouseTables } from './support.js';

const unitTests = (body: string) => `version: 2\nunit_tests:\n${body}`;

describe('unit test inputs', () => {
  it('reads rows as dict, inline csv, csv fixture, inline sql and sql fixture, with DuckDB-inferred types', async () => {
    const root = unitTestProject({
      'models/silver/trips.sql': "select 1 as id, date '2024-01-01' as day, 2.5 as fare",
      'models/gold/daily.sql': [
        'select day, count(*) as trips, sum(fare) as fares',
        "from {{ ref('trips') }}",
        "where day >= date '2024-01-02'",
        'group by day',
      ].join('\n'),
      'tests/fixtures/trips.csv': 'id,day,fare\n1,2024-01-02,3.5\n2,2024-01-02,1.5\n3,2024-01-01,9\n',
      'tests/fixtures/trips.sql':
        "select 1 as id, date '2024-01-03' as day, 2.0 as fare union all select 2, date '2024-01-01', 5.0",
      'tests/fixtures/daily_expected.csv': 'day,trips,fares\n2024-01-02,2,5.0\n',
      'models/gold/gold.yml': unitTests(`
  - name: from_dict
    model: daily
    given:
      - input: ref('trips')
        rows:
          - {id: 1, day: "2024-01-02", fare: 3.5}
          - {id: 2, day: "2024-01-01", fare: 1}
    expect:
      rows: [{day: "2024-01-02", trips: 1, fares: 3.5}]
  - name: from_inline_csv
    model: daily
    given:
      - input: ref('trips')
        format: csv
        rows: |
          id,day,fare
          1,2024-01-05,3.5
          2,2024-01-05,"1.5"
    expect:
      format: csv
      rows: |
        day,trips,fares
        2024-01-05,2,5
  - name: from_csv_fixture
    model: daily
    given:
      - input: ref('trips')
        format: csv
        fixture: trips
    expect:
      format: csv
      fixture: daily_expected
  - name: from_inline_sql
    model: daily
    given:
      - input: ref('trips')
        format: sql
        rows: "select 1 as id, date '2024-02-01' as day, 4.25 as fare"
    expect:
      format: sql
      rows: "select date '2024-02-01' as day, 1 as trips, 4.25 as fares"
  - name: from_sql_fixture
    model: daily
    given:
      - input: ref('trips')
        format: sql
        fixture: trips
    expect:
      rows: [{day: "2024-01-03", trips: 1, fares: 2}]
`),
    });
    const result = await execute('test', root);
    for (const name of [
      'from_dict',
      'from_inline_csv',
      'from_csv_fixture',
      'from_inline_sql',
      'from_sql_fixture',
    ]) {
      expect({ name, ...unitResult(result, name) }).toMatchObject({ name, status: 'pass' });
    }
  });

  it('types columns by their declared data_type; columns the rows omit are NULLs of that type', async () => {
    const root = unitTestProject({
      'models/silver/customers.sql': "select 1 as id, 'x' as code, current_date as since, 1 as tier",
      'models/silver/silver.yml': [
        'version: 2',
        'models:',
        '  - name: customers',
        '    columns:',
        '      - {name: id, data_type: integer}',
        '      - {name: code, data_type: varchar}',
        '      - {name: since, data_type: date}',
        '      - {name: tier, data_type: "decimal(4,1)"}',
      ].join('\n'),
      'models/gold/profile.sql': [
        'select id, code, typeof(code) as code_type, typeof(since) as since_type,',
        '  since is null as no_since, tier * 2 as double_tier',
        "from {{ ref('customers') }}",
      ].join('\n'),
      'models/gold/gold.yml': unitTests(`
  - name: declared_types
    model: profile
    given:
      - input: ref('customers')
        rows:
          - {id: 1, code: "007", tier: 1.5}
    expect:
      rows:
        - {id: 1, code: "007", code_type: VARCHAR, since_type: DATE, no_since: true, double_tier: 3.0}
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'declared_types')).toMatchObject({ status: 'pass' });
  });

  it('gives inputs the test leaves out an empty table with their declared columns', async () => {
    const root = unitTestProject({
      'models/silver/orders.sql': 'select 1 as id, 1 as customer_id',
      'models/silver/refunds.sql': 'select 1 as order_id, 1.0 as amount',
      'models/silver/silver.yml': [
        'version: 2',
        'models:',
        '  - name: refunds',
        '    columns:',
        '      - {name: order_id, data_type: integer}',
        '      - {name: amount, data_type: double}',
      ].join('\n'),
      'models/gold/net.sql': [
        'select o.id, coalesce(sum(r.amount), 0) as refunded',
        "from {{ ref('orders') }} as o left join {{ ref('refunds') }} as r on r.order_id = o.id",
        'group by o.id',
      ].join('\n'),
      'models/gold/gold.yml': unitTests(`
  - name: no_refunds
    model: net
    given:
      - input: ref('orders')
        rows: [{id: 1, customer_id: 9}]
    expect:
      rows: [{id: 1, refunded: 0}]
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'no_refunds').status).toBe('pass');
  });

  it('takes the columns of an input it does not give from the warehouse table, when one exists', async () => {
    const root = unitTestProject({
      'models/silver/orders.sql': 'select 1 as id',
      'models/silver/refunds.sql': 'select 1 as order_id, 2.5 as amount',
      'models/gold/net.sql': [
        'select o.id, count(r.order_id) as refunds',
        "from {{ ref('orders') }} as o left join {{ ref('refunds') }} as r on r.order_id = o.id",
        'group by o.id',
      ].join('\n'),
      'models/gold/gold.yml': unitTests(`
  - name: refunds_from_warehouse_columns
    model: net
    given:
      - input: ref('orders')
        rows: [{id: 1}]
    expect:
      rows: [{id: 1, refunds: 0}]
`),
    });
    const before = await execute('test', root);
    expect(unitResult(before, 'refunds_from_warehouse_columns')).toMatchObject({ status: 'error' });
    expect(unitResult(before, 'refunds_from_warehouse_columns').error?.code).toBe('LDP615');
    expect(unitResult(before, 'refunds_from_warehouse_columns').message).toContain(
      "model 'net' reads ref('refunds'), which the test does not give, and its columns are unknown",
    );
    await execute('run', root, { select: ['refunds'] });
    const after = await execute('test', root);
    expect(unitResult(after, 'refunds_from_warehouse_columns').status).toBe('pass');
  });

  it('resolves sources to fixtures, and inlines ephemeral models whose own refs read fixtures', async () => {
    const root = unitTestProject({
      'models/sources.yml': [
        'version: 2',
        'sources:',
        '  - name: raw',
        '    tables:',
        '      - name: payments',
        '        location: data/payments.csv',
      ].join('\n'),
      'models/bronze/payments.sql':
        "{{ config(materialized='ephemeral') }}\nselect id, amount_cents / 100.0 as amount from {{ source('raw', 'payments') }}",
      'models/silver/big_payments.sql':
        "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('payments') }} where amount >= {{ var('big', 100) }}",
      'models/gold/big_total.sql':
        "select count(*) as n, sum(amount) as total from {{ ref('big_payments') }}",
      'models/gold/gold.yml': unitTests(`
  - name: through_ephemerals
    model: big_total
    given:
      - input: source('raw', 'payments')
        rows:
          - {id: 1, amount_cents: 50000}
          - {id: 2, amount_cents: 999}
          - {id: 3, amount_cents: 20000}
    expect:
      rows: [{n: 2, total: 700}]
  - name: ephemeral_given_directly
    model: big_total
    given:
      - input: ref('big_payments')
        format: sql
        rows: select 1 as id, 5.0 as amount
    expect:
      rows: [{n: 1, total: 5}]
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'through_ephemerals').status).toBe('pass');
    expect(unitResult(result, 'ephemeral_given_directly').status).toBe('pass');
    // The source's file does not exist: nothing tried to read it.
    expect(warehouseTables(root)).toEqual([]);
  });

  it('tests an incremental model with `this` and is_incremental overridden to true', async () => {
    const root = unitTestProject({
      'models/silver/events.sql': "select 1 as id, timestamp '2024-01-01 00:00:00' as ts",
      'models/gold/new_events.sql': [
        "{{ config(materialized='incremental', unique_key='id') }}",
        "select id, ts from {{ ref('events') }}",
        '{% if is_incremental() %}',
        'where ts > (select max(ts) from {{ this }})',
        '{% endif %}',
      ].join('\n'),
      'models/gold/gold.yml': unitTests(`
  - name: only_newer_rows
    model: new_events
    overrides:
      macros:
        is_incremental: true
    given:
      - input: ref('events')
        rows:
          - {id: 1, ts: "2024-01-01 10:00:00"}
          - {id: 2, ts: "2024-01-02 10:00:00"}
          - {id: 3, ts: "2024-01-03 10:00:00"}
      - input: this
        rows:
          - {id: 1, ts: "2024-01-01 10:00:00"}
          - {id: 2, ts: "2024-01-02 10:00:00"}
    expect:
      rows: [{id: 3}]
  - name: full_build_reads_everything
    model: new_events
    given:
      - input: ref('events')
        rows:
          - {id: 1, ts: "2024-01-01 10:00:00"}
          - {id: 2, ts: "2024-01-02 10:00:00"}
    expect:
      rows: [{id: 1}, {id: 2}]
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'only_newer_rows').status).toBe('pass');
    expect(unitResult(result, 'full_build_reads_everything').status).toBe('pass');
  });

  it('applies vars, env_vars and macro overrides to the test alone', async () => {
    const root = unitTestProject({
      'ldp_project.yml': 'name: shop\nvars:\n  min_amount: 10\nmodels:\n  shop:\n    +materialized: table\n',
      'macros/today.sql': '{% macro today() %}current_date{% endmacro %}',
      'models/silver/sales.sql': 'select 1 as id, 5 as amount, current_date as day',
      'models/gold/recent_big.sql': [
        "select id, '{{ env_var('LDP_REGION', 'eu') }}' as region",
        "from {{ ref('sales') }}",
        "where amount >= {{ var('min_amount') }} and day = {{ today() }}",
      ].join('\n'),
      'models/gold/gold.yml': unitTests(`
  - name: with_overrides
    model: recent_big
    overrides:
      vars: {min_amount: 3}
      env_vars: {LDP_REGION: us}
      macros: {today: "date '2024-05-01'"}
    given:
      - input: ref('sales')
        rows:
          - {id: 1, amount: 5, day: "2024-05-01"}
          - {id: 2, amount: 2, day: "2024-05-01"}
          - {id: 3, amount: 50, day: "2024-04-30"}
    expect:
      rows: [{id: 1, region: us}]
  - name: without_overrides
    model: recent_big
    given:
      - input: ref('sales')
        rows:
          - {id: 1, amount: 5, day: "2024-05-01"}
          - {id: 2, amount: 20, day: "2000-01-01"}
    expect:
      rows: []
`),
    });
    const result = await execute('test', root);
    expect(unitResult(result, 'with_overrides').status).toBe('pass');
    expect(unitResult(result, 'without_overrides').status).toBe('pass');
  });
});
