import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (path → content) into a fresh temp folder and returns its path. */
export function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ldp-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** Options for library calls that must not see the developer's own profiles or environment. */
export function isolated(projectDir: string, extra: Record<string, unknown> = {}) {
  return { projectDir, env: {}, homeDir: join(projectDir, '.no-home'), ...extra };
}
