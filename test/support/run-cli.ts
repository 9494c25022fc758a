import { spawnSync } from 'node:child_process';
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

/** Runs the real `ldp` CLI (from source) in a child process with an isolated home and no CI flag. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: resolve(cwd, '.home'),
      NODE_PATH: resolve(ROOT, 'node_modules'),
      CI: 'true',
      ...env,
    },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
