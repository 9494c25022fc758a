import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { execute, hasTable, snapshotsOf, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const PROJECT = 'name: shop\nmodels:\n  shop:\n    +materialized: table\n';

describe('ldp run: table, view and ephemeral models', () => {
  it('writes tables as Iceberg snapshots, records views, and inlines ephemeral models', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'models/bronze/raw_orders.sql':
        "select * from (values (1, 'ann', 10.5), (2, 'bob', 20.0), (3, 'ann', 4.5)) as t(order_id, customer, amount)",
      'models/silver/orders.sql':
        "select order_id, upper(customer) as customer, amount from {{ ref('raw_orders') }}",
      'models/silver/big_orders.sql':
        "{{ config(materialized='ephemeral') }}select * from {{ ref('orders') }} where amount > 5",
      'models/gold/customer_revenue.sql':
        "select customer, sum(amount) as revenue, count(*) as orders from {{ ref('big_orders') }} group by all",
      'models/gold/orders_view.sql': "{{ config(materialized='view') }}select * from {{ ref('orders') }}",
      'models/gold/view_reader.sql': "select count(*) as n from {{ ref('orders_view') }}",
    });
    const result = await execute('run', root);
    expect(result.failed).toBe(false);
    expect(statuses(result)).toEqual({
      raw_orders: 'success',
      orders: 'success',
      customer_revenue: 'success',
      orders_view: 'success',
      view_reader: 'success',
    });
    expect(await tableRows(root, 'gold.customer_revenue', { orderBy: 'customer' })).toEqual([
      { customer: 'ANN', revenue: '10.5', orders: '1' },
      { customer: 'BOB', revenue: '20.0', orders: '1' },
    ]);
    // The view is no Iceberg table; a model reading it sees its rows.
    expect(hasTable(root, 'gold.orders_view')).toBe(false);
    expect(hasTable(root, 'silver.big_orders')).toBe(false);
    expect(await tableRows(root, 'gold.view_reader')).toEqual([{ n: '3' }]);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      expect(catalog.listViews().map((v) => `${v.namespace.join('.')}.${v.name}`)).toEqual([
        'gold.orders_view',
      ]);
    } finally {
      catalog.close();
    }
  });

  it('recreates stored views that read sources in later runs, for the models that read them', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'data/people.csv': 'id,name\n1,Ann\n2,Bob\n',
      'models/sources.yml':
        'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: people\n        location: data/people.csv\n',
      'models/silver/people.sql':
        "{{ config(materialized='view') }}select * from {{ source('raw', 'people') }}",
      'models/gold/people_count.sql': "select count(*) as n from {{ ref('people') }}",
    });
    await execute('run', root);
    const later = await execute('run', root, { select: ['people_count'] });
    expect(statuses(later)).toEqual({ people_count: 'success' });
    expect(await tableRows(root, 'gold.people_count')).toEqual([{ n: '2' }]);
  });

  it('replaces the rows of a table on every run, keeping each run as a snapshot with its facts', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'models/silver/numbers.sql': "select range as n from range({{ var('count', 3) }})",
    });
    const first = await execute('run', root);
    await execute('run', root, { vars: '{count: 5}' });
    expect(await tableRows(root, 'silver.numbers', { orderBy: 'n' })).toHaveLength(5);
    const snapshots = snapshotsOf(root, 'silver.numbers');
    expect(snapshots).toHaveLength(2);
    const [older, newer] = snapshots;
    expect(await tableRows(root, 'silver.numbers', { snapshotId: older!['snapshot-id'] })).toHaveLength(3);
    expect(newer!.summary['operation']).toBe('overwrite');
    expect(newer!.summary['deleted-records']).toBe('3');
    expect(older!.summary['ldp.run-id']).toBe(first.runId);
    expect(older!.summary['ldp.sql-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(older!.summary['ldp.duration-ms'])).toBeGreaterThanOrEqual(0);
    expect(older!.summary['added-records']).toBe('3');
  });

  it('evolves a table schema when the query changes, and swaps a view for a table and back', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'models/silver/shape.sql': "select 1 as id, 'x' as label",
    });
    await execute('run', root);
    writeFileSync(join(root, 'models/silver/shape.sql'), 'select 1 as id, 2.5 as score');
    await execute('run', root);
    expect(await tableRows(root, 'silver.shape')).toEqual([{ id: 1, score: '2.5' }]);
    writeFileSync(join(root, 'models/silver/shape.sql'), "{{ config(materialized='view') }}select 7 as id");
    expect((await execute('run', root)).failed).toBe(false);
    expect(hasTable(root, 'silver.shape')).toBe(false);
    writeFileSync(join(root, 'models/silver/shape.sql'), 'select 8 as id');
    expect((await execute('run', root)).failed).toBe(false);
    expect(await tableRows(root, 'silver.shape')).toEqual([{ id: 8 }]);
  });

  it('partitions tables by Iceberg transforms, and rebuilds a table whose partitioning changed', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'models/silver/events.sql':
        "{{ config(partition_by=[{'field': 'at', 'transform': var('transform', 'day')}]) }}" +
        "select range as id, timestamp '2024-01-30 10:00:00' + to_days(range::integer) as at from range(4)",
    });
    await execute('run', root);
    const spec = () => {
      const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
      try {
        const location = catalog.currentMetadataLocation({ namespace: ['silver'], name: 'events' })!;
        const metadata = JSON.parse(readFileSync(location.replace('file://', ''), 'utf8'));
        return metadata['partition-specs'].at(-1).fields.map((f: { transform: string }) => f.transform);
      } finally {
        catalog.close();
      }
    };
    expect(spec()).toEqual(['day']);
    await execute('run', root, { vars: '{transform: month}' });
    expect(spec()).toEqual(['month']);
    expect(await tableRows(root, 'silver.events', { orderBy: 'id', columns: 'id' })).toEqual([
      { id: '0' },
      { id: '1' },
      { id: '2' },
      { id: '3' },
    ]);
  });

  it('runs pre- and post-hooks with the model context, and on-run-start/end around the run', async () => {
    const root = tempProject({
      'ldp_project.yml': `${PROJECT}on-run-start: "COPY (SELECT 'started' AS s) TO 'start.csv'"\non-run-end:\n  - "COPY (SELECT {{ schemas | length }} AS n) TO 'end.csv'"\n`,
      'models/silver/hooked.sql':
        '{{ config(pre_hook="COPY (SELECT 1 AS x) TO \'pre.csv\'", post_hook="COPY (SELECT count(*) AS n FROM {{ this }}) TO \'post.csv\'") }}select range from range(4)',
    });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect((await execute('run', root)).failed).toBe(false);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(root, 'start.csv'), 'utf8')).toBe('s\nstarted\n');
    expect(readFileSync(join(root, 'pre.csv'), 'utf8')).toBe('x\n1\n');
    expect(readFileSync(join(root, 'post.csv'), 'utf8')).toBe('n\n4\n');
    expect(readFileSync(join(root, 'end.csv'), 'utf8')).toBe('n\n1\n');
  });

  it('writes target/run_results.json and a row per node in the catalog run tables', async () => {
    const root = tempProject({
      'ldp_project.yml': PROJECT,
      'models/silver/a.sql': 'select 1 as x',
      'models/silver/b.sql': "select x + 1 as y from {{ ref('a') }}",
    });
    const result = await execute('run', root);
    const json = JSON.parse(readFileSync(join(root, 'target', 'run_results.json'), 'utf8'));
    expect(json.schemaVersion).toBe(1);
    expect(json.metadata.invocation_id).toBe(result.runId);
    expect(json.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status])).toEqual([
      ['model.shop.a', 'success'],
      ['model.shop.b', 'success'],
    ]);
    const b = json.results[1];
    expect(b.relation_name).toBe('"memory"."silver"."b"');
    expect(b.compiled_code).toContain('"silver"."a"');
    expect(b.adapter_response.rows_affected).toBe(1);
    expect(b.snapshot_id).toMatch(/^\d+$/);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      expect(catalog.loadRun(result.runId)?.status).toBe('success');
      const rows = catalog.runResults(result.runId);
      expect(rows.map((r) => [r.uniqueId, r.status, r.rowsAffected, r.materialization])).toEqual([
        ['model.shop.a', 'success', 1, 'table'],
        ['model.shop.b', 'success', 1, 'table'],
      ]);
      expect(rows[1]!.snapshotId).toBe(b.snapshot_id);
    } finally {
      catalog.close();
    }
  });

  it('gives DuckDB the settings of the profile, and a memory limit per worker thread by default', async () => {
    const root = tempProject({
      'ldp_project.yml': `${PROJECT}profile: shop\n`,
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      threads: 1\n      settings:\n        preserve_insertion_order: false\n',
      'models/silver/settings.sql':
        "select current_setting('preserve_insertion_order')::varchar as pio, current_setting('memory_limit') as memory, current_setting('temp_directory') as tmp, current_setting('threads') as workers",
    });
    await execute('run', root);
    const [row] = await tableRows(root, 'silver.settings');
    expect(row).toMatchObject({
      pio: 'false',
      // One worker thread: 350 MB (DuckDB reports MiB).
      memory: '333.7 MiB',
      tmp: join(root, 'warehouse', '.duckdb_tmp'),
      workers: '1',
    });
  });

  it('refreshes an optional DuckDB database file with a view per model', async () => {
    const root = tempProject({
      'ldp_project.yml': `${PROJECT}profile: shop\n`,
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      duckdb_path: lake.duckdb\n',
      'models/silver/a.sql': 'select 42 as answer',
      'models/gold/v.sql': "{{ config(materialized='view') }}select answer * 2 as twice from {{ ref('a') }}",
    });
    expect((await execute('run', root)).failed).toBe(false);
    const path = join(root, 'lake.duckdb');
    expect(existsSync(path)).toBe(true);
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    try {
      const conn = await instance.connect();
      const reader = await conn.runAndReadAll(
        'SELECT (SELECT answer FROM silver.a) AS a, (SELECT twice FROM gold.v) AS v',
      );
      expect(reader.getRowObjectsJson()).toEqual([{ a: 42, v: 84 }]);
    } finally {
      instance.closeSync();
    }
  });
});
