import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LdpError, type Span } from '../errors/index.js';

const run = promisify(execFile);

/** A cloned repository at one commit. */
export interface GitCheckout {
  readonly dir: string;
  /** The full commit sha checked out: what the lock file records. */
  readonly commit: string;
  /** False when the revision can move (a branch, or none given): dbt warns about it. */
  readonly pinned: boolean;
}

/**
 * Clones `url` into `dir` (which must not exist) with the system `git` and checks out
 * `revision`: a tag, a branch, a commit sha (or a prefix of one), or the default branch when
 * absent. git runs without a shell and never prompts for credentials.
 */
export async function checkoutGit(
  url: string,
  revision: string | undefined,
  dir: string,
  span: Span | undefined,
): Promise<GitCheckout> {
  await git(['clone', '--quiet', '--no-checkout', '--', url, dir], undefined, `clone ${url}`, span);
  const target = await findRevision(dir, revision);
  if (target === undefined) {
    throw new LdpError({
      code: 'LDP855',
      message: `revision '${revision}' is not a branch, tag or commit of ${url}`,
      ...(span !== undefined ? { span } : {}),
      hint: 'Check revision: in the packages file (git ls-remote lists branches and tags).',
    });
  }
  await git(
    ['checkout', '--quiet', '--detach', target.commit],
    dir,
    `check out ${revision ?? 'HEAD'} of ${url}`,
    span,
  );
  return { dir, commit: target.commit, pinned: target.pinned };
}

async function findRevision(
  dir: string,
  revision: string | undefined,
): Promise<{ commit: string; pinned: boolean } | undefined> {
  const candidates: { ref: string; pinned: boolean }[] =
    revision === undefined || revision === 'HEAD'
      ? [{ ref: 'HEAD', pinned: false }]
      : [
          { ref: `refs/tags/${revision}`, pinned: true },
          { ref: `refs/remotes/origin/${revision}`, pinned: false },
          { ref: revision, pinned: true },
        ];
  for (const { ref, pinned } of candidates) {
    const commit = await revParse(dir, `${ref}^{commit}`);
    if (commit !== undefined) return { commit, pinned };
  }
  return undefined;
}

async function revParse(dir: string, ref: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', ref], {
      cwd: dir,
      env: gitEnv(),
    });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

async function git(
  args: string[],
  cwd: string | undefined,
  what: string,
  span: Span | undefined,
): Promise<void> {
  try {
    await run('git', args, {
      ...(cwd !== undefined ? { cwd } : {}),
      env: gitEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    const missing = failure.code === 'ENOENT';
    const detail = (failure.stderr ?? failure.message).trim().split('\n').filter(Boolean).at(-1) ?? '';
    throw new LdpError(
      {
        code: missing ? 'LDP867' : 'LDP855',
        message: missing ? 'git is not installed (needed for git: packages)' : `could not ${what}: ${detail}`,
        ...(span !== undefined ? { span } : {}),
        hint: missing
          ? 'Install git and make sure it is on PATH.'
          : 'Check the URL, the network and your access to the repository.',
      },
      { cause: error },
    );
  }
}

/** Never wait for a password on a terminal nobody watches. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo' };
}
