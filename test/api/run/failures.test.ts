import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, hasTable, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

describe('failing models', () => {
  it('turns a SQL error into an error result at the compiled line; dependents skip, others go on', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/good.sql': 'select 1 as id',
      'models/silver/broken.sql': "select id,\n  no_such_column\nfrom {{ ref('good') }}",
      'models/gold/after_broken.sql': "select * from {{ ref('broken') }}",
      'models/gold/after_good.sql': "select id * 10 as id from {{ ref('good') }}",
    });
    const result = await execute('run', root);
    expect(result.failed).toBe(true);
    expect(statuses(result)).toEqual({
      good: 'success',
      broken: 'error',
      after_broken: 'skipped',
      after_good: 'success',
    });
    const broken = result.results.find((r) => r.uniqueId === 'model.shop.broken')!;
    expect(broken.message).toMatch(/no_such_column/);
    expect(broken.error?.code).toBe('LDP401');
    const compiled = 'target/compiled/shop/models/silver/broken.sql';
    expect(broken.error?.span).toEqual({ file: compiled, line: 2, col: 3 });
    expect(readFileSync(join(root, compiled), 'utf8').split('\n')[1]).toContain('no_such_column');
    expect(result.results.find((r) => r.uniqueId === 'model.shop.after_broken')!.message).toBe(
      "skipped because 'broken' failed",
    );
    expect(hasTable(root, 'silver.broken')).toBe(false);
    expect(await tableRows(root, 'gold.after_good')).toEqual([{ id: 10 }]);
  });

  it('a model that fails to render fails alone: its dependents skip, the rest builds; parse errors still stop all', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/good.sql': 'select 1 as id',
      'models/silver/unrenderable.sql': "select {{ no_such_macro() }} as id from {{ ref('good') }}",
      'models/gold/after_unrenderable.sql': "select * from {{ ref('unrenderable') }}",
      'models/gold/after_good.sql': "select id * 10 as id from {{ ref('good') }}",
    });
    const result = await execute('build', root);
    expect(result.failed).toBe(true);
    expect(statuses(result)).toEqual({
      good: 'success',
      unrenderable: 'error',
      after_unrenderable: 'skipped',
      after_good: 'success',
    });
    const failed = result.results.find((r) => r.uniqueId === 'model.shop.unrenderable')!;
    expect(failed.message).toMatch(/'no_such_macro' is undefined/);
    expect(failed.error?.span?.file).toBe('models/silver/unrenderable.sql');
    expect(await tableRows(root, 'gold.after_good')).toEqual([{ id: 10 }]);

    // A ref to a model that does not exist is found when the project is parsed: nothing runs.
    writeFileSync(join(root, 'models/gold/bad_ref.sql'), "select * from {{ ref('nowhere') }}");
    await expect(execute('build', root)).rejects.toThrow(/nowhere/);
  });

  it('stops at the first failure with --fail-fast', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/broken.sql': 'select 1/0::integer as x, nope',
      'models/silver/later.sql': "select * from {{ ref('ok') }}",
      'models/bronze/ok.sql': 'select 1 as x',
    });
    const result = await execute('run', root, { failFast: true, threads: 1 });
    expect(result.interrupted).toBe(true);
    expect(result.results.filter((r) => r.status === 'error')).toHaveLength(1);
    expect(result.results.filter((r) => r.status === 'skipped').length).toBeGreaterThanOrEqual(1);
  });

  it('a failed first build leaves no table behind, and a failed rebuild keeps the last snapshot', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/fragile.sql': "select {{ var('value') }}::integer as v",
    });
    const failed = await execute('run', root, { vars: '{value: "\'not a number\'"}' });
    expect(statuses(failed)).toEqual({ fragile: 'error' });
    expect(hasTable(root, 'silver.fragile')).toBe(false);
    await execute('run', root, { vars: '{value: 7}' });
    const again = await execute('run', root, { vars: '{value: "\'nope\'"}' });
    expect(again.results[0]!.message).toMatch(/Could not convert|Conversion/);
    expect(await tableRows(root, 'silver.fragile')).toEqual([{ v: 7 }]);
  });

  it('names the source, the path and the YAML line when a source file is missing', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/sources.yml': [
        'version: 2',
        'sources:',
        '  - name: raw',
        '    tables:',
        '      - name: trips',
        '        location: data/trips.parquet',
        '      - name: zones',
        '        location: data/zones.csv',
      ].join('\n'),
      'data/zones.csv': 'id,name\n1,Bronx\n',
      'models/bronze/trips.sql':
        "{{ config(materialized='table') }}select * from {{ source('raw', 'trips') }}",
      'models/bronze/zones.sql':
        "{{ config(materialized='table') }}select * from {{ source('raw', 'zones') }}",
    });
    const result = await execute('run', root);
    expect(statuses(result)).toEqual({ trips: 'error', zones: 'success' });
    const error = result.results.find((r) => r.uniqueId === 'model.shop.trips')!.error!;
    expect(error.code).toBe('LDP413');
    expect(error.message).toContain("source('raw', 'trips')");
    expect(error.message).toContain(join(root, 'data/trips.parquet'));
    expect(error.span).toMatchObject({ file: 'models/sources.yml', line: 5 });
    expect(await tableRows(root, 'bronze.zones')).toEqual([{ id: '1', name: 'Bronx' }]);
  });

  it('explains a ref to a model that was never built', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/upstream.sql': 'select 1 as id',
      'models/gold/downstream.sql': "select * from {{ ref('upstream') }}",
    });
    const result = await execute('run', root, { select: ['downstream'] });
    expect(result.results[0]!.status).toBe('error');
    expect(result.results[0]!.error?.hint).toMatch(/build it first/);
  });
});

describe('seeds', () => {
  it('loads CSV files with inferred types, column_types, a delimiter and CRLF line ends', async () => {
    const root = tempProject({
      'ldp_project.yml':
        "name: shop\nseeds:\n  shop:\n    codes:\n      +column_types: {code: varchar}\n    semi:\n      +delimiter: ';'\n",
      'seeds/codes.csv': 'code,label,since\r\n007,Bond,2024-01-02\r\n010,Ten,2023-12-31\r\n',
      'seeds/semi.csv': 'a;b\n1;x\n2;y\n',
    });
    const result = await execute('seed', root);
    expect(statuses(result)).toEqual({ codes: 'success', semi: 'success' });
    expect(
      await tableRows(root, 'main.codes', {
        orderBy: 'code',
        columns: 'code, label, since, typeof(since) AS t',
      }),
    ).toEqual([
      { code: '007', label: 'Bond', since: '2024-01-02', t: 'DATE' },
      { code: '010', label: 'Ten', since: '2023-12-31', t: 'DATE' },
    ]);
    expect(await tableRows(root, 'main.semi', { orderBy: 'a' })).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('is read by ref() from models', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'seeds/zones.csv': 'id,name\n1,Bronx\n2,Queens\n',
      'models/silver/zone_names.sql':
        "select string_agg(name, ',' order by id) as names from {{ ref('zones') }}",
    });
    await execute('seed', root);
    await execute('run', root);
    expect(await tableRows(root, 'silver.zone_names')).toEqual([{ names: 'Bronx,Queens' }]);
  });
});
