import { describe, expect, it } from 'vitest';
import { execute, snapshotsOf, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/**
 * Day-partitioned incremental models: a later batch brings a new day and corrects rows of two
 * earlier, distant days. The table after the incremental run must equal a full rebuild over every
 * batch, and copy-on-write must rewrite only the files of the corrected days.
 */
function dayProject(strategy: string, key: boolean) {
  const unique = key ? ", unique_key='id'" : '';
  const latest = key ? '\nqualify row_number() over (partition by id order by batch desc) = 1' : '';
  return tempProject({
    'ldp_project.yml': 'name: shop\n',
    'models/silver/trips.sql': `{{ config(materialized='incremental', incremental_strategy='${strategy}'${unique}, partition_by=[{'field': 'pickup_at', 'transform': 'day'}]) }}
select id, pickup_at, amount, batch from (values {{ var('rows') }}) as t(id, pickup_at, amount, batch)${latest}`,
  });
}

/** Rows of days 1..5, ids in pickup order, four a day. */
const first = Array.from({ length: 20 }, (_, i) => {
  const day = Math.floor(i / 4) + 1;
  return `(${i + 1}, TIMESTAMP '2024-01-0${day} ${10 + (i % 4)}:00:00', ${(i + 1) * 10}, 0)`;
});
/** Corrections of id 5 (day 2) and id 18 (day 5), and two trips of the new day 6. */
const corrections = [
  "(5, TIMESTAMP '2024-01-02 10:00:00', 51, 1)",
  "(18, TIMESTAMP '2024-01-05 11:00:00', 181, 1)",
];
const newDay = [
  "(21, TIMESTAMP '2024-01-06 09:00:00', 210, 1)",
  "(22, TIMESTAMP '2024-01-06 10:00:00', 220, 1)",
];
/** insert_overwrite replaces whole partitions: its batch holds every row of the days it touches. */
const wholeDays = [
  ...first.filter((_, i) => i >= 4 && i < 8 && i !== 4),
  ...first.filter((_, i) => i >= 16 && i !== 17),
  ...corrections,
  ...newDay,
];

const vars = (rows: readonly string[]) => ({ vars: JSON.stringify({ rows: rows.join(', ') }) });
const trips = (root: string) => tableRows(root, 'silver.trips', { orderBy: 'id, batch' });

async function incrementalThenRebuild(strategy: string, key: boolean, batch: readonly string[]) {
  const root = dayProject(strategy, key);
  await execute('run', root, vars(first));
  await execute('run', root, vars(batch));
  const incremental = await trips(root);
  const summary = snapshotsOf(root, 'silver.trips').at(-1)!.summary;
  await execute('run', root, { ...vars([...first, ...batch]), fullRefresh: true });
  return { incremental, rebuilt: await trips(root), summary };
}

describe('incremental runs on a day-partitioned table', () => {
  for (const strategy of ['merge', 'delete+insert']) {
    it(`${strategy} equals a full rebuild and rewrites only the files of the corrected days`, async () => {
      const { incremental, rebuilt, summary } = await incrementalThenRebuild(strategy, true, [
        ...corrections,
        ...newDay,
      ]);
      expect(incremental).toEqual(rebuilt);
      expect(incremental.find((r) => r['id'] === 18)).toMatchObject({ amount: 181, batch: 1 });
      expect(incremental).toHaveLength(22);
      // Days 2 and 5 hold the corrected keys; days 3 and 4 lie inside the key range but not the key bounds.
      expect(summary['deleted-data-files']).toBe('2');
      expect(summary['deleted-records']).toBe('8');
      expect(summary['added-records']).toBe(String(6 + 2 + 2));
    });
  }

  it('insert_overwrite equals a full rebuild and replaces only the partitions of the batch', async () => {
    const { incremental, rebuilt, summary } = await incrementalThenRebuild(
      'insert_overwrite',
      true,
      wholeDays,
    );
    expect(incremental).toEqual(rebuilt);
    expect(incremental).toHaveLength(22);
    expect(summary['deleted-data-files']).toBe('2');
    expect(summary['deleted-records']).toBe('8');
  });

  it('append equals a full rebuild over every batch and rewrites nothing', async () => {
    const { incremental, rebuilt, summary } = await incrementalThenRebuild('append', false, [
      ...corrections,
      ...newDay,
    ]);
    expect(incremental).toEqual(rebuilt);
    expect(incremental).toHaveLength(24);
    expect(summary['deleted-data-files']).toBe('0');
    expect(summary['operation']).toBe('append');
  });
});
