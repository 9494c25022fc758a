import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { LdpError } from '../../../src/errors/index.js';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** Runs statements on a DuckDB file in an instance of its own (as the user's script would). */
async function onFile(path: string, ...statements: string[]): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  try {
    const conn = await instance.connect();
    let rows: Record<string, unknown>[] = [];
    for (const sql of statements) rows = (await conn.runAndReadAll(sql)).getRowObjectsJson();
    conn.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

const PROFILE_WITH_FILE = (extra = '') =>
  `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n${extra}`;

function diagnostics(result: Awaited<ReturnType<typeof execute>>): LdpError[] {
  return result.reporter.events.flatMap((e) => (e.kind === 'diagnostic' ? [e.diagnostic] : []));
}

describe("sources in the profile's DuckDB database file (`path:`)", () => {
  it('reads them read-only, through schema/identifier, and leaves the tables as they were', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'profiles.yml': PROFILE_WITH_FILE(),
      'models/sources.yml': [
        'version: 2',
        'sources:',
        '  - name: raw',
        '    tables:',
        '      - name: orders',
        '      - name: customers',
        '        identifier: crm_customers',
        '  - name: erp',
        '    schema: main',
        '    tables:',
        '      - name: items',
        '',
      ].join('\n'),
      'models/silver/order_totals.sql': `select c.name, sum(o.amount)::DOUBLE as total, max(i.n)::INT as items
        from {{ source('raw', 'orders') }} o
        join {{ source('raw', 'customers') }} c using (customer_id)
        cross join (select count(*) as n from {{ source('erp', 'items') }}) i
        group by c.name`,
    });
    const path = join(root, 'shop.duckdb');
    await onFile(
      path,
      'CREATE SCHEMA raw',
      'CREATE TABLE raw.orders AS SELECT * FROM (VALUES (1, 10.5), (1, 4.5), (2, 7.0)) t(customer_id, amount)',
      "CREATE TABLE raw.crm_customers AS SELECT * FROM (VALUES (1, 'ann'), (2, 'bo')) t(customer_id, name)",
      'CREATE TABLE main.items AS SELECT range AS id FROM range(3)',
    );

    const result = await execute('run', root);
    expect(diagnostics(result)).toEqual([]);
    expect(statuses(result)).toEqual({ order_totals: 'success' });
    expect(await tableRows(root, 'silver.order_totals', { orderBy: 'name' })).toEqual([
      { name: 'ann', total: 15, items: 3 },
      { name: 'bo', total: 7, items: 3 },
    ]);
    // The user's tables are untouched; the file gains ldp's view of the model beside them.
    expect(await onFile(path, 'SELECT count(*)::INT AS n FROM raw.orders')).toEqual([{ n: 3 }]);
    expect(await onFile(path, 'SELECT name FROM silver.order_totals ORDER BY name')).toEqual([
      { name: 'ann' },
      { name: 'bo' },
    ]);
    // A second run reads the file again after ldp wrote its views into it.
    expect(statuses(await execute('run', root))).toEqual({ order_totals: 'success' });
  });

  it("fails a source the file lacks with LDP164 at the source's line, and only what reads it", async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': PROFILE_WITH_FILE(),
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n',
      'models/reads.sql': "select * from {{ source('raw', 'orders') }}",
      'models/other.sql': 'select 1 as x',
    });
    await onFile(join(root, 'shop.duckdb'), 'CREATE TABLE main.unrelated AS SELECT 1 AS x');

    const result = await execute('run', root);
    expect(statuses(result)).toEqual({ reads: 'error', other: 'success' });
    const error = diagnostics(result).find((d) => d.code === 'LDP164');
    expect(error?.message).toContain("source('raw', 'orders')");
    expect(error?.message).toContain('has no table or view raw.orders');
    expect(error?.span?.file).toBe('models/sources.yml');
    expect(error?.span?.line).toBe(5);
    // The file stays the user's: their table is there, and ldp's view of the model that ran.
    expect(await onFile(join(root, 'shop.duckdb'), 'SELECT x FROM main.unrelated')).toEqual([{ x: 1 }]);
    expect(await onFile(join(root, 'shop.duckdb'), 'SELECT x FROM main.other')).toEqual([{ x: 1 }]);
  });
});

describe('profile `attach:` databases', () => {
  it('are attached in every session, so sources and models read alias.schema.table', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'profiles.yml': [
        'shop:',
        '  target: dev',
        '  outputs:',
        '    dev:',
        '      type: duckdb',
        '      attach:',
        '        - path: data/erp.duckdb',
        '          read_only: true',
        '        - path: data/crm.duckdb',
        '          alias: crm',
        '',
      ].join('\n'),
      'models/sources.yml': [
        'version: 2',
        'sources:',
        '  - name: erp',
        '    database: erp',
        '    schema: sales',
        '    tables:',
        '      - name: orders',
        '',
      ].join('\n'),
      'data/.keep': '',
      'models/totals.sql': `select sum(amount)::INT as total, (select max(name) from crm.main.people) as who
        from {{ source('erp', 'orders') }}`,
    });
    await onFile(
      join(root, 'data', 'erp.duckdb'),
      'CREATE SCHEMA sales',
      'CREATE TABLE sales.orders AS SELECT * FROM (VALUES (3), (4)) t(amount)',
    );
    await onFile(join(root, 'data', 'crm.duckdb'), "CREATE TABLE people AS SELECT 'zoe' AS name");

    const result = await execute('run', root);
    expect(diagnostics(result)).toEqual([]);
    expect(await tableRows(root, 'main.totals')).toEqual([{ total: 7, who: 'zoe' }]);
  });

  it('refuses a database type whose DuckDB extension ldp lacks, at its line', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      attach:\n        - path: legacy.db\n          type: sqlite\n',
      'models/a.sql': 'select 1 as x',
    });
    const error = await execute('run', root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP163');
    expect((error as LdpError).message).toContain("needs DuckDB's sqlite extension");
    expect((error as LdpError).span?.line).toBe(8);
  });

  it('validates entries with the profile schema (an unknown key at its line)', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      attach:\n        - path: a.duckdb\n          readonly: true\n',
      'models/a.sql': 'select 1 as x',
    });
    const error = (await execute('run', root).catch((e: unknown) => e)) as LdpError;
    expect(error.code).toBe('LDP103');
    expect(error.span?.line).toBe(8);
    expect(error.hint).toContain('read_only');
  });

  it('names a database that cannot be opened (LDP165)', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      attach:\n        - path: missing.duckdb\n          read_only: true\n',
      'models/a.sql': 'select 1 as x',
    });
    const error = (await execute('run', root).catch((e: unknown) => e)) as LdpError;
    expect(error.code).toBe('LDP165');
    expect(error.message).toContain('missing.duckdb');
    expect(error.span?.line).toBe(7);
  });
});
