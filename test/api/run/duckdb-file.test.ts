import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { exportDatabaseFile } from '../../../src/adapters/duckdb/export-database-file.js';
import { openCatalog } from '../../../src/catalog/index.js';
import { execute } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** A project whose dbt-duckdb profile names a database file with `path:`. */
function projectWithFile(): { root: string; path: string } {
  const root = tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'profiles.yml':
      'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n',
    'models/silver/a.sql': 'select 42 as answer',
    'models/gold/v.sql': "{{ config(materialized='view') }}select answer * 2 as twice from {{ ref('a') }}",
  });
  return { root, path: join(root, 'shop.duckdb') };
}

/** Runs statements on the file in a DuckDB of its own (as the user's script would), returning the last rows. */
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

const OBJECTS = `SELECT schema_name || '.' || name AS object, kind FROM (
    SELECT schema_name, table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE NOT internal
    UNION ALL SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE NOT internal
  ) ORDER BY object`;

describe('the DuckDB database file a profile names with `path:`', () => {
  it("keeps the user's tables and views, and gets ldp's views in place", async () => {
    const { root, path } = projectWithFile();
    await onFile(
      path,
      'CREATE TABLE main.trips AS SELECT range AS id FROM range(8)',
      'CREATE SCHEMA silver',
      "CREATE TABLE silver.zones AS SELECT 'x' AS zone",
      'CREATE VIEW main.trip_count AS SELECT count(*) AS n FROM main.trips',
    );
    const inode = statSync(path).ino;

    expect((await execute('run', root)).failed).toBe(false);
    expect(statSync(path).ino).toBe(inode);
    expect(await onFile(path, OBJECTS)).toEqual([
      { object: 'gold.v', kind: 'view' },
      { object: 'main.trip_count', kind: 'view' },
      { object: 'main.trips', kind: 'table' },
      { object: 'silver.a', kind: 'view' },
      { object: 'silver.zones', kind: 'table' },
    ]);
    expect(
      await onFile(
        path,
        'SELECT (SELECT answer FROM silver.a) AS a, (SELECT twice FROM gold.v) AS v, (SELECT n FROM main.trip_count) AS n, (SELECT zone FROM silver.zones) AS zone',
      ),
    ).toEqual([{ a: 42, v: 84, n: '8', zone: 'x' }]);

    // The next run knows its own views by their comment and replaces them; the user's stay.
    const again = await execute('run', root);
    expect(again.reporter.events.filter((e) => e.kind === 'diagnostic')).toEqual([]);
    expect(await onFile(path, OBJECTS)).toHaveLength(5);
    const comments =
      "SELECT view_name, coalesce(comment LIKE '[ldp] %', false) AS ldp FROM duckdb_views() WHERE NOT internal ORDER BY 1";
    expect(await onFile(path, comments)).toEqual([
      { view_name: 'a', ldp: true },
      { view_name: 'trip_count', ldp: false },
      { view_name: 'v', ldp: true },
    ]);
  });

  it("refuses to replace a user's table that has a model's name, and changes nothing in the file", async () => {
    const { root, path } = projectWithFile();
    await onFile(path, 'CREATE SCHEMA silver', 'CREATE TABLE silver.a AS SELECT 7 AS mine');

    const result = await execute('run', root);
    expect(result.failed).toBe(false);
    const warning = result.reporter.events.find((e) => e.kind === 'diagnostic');
    expect(warning?.kind === 'diagnostic' && warning.diagnostic.message).toContain(
      'has its own table silver.a',
    );
    expect(await onFile(path, OBJECTS)).toEqual([{ object: 'silver.a', kind: 'table' }]);
    expect(await onFile(path, 'SELECT * FROM silver.a')).toEqual([{ mine: 7 }]);
  });

  it('adopts views an earlier ldp wrote (no comment, reading this warehouse) and drops its views the catalog lost', async () => {
    const { root, path } = projectWithFile();
    expect((await execute('run', root)).failed).toBe(false);
    const files = join(root, 'warehouse', 'silver', 'a', 'data', '**', '*.parquet');
    await onFile(
      path,
      'DROP VIEW silver.a',
      `CREATE VIEW silver.a AS SELECT * FROM read_parquet('${files}')`,
      'CREATE TABLE main.mine AS SELECT 1 AS x',
    );
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse') });
    try {
      catalog.dropView({ namespace: ['gold'], name: 'v' });
      expect(await exportDatabaseFile(catalog, path)).toBe(1);
    } finally {
      catalog.close();
    }
    expect(await onFile(path, OBJECTS)).toEqual([
      { object: 'main.mine', kind: 'table' },
      { object: 'silver.a', kind: 'view' },
    ]);
    expect(
      await onFile(path, "SELECT comment LIKE '[ldp] %' AS ldp FROM duckdb_views() WHERE view_name = 'a'"),
    ).toEqual([{ ldp: true }]);
  });
});
