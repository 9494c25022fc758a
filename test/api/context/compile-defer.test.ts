import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/api/index.js';
import { execute } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';

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

/** `wide` reads `codes` while it renders: its compiled SQL names the target that built `codes`. */
const files = {
  'ldp_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'profiles.yml': PROFILES,
  'models/codes.sql': "select '{{ target.name }}_built' as code",
  'models/other.sql': 'select 1 as id',
  'models/wide.sql': [
    "{% set codes = run_query('select code from ' ~ ref('codes')) %}",
    'select {% for c in (codes.columns[0].values() if execute else []) %}1 as {{ c }}{% endfor %}',
  ].join('\n'),
};

async function productionState(root: string): Promise<string> {
  expect((await execute('run', root, { target: 'prod' })).failed).toBe(false);
  const state = join(root, 'prod-state');
  mkdirSync(state);
  cpSync(join(root, 'target', 'manifest.json'), join(state, 'manifest.json'));
  return state;
}

const compiledWide = (root: string) =>
  readFileSync(join(root, 'target/compiled/shop/models/wide.sql'), 'utf8').trim();

describe('ldp compile --defer --state', () => {
  it("renders a node that reads an unselected parent this warehouse lacks from the state's relation", async () => {
    const root = tempProject(files);
    const state = await productionState(root);
    // The dev warehouse exists, without `codes`.
    expect((await execute('run', root, { select: ['other'] })).failed).toBe(false);

    await compile({ ...isolated(root), select: ['wide'], defer: true, state });
    expect(compiledWide(root)).toBe('select 1 as prod_built');
  });

  it('works before this target has a warehouse: only the state is read, and no warehouse is made', async () => {
    const root = tempProject(files);
    const state = await productionState(root);
    expect(existsSync(join(root, 'warehouse'))).toBe(false);

    await compile({ ...isolated(root), select: ['wide'], defer: true, state });
    expect(compiledWide(root)).toBe('select 1 as prod_built');
    expect(existsSync(join(root, 'warehouse'))).toBe(false);
  });

  it('prefers the parent this warehouse built, unless --favor-state', async () => {
    const root = tempProject(files);
    const state = await productionState(root);
    expect((await execute('run', root, { select: ['codes'] })).failed).toBe(false);

    await compile({ ...isolated(root), select: ['wide'], defer: true, state });
    expect(compiledWide(root)).toBe('select 1 as dev_built');
    await compile({ ...isolated(root), select: ['wide'], defer: true, favorState: true, state });
    expect(compiledWide(root)).toBe('select 1 as prod_built');
    // Without --defer, as today: this warehouse's relation.
    await compile({ ...isolated(root), select: ['wide'] });
    expect(compiledWide(root)).toBe('select 1 as dev_built');
  });

  it('needs --state (LDP167)', async () => {
    const root = tempProject(files);
    await expect(compile({ ...isolated(root), defer: true })).rejects.toMatchObject({ code: 'LDP167' });
  });
});
