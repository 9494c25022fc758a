/**
 * A file-writing worker thread: it writes a compile's files (see `compiled-files.ts`) while the
 * main thread goes on, mostly with manifest.json. Creating thousands of files is kernel time
 * the main thread would otherwise sit through. See `write-files-in-background.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type CompiledFile, writeFiles } from './compiled-files.js';
import type { WriteFilesOutcome } from './write-files-in-background.js';

function run(files: readonly CompiledFile[]): WriteFilesOutcome {
  try {
    writeFiles(files);
    return { ok: true };
  } catch (error) {
    // Errors cross threads without their own properties: keep what a user needs to see.
    const { message, code, path, syscall } = error as NodeJS.ErrnoException;
    return { ok: false, message: String(message), code, path, syscall };
  }
}

parentPort?.postMessage(run(workerData as readonly CompiledFile[]));
