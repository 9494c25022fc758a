import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { pyicebergWarehouse } from '../../support/pyiceberg-fixture.js';
import { tempProject } from '../../support/temp-project.js';

const table = (name: string, sql: string) => ({
  [`models/bronze/${name}.sql`]: `{{ config(materialized='table') }}${sql}`,
});

let root: string;

/** Raw files of every kind DuckDB reads, written by DuckDB itself where a binary format is needed. */
beforeAll(async () => {
  const interop = pyicebergWarehouse();
  root = tempProject({
    'ldp_project.yml': 'name: raw\n',
    'data/semicolons.csv': 'id;label;amount\r\n1;"a;b";1,5\r\n2;"c ""quoted""";2,25\r\n',
    'data/events.json': '[{"id": 1, "kind": "click"}, {"id": 2, "kind": "view"}]',
    'data/events.ndjson': '{"id": 3, "kind": "click"}\n{"id": 4, "kind": "buy"}\n',
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: files',
      '    tables:',
      '      - name: semicolons',
      '        location: data/semicolons.csv',
      '        options: {delimiter: ";", quote: \'"\', decimal_separator: ",", header: true, types: {id: INTEGER, amount: DOUBLE}}',
      '      - name: events_json',
      '        location: data/events.json',
      '      - name: events_ndjson',
      '        location: data/events.ndjson',
      '      - name: monthly',
      '        location: data/monthly/*.parquet',
      '      - name: by_day',
      '        location: data/by_day',
      '        format: parquet',
      '        options: {hive_partitioning: true}',
      '      - name: legacy',
      "        meta: {external_location: \"read_csv('data/semicolons.csv', delim = ';', header = true)\"}",
      '  - name: pyiceberg',
      '    schema: bronze',
      '    tables:',
      '      - name: trips_history',
      '        format: iceberg',
      `        location: ${interop.path}/catalog.db`,
    ].join('\n'),
    ...table('semicolon_rows', "select * from {{ source('files', 'semicolons') }}"),
    ...table(
      'all_events',
      "select * from {{ source('files', 'events_json') }} union all select * from {{ source('files', 'events_ndjson') }}",
    ),
    ...table('monthly_rows', "select count(*) as n, sum(v) as total from {{ source('files', 'monthly') }}"),
    ...table('by_day_rows', "select day, count(*) as n from {{ source('files', 'by_day') }} group by all"),
    ...table('legacy_rows', "select count(*) as n from {{ source('files', 'legacy') }}"),
    ...table(
      'foreign_trips',
      "select count(*) as n, sum(trip_id) as s from {{ source('pyiceberg', 'trips_history') }}",
    ),
  });
  mkdirSync(join(root, 'data/monthly'), { recursive: true });
  mkdirSync(join(root, 'data/by_day/day=2024-01-01'), { recursive: true });
  mkdirSync(join(root, 'data/by_day/day=2024-01-02'), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const [file, sql] of [
    ['data/monthly/2024-01.parquet', 'SELECT range AS v FROM range(10)'],
    ['data/monthly/2024-02.parquet', 'SELECT range AS v FROM range(5)'],
    ['data/by_day/day=2024-01-01/part.parquet', 'SELECT 1 AS id UNION ALL SELECT 2'],
    ['data/by_day/day=2024-01-02/part.parquet', 'SELECT 3 AS id'],
  ] as const) {
    await conn.run(`COPY (${sql}) TO '${join(root, file)}' (FORMAT parquet)`);
  }
  instance.closeSync();
});

describe('sources', () => {
  it('reads CSV with options, JSON, NDJSON, globs, hive folders, dbt-duckdb locations and pyiceberg tables', async () => {
    const result = await execute('run', root);
    expect(
      Object.values(statuses(result)).every((s) => s === 'success'),
      JSON.stringify(statuses(result)),
    ).toBe(true);
    expect(await tableRows(root, 'bronze.semicolon_rows', { orderBy: 'id' })).toEqual([
      { id: 1, label: 'a;b', amount: 1.5 },
      { id: 2, label: 'c "quoted"', amount: 2.25 },
    ]);
    expect((await tableRows(root, 'bronze.all_events', { orderBy: 'id' })).map((r) => r['kind'])).toEqual([
      'click',
      'view',
      'click',
      'buy',
    ]);
    expect(await tableRows(root, 'bronze.monthly_rows')).toEqual([{ n: '15', total: '55' }]);
    expect(
      (await tableRows(root, 'bronze.by_day_rows', { orderBy: 'day' })).map((r) => [
        String(r['day']),
        r['n'],
      ]),
    ).toEqual([
      ['2024-01-01', '2'],
      ['2024-01-02', '1'],
    ]);
    expect(await tableRows(root, 'bronze.legacy_rows')).toEqual([{ n: '2' }]);
    const want = pyicebergWarehouse().expected['bronze.trips_history']!;
    expect(await tableRows(root, 'bronze.foreign_trips')).toEqual([
      { n: String(want.current_rows), s: String(want.sum_trip_id) },
    ]);
  });

  it('fails a model whose source files DuckDB cannot read, naming the source and the reader error', async () => {
    writeFileSync(join(root, 'data/events.ndjson'), '{"id": 5, "kind": \n');
    const result = await execute('run', root, { select: ['all_events'] });
    expect(statuses(result)).toEqual({ all_events: 'error' });
    const error = result.results[0]!.error!;
    expect(error.code).toBe('LDP414');
    expect(error.message).toContain("source('files', 'events_ndjson')");
    expect(error.span?.file).toBe('models/sources.yml');
  });
});
