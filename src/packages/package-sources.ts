import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LdpError, type Span } from '../errors/index.js';
import { checkoutGit, type GitCheckout } from './git-checkout.js';
import { downloadTarball } from './tarball.js';

/**
 * The folders one `ldp deps` fetches (git clones, extracted tarballs), in a work folder inside
 * the install path, so an install is a rename on the same file system. A source fetched while
 * resolving is installed from the same folder, never fetched twice. `close()` removes the rest.
 */
export class PackageSources {
  private readonly workDir: string;
  /** The install folder did not exist before: an empty one is not left behind (`--lock`). */
  private readonly createdInstallDir: boolean;
  private readonly fetched = new Map<string, Promise<unknown>>();
  private count = 0;

  constructor(
    installDir: string,
    readonly fetchFn: typeof fetch = fetch,
  ) {
    this.createdInstallDir = !existsSync(installDir);
    mkdirSync(installDir, { recursive: true });
    this.workDir = mkdtempSync(join(installDir, '.ldp-fetch-'));
  }

  /** A clone of `url` at `revision`, with `subdirectory` checked to exist. */
  git(
    url: string,
    revision: string | undefined,
    subdirectory: string | undefined,
    span: Span | undefined,
  ): Promise<GitCheckout & { packageDir: string }> {
    return this.once(gitKey(url, revision, subdirectory), async () => {
      const checkout = await checkoutGit(url, revision, this.nextDir(), span);
      const packageDir = subdirectory === undefined ? checkout.dir : resolve(checkout.dir, subdirectory);
      if (!packageDir.startsWith(checkout.dir) || !existsSync(packageDir)) {
        throw new LdpError({
          code: 'LDP855',
          message: `subdirectory '${subdirectory}' does not exist in ${url} at ${checkout.commit.slice(0, 12)}`,
          ...(span !== undefined ? { span } : {}),
          hint: 'subdirectory: is relative to the repository root.',
        });
      }
      const result = { ...checkout, packageDir };
      // Installing from the lock asks for the commit: the same clone answers.
      this.fetched.set(gitKey(url, checkout.commit, subdirectory), Promise.resolve(result));
      return result;
    });
  }

  /** The package folder of the `.tar.gz` at `url`. */
  tarball(url: string, what: string, span: Span | undefined): Promise<string> {
    return this.once(`tarball ${url}`, () => downloadTarball(this.fetchFn, url, this.nextDir(), what, span));
  }

  close(): void {
    rmSync(this.workDir, { recursive: true, force: true });
    const installDir = dirname(this.workDir);
    if (this.createdInstallDir && readdirSync(installDir).length === 0) rmdirSync(installDir);
  }

  private once<T>(key: string, fetchIt: () => Promise<T>): Promise<T> {
    let answer = this.fetched.get(key) as Promise<T> | undefined;
    if (answer === undefined) {
      answer = fetchIt();
      this.fetched.set(key, answer);
    }
    return answer;
  }

  private nextDir(): string {
    this.count += 1;
    return join(this.workDir, String(this.count));
  }
}

function gitKey(url: string, revision: string | undefined, subdirectory: string | undefined): string {
  return `git ${url} ${revision ?? ''} ${subdirectory ?? ''}`;
}
