import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { execute, tableRows } from '../support/lakehouse.js';
import { type CliResult, runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/**
 * `ldp rollback <model> --to-previous-metadata`: the way back for a table whose current
 * metadata.json was deleted by hand. The catalog row points at the file of the commit before
 * (previous_metadata_location); the rollback swaps it back, under the warehouse lock.
 */

interface CatalogRow {
  readonly metadata_location: string;
  readonly previous_metadata_location: string | null;
}

function catalogRow(root: string, namespace: string, name: string): CatalogRow {
  const db = new Database(join(root, 'warehouse', 'catalog.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT metadata_location, previous_metadata_location FROM iceberg_tables WHERE table_namespace = ? AND table_name = ?',
      )
      .get(namespace, name) as CatalogRow;
  } finally {
    db.close();
  }
}

const pathOf = (uri: string) => uri.replace(/^file:\/\//, '');

function output(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

function expectUserError(result: CliResult, code: string): void {
  expect(result.code, output(result)).toBe(1);
  expect(output(result)).toContain(`[${code}]`);
  expect(output(result)).not.toContain('bug in ldp');
  expect(output(result)).not.toMatch(/\n\s+at /);
}

function project(): string {
  return tempProject({
    'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: table\n',
    'models/silver/a.sql': 'select 1 as id',
    'models/gold/c.sql': "select id * 10 as id from {{ ref('a') }}",
  });
}

describe('ldp rollback --to-previous-metadata', { timeout: 600_000 }, () => {
  it('restores the commit before a deleted metadata.json, after which show and run work', async () => {
    const root = project();
    expect((await execute('run', root)).failed).toBe(false);
    writeFileSync(join(root, 'models/silver/a.sql'), 'select 2 as id');
    expect((await execute('run', root)).failed).toBe(false);
    const built = catalogRow(root, 'silver', 'a');
    expect(built.previous_metadata_location).not.toBeNull();

    // While the current file reads fine, the lossy restore is refused and nothing changes.
    expectUserError(runCli(['rollback', 'a', '--to-previous-metadata'], root), 'LDP579');
    expect(catalogRow(root, 'silver', 'a')).toEqual(built);

    rmSync(pathOf(built.metadata_location));
    const blocked = runCli(['run', '-s', 'a'], root);
    expectUserError(blocked, 'LDP570');
    expect(output(blocked)).toContain('ldp rollback a --to-previous-metadata');

    const rolled = runCli(['rollback', 'a', '--to-previous-metadata'], root);
    expect(rolled.code, output(rolled)).toBe(0);
    expect(output(rolled)).toContain(pathOf(built.previous_metadata_location!));
    expect(catalogRow(root, 'silver', 'a')).toEqual({
      metadata_location: built.previous_metadata_location,
      previous_metadata_location: built.metadata_location,
    });

    // The first build's rows are current again, for ldp show as for every reader.
    const shown = runCli(['show', '-s', 'a', '--output', 'json'], root);
    expect(shown.code, output(shown)).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual([{ id: 1 }]);

    // And the table takes commits again: the next run builds on the restored metadata.
    const run = runCli(['run'], root);
    expect(run.code, output(run)).toBe(0);
    expect(await tableRows(root, 'silver.a', { columns: 'id' })).toEqual([{ id: 2 }]);
    expect(await tableRows(root, 'gold.c', { columns: 'id' })).toEqual([{ id: 20 }]);
  });

  it('restores the commit before a damaged (cut) metadata.json too', async () => {
    const root = project();
    expect((await execute('run', root)).failed).toBe(false);
    writeFileSync(join(root, 'models/silver/a.sql'), 'select 2 as id');
    expect((await execute('run', root)).failed).toBe(false);
    const built = catalogRow(root, 'silver', 'a');
    truncateSync(pathOf(built.metadata_location), 40);
    expectUserError(runCli(['run', '-s', 'a'], root), 'LDP571');

    const rolled = runCli(['rollback', 'a', '--to-previous-metadata'], root);
    expect(rolled.code, output(rolled)).toBe(0);
    expect(catalogRow(root, 'silver', 'a').metadata_location).toBe(built.previous_metadata_location);
    expect(await tableRows(root, 'silver.a', { columns: 'id' })).toEqual([{ id: 1 }]);
  });

  it('says so when the table has no metadata file before the missing one', async () => {
    const root = project();
    expect((await execute('run', root)).failed).toBe(false);
    const built = catalogRow(root, 'silver', 'a');
    expect(built.previous_metadata_location).toBeNull();
    rmSync(pathOf(built.metadata_location));

    const refused = runCli(['rollback', 'a', '--to-previous-metadata'], root);
    expectUserError(refused, 'LDP580');
    expect(output(refused)).toContain('--full-refresh');
    expect(catalogRow(root, 'silver', 'a')).toEqual(built);
  });

  it('needs exactly one of --to and --to-previous-metadata', () => {
    const root = project();
    expectUserError(runCli(['rollback', 'a'], root), 'LDP582');
    expectUserError(runCli(['rollback', 'a', '--to', '1', '--to-previous-metadata'], root), 'LDP582');
  });
});
