import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deps } from '../../src/api/commands/deps.js';
import { LdpError } from '../../src/errors/index.js';
import { CollectingReporter } from '../../src/model/reporter.js';
import { listInstalledPackages } from '../../src/packages/index.js';
import { packagesHash } from '../../src/packages/lock-file.js';
import { tempProject } from '../support/temp-project.js';
import { FakeHub, gitRepository, packageFiles, packageTarball, writeFiles } from './package-fixtures.js';

const PROJECT = 'name: shop\nconfig-version: 2\n';

function project(packagesYml: string, extra: Record<string, string> = {}): string {
  return tempProject({ 'dbt_project.yml': PROJECT, 'packages.yml': packagesYml, ...extra });
}

function warnings(reporter: CollectingReporter): string[] {
  return reporter.events.flatMap((e) =>
    e.kind === 'diagnostic' ? [`${e.diagnostic.code} ${e.diagnostic.message}`] : [],
  );
}

describe('ldp deps with git packages', () => {
  const repo = () =>
    gitRepository([
      { files: packageFiles('gitpkg', '1.0.0'), tag: '1.0.0' },
      { files: { ...packageFiles('gitpkg', '1.1.0'), 'sub/dbt_project.yml': 'name: subpkg\n' } },
    ]);

  it('installs a tag, records its commit in the lock, and does not warn', async () => {
    const { url, shas } = repo();
    const root = project(`packages:\n  - git: "${url}"\n    revision: 1.0.0\n`);
    const reporter = new CollectingReporter();
    await deps({ projectDir: root, env: {}, reporter });
    expect(readFileSync(join(root, 'dbt_packages/gitpkg/macros/gitpkg.sql'), 'utf8')).toContain("'1.0.0'");
    expect(listInstalledPackages(root).map((p) => [p.name, p.version])).toEqual([['gitpkg', shas[0]]]);
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain(`revision: ${shas[0]}`);
    expect(warnings(reporter)).toEqual([]);
  });

  it('warns when a branch is not pinned, unless warn-unpinned: false', async () => {
    const { url, shas } = repo();
    const root = project(`packages:\n  - git: "${url}"\n    revision: main\n`);
    const reporter = new CollectingReporter();
    await deps({ projectDir: root, env: {}, reporter });
    expect(warnings(reporter)).toEqual([expect.stringMatching(/^LDP863 git package .* is not pinned/)]);
    expect(listInstalledPackages(root)[0]!.version).toBe(shas[1]);

    const quiet = project(`packages:\n  - git: "${url}"\n    warn-unpinned: false\n`);
    const silent = new CollectingReporter();
    await deps({ projectDir: quiet, env: {}, reporter: silent });
    expect(warnings(silent)).toEqual([]);
  });

  it('installs a subdirectory at a commit sha, with the URL from env_var kept unrendered in the lock', async () => {
    const { url, shas } = repo();
    const root = project(
      `packages:\n  - git: "{{ env_var('DBT_ENV_SECRET_REPO') }}"\n    revision: ${shas[1]!.slice(0, 10)}\n    subdirectory: sub\n`,
    );
    await deps({ projectDir: root, env: { DBT_ENV_SECRET_REPO: url } });
    expect(existsSync(join(root, 'dbt_packages/subpkg/dbt_project.yml'))).toBe(true);
    const lock = readFileSync(join(root, 'package-lock.yml'), 'utf8');
    expect(lock).toContain('git: "{{ env_var(\'DBT_ENV_SECRET_REPO\') }}"');
    expect(lock).not.toContain(url);
    expect(lock).toContain('subdirectory: sub');
  });

  it('says which revision does not exist', async () => {
    const { url } = repo();
    const root = project(`packages:\n  - git: "${url}"\n    revision: v9\n`);
    const error = await deps({ projectDir: root, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP855');
    expect((error as LdpError).message).toContain("revision 'v9'");
    expect(existsSync(join(root, 'dbt_packages/gitpkg'))).toBe(false);
  });

  it('names both requirers of one git package at two revisions', async () => {
    const { url } = repo();
    const local = writeFiles(
      tempProject({}),
      packageFiles('middle', '1.0.0', `packages:\n  - git: "${url}"\n    revision: main\n`),
    );
    const root = project(`packages:\n  - git: "${url}"\n    revision: 1.0.0\n  - local: ${local}\n`);
    const error = (await deps({ projectDir: root, env: {} }).catch((e: unknown) => e)) as LdpError;
    expect(error.code).toBe('LDP856');
    expect(error.message).toContain('packages.yml asks for revision 1.0.0');
    expect(error.message).toContain("package 'middle' asks for revision main");
  });
});

describe('ldp deps with local and tarball packages', () => {
  let server: FakeHub;
  beforeEach(async () => {
    server = new FakeHub();
    await server.start();
  });
  afterEach(() => server.stop());

  it('links local packages and resolves their own local packages relative to them', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'first'), packageFiles('first', '1.0.0', 'packages:\n  - local: ../second\n'));
    writeFiles(join(base, 'second'), packageFiles('second', '2.0.0'));
    const root = writeFiles(join(base, 'project'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: ../first\n',
    });
    await deps({ projectDir: root, env: {} });
    expect(listInstalledPackages(root).map((p) => [p.name, p.version, p.kind])).toEqual([
      ['first', '1.0.0', 'local'],
      ['second', '2.0.0', 'local'],
    ]);
    expect(lstatSync(join(root, 'dbt_packages/first')).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(root, 'dbt_packages/second'))).toBe(realpathSync(join(base, 'second')));
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain('local: ../second');
  });

  it('downloads and extracts a tarball, installed under its project name', async () => {
    const url = server.serveTarball(
      '/x/pkg.tar.gz',
      await packageTarball('pkg-main', packageFiles('tarpkg', '0.3.0')),
    );
    const root = project(`packages:\n  - tarball: ${url}\n    name: tarpkg\n`);
    await deps({ projectDir: root, env: {} });
    expect(listInstalledPackages(root).map((p) => [p.name, p.version, p.kind])).toEqual([
      ['tarpkg', '0.3.0', 'tarball'],
    ]);
    expect(existsSync(join(root, 'dbt_packages/tarpkg/macros/tarpkg.sql'))).toBe(true);
  });

  it('removes packages no longer asked for, and leaves no work folders behind', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'a'), packageFiles('a', '1.0.0'));
    writeFiles(join(base, 'b'), packageFiles('b', '1.0.0'));
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: ../a\n  - local: ../b\n',
    });
    await deps({ projectDir: root, env: {} });
    writeFiles(root, { 'packages.yml': 'packages:\n  - local: ../b\n' });
    await deps({ projectDir: root, env: {} });
    expect(listInstalledPackages(root).map((p) => p.name)).toEqual(['b']);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(root, 'dbt_packages')).sort()).toEqual(['.ldp-packages.json', 'b']);
    expect(existsSync(join(base, 'a', 'dbt_project.yml'))).toBe(true);
  });

  it('fails with the package and URL when a tarball cannot be fetched, installing nothing', async () => {
    const root = project(`packages:\n  - tarball: ${server.url}missing.tar.gz\n    name: gone\n`);
    const error = (await deps({ projectDir: root, env: {} }).catch((e: unknown) => e)) as LdpError;
    expect(error.code).toBe('LDP853');
    expect(error.message).toContain(`${server.url}missing.tar.gz`);
    expect(error.message).toContain('404');
    expect(existsSync(join(root, 'package-lock.yml'))).toBe(false);
  });

  it('refuses a package named like the root project, and a broken lock file', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'same'), packageFiles('shop', '1.0.0'));
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: ../same\n',
    });
    const error = (await deps({ projectDir: root, env: {} }).catch((e: unknown) => e)) as LdpError;
    expect(error.code).toBe('LDP857');
    expect(error.message).toContain("root project's name 'shop'");

    const hash = packagesHash([{ local: '../same' }]);
    writeFiles(root, { 'package-lock.yml': `packages:\n  - version: 1\nsha1_hash: ${hash}\n` });
    const broken = (await deps({ projectDir: root, env: {} }).catch((e: unknown) => e)) as LdpError;
    expect(broken.code).toBe('LDP860');
    expect(broken.span).toMatchObject({ file: join(root, 'package-lock.yml'), line: 2 });
  });

  it('honours a lock written by dbt before 1.8 (no name: per entry) and re-resolves a stale one unread', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'a'), packageFiles('a_pkg', '1.0.0'));
    const hash = packagesHash([{ local: '../a' }]);
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: ../a\n',
      'package-lock.yml': `packages:\n- local: ../a\nsha1_hash: ${hash}\n`,
    });
    await deps({ projectDir: root, env: {} });
    expect(listInstalledPackages(root).map((p) => p.name)).toEqual(['a_pkg']);
    // The lock is kept as it was: its hash still matches.
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).not.toContain('name:');

    // A lock of another packages file (here one entry that is not even valid) is resolved again.
    writeFiles(root, { 'package-lock.yml': 'packages:\n- package: x/y\nsha1_hash: 0123\n' });
    await deps({ projectDir: root, env: {} });
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain('name: a_pkg');
    expect(listInstalledPackages(root).map((p) => p.name)).toEqual(['a_pkg']);
  });

  it('needs only the project file: a Python model or a broken installed package does not stop it', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'a'), packageFiles('a_pkg', '1.0.0'));
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: ../a\n',
      'models/scores.py': 'def model(dbt, session):\n    return None\n',
      'dbt_packages/broken/dbt_project.yml': 'name: [not, a, name]\n',
    });
    await deps({ projectDir: root, env: {} });
    expect(listInstalledPackages(root).map((p) => p.name)).toEqual(['a_pkg']);
  });

  it('with no packages left, removes what it installed', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'a'), packageFiles('a', '1.0.0'));
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: ../a\n',
    });
    await deps({ projectDir: root, env: {} });
    writeFiles(root, { 'packages.yml': 'packages: []\n' });
    const reporter = new CollectingReporter();
    await deps({ projectDir: root, env: {}, reporter });
    expect(listInstalledPackages(root)).toEqual([]);
    expect(existsSync(join(root, 'dbt_packages', 'a'))).toBe(false);
    expect(reporter.events).toContainEqual({
      kind: 'info',
      message: 'No packages found in packages.yml or dependencies.yml',
    });
  });

  it('a broken download installs nothing and leaves no work folder', async () => {
    const url = server.serveTarball('/broken.tar.gz', Buffer.from('not a gzip archive'));
    const base = tempProject({});
    writeFiles(join(base, 'a'), packageFiles('a', '1.0.0'));
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': PROJECT,
      'packages.yml': `packages:\n  - local: ../a\n  - tarball: ${url}\n    name: broken\n`,
    });
    const error = (await deps({ projectDir: root, env: {} }).catch((e: unknown) => e)) as LdpError;
    expect(error.code).toBe('LDP862');
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
    expect(existsSync(join(root, 'package-lock.yml'))).toBe(false);
  });

  it('honours packages-install-path', async () => {
    const base = tempProject({});
    writeFiles(join(base, 'a'), packageFiles('a', '1.0.0'));
    const root = writeFiles(join(base, 'p'), {
      'dbt_project.yml': `${PROJECT}packages-install-path: vendor\n`,
      'dependencies.yml': 'packages:\n  - local: ../a\nprojects:\n  - name: upstream\n',
    });
    await deps({ projectDir: root, env: {} });
    expect(listInstalledPackages(root, 'vendor').map((p) => p.name)).toEqual(['a']);
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
  });
});
