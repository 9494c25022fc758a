import { Worker } from 'node:worker_threads';
import { type CompiledFile, writeFiles } from './compiled-files.js';
import { workerScript } from './worker-script.js';

/** What the file-writing worker reports once it stops. */
export type WriteFilesOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly message: string;
      readonly code?: string;
      readonly path?: string;
      readonly syscall?: string;
    };

/** Below this many files a worker is not worth its start (tens of milliseconds). */
export const MIN_FILES_FOR_WORKER = 2000;

/**
 * Writes `files` (see `writeFiles`) on a worker thread and resolves when all are written, so
 * the caller can do other work meanwhile; fewer than `minFiles` are written here, at once.
 * Rejects with the file system's error (code, path) like a synchronous write would.
 */
export function writeFilesInBackground(
  files: readonly CompiledFile[],
  minFiles = MIN_FILES_FOR_WORKER,
): Promise<void> {
  if (files.length < minFiles) {
    try {
      writeFiles(files);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript('write-files-worker'), { workerData: files });
    let settled = false;
    const settle = (outcome: WriteFilesOutcome) => {
      if (settled) return;
      settled = true;
      if (outcome.ok) resolve();
      else reject(fileSystemError(outcome));
    };
    worker.once('message', settle);
    worker.once('error', (error) => settle({ ok: false, message: error.message }));
    worker.once('exit', (code) =>
      settle({ ok: false, message: `the file-writing thread stopped (exit code ${code})` }),
    );
  });
}

function fileSystemError(outcome: Extract<WriteFilesOutcome, { ok: false }>): Error {
  const { message, ...details } = outcome;
  const error = new Error(message) as NodeJS.ErrnoException;
  if (details.code !== undefined) error.code = details.code;
  if (details.path !== undefined) error.path = details.path;
  if (details.syscall !== undefined) error.syscall = details.syscall;
  return error;
}
