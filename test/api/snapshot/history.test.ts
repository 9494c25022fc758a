import { describe, expect, it } from 'vitest';
import { snapshotsOf } from '../../support/lakehouse.js';
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

function project(config: string): string {
  const root = tempProject({
    'ldp_project.yml': 'name: shop\n',
    'models/sources.yml': SOURCES,
    'snapshots/orders.sql': `{% snapshot orders_snapshot %}\n{{ config(${config}) }}\nselect * from {{ source('raw', 'orders') }}\n{% endsnapshot %}\n`,
  });
  return root;
}

const KEYED = {
  key: (row: Record<string, unknown>) => String(row['id']),
  scdId: 'dbt_scd_id',
  validFrom: 'dbt_valid_from',
  validTo: 'dbt_valid_to',
};

const columns = (row: Record<string, unknown>, names: readonly string[]) =>
  Object.fromEntries(names.map((n) => [n, row[n]]));

describe('ldp snapshot: timestamp strategy', () => {
  it('keeps the history of updated, new and hard-deleted rows over several runs, one Iceberg snapshot each', async () => {
    const root = project(
      "unique_key='id', strategy='timestamp', updated_at='updated_at', invalidate_hard_deletes=true",
    );
    const shown = ['id', 'status', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'];
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01 00:00:00', '2,new,2024-01-01 00:00:00']);
    const first = await snapshotAt(root, '2024-01-01T12:00:00Z');
    expect(first.failed).toBe(false);
    expect(first.results[0]?.rowsAffected).toBe(2);
    const initial = await history(root, 'main.orders_snapshot', 'id');
    expect(initial.map((r) => columns(r, shown))).toEqual([
      {
        id: '1',
        status: 'new',
        dbt_updated_at: '2024-01-01 00:00:00',
        dbt_valid_from: '2024-01-01 00:00:00',
        dbt_valid_to: null,
      },
      {
        id: '2',
        status: 'new',
        dbt_updated_at: '2024-01-01 00:00:00',
        dbt_valid_from: '2024-01-01 00:00:00',
        dbt_valid_to: null,
      },
    ]);
    // dbt's id: md5 of the key and updated_at as text.
    expect(initial[0]?.['dbt_scd_id']).toBe(scdId('1', '2024-01-01 00:00:00'));

    writeCsv(root, 'id,status,updated_at', [
      '1,paid,2024-01-02 00:00:00',
      '2,new,2024-01-01 00:00:00',
      '3,new,2024-01-02 00:00:00',
    ]);
    const second = await snapshotAt(root, '2024-01-02T12:00:00Z');
    expect(second.results[0]?.adapterResponse).toMatchObject({ rows_inserted: 2, rows_invalidated: 1 });

    writeCsv(root, 'id,status,updated_at', ['1,paid,2024-01-02 00:00:00', '3,shipped,2024-01-03 00:00:00']);
    await snapshotAt(root, '2024-01-03T12:00:00Z');
    const rows = await history(root, 'main.orders_snapshot', 'id, dbt_valid_from');
    expect(rows.map((r) => columns(r, shown))).toEqual([
      {
        id: '1',
        status: 'new',
        dbt_updated_at: '2024-01-01 00:00:00',
        dbt_valid_from: '2024-01-01 00:00:00',
        dbt_valid_to: '2024-01-02 00:00:00',
      },
      {
        id: '1',
        status: 'paid',
        dbt_updated_at: '2024-01-02 00:00:00',
        dbt_valid_from: '2024-01-02 00:00:00',
        dbt_valid_to: null,
      },
      // Gone from the source: closed at the snapshot time.
      {
        id: '2',
        status: 'new',
        dbt_updated_at: '2024-01-01 00:00:00',
        dbt_valid_from: '2024-01-01 00:00:00',
        dbt_valid_to: '2024-01-03 12:00:00',
      },
      {
        id: '3',
        status: 'new',
        dbt_updated_at: '2024-01-02 00:00:00',
        dbt_valid_from: '2024-01-02 00:00:00',
        dbt_valid_to: '2024-01-03 00:00:00',
      },
      {
        id: '3',
        status: 'shipped',
        dbt_updated_at: '2024-01-03 00:00:00',
        dbt_valid_from: '2024-01-03 00:00:00',
        dbt_valid_to: null,
      },
    ]);
    expectValidHistory(rows, KEYED);
    expect(snapshotsOf(root, 'main.orders_snapshot')).toHaveLength(3);

    // Nothing changed: no new Iceberg snapshot.
    const unchanged = await snapshotAt(root, '2024-01-04T12:00:00Z');
    expect(unchanged.results[0]).toMatchObject({ status: 'success', rowsAffected: 0 });
    expect(snapshotsOf(root, 'main.orders_snapshot')).toHaveLength(3);
  });

  it('appends without rewriting any file when a run only brings new keys', async () => {
    const root = project("unique_key='id', strategy='timestamp', updated_at='updated_at'");
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01 00:00:00']);
    await snapshotAt(root, '2024-01-01T12:00:00Z');
    // Without hard deletes a vanished key keeps its current version.
    writeCsv(root, 'id,status,updated_at', ['2,new,2024-01-02 00:00:00']);
    await snapshotAt(root, '2024-01-02T12:00:00Z');
    const [, added] = snapshotsOf(root, 'main.orders_snapshot');
    expect(added?.summary.operation).toBe('append');
    expect(added?.summary['deleted-data-files']).toBe('0');
    const rows = await history(root, 'main.orders_snapshot', 'id');
    expect(rows.map((r) => [r['id'], r['dbt_valid_to']])).toEqual([
      ['1', null],
      ['2', null],
    ]);
  });

  it("records deletions as rows with hard_deletes: 'new_record', and a key's return closes them", async () => {
    const root = project(
      "unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='new_record'",
    );
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01 00:00:00', '2,new,2024-01-01 00:00:00']);
    await snapshotAt(root, '2024-01-01T12:00:00Z');
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01 00:00:00']);
    await snapshotAt(root, '2024-01-02T12:00:00Z');
    // Still gone: no second deletion row.
    await snapshotAt(root, '2024-01-03T12:00:00Z');
    writeCsv(root, 'id,status,updated_at', ['1,new,2024-01-01 00:00:00', '2,back,2024-01-04 00:00:00']);
    await snapshotAt(root, '2024-01-04T12:00:00Z');
    const rows = await history(root, 'main.orders_snapshot', 'id, dbt_valid_from');
    expect(
      rows.map((r) => columns(r, ['id', 'status', 'dbt_valid_from', 'dbt_valid_to', 'dbt_is_deleted'])),
    ).toEqual([
      {
        id: '1',
        status: 'new',
        dbt_valid_from: '2024-01-01 00:00:00',
        dbt_valid_to: null,
        dbt_is_deleted: 'False',
      },
      {
        id: '2',
        status: 'new',
        dbt_valid_from: '2024-01-01 00:00:00',
        dbt_valid_to: '2024-01-02 12:00:00',
        dbt_is_deleted: 'False',
      },
      {
        id: '2',
        status: 'new',
        dbt_valid_from: '2024-01-02 12:00:00',
        dbt_valid_to: '2024-01-04 00:00:00',
        dbt_is_deleted: 'True',
      },
      {
        id: '2',
        status: 'back',
        dbt_valid_from: '2024-01-04 00:00:00',
        dbt_valid_to: null,
        dbt_is_deleted: 'False',
      },
    ]);
    // The deletion row's id is dbt's: md5 of the closed version's id and the snapshot time.
    expect(rows[2]?.['dbt_scd_id']).toBe(scdId(scdId('2', '2024-01-01 00:00:00'), '2024-01-02 12:00:00'));
    expectValidHistory(rows, KEYED);
  });
});

describe('ldp snapshot: check strategy', () => {
  it('versions rows when a checked column changes, stamped with the snapshot time', async () => {
    const root = project(
      "unique_key='id', strategy='check', check_cols=['status'], hard_deletes='invalidate'",
    );
    writeCsv(root, 'id,status,note', ['1,a,x', '2,b,y']);
    await snapshotAt(root, '2024-02-01T00:00:00Z');
    // Row 1 changes a checked column, row 2 only an unchecked one, row 3 is new.
    writeCsv(root, 'id,status,note', ['1,A,x', '2,b,z', '3,c,w']);
    await snapshotAt(root, '2024-02-02T00:00:00Z');
    writeCsv(root, 'id,status,note', ['1,A,x', '3,c,w']);
    await snapshotAt(root, '2024-02-03T00:00:00Z');
    const rows = await history(root, 'main.orders_snapshot', 'id, dbt_valid_from');
    expect(
      rows.map((r) =>
        columns(r, ['id', 'status', 'note', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']),
      ),
    ).toEqual([
      {
        id: '1',
        status: 'a',
        note: 'x',
        dbt_updated_at: '2024-02-01 00:00:00',
        dbt_valid_from: '2024-02-01 00:00:00',
        dbt_valid_to: '2024-02-02 00:00:00',
      },
      {
        id: '1',
        status: 'A',
        note: 'x',
        dbt_updated_at: '2024-02-02 00:00:00',
        dbt_valid_from: '2024-02-02 00:00:00',
        dbt_valid_to: null,
      },
      // The unchecked change is not recorded.
      {
        id: '2',
        status: 'b',
        note: 'y',
        dbt_updated_at: '2024-02-01 00:00:00',
        dbt_valid_from: '2024-02-01 00:00:00',
        dbt_valid_to: '2024-02-03 00:00:00',
      },
      {
        id: '3',
        status: 'c',
        note: 'w',
        dbt_updated_at: '2024-02-02 00:00:00',
        dbt_valid_from: '2024-02-02 00:00:00',
        dbt_valid_to: null,
      },
    ]);
    expect(rows[1]?.['dbt_scd_id']).toBe(scdId('1', '2024-02-02 00:00:00'));
    expectValidHistory(rows, KEYED);
  });

  it("with check_cols: 'all', a NULL that becomes a value is a change and an unchanged row is not", async () => {
    const root = project("unique_key='id', strategy='check', check_cols='all'");
    writeCsv(root, 'id,status,note', ['1,a,', '2,b,y']);
    await snapshotAt(root, '2024-03-01T00:00:00Z');
    writeCsv(root, 'id,status,note', ['1,a,now', '2,b,y']);
    const second = await snapshotAt(root, '2024-03-02T00:00:00Z');
    expect(second.results[0]?.adapterResponse).toMatchObject({ rows_inserted: 1, rows_invalidated: 1 });
    const rows = await history(root, 'main.orders_snapshot', 'id, dbt_valid_from');
    expect(rows.map((r) => [r['id'], r['note'], r['dbt_valid_to']])).toEqual([
      ['1', null, '2024-03-02 00:00:00'],
      ['1', 'now', null],
      ['2', 'y', null],
    ]);
  });
});
