import { type ErrorCode, LdpError } from './ldp-error.js';

/**
 * The one translation of machine faults on files (a full disk, a missing permission, a folder
 * where a file should be) into user errors that name the path and the cause. Whoever reads or
 * writes a file (Node, DuckDB, SQLite) ends up here, so the same fault reads the same way, and
 * never as "fix the model".
 */

/** What was being done to the file, for the message: `cannot write the metadata file …`. */
export type FileAction = 'read' | 'write' | 'create' | 'delete' | 'open';

/** The `errno` names ldp explains; anything else is reported as a plain I/O error. */
type FaultKind = 'disk-full' | 'permission' | 'read-only' | 'not-a-folder' | 'is-a-folder' | 'missing';

const KIND_OF_CODE: Readonly<Record<string, FaultKind>> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  EFBIG: 'disk-full',
  EACCES: 'permission',
  EPERM: 'permission',
  EROFS: 'read-only',
  ENOTDIR: 'not-a-folder',
  EISDIR: 'is-a-folder',
  ENOENT: 'missing',
};

/** The same faults as other engines spell them in their messages (DuckDB, SQLite, the OS). */
const KIND_OF_TEXT: readonly (readonly [RegExp, FaultKind])[] = [
  [/No space left on device|disk is full|database or disk is full/i, 'disk-full'],
  [/Disk quota exceeded|File too large/i, 'disk-full'],
  [/Read-only file system|attempt to write a readonly database/i, 'read-only'],
  [/Permission denied|Operation not permitted/i, 'permission'],
  [/Not a directory/i, 'not-a-folder'],
  [/Is a directory/i, 'is-a-folder'],
];

/** The errno code of a Node system error (`ENOSPC`), or undefined for any other value. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * A Node file-system error as a user error naming `path` and the cause, or undefined when
 * `error` is not one (a bug, which must stay visible as such). `what` names the file for the
 * reader: `the metadata file of table silver.trips`. ENOENT is left to callers that know what a
 * missing file means for them, unless `missingHint` says how to recover.
 */
export function fileSystemError(
  error: unknown,
  path: string,
  action: FileAction,
  what = 'file',
  missingHint?: string,
): LdpError | undefined {
  if (error instanceof LdpError) return error;
  const code = errnoCode(error);
  if (code === undefined) return undefined;
  const kind = KIND_OF_CODE[code];
  if (kind === 'missing' && missingHint === undefined) return undefined;
  return faultError(kind, code, path, action, what, error, missingHint);
}

/**
 * An engine's error message (DuckDB's `IO Error: … No space left on device`, SQLite's
 * `database or disk is full`) as the same user error, or undefined when it is no file fault.
 * The path is taken from the message when it quotes one.
 */
export function fileFaultInMessage(
  error: unknown,
  fallbackPath: string,
  action: FileAction,
  what = 'file',
): LdpError | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const found = KIND_OF_TEXT.find(([pattern]) => pattern.test(text));
  if (!found) return undefined;
  const quoted = /(?:file|directory|path)\s+"([^"]+)"/i.exec(text)?.[1];
  return faultError(found[1], firstLine(text), quoted ?? fallbackPath, action, what, error);
}

/** SQLite's result codes for a machine fault on its file (better-sqlite3 puts them in `code`). */
const SQLITE_FAULTS = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|PERM)/;

/**
 * The last-resort translation for a fault nobody closer to the file caught: a Node system
 * error that carries its path (`error.path`), or a SQLite disk error (the catalog). Undefined
 * for anything else, and for ENOENT, which without context may well be a bug in ldp.
 */
export function machineFaultOf(error: unknown): LdpError | undefined {
  if (error instanceof LdpError) return undefined;
  const { path, syscall, code } = (error ?? {}) as { path?: unknown; syscall?: unknown; code?: unknown };
  if (typeof path === 'string' && errnoCode(error) !== undefined)
    return fileSystemError(error, path, actionOf(syscall));
  if (typeof code === 'string' && SQLITE_FAULTS.test(code)) {
    return (
      fileFaultInMessage(error, 'catalog.db', 'write', 'the catalog database') ??
      faultError(
        undefined,
        `${code}: ${firstLine((error as Error).message ?? '')}`,
        'catalog.db',
        'write',
        'the catalog database',
        error,
      )
    );
  }
  return undefined;
}

function actionOf(syscall: unknown): FileAction {
  switch (syscall) {
    case 'mkdir':
      return 'create';
    case 'unlink':
    case 'rmdir':
    case 'rm':
      return 'delete';
    case 'write':
    case 'rename':
    case 'copyfile':
      return 'write';
    case 'read':
    case 'scandir':
    case 'stat':
      return 'read';
    default:
      return 'open';
  }
}

/** A file that exists but cannot be decoded (truncated JSON, a cut Avro file). */
export function damagedFileError(path: string, what: string, detail: string, hint: string, cause?: unknown) {
  return new LdpError(
    {
      code: 'LDP571',
      message: `${what} ${path} is damaged and cannot be read: ${detail}`,
      hint,
    },
    { cause },
  );
}

function faultError(
  kind: FaultKind | undefined,
  detail: string,
  path: string,
  action: FileAction,
  what: string,
  cause: unknown,
  missingHint?: string,
): LdpError {
  const subject = `cannot ${action} ${what} ${path}`;
  const init = (code: ErrorCode, reason: string, hint: string) =>
    new LdpError({ code, message: `${subject}: ${reason} (${detail})`, hint }, { cause });
  switch (kind) {
    case 'disk-full':
      return init(
        'LDP575',
        'the disk is full (or a quota or file-size limit was reached)',
        `Free space on the disk that holds ${path} (or raise the limit), then run the command again. This is no fault of the project; a table keeps its previous snapshot until every file of a new one is written.`,
      );
    case 'permission':
      return init(
        'LDP576',
        'permission denied',
        `Give the user running ldp read and write access to ${path} and its folder, then run the command again. This is no fault of the project.`,
      );
    case 'read-only':
      return init(
        'LDP576',
        'the file system is read-only',
        `Mount the warehouse read-write, or point the target at a writable folder. This is no fault of the project.`,
      );
    case 'not-a-folder':
      return init(
        'LDP577',
        'a part of the path is a file, where a folder is needed',
        'Move the file that stands in the way, then run the command again.',
      );
    case 'is-a-folder':
      return init(
        'LDP577',
        'it is a folder, where a file is needed',
        'Move the folder that stands in the way, then run the command again.',
      );
    case 'missing':
      return init('LDP572', 'the file does not exist', missingHint ?? 'Restore the file.');
    case undefined:
      return init(
        'LDP578',
        'the operating system reported an I/O error',
        'Check the disk and the path, then run the command again.',
      );
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
