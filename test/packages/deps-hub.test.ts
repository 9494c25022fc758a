import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deps } from '../../src/api/commands/deps.js';
import { LdpError } from '../../src/errors/index.js';
import { CollectingReporter } from '../../src/model/reporter.js';
import { listInstalledPackages } from '../../src/packages/index.js';
import { tempProject } from '../support/temp-project.js';
import { FakeHub, packageFiles } from './package-fixtures.js';

const PROJECT = 'name: shop\nconfig-version: 2\n';

function project(packagesYml: string): string {
  return tempProject({ 'dbt_project.yml': PROJECT, 'packages.yml': packagesYml });
}

async function failure(promise: Promise<unknown>): Promise<LdpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LdpError);
  return error as LdpError;
}

describe('ldp deps with hub packages', () => {
  let hub: FakeHub;
  const run = (root: string, extra: { upgrade?: boolean; lockOnly?: boolean } = {}) => {
    const reporter = new CollectingReporter();
    const result = deps({ projectDir: root, env: { DBT_PACKAGE_HUB_URL: hub.url }, reporter, ...extra });
    return { result, reporter };
  };

  beforeEach(async () => {
    hub = new FakeHub();
    await hub.start();
    for (const version of ['0.9.0', '1.0.0', '1.2.0', '1.3.0-rc1', '2.0.0'])
      await hub.publish('acme/util', { version, name: 'util', files: packageFiles('util', version) });
    await hub.publish('acme/marts', {
      version: '1.0.0',
      name: 'marts',
      files: packageFiles('marts', '1.0.0'),
      packages: [{ package: 'acme/util', version: ['>=1.2.0'] }],
    });
  });
  afterEach(() => hub.stop());

  it('installs the newest version in range, without prereleases, and writes the lock as dbt does', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: [">=1.0.0", "<2.0.0"]\n');
    await run(root).result;
    const installed = listInstalledPackages(root);
    expect(installed.map((p) => [p.name, p.version, p.kind])).toEqual([['util', '1.2.0', 'hub']]);
    expect(installed[0]!.dir).toBe(join(root, 'dbt_packages', 'util'));
    expect(readFileSync(join(root, 'dbt_packages/util/macros/util.sql'), 'utf8')).toContain("'1.2.0'");
    const lock = readFileSync(join(root, 'package-lock.yml'), 'utf8');
    expect(lock).toMatch(
      /^packages:\n {2}- name: util\n {4}package: acme\/util\n {4}version: 1\.2\.0\nsha1_hash: [0-9a-f]{40}\n$/,
    );
  });

  it('chooses a prerelease only with install-prerelease', async () => {
    const root = project(
      'packages:\n  - package: acme/util\n    version: [">=1.0.0", "<2.0.0"]\n    install-prerelease: true\n',
    );
    await run(root).result;
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['1.3.0-rc1']);
  });

  it('resolves the requirements of hub packages, combined with the root ones', async () => {
    const root = project(
      'packages:\n  - package: acme/marts\n    version: 1.0.0\n  - package: acme/util\n    version: "<2.0.0"\n',
    );
    await run(root).result;
    expect(listInstalledPackages(root).map((p) => `${p.name}@${p.version}`)).toEqual([
      'marts@1.0.0',
      'util@1.2.0',
    ]);
  });

  it('names both requirers and their specs when they cannot agree', async () => {
    const root = project(
      'packages:\n  - package: acme/marts\n    version: 1.0.0\n  - package: acme/util\n    version: ["<1.1.0"]\n',
    );
    const error = await failure(run(root).result);
    expect(error.code).toBe('LDP856');
    expect(error.message).toContain("package 'acme/marts' 1.0.0 asks for >=1.2.0");
    expect(error.message).toContain('packages.yml asks for <1.1.0');
    expect(error.span?.file).toBe(join(root, 'packages.yml'));
    expect(existsSync(join(root, 'package-lock.yml'))).toBe(false);
  });

  it('honours the lock without the network, and --upgrade resolves again', async () => {
    const root = project(
      'packages:\n  - package: acme/util\n    version: [">=1.0.0"]\n    install-prerelease: false\n',
    );
    await run(root).result;
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['2.0.0']);
    await hub.publish('acme/util', { version: '2.1.0', name: 'util', files: packageFiles('util', '2.1.0') });
    const url = hub.url;
    await hub.stop();
    const offline = new CollectingReporter();
    await deps({ projectDir: root, env: { DBT_PACKAGE_HUB_URL: url }, reporter: offline });
    expect(offline.events).toContainEqual({ kind: 'info', message: 'Up to date: util 2.0.0 (hub)' });

    // Installed folder gone and no network: the error says which package and where from.
    rmSync(join(root, 'dbt_packages', 'util'), { recursive: true });
    const error = await failure(deps({ projectDir: root, env: { DBT_PACKAGE_HUB_URL: url } }));
    expect(error.code).toBe('LDP853');
    expect(error.message).toContain("hub package 'acme/util'");
    expect(error.message).toContain(`${url}api/v1/acme/util.json`);

    await hub.start();
    await deps({ projectDir: root, env: { DBT_PACKAGE_HUB_URL: hub.url } });
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['2.0.0']);
    await deps({ projectDir: root, env: { DBT_PACKAGE_HUB_URL: hub.url }, upgrade: true });
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['2.1.0']);
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain('version: 2.1.0');
  });

  it('resolves again when the packages file changes, and --lock installs nothing', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: 1.0.0\n');
    await run(root, { lockOnly: true }).result;
    expect(readFileSync(join(root, 'package-lock.yml'), 'utf8')).toContain('version: 1.0.0');
    expect(listInstalledPackages(root)).toEqual([]);
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
    writeFileSync(join(root, 'packages.yml'), 'packages:\n  - package: acme/util\n    version: 0.9.0\n');
    await run(root).result;
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['0.9.0']);
  });

  it('leaves out versions whose require-dbt-version ldp does not meet', async () => {
    await hub.publish('acme/util', {
      version: '1.5.0',
      name: 'util',
      files: packageFiles('util', '1.5.0'),
      requireDbtVersion: ['>=9.0.0'],
    });
    const root = project('packages:\n  - package: acme/util\n    version: ["<2.0.0"]\n');
    await run(root).result;
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['1.2.0']);
  });

  it('reports a package the hub does not know, with a close name', async () => {
    const root = project('packages:\n  - package: acme/utill\n    version: 1.0.0\n');
    const error = await failure(run(root).result);
    expect(error.code).toBe('LDP854');
    expect(error.hint).toContain("'acme/util'");
    expect(error.span).toEqual({ file: join(root, 'packages.yml'), line: 2, col: 5 });
  });

  it("--add-package replaces the entry of the same package, keeping the file's comments", async () => {
    const root = project('# our packages\npackages:\n  - package: acme/util # pinned\n    version: 0.9.0\n');
    await deps({
      projectDir: root,
      env: { DBT_PACKAGE_HUB_URL: hub.url },
      addPackage: { argument: 'acme/util@1.0.0' },
    });
    const written = readFileSync(join(root, 'packages.yml'), 'utf8');
    expect(written).toContain('# our packages');
    expect(written).not.toContain('0.9.0');
    expect(listInstalledPackages(root).map((p) => p.version)).toEqual(['1.0.0']);
    const error = await failure(deps({ projectDir: root, env: {}, addPackage: { argument: 'acme/util' } }));
    expect(error.code).toBe('LDP865');
  });

  it('reports a version no release matches, listing what is published', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: ">=3.0.0"\n');
    const error = await failure(run(root).result);
    expect(error.code).toBe('LDP858');
    expect(error.hint).toContain('2.0.0');
  });
});
