import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { damagedFileError, fileSystemError, LdpError } from '../errors/index.js';
import type { TableIdentifier } from '../model/iceberg-catalog-port.js';

/**
 * Every read and write of a table's own files (metadata JSON, manifest lists, manifests) goes
 * through here, so a missing, cut or unwritable file is an error that names the file and how to
 * recover, never a bare `ENOENT` or a decoder's stack trace.
 */

/** Codes of errors about one damaged or missing table file (labelled with the table by `inTable`). */
const TABLE_FILE_CODES = new Set(['LDP570', 'LDP571', 'LDP572']);

const RECOVER_HINT =
  'Restore the file from a backup, roll the table back to a snapshot that does not need it (`ldp snapshots <model>`, then `ldp rollback <model> --to <id>`), or rebuild it with `ldp run --full-refresh -s <model>`.';

/** Reads a file a table's metadata points at; `what` names it (`the manifest list`). */
export function readTableFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fileSystemError(error, path, 'read', what, RECOVER_HINT) ?? error;
  }
}

/** Decodes a table file; a decoder failure (cut JSON or Avro) means the file is damaged. */
export function decodeTableFile<T>(
  path: string,
  what: string,
  bytes: Buffer,
  decode: (bytes: Buffer) => T,
  hint = RECOVER_HINT,
): T {
  try {
    return decode(bytes);
  } catch (error) {
    if (error instanceof LdpError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw damagedFileError(path, what, detail, hint, error);
  }
}

/** Writes a new table file (files are never rewritten: each has a fresh name). */
export function writeTableFile(path: string, what: string, data: string | Buffer): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw fileSystemError(error, path, 'write', what) ?? error;
  }
}

/** Creates a table folder (and its parents). */
export function makeTableFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, path, 'create', 'the table folder') ?? error;
  }
}

/**
 * Runs `read` and says which table a damaged or missing file belongs to: manifests and data
 * files are found from the table, but their readers only know the file.
 */
export function inTable<T>(id: TableIdentifier, read: () => T): T {
  try {
    const result = read();
    if (result instanceof Promise) return result.catch((error) => Promise.reject(labelled(id, error))) as T;
    return result;
  } catch (error) {
    throw labelled(id, error);
  }
}

export function tableLabel(id: TableIdentifier): string {
  return [...id.namespace, id.name].join('.');
}

function labelled(id: TableIdentifier, error: unknown): unknown {
  if (!(error instanceof LdpError) || !TABLE_FILE_CODES.has(error.code)) return error;
  const prefix = `table ${tableLabel(id)}: `;
  if (error.message.startsWith(prefix)) return error;
  return new LdpError({ ...error.toInit(), message: `${prefix}${error.message}` }, { cause: error.cause });
}
