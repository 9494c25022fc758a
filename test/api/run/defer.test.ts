import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { LdpError } from '../../../src/errors/index.js';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const PROFILES = [
  'shop:',
  '  target: dev',
  '  outputs:',
  '    dev:',
  '      type: duckdb',
  '    prod:',
  '      type: duckdb',
  '      warehouse: prod-warehouse',
  '',
].join('\n');

function project(profiles = PROFILES): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'profiles.yml': profiles,
    'models/a.sql': "select '{{ target.name }}' as built_in, 1 as id",
    'models/e.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('a') }}",
    'models/b.sql': "select built_in, id + 1 as next from {{ ref('e') }}",
  });
}

/** Builds the production target and keeps its manifest.json in `prod-state/`, as CI would. */
async function buildProduction(root: string): Promise<string> {
  expect((await execute('run', root, { target: 'prod' })).failed).toBe(false);
  const state = join(root, 'prod-state');
  mkdirSync(state);
  cpSync(join(root, 'target', 'manifest.json'), join(state, 'manifest.json'));
  return state;
}

describe('--defer --state', () => {
  it("reads an unselected parent this warehouse lacks from the state's warehouse", async () => {
    const root = project();
    const state = await buildProduction(root);

    const alone = await execute('run', root, { select: ['b'] });
    expect(statuses(alone)).toEqual({ b: 'error' });

    const deferred = await execute('run', root, { select: ['b'], defer: true, state });
    expect(statuses(deferred)).toEqual({ b: 'success' });
    expect(await tableRows(root, 'main.b')).toEqual([{ built_in: 'prod', next: 2 }]);
    const info = deferred.reporter.events.find((e) => e.kind === 'info' && e.message.startsWith('Deferred'));
    expect(info?.kind === 'info' && info.message).toContain('Deferred 1 relation');
  });

  it('prefers what this warehouse built, unless --favor-state', async () => {
    const root = project();
    const state = await buildProduction(root);
    expect((await execute('run', root, { select: ['a'] })).failed).toBe(false);

    await execute('run', root, { select: ['b'], defer: true, state });
    expect(await tableRows(root, 'main.b')).toEqual([{ built_in: 'dev', next: 2 }]);

    await execute('run', root, { select: ['b'], defer: true, favorState: true, state });
    expect(await tableRows(root, 'main.b')).toEqual([{ built_in: 'prod', next: 2 }]);
  });

  it("reads dbt-duckdb's production file through an attach: alias of the state's database", async () => {
    const root = project(
      'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      attach:\n        - path: prod.duckdb\n          read_only: true\n',
    );
    const instance = await DuckDBInstance.create(join(root, 'prod.duckdb'));
    const conn = await instance.connect();
    await conn.run("CREATE TABLE main.a AS SELECT 'file' AS built_in, 41 AS id");
    conn.closeSync();
    instance.closeSync();
    const state = join(root, 'prod-state');
    mkdirSync(state);
    // The manifest dbt-duckdb writes for `path: prod.duckdb` (only what --defer reads of it).
    writeFileSync(
      join(state, 'manifest.json'),
      JSON.stringify({
        metadata: { adapter_type: 'duckdb' },
        nodes: { 'model.shop.a': { database: 'prod', schema: 'main', alias: 'a', name: 'a' } },
      }),
    );
    const result = await execute('run', root, { select: ['b'], defer: true, state });
    expect(statuses(result)).toEqual({ b: 'success' });
    expect(await tableRows(root, 'main.b')).toEqual([{ built_in: 'file', next: 42 }]);
  });

  it('names a state relation ldp cannot reach (LDP168) and --defer without --state (LDP167)', async () => {
    const root = project();
    const state = join(root, 'prod-state');
    mkdirSync(state);
    writeFileSync(
      join(state, 'manifest.json'),
      JSON.stringify({ nodes: { 'model.shop.a': { database: 'prod', schema: 'main', alias: 'a' } } }),
    );
    const unreachable = (await execute('run', root, { select: ['b'], defer: true, state }).catch(
      (e: unknown) => e,
    )) as LdpError;
    expect(unreachable.code).toBe('LDP168');
    expect(unreachable.message).toContain("no database named 'prod' is attached");

    const missing = (await execute('run', root, { select: ['b'], defer: true }).catch(
      (e: unknown) => e,
    )) as LdpError;
    expect(missing).toBeInstanceOf(LdpError);
    expect(missing.code).toBe('LDP167');
  });
});
