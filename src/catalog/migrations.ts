import type Database from 'better-sqlite3';
import { InternalError } from '../errors/index.js';
import { CatalogErrors } from './catalog-errors.js';

/** One step of ldp's own schema. Never edit a released migration: add the next one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

/**
 * Version 1: runs and node results (tests included, with `failures`), table- and column-level
 * lineage, view definitions and the warehouse lock. Columns stay explicit; open-ended data is
 * JSON text. Snapshot ids are TEXT because they may exceed 2^53.
 */
const V1_SQL = `
CREATE TABLE ldp_runs (
  run_id TEXT PRIMARY KEY,
  command TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  ldp_version TEXT NOT NULL,
  target TEXT,
  project_name TEXT,
  args TEXT,
  message TEXT
);
CREATE INDEX ldp_runs_by_start ON ldp_runs (started_at);
CREATE TABLE ldp_run_results (
  run_id TEXT NOT NULL REFERENCES ldp_runs (run_id) ON DELETE CASCADE,
  unique_id TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  duration_ms REAL,
  rows_affected INTEGER,
  failures INTEGER,
  message TEXT,
  compiled_path TEXT,
  sql_fingerprint TEXT,
  materialization TEXT,
  namespace TEXT,
  table_name TEXT,
  snapshot_id TEXT,
  details TEXT,
  PRIMARY KEY (run_id, unique_id)
);
CREATE INDEX ldp_run_results_by_node ON ldp_run_results (unique_id, started_at);
CREATE TABLE ldp_lineage_nodes (
  unique_id TEXT PRIMARY KEY,
  resource_type TEXT NOT NULL,
  name TEXT NOT NULL,
  namespace TEXT,
  table_name TEXT,
  layer TEXT,
  file_path TEXT,
  description TEXT,
  materialization TEXT,
  meta TEXT,
  run_id TEXT,
  snapshot_id TEXT,
  updated_at TEXT NOT NULL
);
CREATE TABLE ldp_lineage_edges (
  parent_id TEXT NOT NULL,
  child_id TEXT NOT NULL,
  run_id TEXT,
  PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX ldp_lineage_edges_by_child ON ldp_lineage_edges (child_id);
CREATE TABLE ldp_lineage_columns (
  unique_id TEXT NOT NULL,
  column_name TEXT NOT NULL,
  data_type TEXT,
  description TEXT,
  ordinal INTEGER NOT NULL,
  PRIMARY KEY (unique_id, column_name)
);
CREATE TABLE ldp_lineage_column_edges (
  child_id TEXT NOT NULL,
  child_column TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  parent_column TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (child_id, child_column, parent_id, parent_column)
);
CREATE INDEX ldp_lineage_column_edges_by_parent ON ldp_lineage_column_edges (parent_id, parent_column);
CREATE TABLE ldp_views (
  catalog_name TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  sql TEXT NOT NULL,
  columns TEXT NOT NULL,
  unique_id TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (catalog_name, namespace, name)
);
CREATE TABLE ldp_locks (
  name TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  owner TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  acquired_at TEXT NOT NULL
);
`;

/** ldp's migrations, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'runs, results, lineage, views, locks', up: (db) => db.exec(V1_SQL) },
];

export const LATEST_VERSION: number = latestVersion(MIGRATIONS);

export interface MigrateOptions {
  /** The catalog file, for messages. */
  readonly path: string;
  readonly now: () => Date;
  readonly migrations?: readonly Migration[];
}

/** The highest applied ldp schema version; 0 when the file has no ldp tables yet. */
export function readSchemaVersion(db: Database.Database): number {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ldp_schema_version'")
    .get();
  if (exists === undefined) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM ldp_schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Refuses a file written by a newer ldp before anything touches it. */
export function assertKnownVersion(db: Database.Database, path: string, migrations = MIGRATIONS): number {
  const version = readSchemaVersion(db);
  const latest = latestVersion(migrations);
  if (version > latest) throw CatalogErrors.newerSchema(path, version, latest);
  return version;
}

/**
 * Brings ldp's tables to the latest version. Each migration runs in its own `BEGIN IMMEDIATE`
 * transaction that re-reads the version first, so two processes opening the same new file do
 * not both apply it. Returns the version the file ends at.
 */
export function migrate(db: Database.Database, options: MigrateOptions): number {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = latestVersion(migrations);
  const step = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS ldp_schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const current = assertKnownVersion(db, options.path, migrations);
    const next = migrations.find((migration) => migration.version > current);
    if (next === undefined) return current;
    next.up(db);
    db.prepare('INSERT INTO ldp_schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
      next.version,
      next.name,
      options.now().toISOString(),
    );
    return next.version;
  });
  let version = step.immediate();
  while (version < latest) version = step.immediate();
  return version;
}

function latestVersion(migrations: readonly Migration[]): number {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new InternalError(
        `ldp migrations must be numbered 1, 2, 3…; found ${migration.version} at ${index}`,
      );
    }
  });
  return migrations.length;
}
