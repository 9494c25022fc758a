import type Database from 'better-sqlite3';
import { LdpError } from '../errors/index.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

/**
 * ldp's own tables, next to the Iceberg catalog tables in the same file. Each migration runs
 * once, in order, in a transaction; `ldp_schema_version` records which ran and when.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, results, lineage, views, locks',
    up: (db) =>
      db.exec(`
        CREATE TABLE ldp_runs (
          run_id TEXT PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
          status TEXT NOT NULL, ldp_version TEXT NOT NULL, target TEXT, project_name TEXT, args TEXT
        );
        CREATE TABLE ldp_run_results (
          run_id TEXT NOT NULL REFERENCES ldp_runs(run_id), unique_id TEXT NOT NULL, resource_type TEXT NOT NULL,
          name TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT, finished_at TEXT, duration_ms REAL,
          rows_affected INTEGER, failures INTEGER, message TEXT, compiled_path TEXT, sql_fingerprint TEXT,
          namespace TEXT, table_name TEXT, snapshot_id TEXT,
          PRIMARY KEY (run_id, unique_id)
        );
        CREATE INDEX ldp_run_results_by_node ON ldp_run_results (unique_id, started_at);
        CREATE TABLE ldp_lineage_nodes (
          unique_id TEXT PRIMARY KEY, resource_type TEXT NOT NULL, name TEXT NOT NULL, namespace TEXT,
          table_name TEXT, layer TEXT, file_path TEXT, description TEXT, run_id TEXT, snapshot_id TEXT, updated_at TEXT
        );
        CREATE TABLE ldp_lineage_edges (
          parent_id TEXT NOT NULL, child_id TEXT NOT NULL, run_id TEXT, PRIMARY KEY (parent_id, child_id)
        );
        CREATE TABLE ldp_lineage_columns (
          unique_id TEXT NOT NULL, column_name TEXT NOT NULL, data_type TEXT, description TEXT, ordinal INTEGER,
          PRIMARY KEY (unique_id, column_name)
        );
        CREATE TABLE ldp_lineage_column_edges (
          child_id TEXT NOT NULL, child_column TEXT NOT NULL, parent_id TEXT NOT NULL, parent_column TEXT NOT NULL,
          kind TEXT NOT NULL, PRIMARY KEY (child_id, child_column, parent_id, parent_column)
        );
        CREATE TABLE ldp_views (
          catalog_name TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, sql TEXT NOT NULL,
          columns TEXT, unique_id TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (catalog_name, namespace, name)
        );
        CREATE TABLE ldp_locks (
          name TEXT PRIMARY KEY, owner TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, acquired_at TEXT NOT NULL
        );
      `),
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings ldp's tables up to date; refuses a file written by a newer ldp. */
export function migrate(db: Database.Database, path: string, now: () => Date): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS ldp_schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current =
    (db.prepare('SELECT max(version) AS v FROM ldp_schema_version').get() as { v: number | null }).v ?? 0;
  if (current > LATEST_VERSION) {
    throw new LdpError({
      code: 'LDP501',
      message: `catalog ${path} has ldp schema version ${current}, newer than this ldp understands (${LATEST_VERSION})`,
      hint: 'Upgrade ldp, or point the target at another warehouse.',
    });
  }
  for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO ldp_schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now().toISOString(),
      );
    })();
  }
}
