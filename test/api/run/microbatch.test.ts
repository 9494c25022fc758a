import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, snapshotsOf, statuses, tableRows } from '../../support/lakehouse.js';
import { runCli } from '../../support/run-cli.js';
import { tempProject } from '../../support/temp-project.js';

const EVENTS = [
  'id,ts,region,amount',
  '1,2023-12-31 23:00:00,eu,1',
  '2,2024-01-01 08:00:00,eu,10',
  '3,2024-01-01 20:00:00,us,11',
  '4,2024-01-02 09:00:00,us,20',
  '5,2024-01-03 10:00:00,eu,30',
  '6,2024-01-04 01:00:00,us,40',
].join('\n');

/**
 * A microbatch model over an `event_time` source (a CSV file) joined to a seed without
 * `event_time`, which every batch must read whole.
 */
function project(config = "begin='2024-01-01', batch_size='day', event_time='ts'") {
  return tempProject({
    'ldp_project.yml': 'name: shop\n',
    'data/events.csv': EVENTS,
    'seeds/regions.csv': 'region,label\neu,Europe\nus,Americas\n',
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: raw',
      '    tables:',
      '      - name: events',
      '        location: data/events.csv',
      '        config:',
      '          event_time: ts',
      '',
    ].join('\n'),
    'models/daily.sql': [
      `{{ config(materialized='incremental', incremental_strategy='microbatch', ${config}) }}`,
      "select e.id, e.ts::timestamp as ts, e.amount, r.label from {{ source('raw', 'events') }} e",
      "join {{ ref('regions') }} r on r.region = e.region",
    ].join('\n'),
  });
}

const at = (iso: string) => ({ clock: () => new Date(iso) });
const rows = async (root: string) =>
  (await tableRows(root, 'main.daily', { orderBy: 'id' })).map(
    (r) => `${r['id']}:${r['amount']}:${r['label']}`,
  );

