import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tar from 'tar';

/** Writes `files` under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A dbt package's files: a dbt_project.yml with `name`, a macro, and optionally its packages.yml. */
export function packageFiles(name: string, version: string, packagesYml?: string): Record<string, string> {
  return {
    'dbt_project.yml': `name: ${name}\nversion: '${version}'\nconfig-version: 2\n`,
    [`macros/${name}.sql`]: `{% macro ${name}_version() %}'${version}'{% endmacro %}\n`,
    ...(packagesYml !== undefined ? { 'packages.yml': packagesYml } : {}),
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'ldp',
      GIT_AUTHOR_EMAIL: 'ldp@example.com',
      GIT_COMMITTER_NAME: 'ldp',
      GIT_COMMITTER_EMAIL: 'ldp@example.com',
    },
  }).trim();
}

/** A local git repository whose history is `commits` in order, each optionally tagged; returns its path and shas. */
export function gitRepository(commits: readonly { files: Record<string, string>; tag?: string }[]): {
  url: string;
  shas: string[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-git-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  const shas: string[] = [];
  for (const [index, commit] of commits.entries()) {
    writeFiles(dir, commit.files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '--quiet', '-m', `commit ${index + 1}`);
    if (commit.tag !== undefined) git(dir, 'tag', commit.tag);
    shas.push(git(dir, 'rev-parse', 'HEAD'));
  }
  return { url: dir, shas };
}

/** A `.tar.gz` of a package folder, with one top folder as GitHub's archives have. */
export async function packageTarball(top: string, files: Record<string, string>): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-tarball-'));
  writeFiles(join(dir, top), files);
  const file = join(dir, 'archive.tar.gz');
  await tar.c({ gzip: true, cwd: dir, file }, [top]);
  return (await import('node:fs')).readFileSync(file);
}

export interface HubPackageVersion {
  readonly version: string;
  readonly name: string;
  readonly files: Record<string, string>;
  /** Its own requirements, as the hub lists them. */
  readonly packages?: readonly Record<string, unknown>[];
  readonly requireDbtVersion?: readonly string[];
}

/**
 * A package hub on loopback that answers as hub.getdbt.com's JSON API does
 * (`api/v1/<ns>/<name>.json`, `api/v1/index.json`) and serves each version's tarball.
 */
export class FakeHub {
  private readonly packages = new Map<string, HubPackageVersion[]>();
  private readonly tarballs = new Map<string, Buffer>();
  readonly requests: string[] = [];
  private server: Server | undefined;
  url = '';

  async publish(pkg: string, version: HubPackageVersion): Promise<void> {
    const path = `/tarballs/${pkg}/${version.version}.tar.gz`;
    this.tarballs.set(path, await packageTarball(`${pkg.split('/')[1]}-${version.version}`, version.files));
    this.packages.set(pkg, [...(this.packages.get(pkg) ?? []), version]);
  }

  /** Also serves arbitrary tarballs (for `tarball:` packages). */
  serveTarball(path: string, bytes: Buffer): string {
    this.tarballs.set(path, bytes);
    return `${this.url}${path.slice(1)}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      this.requests.push(path);
      const body = this.answer(path);
      if (body === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      } else if (Buffer.isBuffer(body)) {
        response.writeHead(200, { 'content-type': 'application/gzip' }).end(body);
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(path: string): unknown {
    if (path === '/api/v1/index.json') return [...this.packages.keys()];
    const tarball = this.tarballs.get(path);
    if (tarball !== undefined) return tarball;
    const match = /^\/api\/v1\/(.+)\.json$/.exec(path);
    const versions = match ? this.packages.get(match[1]!) : undefined;
    if (versions === undefined) return undefined;
    const [namespace, name] = match![1]!.split('/');
    return {
      name,
      namespace,
      latest: versions.at(-1)!.version,
      versions: Object.fromEntries(
        versions.map((v) => [
          v.version,
          {
            id: `${match![1]}/${v.version}`,
            name: v.name,
            version: v.version,
            packages: v.packages ?? [],
            ...(v.requireDbtVersion ? { require_dbt_version: v.requireDbtVersion } : {}),
            downloads: { tarball: `${this.url}tarballs/${match![1]}/${v.version}.tar.gz`, format: 'tgz' },
          },
        ]),
      ),
    };
  }
}
