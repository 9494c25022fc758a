import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LdpError } from '../../src/errors/index.js';
import { loadProject } from '../../src/project/index.js';
import { tempProject } from '../support/temp-project.js';

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
    await expect(
      loadProject({ projectDir: root, env: {}, homeDir: root, target: 'qa' }),
    ).rejects.toThrowError(/target 'qa'/);
    try {
      await loadProject({ projectDir: root, env: {}, homeDir: root, target: 'qa' });
    } catch (error) {
      expect((error as LdpError).hint).toContain('dev, prod');
    }
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
    const { renderProjectValue } = await import('../../src/api/render-project-value.js');
    const env = { SCHEMA: 'from_env' };
    const project = await loadProject({
      projectDir: root,
      env,
      homeDir: root,
      renderString: (text, span) => renderProjectValue(text, span, env),
    });
    expect(project.target.schema).toBe('from_env');
  });
});
