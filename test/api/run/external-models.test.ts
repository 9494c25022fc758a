import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson();
    conn.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

const PROFILE =
  'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      external_root: exports\n';

function diagnostics(result: Awaited<ReturnType<typeof execute>>) {
  return result.reporter.events.flatMap((e) => (e.kind === 'diagnostic' ? [e.diagnostic] : []));
}

describe('materialized: external (dbt-duckdb)', () => {
  it('writes Parquet at <external_root>/<name>.parquet, and refs read the files', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE,
      'models/orders.sql':
        "{{ config(materialized='external') }}select range::INT as id, range * 10 as amount from range(4)",
      'models/total.sql':
        "{{ config(materialized='table') }}select sum(amount)::INT as total from {{ ref('orders') }}",
    });
    const result = await execute('run', root);
    expect(diagnostics(result)).toEqual([]);
    expect(statuses(result)).toEqual({ orders: 'success', total: 'success' });
    const file = join(root, 'exports', 'orders.parquet');
    expect(await query(`SELECT count(*)::INT AS n FROM read_parquet('${file}')`)).toEqual([{ n: 4 }]);
    expect(await tableRows(root, 'main.total')).toEqual([{ total: 60 }]);
    expect(readdirSync(join(root, 'exports'))).toEqual(['orders.parquet']);
    const orders = result.results.find((r) => r.uniqueId === 'model.shop.orders');
    expect(orders?.detail).toBe(`COPY TO ${file}`);
  });

  it('writes CSV with a delimiter at its location, and JSON, and reads both back', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE,
      'models/a.sql':
        "{{ config(materialized='external', location='out/a.csv', delimiter='|') }}select 1 as id, 'x' as name",
      'models/b.sql': "{{ config(materialized='external', format='json') }}select 2 as id, 'y' as name",
      'models/both.sql':
        "{{ config(materialized='table') }}select id::INT as id, name from {{ ref('a') }} union all select id::INT, name from {{ ref('b') }}",
    });
    const result = await execute('run', root);
    expect(diagnostics(result)).toEqual([]);
    expect(readFileSync(join(root, 'out', 'a.csv'), 'utf8')).toBe('id|name\n1|x\n');
    expect(readFileSync(join(root, 'exports', 'b.json'), 'utf8').trim()).toBe('{"id":2,"name":"y"}');
    expect(await tableRows(root, 'main.both', { orderBy: 'id' })).toEqual([
      { id: 1, name: 'x' },
      { id: 2, name: 'y' },
    ]);
  });

  it('writes hive partitions with options.partition_by, read back with the partition columns', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE,
      'models/events.sql': `{{ config(materialized='external', options={'partition_by': 'year'}) }}
        select * from (values (2023, 'a'), (2024, 'b'), (2024, 'c')) t(year, code)`,
      'models/per_year.sql': `{{ config(materialized='table') }}
        select year::INT as year, count(*)::INT as n from {{ ref('events') }} group by year`,
    });
    const result = await execute('run', root);
    expect(diagnostics(result)).toEqual([]);
    expect(readdirSync(join(root, 'exports', 'events')).sort()).toEqual(['year=2023', 'year=2024']);
    expect(await tableRows(root, 'main.per_year', { orderBy: 'year' })).toEqual([
      { year: 2023, n: 1 },
      { year: 2024, n: 2 },
    ]);
    // A second run replaces the folder as a whole: no partition of the first run stays behind.
    writeFileSync(
      join(root, 'models', 'events.sql'),
      "{{ config(materialized='external', options={'partition_by': 'year'}) }}select 2025 as year, 'z' as code",
    );
    expect((await execute('run', root)).failed).toBe(false);
    expect(readdirSync(join(root, 'exports', 'events'))).toEqual(['year=2025']);
    expect(readdirSync(join(root, 'exports'))).toEqual(['events']);
  });

  it('keeps the old file when the query fails while writing, and leaves no half-written file', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE,
      'models/orders.sql': "{{ config(materialized='external') }}select 1 as id",
    });
    expect((await execute('run', root)).failed).toBe(false);
    const file = join(root, 'exports', 'orders.parquet');
    const before = readFileSync(file);
    writeFileSync(
      join(root, 'models', 'orders.sql'),
      "{{ config(materialized='external') }}select case when range = 3 then error('boom') else range end as id from range(5)",
    );
    const failed = await execute('run', root);
    expect(statuses(failed)).toEqual({ orders: 'error' });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(join(root, 'exports'))).toEqual(['orders.parquet']);
  });

  it('registers an empty result with its columns, whatever the format', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE,
      'models/none.sql':
        "{{ config(materialized='external', format='json') }}select 1::INT as id, 'x' as name where false",
      'models/parts.sql':
        "{{ config(materialized='external', options={'partition_by': 'id'}) }}select 1 as id, 2 as v where false",
      'models/count.sql': `{{ config(materialized='table') }}
        select (select count(*) from {{ ref('none') }})::INT as n, (select count(*) from {{ ref('parts') }})::INT as p`,
    });
    const result = await execute('run', root);
    expect(diagnostics(result)).toEqual([]);
    expect(statuses(result)).toEqual({ none: 'success', parts: 'success', count: 'success' });
    expect(await tableRows(root, 'main.count')).toEqual([{ n: 0, p: 0 }]);
    expect(existsSync(join(root, 'exports', 'none.json'))).toBe(true);
  });

  it('refuses a format external models do not write (LDP166)', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE,
      'models/orders.sql': "{{ config(materialized='external', format='xlsx') }}select 1 as id",
    });
    const error = await execute('run', root).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('LDP166');
    expect((error as Error).message).toContain("format 'xlsx'");
    expect(existsSync(join(root, 'exports'))).toBe(false);
  });
});