describe('microbatch incremental models', () => {
  it('builds one batch per day from begin to now, each its own snapshot, reading upstreams without event_time whole', async () => {
    const root = project();
    await execute('seed', root);
    const run = await execute('run', root, at('2024-01-03T12:00:00Z'));
    expect(statuses(run)).toEqual({ daily: 'success' });
    // Before begin (id 1) and after the current day (id 6) stay out.
    expect(await rows(root)).toEqual(['2:10:Europe', '3:11:Americas', '4:20:Americas', '5:30:Europe']);
    expect(snapshotsOf(root, 'main.daily')).toHaveLength(3);
    expect(run.results[0]!.rowsAffected).toBe(4);
  });

  it('a later run rebuilds only the lookback window and the new periods', async () => {
    const root = project();
    await execute('seed', root);
    await execute('run', root, at('2024-01-03T12:00:00Z'));
    // Day 1 changes too, but it is outside the window (the day before today, and today).
    writeFileSync(
      join(root, 'data/events.csv'),
      EVENTS.replace('2024-01-01 08:00:00,eu,10', '2024-01-01 08:00:00,eu,99')
        .replace('2024-01-03 10:00:00,eu,30', '2024-01-03 10:00:00,eu,33')
        .replace('2024-01-02 09:00:00,us,20', '2024-01-02 09:00:00,us,22'),
    );
    await execute('run', root, at('2024-01-04T06:00:00Z'));
    expect(await rows(root)).toEqual([
      '2:10:Europe',
      '3:11:Americas',
      '4:20:Americas',
      '5:33:Europe',
      '6:40:Americas',
    ]);
    expect(snapshotsOf(root, 'main.daily')).toHaveLength(5);
  });

  it('lookback sets how many earlier periods a run reprocesses', async () => {
    const root = project("begin='2024-01-01', batch_size='day', event_time='ts', lookback=2");
    await execute('seed', root);
    await execute('run', root, at('2024-01-03T12:00:00Z'));
    writeFileSync(
      join(root, 'data/events.csv'),
      EVENTS.replace('2024-01-02 09:00:00,us,20', '2024-01-02 09:00:00,us,22'),
    );
    await execute('run', root, at('2024-01-04T06:00:00Z'));
    expect(await rows(root)).toContain('4:22:Americas');
  });

  it('--event-time-start/--event-time-end build only the batches of that range', async () => {
    const root = project();
    await execute('seed', root);
    await execute('run', root, at('2024-01-03T12:00:00Z'));
    writeFileSync(
      join(root, 'data/events.csv'),
      EVENTS.replace('2024-01-01 08:00:00,eu,10', '2024-01-01 08:00:00,eu,99').replace(
        '2024-01-03 10:00:00,eu,30',
        '2024-01-03 10:00:00,eu,33',
      ),
    );
    const run = await execute('run', root, {
      ...at('2024-01-03T12:00:00Z'),
      eventTimeStart: '2024-01-01',
      eventTimeEnd: '2024-01-02',
    });
    expect(run.results[0]!.rowsAffected).toBe(2);
    expect(await rows(root)).toEqual(['2:99:Europe', '3:11:Americas', '4:20:Americas', '5:30:Europe']);
  });

  it('--full-refresh rebuilds the table from begin', async () => {
    const root = project();
    await execute('seed', root);
    await execute('run', root, at('2024-01-02T12:00:00Z'));
    expect(await rows(root)).toEqual(['2:10:Europe', '3:11:Americas', '4:20:Americas']);
    writeFileSync(
      join(root, 'data/events.csv'),
      EVENTS.replace('2024-01-01 08:00:00,eu,10', '2024-01-01 08:00:00,eu,99'),
    );
    await execute('run', root, { ...at('2024-01-03T12:00:00Z'), fullRefresh: true });
    expect(await rows(root)).toEqual(['2:99:Europe', '3:11:Americas', '4:20:Americas', '5:30:Europe']);
  });

  it('a failed batch fails the model and keeps the batches before it', async () => {
    const root = project();
    await execute('seed', root);
    // Day 2's row makes the cast fail, so only day 1 is committed.
    writeFileSync(join(root, 'data/events.csv'), `${EVENTS}\n7,2024-01-02 11:00:00,eu,oops`);
    writeFileSync(
      join(root, 'models/daily.sql'),
      [
        "{{ config(materialized='incremental', incremental_strategy='microbatch', begin='2024-01-01', batch_size='day', event_time='ts') }}",
        "select e.id, e.ts::timestamp as ts, e.amount::integer as amount, r.label from {{ source('raw', 'events') }} e",
        "join {{ ref('regions') }} r on r.region = e.region",
      ].join('\n'),
    );
    const run = await execute('run', root, at('2024-01-03T12:00:00Z'));
    expect(statuses(run)).toEqual({ daily: 'error' });
    expect(run.results[0]!.message).toMatch(/LDP465|batch \[2024-01-02/);
    expect(await rows(root)).toEqual(['2:10:Europe', '3:11:Americas']);
  });

  it('refuses a microbatch model without begin, naming its file', async () => {
    const root = project("batch_size='day', event_time='ts'");
    await expect(execute('run', root, at('2024-01-03T12:00:00Z'))).rejects.toMatchObject({
      code: 'LDP462',
      span: { file: 'models/daily.sql' },
    });
  });

  it('refuses a bad batch_size with its place', async () => {
    const root = project("begin='2024-01-01', batch_size='week', event_time='ts'");
    await expect(execute('run', root, at('2024-01-03T12:00:00Z'))).rejects.toMatchObject({
      span: { file: 'models/daily.sql', line: 1 },
    });
  });

  it('filters a ref() to an upstream model that has event_time', async () => {
    const root = project();
    writeFileSync(
      join(root, 'models/events_table.sql'),
      "{{ config(materialized='table', event_time='ts') }}\nselect id, ts::timestamp as ts, region, amount from {{ source('raw', 'events') }}",
    );
    writeFileSync(
      join(root, 'models/daily.sql'),
      [
        "{{ config(materialized='incremental', incremental_strategy='microbatch', begin='2024-01-02', batch_size='day', event_time='ts') }}",
        "select e.id, e.ts, e.amount, r.label from {{ ref('events_table') }} e join {{ ref('regions') }} r on r.region = e.region",
      ].join('\n'),
    );
    await execute('seed', root);
    const run = await execute('run', root, at('2024-01-02T12:00:00Z'));
    expect(statuses(run)).toEqual({ events_table: 'success', daily: 'success' });
    expect(await rows(root)).toEqual(['4:20:Americas']);
  });

  it("ref('x').render() reads the upstream unfiltered, as dbt documents the opt-out", async () => {
    const root = project();
    writeFileSync(
      join(root, 'models/events_table.sql'),
      "{{ config(materialized='table', event_time='ts') }}\nselect id, ts::timestamp as ts, region, amount from {{ source('raw', 'events') }}",
    );
    writeFileSync(
      join(root, 'models/daily.sql'),
      [
        "{{ config(materialized='incremental', incremental_strategy='microbatch', begin='2024-01-02', batch_size='day', event_time='ts', concurrent_batches=true) }}",
        "select e.id, e.ts, (select count(*)::int from {{ ref('events_table').render() }}) as amount, 'all' as label",
        "from {{ ref('events_table') }} e",
      ].join('\n'),
    );
    const run = await execute('run', root, at('2024-01-02T12:00:00Z'));
    expect(statuses(run)).toEqual({ events_table: 'success', daily: 'success' });
    // The filtered ref keeps the batch's one row; render() counts all six.
    expect(await rows(root)).toEqual(['4:6:all']);
    // concurrent_batches is a config dbt knows: accepted without a warning.
    const warnings = run.reporter.events.filter(
      (event) => event.kind === 'diagnostic' && event.diagnostic.message.includes('concurrent_batches'),
    );
    expect(warnings).toEqual([]);
  });

  it('a begin after now still creates the table, empty, as dbt does; a later run fills it', async () => {
    const root = project("begin='2024-01-03', batch_size='day', event_time='ts'");
    await execute('seed', root);
    const first = await execute('run', root, at('2024-01-01T12:00:00Z'));
    expect(statuses(first)).toEqual({ daily: 'success' });
    expect(await rows(root)).toEqual([]);
    // The table exists now, so the next run is incremental: today and one lookback day.
    await execute('run', root, at('2024-01-03T12:00:00Z'));
    expect(await rows(root)).toEqual(['4:20:Americas', '5:30:Europe']);
  });

  it('takes --event-time-start/--event-time-end on the command line, and refuses an unreadable one', {
    timeout: 120_000,
  }, async () => {
    const root = project();
    expect(runCli(['seed'], root).code).toBe(0);
    const ran = runCli(['run', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-03'], root);
    expect(ran.code, ran.stderr).toBe(0);
    expect(await rows(root)).toEqual(['4:20:Americas']);
    const bad = runCli(['run', '--event-time-start', 'soon'], root);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[LDP463]');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
