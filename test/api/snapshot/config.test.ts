import { describe, expect, it } from 'vitest';
import { tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';
import { expectValidHistory, history, scdId, snapshotAt, writeCsv } from './support.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: orders
        location: data/orders.csv
        options: {header: true}
`;

describe('ldp snapshot: keys, column names and schema changes', () => {
  it('tracks a composite key under custom meta column names and adds new query columns', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/sources.yml': SOURCES,
      'snapshots/orders.sql': `{% snapshot orders_snapshot %}
{{ config(
    unique_key=['region', 'id'],
    strategy='check',
    check_cols='all',
    snapshot_meta_column_names={'dbt_valid_from': 'valid_from', 'dbt_valid_to': 'valid_to', 'dbt_scd_id': 'version_id', 'dbt_updated_at': 'changed_at'},
) }}
select * from {{ source('raw', 'orders') }}
{% endsnapshot %}
`,
    });
    writeCsv(root, 'region,id,amount', ['eu,1,10', 'us,1,20']);
    await snapshotAt(root, '2024-04-01T00:00:00Z');
    const first = await history(root, 'main.orders_snapshot', 'region');
    expect(Object.keys(first[0]!)).toEqual([
      'region',
      'id',
      'amount',
      'version_id',
      'changed_at',
      'valid_from',
      'valid_to',
    ]);
    expect(first[0]?.['version_id']).toBe(scdId('eu', '1', '2024-04-01 00:00:00'));

    // Only (eu, 1) changes: the same id in another region is another key.
    writeCsv(root, 'region,id,amount', ['eu,1,11', 'us,1,20']);
    await snapshotAt(root, '2024-04-02T00:00:00Z');
    // A new column: added to the table; with check_cols 'all' every row is a new version (as in dbt).
    writeCsv(root, 'region,id,amount,channel', ['eu,1,11,web', 'us,1,20,shop']);
    const third = await snapshotAt(root, '2024-04-03T00:00:00Z');
    expect(third.failed).toBe(false);
    const rows = await history(root, 'main.orders_snapshot', 'region, valid_from');
    expect(Object.keys(rows[0]!)).toEqual([
      'region',
      'id',
      'amount',
      'version_id',
      'changed_at',
      'valid_from',
      'valid_to',
      'channel',
    ]);
    expect(rows.map((r) => [r['region'], r['amount'], r['channel'], r['valid_from'], r['valid_to']])).toEqual(
      [
        ['eu', '10', null, '2024-04-01 00:00:00', '2024-04-02 00:00:00'],
        ['eu', '11', null, '2024-04-02 00:00:00', '2024-04-03 00:00:00'],
        ['eu', '11', 'web', '2024-04-03 00:00:00', null],
        ['us', '20', null, '2024-04-01 00:00:00', '2024-04-03 00:00:00'],
        ['us', '20', 'shop', '2024-04-03 00:00:00', null],
      ],
    );
    expectValidHistory(rows, {
      key: (r) => `${r['region']}/${r['id']}`,
      scdId: 'version_id',
      validFrom: 'valid_from',
      validTo: 'valid_to',
    });
  });

  it('with a list of check_cols, a new column outside the list is added without new versions', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/sources.yml': SOURCES,
      'snapshots/orders.sql': `{% snapshot orders_snapshot %}{{ config(unique_key='id', strategy='check', check_cols=['amount']) }}
select * from {{ source('raw', 'orders') }}{% endsnapshot %}`,
    });
    writeCsv(root, 'id,amount', ['1,10']);
    await snapshotAt(root, '2024-04-01T00:00:00Z');
    writeCsv(root, 'id,amount,note', ['1,10,hello']);
    const second = await snapshotAt(root, '2024-04-02T00:00:00Z');
    expect(second.results[0]).toMatchObject({ status: 'success', rowsAffected: 0 });
    expect(await history(root, 'main.orders_snapshot', 'id')).toMatchObject([
      { id: '1', amount: '10', note: null, dbt_valid_to: null },
    ]);
  });

  it('writes dbt_valid_to_current into current rows and closes them as usual', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/sources.yml': SOURCES,
      'snapshots/orders.sql': `{% snapshot orders_snapshot %}
{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', dbt_valid_to_current="'9999-12-31'::timestamp", hard_deletes='invalidate') }}
select id, status, updated_at::timestamp as updated_at from {{ source('raw', 'orders') }}
{% endsnapshot %}`,
    });
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01', '2,new,2024-01-01']);
    await snapshotAt(root, '2024-01-01T12:00:00Z');
    writeCsv(root, 'id,status,updated_at', ['1,paid,2024-01-02']);
    await snapshotAt(root, '2024-01-02T12:00:00Z');
    const rows = await history(root, 'main.orders_snapshot', 'id, dbt_valid_from');
    expect(rows.map((r) => [r['id'], r['status'], r['dbt_valid_from'], r['dbt_valid_to']])).toEqual([
      ['1', 'new', '2024-01-01 00:00:00', '2024-01-02 00:00:00'],
      ['1', 'paid', '2024-01-02 00:00:00', '9999-12-31 00:00:00'],
      ['2', 'new', '2024-01-01 00:00:00', '2024-01-02 12:00:00'],
    ]);
  });

  it('snapshots a relation named in YAML (dbt 1.9), with target_schema used as written', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/sources.yml': SOURCES,
      'snapshots/snapshots.yml': `version: 2
snapshots:
  - name: orders_history
    relation: source('raw', 'orders')
    config:
      target_schema: history
      unique_key: id
      strategy: timestamp
      updated_at: updated_at
`,
    });
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01 00:00:00']);
    const first = await snapshotAt(root, '2024-01-01T12:00:00Z');
    expect(first.failed).toBe(false);
    expect(first.plan.steps.map((s) => s.common.uniqueId)).toEqual(['snapshot.shop.orders_history']);
    writeCsv(root, 'id,status,updated_at', ['1,paid,2024-01-02 00:00:00']);
    await snapshotAt(root, '2024-01-02T12:00:00Z');
    expect(
      (await tableRows(root, 'history.orders_history', { orderBy: 'dbt_valid_from' })).map((r) => [
        r['status'],
        r['dbt_valid_to'],
      ]),
    ).toEqual([
      ['new', '2024-01-02 00:00:00'],
      ['paid', null],
    ]);
  });
});
