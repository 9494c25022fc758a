import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LdpError } from '../../src/errors/index.js';
import { loadProject } from '../../src/project/index.js';
import { tempProject } from '../support/temp-project.js';
import { errorsOf } from './errors-of.js';

const PROFILE = (schema: string) =>
  `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      schema: ${schema}\n      threads: 2\n    prod:\n      type: duckdb\n      schema: prod_${schema}\n      warehouse: /tmp/prod-warehouse\n`;

describe('profiles', () => {
  it('uses the embedded default target when there is no profiles.yml', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n' });
    const project = await loadProject({ projectDir: root, env: {}, homeDir: join(root, 'home') });
    expect(project.target).toMatchObject({
      name: 'dev',
      type: 'duckdb',
      schema: 'main',
      warehousePath: join(root, 'warehouse'),
      catalogPath: join(root, 'warehouse', 'catalog.db'),
      catalogName: 'ldp',
      source: 'embedded default',
    });
  });

  it('looks in --profiles-dir, LDP_PROFILES_DIR, DBT_PROFILES_DIR, the project, ~/.ldp, ~/.dbt, in that order', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'flag/profiles.yml': PROFILE('from_flag'),
      'ldp_env/profiles.yml': PROFILE('from_ldp_env'),
      'dbt_env/profiles.yml': PROFILE('from_dbt_env'),
      'profiles.yml': PROFILE('from_project'),
      'home/.ldp/profiles.yml': PROFILE('from_home_ldp'),
      'home/.dbt/profiles.yml': PROFILE('from_home_dbt'),
    });
    const home = join(root, 'home');
    const env = { LDP_PROFILES_DIR: join(root, 'ldp_env'), DBT_PROFILES_DIR: join(root, 'dbt_env') };
    const schemaWith = async (options: Record<string, unknown>) =>
      (await loadProject({ projectDir: root, homeDir: home, env: {}, ...options })).target.schema;
    expect(await schemaWith({ profilesDir: join(root, 'flag'), env })).toBe('from_flag');
    expect(await schemaWith({ env })).toBe('from_ldp_env');
    expect(await schemaWith({ env: { DBT_PROFILES_DIR: env.DBT_PROFILES_DIR } })).toBe('from_dbt_env');
    expect(await schemaWith({})).toBe('from_project');
    const noProjectProfile = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'home/.ldp/profiles.yml': PROFILE('from_home_ldp'),
      'home/.dbt/profiles.yml': PROFILE('x'),
    });
    expect(
      (await loadProject({ projectDir: noProjectProfile, env: {}, homeDir: join(noProjectProfile, 'home') }))
        .target.schema,
    ).toBe('from_home_ldp');
    const onlyDbt = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'home/.dbt/profiles.yml': PROFILE('from_home_dbt'),
    });
    expect(
      (await loadProject({ projectDir: onlyDbt, env: {}, homeDir: join(onlyDbt, 'home') })).target.schema,
    ).toBe('from_home_dbt');
  });

  it('picks an output with --target and lists the outputs when it does not exist', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n', 'profiles.yml': PROFILE('s') });
    const prod = await loadProject({ projectDir: root, env: {}, homeDir: root, target: 'prod' });
    expect(prod.target).toMatchObject({
      name: 'prod',
      schema: 'prod_s',
      warehousePath: '/tmp/prod-warehouse',
    });
    const [error] = await errorsOf(loadProject({ projectDir: root, env: {}, homeDir: root, target: 'qa' }));
    expect(error?.code).toBe('LDP112');
    expect(error?.message).toBe("target 'qa' is not an output of profile 'shop'");
    expect(error?.span).toEqual({ file: join(root, 'profiles.yml'), line: 3, col: 3 });
    expect(error?.hint).toBe('Use --target with one of: dev, prod.');
  });

  it('rejects unknown output keys with a suggestion', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      shema: x\n',
    });
    try {
      await loadProject({ projectDir: root, env: {}, homeDir: root });
      throw new Error('expected failure');
    } catch (error) {
      expect((error as LdpError).code).toBe('LDP103');
      expect((error as LdpError).hint).toContain("Did you mean 'schema'?");
      expect((error as LdpError).span?.line).toBe(6);
    }
  });

  it('renders env_var() in profile values', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      schema: "{{ env_var(\'SCHEMA\') }}"\n',
    });
    const { projectValueRenderer } = await import('../../src/api/session/render-project-value.js');
    const env = { SCHEMA: 'from_env' };
    const project = await loadProject({
      projectDir: root,
      env,
      homeDir: root,
      renderString: projectValueRenderer(env),
    });
    expect(project.target.schema).toBe('from_env');
  });

  it('refuses a --target that no profiles.yml defines, naming every place it looked', async () => {
    const bare = tempProject({ 'ldp_project.yml': 'name: shop\n' });
    const home = join(bare, 'home');
    const [missing] = await errorsOf(
      loadProject({ projectDir: bare, env: {}, homeDir: home, target: 'prod' }),
    );
    expect(missing?.code).toBe('LDP152');
    expect(missing?.message).toContain('--target prod');
    expect(missing?.message).toContain(join(bare, 'profiles.yml'));
    expect(missing?.message).toContain(join(home, '.ldp', 'profiles.yml'));
    expect(missing?.message).toContain(join(home, '.dbt', 'profiles.yml'));
    const other = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': 'other:\n  outputs:\n    prod:\n      type: duckdb\n',
    });
    const [unprofiled] = await errorsOf(
      loadProject({ projectDir: other, env: {}, homeDir: other, target: 'prod' }),
    );
    expect(unprofiled?.code).toBe('LDP152');
    expect(unprofiled?.message).toContain(`no profile 'shop' in ${join(other, 'profiles.yml')}`);
  });

  it('falls back to the embedded default only when the project names no profile', async () => {
    const other = 'other:\n  outputs:\n    dev:\n      type: duckdb\n';
    const unnamed = tempProject({ 'ldp_project.yml': 'name: shop\n', 'profiles.yml': other });
    const project = await loadProject({
      projectDir: unnamed,
      env: {},
      homeDir: unnamed,
      target: 'dev',
      threads: 8,
    });
    expect(project.target).toMatchObject({
      name: 'dev',
      source: 'embedded default',
      threads: 8,
      profileName: 'shop',
    });
    const named = tempProject({ 'ldp_project.yml': 'name: shop\nprofile: othr\n', 'profiles.yml': other });
    const [error] = await errorsOf(loadProject({ projectDir: named, env: {}, homeDir: named }));
    expect(error?.code).toBe('LDP111');
    expect(error?.hint).toContain("Did you mean 'other'?");
  });

  it('names the database after the DuckDB file, as dbt-duckdb does, unless the profile names one', async () => {
    const databaseOf = async (output: string) => {
      const root = tempProject({
        'ldp_project.yml': 'name: shop\n',
        'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n${output}`,
      });
      return (await loadProject({ projectDir: root, env: {}, homeDir: join(root, 'home') })).target.database;
    };
    expect(await databaseOf('      path: data/jaffle.shop.duckdb\n')).toBe('jaffle.shop');
    expect(await databaseOf('      path: ":memory:"\n')).toBe('memory');
    expect(await databaseOf('      threads: 2\n')).toBe('memory');
    expect(await databaseOf('      path: dev.duckdb\n      database: analytics\n')).toBe('analytics');
  });

  it('refuses dbt-duckdb plugins with the line of the key', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      plugins:\n        - module: gsheet\n',
    });
    const [error] = await errorsOf(loadProject({ projectDir: root, env: {}, homeDir: join(root, 'home') }));
    expect(error?.code).toBe('LDP162');
    expect(error?.span).toMatchObject({ file: join(root, 'profiles.yml'), line: 6 });
    expect(error?.message).toContain('dbt-duckdb plugins');
  });

  it('uses the only output when the profile has no target, and resolves paths', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': [
        'shop:',
        '  outputs:',
        '    local:',
        '      type: duckdb',
        '      warehouse_path: ~/lake',
        '      catalog_path: meta/catalog.sqlite',
        '      catalog_name: shop_catalog',
        '      path: dev.duckdb',
        '      database: analytics',
        '      settings: {memory_limit: "{{ mem }}"}',
        '      extensions: [httpfs]',
        '      threads: 3',
      ].join('\n'),
    });
    const home = join(root, 'home');
    const project = await loadProject({
      projectDir: root,
      env: {},
      homeDir: home,
      renderString: (text) => text.replace('{{ mem }}', '2GB'),
    });
    expect(project.target).toMatchObject({
      name: 'local',
      profileName: 'shop',
      type: 'duckdb',
      schema: 'main',
      database: 'analytics',
      threads: 3,
      warehousePath: join(home, 'lake'),
      catalogPath: join(root, 'meta', 'catalog.sqlite'),
      catalogName: 'shop_catalog',
      duckdbPath: join(root, 'dev.duckdb'),
      source: join(root, 'profiles.yml'),
    });
    expect(project.target.raw['settings']).toEqual({ memory_limit: '2GB' });
  });

  it('renders the profile target and numbers from templates', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml':
        'shop:\n  target: "{{ t }}"\n  outputs:\n    qa:\n      type: duckdb\n      threads: "{{ n }}"\n',
    });
    const renderString = (text: string) => (text === '{{ t }}' ? 'qa' : '6');
    const project = await loadProject({ projectDir: root, env: {}, homeDir: root, renderString });
    expect(project.target).toMatchObject({ name: 'qa', threads: 6 });
  });

  it('reports --profiles-dir without a profiles.yml, and unknown output types', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckbd\n',
    });
    const [missing] = await errorsOf(
      loadProject({ projectDir: root, env: {}, homeDir: root, profilesDir: join(root, 'nowhere') }),
    );
    expect(missing?.code).toBe('LDP110');
    const [type] = await errorsOf(loadProject({ projectDir: root, env: {}, homeDir: root }));
    expect(type?.code).toBe('LDP113');
    expect(type?.span).toMatchObject({ line: 5, col: 13 });
    expect(type?.hint).toContain("Did you mean 'duckdb'?");
  });

  it('finds profiles.yml through ~ in --profiles-dir', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'home/conf/profiles.yml': PROFILE('from_tilde'),
    });
    const project = await loadProject({
      projectDir: root,
      env: {},
      homeDir: join(root, 'home'),
      profilesDir: '~/conf',
    });
    expect(project.target.schema).toBe('from_tilde');
  });

  it('warns about dbt-duckdb keys ldp does not use', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      external_root: out\n      module_paths: [x]\n',
    });
    const project = await loadProject({ projectDir: root, env: {}, homeDir: root });
    expect(project.warnings.map((w) => [w.code, w.span?.line])).toEqual([['LDP102', 7]]);
    // external_root is used: external models write below it, relative to the project.
    expect(project.target.externalRoot).toBe(join(root, 'out'));
  });

  it('reads dbt-bigquery outputs permissively, warning about unknown keys', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'profiles.yml': [
        'shop:',
        '  target: bq',
        '  outputs:',
        '    bq:',
        '      type: bigquery',
        '      method: service-account',
        '      project: my-gcp',
        '      dataset: analytics',
        '      keyfile: /k.json',
        '      location: EU',
        '      threads: 8',
        '      job_retries: 1',
        '      maximum_bytes_billed: 1000000',
        '      priorty: batch',
      ].join('\n'),
    });
    const project = await loadProject({ projectDir: root, env: {}, homeDir: root });
    expect(project.target).toMatchObject({
      type: 'bigquery',
      schema: 'analytics',
      database: 'my-gcp',
      threads: 8,
    });
    expect(project.target.raw['location']).toBe('EU');
    expect(project.warnings.map((w) => [w.code, w.span?.line, w.hint])).toEqual([
      ['LDP102', 14, "Did you mean 'priority'?"],
    ]);
  });
});
