import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = resolve(ROOT, 'src', 'cli', 'main.ts');
// tsx's loader by path: the child runs in temp folders where a bare `tsx` would not resolve.
const TSX = pathToFileURL(resolve(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a CLI child: an isolated home, `CI` set (plain output, no live status line). */
function childEnv(cwd: string, env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: resolve(cwd, '.home'),
    NODE_PATH: resolve(ROOT, 'node_modules'),
    CI: 'true',
    ...env,
  };
}

/** The command line that runs the real `ldp` CLI from source, for a shell. */
export function cliCommand(): string[] {
  return [process.execPath, '--import', TSX, MAIN];
}

/** Runs the real `ldp` CLI (from source) in a child process and waits for it. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: childEnv(cwd, env),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A CLI process started in the background: `done` resolves when it exits. */
export interface RunningCli {
  readonly child: import('node:child_process').ChildProcess;
  readonly done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  /** Resolves once the process has printed `text` on stdout or stderr. */
  printed(text: string): Promise<void>;
}

const started = new Set<import('node:child_process').ChildProcess>();

/** Kills every CLI process `startCli` started that is still running (for `afterEach`). */
export function killStartedClis(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/** Starts the real `ldp` CLI without waiting for it, for tests that signal or race processes. */
export function startCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    env: childEnv(cwd, env),
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (stdout.includes(waiter.text) || stderr.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    check();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    check();
  });
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolveDone) =>
    child.on('close', (code, signal) => resolveDone({ code: code ?? -1, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    printed: (text) =>
      new Promise<void>((resolveWait, reject) => {
        waiters.push({ text, resolve: resolveWait });
        check();
        void done.then(() =>
          reject(new Error(`process exited before printing '${text}':\n${stdout}\n${stderr}`)),
        );
      }),
  };
}
