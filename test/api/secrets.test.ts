import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, compile, docsGenerate, lineage, parse } from '../../src/api/index.js';
import type { LdpError } from '../../src/errors/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

const SECRET = 'hunter2-Sup3rSecret-Value';

const PROJECT = {
  'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  // The secret reaches DuckDB as a setting; nothing ldp writes may hold it.
  'profiles.yml': [
    'shop:',
    '  target: dev',
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    '      settings:',
    `        custom_user_agent: "{{ env_var('DBT_ENV_SECRET_AGENT') }}"`,
  ].join('\n'),
  'seeds/raw_orders.csv': 'id,amount\n1,5\n2,7\n',
  'models/bronze/orders.sql':
    "select id, amount, '{{ env_var('REGION') }}' as region from {{ ref('raw_orders') }}",
  'models/gold/totals.sql': "select sum(amount) as total from {{ ref('orders') }}",
};

const ENV = { DBT_ENV_SECRET_AGENT: SECRET, REGION: 'eu' };

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function errorOf(promise: Promise<unknown>): Promise<LdpError> {
  try {
    await promise;
  } catch (error) {
    const list = (error as { errors?: LdpError[] }).errors;
    return list?.[0] ?? (error as LdpError);
  }
  throw new Error('expected an error');
}

describe('secret environment variables', () => {
  it('never reach a file ldp writes: caches, artifacts, OpenLineage events, catalog, docs', async () => {
    const root = tempProject(PROJECT);
    const options = isolated(root, { env: ENV });
    const built = await build({ ...options, openLineagePath: join(root, 'target', 'openlineage.jsonl') });
    expect(built.failed).toBe(false);
    // Again from the caches (partial parse, compile cache), then the docs and lineage.
    await compile(options);
    await docsGenerate(options);
    await lineage({ ...options, node: 'totals', output: 'json' });
    const written = [...filesBelow(join(root, 'target')), ...filesBelow(join(root, 'warehouse'))];
    expect(written.map((file) => file.slice(root.length + 1))).toEqual(
      expect.arrayContaining([
        'target/partial_parse.ldp',
        'target/compile_cache.ldp',
        'target/manifest.json',
        'target/run_results.json',
        'target/openlineage.jsonl',
        'target/docs/index.html',
        'warehouse/catalog.db',
      ]),
    );
    const holding = written.filter((file) => readFileSync(file).includes(SECRET));
    expect(holding).toEqual([]);
  });

  it('still notice a changed value through the hash the caches keep', async () => {
    const root = tempProject(PROJECT);
    const first = await compile(isolated(root, { env: ENV }));
    expect(first.compiled.nodes.get('model.shop.orders')?.sql).toContain("'eu' as region");
    const second = await compile(isolated(root, { env: { ...ENV, REGION: 'us' } }));
    expect(second.compiled.nodes.get('model.shop.orders')?.sql).toContain("'us' as region");
  });

  it('may not be read by a model, even where the template is never rendered (LDP151 at file:line)', async () => {
    const root = tempProject({
      ...PROJECT,
      'models/gold/leaky.sql': 'select 1 as id,\n  \'{{ env_var("DBT_ENV_SECRET_AGENT") }}\' as agent',
    });
    const error = await errorOf(parse(isolated(root, { env: ENV })));
    expect(error.code).toBe('LDP151');
    expect(error.span).toEqual({ file: 'models/gold/leaky.sql', line: 2, col: 7 });
    expect(error.message).toContain("env_var('DBT_ENV_SECRET_AGENT')");
  });

  it('may not be read through a name built at run time, nor in the project file', async () => {
    const dynamic = tempProject({
      ...PROJECT,
      'models/gold/leaky.sql':
        "{% set name = 'DBT_ENV_' ~ 'SECRET_AGENT' %}\nselect '{{ env_var(name) }}' as agent",
    });
    const atCompile = await errorOf(compile(isolated(dynamic, { env: ENV })));
    expect(atCompile.code).toBe('LDP151');
    expect(atCompile.span).toMatchObject({ file: 'models/gold/leaky.sql', line: 2 });
    const projectFile = tempProject({
      ...PROJECT,
      'ldp_project.yml': 'name: shop\ntarget-path: "{{ env_var(\'DBT_ENV_SECRET_AGENT\') }}"\n',
    });
    const inProjectFile = await errorOf(parse(isolated(projectFile, { env: ENV })));
    expect(inProjectFile.code).toBe('LDP151');
    expect(inProjectFile.span).toMatchObject({ file: expect.stringMatching(/ldp_project\.yml$/), line: 2 });
  });
});
