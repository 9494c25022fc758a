import { describe, expect, it } from 'vitest';
import { IcebergTable, type Predicate } from '../../src/iceberg/index.js';
import { newWarehouse, type Warehouse } from './support.js';

// Six months of events, one per 7 hours, with some NULL amounts and long labels.
const EVENTS = `SELECT range::INTEGER AS id,
  TIMESTAMP '2023-11-01 00:00:00' + to_hours((range * 7)::INTEGER) AS event_at,
  CASE WHEN range % 10 = 0 THEN NULL ELSE range * 1.5 END::DOUBLE AS amount,
  'a-very-long-label-that-exceeds-sixteen-' || (range % 3) AS label
FROM range(600)`;

async function table(wh: Warehouse, transform: 'year' | 'month' | 'day' | 'hour') {
  const t = await IcebergTable.create(
    wh.catalog,
    { namespace: ['p'], name: transform },
    { conn: wh.conn, sql: EVENTS, partitionBy: [{ column: 'event_at', transform }] },
  );
  await t.append(wh.conn, EVENTS);
  return t;
}

/** Pruning must never drop a row the filter matches: compare with filtering every file. */
async function expectSameRows(wh: Warehouse, t: IcebergTable, filter: Predicate[], where: string) {
  const pruned = t.scan({ filter });
  const count = async (sql: string) =>
    Number((await wh.rows(`SELECT count(*) AS n FROM (${sql}) WHERE ${where}`))[0]!['n']);
  expect(await count(pruned.sql)).toBe(await count(t.scan().sql));
  return pruned.files.length;
}

describe('partition pruning', () => {
  it('prunes year, month and hour partitions for every comparison, never dropping a match', async () => {
    const wh = await newWarehouse();
    const years = await table(wh, 'year');
    expect(years.scan().files.length).toBe(2);
    expect(
      await expectSameRows(
        wh,
        years,
        [{ column: 'event_at', op: '<', value: '2024-01-01' }],
        "event_at < TIMESTAMP '2024-01-01'",
      ),
    ).toBe(1);
    const months = await table(wh, 'month');
    expect(months.scan().files.length).toBe(6);
    const feb = [
      { column: 'event_at', op: 'between', low: '2024-02-01', high: '2024-02-29 23:59:59' },
    ] as const;
    expect(
      await expectSameRows(
        wh,
        months,
        [...feb],
        "event_at BETWEEN TIMESTAMP '2024-02-01' AND TIMESTAMP '2024-02-29 23:59:59'",
      ),
    ).toBe(1);
    expect(
      await expectSameRows(
        wh,
        months,
        [{ column: 'event_at', op: '>=', value: '2024-03-15 10:00:00' }],
        "event_at >= TIMESTAMP '2024-03-15 10:00:00'",
      ),
    ).toBe(2);
    const hours = await table(wh, 'hour');
    const exact = [{ column: 'event_at', op: '=', value: '2023-11-01 07:00:00.000000' }] as const;
    expect(await expectSameRows(wh, hours, [...exact], "event_at = TIMESTAMP '2023-11-01 07:00:00'")).toBe(1);
    const micro = [{ column: 'event_at', op: '=', value: '2023-11-01 07:00:00.000001' }] as const;
    // Same hour partition, but one microsecond past the only row's bounds.
    expect(await expectSameRows(wh, hours, [...micro], 'false')).toBe(0);
    expect(
      await expectSameRows(
        wh,
        hours,
        [{ column: 'event_at', op: '>', value: '2024-04-27 00:00:00' }],
        "event_at > TIMESTAMP '2024-04-27'",
      ),
    ).toBeLessThan(5);
  });

  it('prunes by column bounds: IN, IS NULL, long strings, and keeps files it cannot judge', async () => {
    const wh = await newWarehouse();
    const days = await table(wh, 'day');
    const all = days.scan().files.length;
    expect(
      await expectSameRows(wh, days, [{ column: 'id', op: 'in', values: [3, 4, 599] }], 'id IN (3, 4, 599)'),
    ).toBe(3);
    expect(
      await expectSameRows(wh, days, [{ column: 'amount', op: 'is null' }], 'amount IS NULL'),
    ).toBeLessThan(all);
    expect(await expectSameRows(wh, days, [{ column: 'event_at', op: 'is null' }], 'event_at IS NULL')).toBe(
      0,
    );
    const label = 'a-very-long-label-that-exceeds-sixteen-2';
    expect(
      await expectSameRows(wh, days, [{ column: 'label', op: '=', value: label }], `label = '${label}'`),
    ).toBe(all);
    expect(await expectSameRows(wh, days, [{ column: 'label', op: '>', value: 'b' }], "label > 'b'")).toBe(0);
    // A literal ldp cannot read, or a column it does not know, prunes nothing.
    expect(days.scan({ filter: [{ column: 'id', op: '=', value: 'not a number' }] }).files.length).toBe(all);
    expect(days.scan({ filter: [{ column: 'nope', op: '=', value: 1 }] }).files.length).toBe(all);
  });
});
