import { closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CatalogErrors } from './catalog-errors.js';
import { ensureIcebergTables, hasIcebergTables } from './iceberg-ddl.js';
import { assertKnownVersion, type Migration, migrate, readSchemaVersion } from './migrations.js';

export interface OpenDatabaseOptions {
  readonly path: string;
  readonly readOnly: boolean;
  readonly busyTimeoutMs: number;
  readonly now: () => Date;
  readonly migrations?: readonly Migration[];
}

/**
 * Opens the SQLite file. Read-only: the file must exist and nothing is created or changed.
 * Read-write: WAL mode (readers never block the writer), the Iceberg tables with pyiceberg's
 * DDL when missing, then ldp's migrations — but only after checking that no newer ldp wrote it.
 */
export function openDatabase(options: OpenDatabaseOptions): { db: Database.Database; schemaVersion: number } {
  const { path, readOnly } = options;
  if (readOnly && !existsSync(path)) {
    throw CatalogErrors.cannotOpen(
      path,
      'the file does not exist',
      'Check the warehouse path, or run ldp once to create it.',
    );
  }
  if (!readOnly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    readonly: readOnly,
    fileMustExist: readOnly,
    timeout: options.busyTimeoutMs,
  });
  try {
    probe(db, path);
    if (readOnly) {
      // A newer ldp's file still has standard Iceberg tables; only its ldp tables are refused.
      const schemaVersion = readSchemaVersion(db);
      if (!hasIcebergTables(db)) {
        throw CatalogErrors.cannotOpen(
          path,
          'it has no Iceberg catalog tables',
          'Open it read-write to create them.',
        );
      }
      return { db, schemaVersion };
    }
    assertKnownVersion(db, path, options.migrations);
    enableWal(db, options.busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    ensureIcebergTables(db);
    return { db, schemaVersion: migrate(db, { path, now: options.now, migrations: options.migrations }) };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Turns "this is not a database" into a user error before anything else reads the file. */
function probe(db: Database.Database, path: string): void {
  try {
    db.pragma('schema_version');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_CORRUPT' || (code === 'SQLITE_NOTADB' && hasSqliteHeader(path)))
      throw CatalogErrors.damaged(path, (error as Error).message);
    if (code === 'SQLITE_NOTADB') {
      throw CatalogErrors.cannotOpen(
        path,
        'it is not a SQLite database',
        'Point the target at the catalog.db file.',
      );
    }
    throw error;
  }
}

/** A file that starts like a SQLite database but does not open as one is damaged (e.g. cut short). */
function hasSqliteHeader(path: string): boolean {
  try {
    const head = Buffer.alloc(16);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    return head.toString('latin1') === 'SQLite format 3\u0000';
  } catch {
    return false;
  }
}

/**
 * Switches the file to WAL once (the mode is persistent). The switch needs an exclusive lock and
 * SQLite does not wait for it through the busy timeout when several processes open a new file at
 * the same moment, so it is retried here until the same timeout.
 */
function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = performance.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}
