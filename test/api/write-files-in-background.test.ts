import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledFile } from '../../src/api/compile/compiled-files.js';
import { writeFilesInBackground } from '../../src/api/compile/write-files-in-background.js';
import { tempProject } from '../support/temp-project.js';

function filesIn(root: string, count: number): CompiledFile[] {
  return Array.from({ length: count }, (_, i) => ({
    path: join(root, 'compiled', `layer_${i % 3}`, `model_${i}.sql`),
    content: `select ${i} as id\n`,
    unchanged: false,
  }));
}

describe('writing compiled files on a worker thread', () => {
  it('writes every file, in new and existing folders', async () => {
    const root = tempProject({ 'compiled/layer_1/model_1.sql': 'stale\n' });
    const files = filesIn(root, 50);
    await writeFilesInBackground(files, 1);
    for (const file of files) expect(readFileSync(file.path, 'utf8')).toBe(file.content);
  });

  it('fails with the file system error a write on this thread gives', async () => {
    const errorOf = async (minFiles: number) => {
      const root = tempProject({});
      // A file where a folder must go.
      writeFileSync(join(root, 'compiled'), 'not a folder');
      const error = (await writeFilesInBackground(filesIn(root, 5), minFiles).catch((e: unknown) => e)) as
        | NodeJS.ErrnoException
        | undefined;
      return { code: error?.code, syscall: error?.syscall, message: error?.message.replace(root, '<root>') };
    };
    const onWorker = await errorOf(1);
    expect(onWorker.code).toBe('ENOTDIR');
    expect(onWorker.message).toContain('<root>/compiled');
    expect(onWorker).toEqual(await errorOf(Number.POSITIVE_INFINITY));
  });
});
