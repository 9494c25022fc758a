import { cpSync, existsSync, lstatSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean } from '../../src/api/commands/clean.js';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/** dbt-utils 1.3.3 as dbt installs it, from the team's shared fixtures beside the repository (read only). */
const DBT_UTILS = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'fixtures',
  'dbt-packages',
  'dbt-utils-1.3.3',
);

describe('ldp deps and ldp clean', () => {
  it('installs dbt-utils into a copy of its integration_tests project, and clean removes it', () => {
    const root = join(tempProject({}), 'integration_tests');
    cpSync(join(DBT_UTILS, 'integration_tests'), root, { recursive: true });
    // `local: ../` would point into the temp folder: point it at the package itself.
    writeFileSync(join(root, 'packages.yml'), `packages:\n  - local: ${DBT_UTILS}\n`);
    const installed = runCli(['deps'], root);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('Installed dbt_utils');
    const link = join(root, 'dbt_packages', 'dbt_utils');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(DBT_UTILS));
    expect(existsSync(join(link, 'macros', 'sql', 'star.sql'))).toBe(true);
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain('name: dbt_utils');

    const again = runCli(['deps'], root);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Up to date: dbt_utils');

    const cleaned = runCli(['clean'], root);
    expect(cleaned.code).toBe(0);
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
    expect(existsSync(join(DBT_UTILS, 'macros', 'sql', 'star.sql'))).toBe(true);
  });

  it('clean removes the packages folder by default, as dbt projects list it', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'dbt_packages/x/dbt_project.yml': 'name: x\n',
    });
    expect(await clean({ projectDir: root, env: {} })).toEqual(['target', 'dbt_packages']);
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
  });

  it('a bad packages.yml is exit 1 with file:line:col and no stack trace', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: "~1.0"\n',
    });
    const result = runCli(['deps'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('LDP852');
    expect(result.stderr).toContain('packages.yml:3:14');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
