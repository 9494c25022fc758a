import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LdpError, LdpErrors } from '../../src/errors/index.js';
import { readPackagesFile } from '../../src/packages/packages-file.js';
import { tempProject } from '../support/temp-project.js';

const render = (text: string) =>
  text.replace(/\{\{\s*env_var\('(\w+)'\)\s*\}\}/g, (_, name: string) => `<${name}>`);

function problem(files: Record<string, string>): LdpError {
  const root = tempProject(files);
  try {
    readPackagesFile(root, render);
  } catch (error) {
    if (error instanceof LdpErrors) return error.errors[0]!;
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('packages.yml and dependencies.yml', () => {
  it('reads every kind of entry, with version lists, env_var rendered', () => {
    const root = tempProject({
      'packages.yml': [
        'packages:',
        '  - package: dbt-labs/dbt_utils',
        '    version: [">=1.0.0", "<2.0.0"]',
        '  - package: acme/x',
        '    version: 1.0.0',
        '  - git: "https://{{ env_var(\'DBT_ENV_SECRET_TOKEN\') }}@example.com/r.git"',
        '    revision: v1',
        '    warn-unpinned: false',
        '  - local: ../lib',
        '  - tarball: https://example.com/p.tgz',
        '    name: p',
      ].join('\n'),
    });
    const file = readPackagesFile(root, render)!;
    expect(file.file).toBe('packages.yml');
    expect(file.specs.map((s) => s.kind)).toEqual(['hub', 'hub', 'git', 'local', 'tarball']);
    expect(file.specs[0]).toMatchObject({ versions: ['>=1.0.0', '<2.0.0'], installPrerelease: false });
    expect(file.specs[1]).toMatchObject({ versions: ['1.0.0'] });
    expect(file.specs[2]).toMatchObject({
      url: 'https://<DBT_ENV_SECRET_TOKEN>@example.com/r.git',
      warnUnpinned: false,
    });
    expect(file.specs[2]!.asWritten['git']).toContain('env_var');
    expect(file.specs[3]).toMatchObject({ path: join(root, '..', 'lib') });
    expect(file.specs[0]!.required).toEqual({
      by: 'packages.yml',
      span: { file: join(root, 'packages.yml'), line: 2, col: 5 },
    });
  });

  it('reports an unknown key at its line and column, with a suggestion', () => {
    const error = problem({ 'packages.yml': 'packages:\n  - package: a/b\n    verison: 1.0.0\n' });
    expect(error.code).toBe('LDP850');
    expect(error.span).toMatchObject({ line: 3, col: 5 });
    expect(error.hint).toContain('version');
  });

  it("reports a version spec that is not one of dbt's forms at its value, before fetching anything", () => {
    const error = problem({
      'packages.yml': 'packages:\n  - package: a/b\n    version: [">=1.0.0", "^1.2"]\n',
    });
    expect(error.code).toBe('LDP852');
    expect(error.span).toMatchObject({ line: 3, col: 26 });
  });

  it('reports an entry with no source, and private packages', () => {
    expect(problem({ 'packages.yml': 'packages:\n  - version: 1.0.0\n' }).code).toBe('LDP850');
    expect(problem({ 'packages.yml': 'packages:\n  - private: org/repo\n' }).code).toBe('LDP864');
    expect(problem({ 'packages.yml': 'packages: nope\n' }).code).toBe('LDP850');
  });

  it('reports a YAML syntax error at its place', () => {
    const error = problem({ 'packages.yml': 'packages:\n  - package: [a\n' });
    expect(error.span?.file).toContain('packages.yml');
    expect(error.span?.line).toBeGreaterThan(1);
  });

  it('refuses packages in both files, and reads dependencies.yml with projects:', () => {
    expect(
      problem({
        'packages.yml': 'packages:\n  - local: a\n',
        'dependencies.yml': 'packages:\n  - local: b\n',
      }).code,
    ).toBe('LDP851');
    const root = tempProject({
      'packages.yml': '# no packages here\n',
      'dependencies.yml': 'projects:\n  - name: upstream\npackages:\n  - local: b\n',
    });
    expect(readPackagesFile(root, render)).toMatchObject({
      file: 'dependencies.yml',
      specs: [{ kind: 'local' }],
    });
  });
});
