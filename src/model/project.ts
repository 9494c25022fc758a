import type { Span } from '../errors/index.js';
import type { BigQueryTarget } from './bigquery-target.js';

/** A user's project file (`ldp_project.yml` or `dbt_project.yml`) after strict validation. */
export interface ProjectConfig {
  readonly name: string;
  readonly version?: string;
  readonly profile?: string;
  readonly configVersion?: number;
  readonly requireDbtVersion?: readonly string[];
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly testPaths: readonly string[];
  readonly macroPaths: readonly string[];
  readonly snapshotPaths: readonly string[];
  readonly analysisPaths: readonly string[];
  readonly docsPaths: readonly string[];
  readonly targetPath: string;
  readonly cleanTargets: readonly string[];
  /** Where `ldp deps` installs packages (`packages-install-path`, default `dbt_packages`). */
  readonly packagesInstallPath: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  /** `dispatch:`: for a macro namespace, the packages `adapter.dispatch` searches, in order. */
  readonly dispatch: readonly DispatchConfig[];
  /** `models:` / `seeds:` / `snapshots:` / `data_tests:` (and `tests:`) trees, keyed by project then folder. */
  readonly models: ConfigTree;
  readonly seeds: ConfigTree;
  readonly snapshots: ConfigTree;
  readonly dataTests: ConfigTree;
  /** ldp: a model may not ref a model of a higher medallion layer (on unless turned off). */
  readonly enforceLayerOrder: boolean;
  /** ldp: layer names from lowest to highest (default bronze, silver, gold). */
  readonly layers: readonly string[];
  /** How long Iceberg snapshots and unreferenced files are kept (`retention:`). */
  readonly retention: {
    readonly maxSnapshotAgeMs: number;
    readonly minSnapshotsToKeep: number;
    readonly orphanFileMinAgeMs: number;
  };
  /** Span of each top-level key in the project file, for error messages. */
  readonly spans: Readonly<Record<string, Span>>;
}

/** One `dispatch:` entry of the project file. */
export interface DispatchConfig {
  readonly macroNamespace: string;
  readonly searchOrder: readonly string[];
}

/**
 * A folder-keyed config tree as written under `models:` in the project file:
 * `{ my_project: { '+materialized': 'view', silver: { '+materialized': 'table' } } }`.
 * Keys that are config names (with or without `+`) apply to the folder; others are sub-folders.
 */
export interface ConfigTree {
  readonly config: Readonly<Record<string, ConfigValue>>;
  readonly children: Readonly<Record<string, ConfigTree>>;
  readonly span?: Span;
}

/** A config value with where it was written, so merged config can still point at its source. */
export interface ConfigValue {
  readonly value: unknown;
  readonly span?: Span;
}

export type TargetType = 'duckdb' | 'bigquery';

/** The output chosen from profiles.yml (or the embedded default), with paths made absolute. */
export interface ResolvedTarget {
  readonly name: string;
  readonly profileName: string;
  readonly type: TargetType;
  /** Default schema (Iceberg namespace) for nodes without a layer or schema config. */
  readonly schema: string;
  readonly database: string;
  readonly threads: number;
  /** Absolute path of the Iceberg warehouse folder (tables and catalog.db). */
  readonly warehousePath: string;
  /** Absolute path of the SQLite catalog file. */
  readonly catalogPath: string;
  /** `catalog_name` written in the Iceberg JDBC catalog tables. */
  readonly catalogName: string;
  /** Optional DuckDB database file refreshed with a view per model after a run. */
  readonly duckdbPath?: string;
  /** dbt-duckdb's `attach:`: more DuckDB database files every session attaches. */
  readonly attachments?: readonly DatabaseAttachment[];
  /** dbt-duckdb's `external_root` (absolute): where `external` models write by default. */
  readonly externalRoot?: string;
  /** Where the profile came from: a file path, or 'embedded default'. */
  readonly source: string;
  /** Every key of the output as written (credentials left out), for `target.<key>` in templates. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The validated settings of a `type: bigquery` output. */
  readonly bigquery?: BigQueryTarget;
}

/** One database of a profile's `attach:` list (dbt-duckdb), attached in every session. */
export interface DatabaseAttachment {
  /** Absolute path of the DuckDB file, or `:memory:`. */
  readonly path: string;
  readonly alias: string;
  readonly readOnly: boolean;
  /** Further `ATTACH` options, as written. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** The entry in profiles.yml, for errors. */
  readonly span?: Span;
}

export type SourceFileKind =
  | 'model'
  /** A `.py` file under the model paths: a Python model. */
  | 'python_model'
  | 'macro'
  | 'seed'
  | 'test'
  | 'snapshot'
  | 'analysis'
  | 'properties'
  | 'docs'
  /** Rows of unit tests: `<test-path>/fixtures/**.csv|sql`. */
  | 'fixture';

/** One file of the project, read once. `path` is relative to the project root, with `/`. */
export interface SourceFile {
  readonly kind: SourceFileKind;
  readonly path: string;
  readonly absolutePath: string;
  /** The configured root it was found under (e.g. `models`), to derive fqn and folder config. */
  readonly rootPath: string;
  /** Text of the file; empty for seeds (read by the engine, not by JS). */
  readonly text: string;
  /**
   * How the file stood on disk when found (size, times, inode): equal stamps mean an unchanged
   * file, unless it was written within the file system's clock resolution (see `FileHashes`).
   */
  readonly stamp?: FileStamp;
}

/** What changes when a file is written (see `SourceFile.stamp`); times in ms since the epoch. */
export interface FileStamp {
  readonly size: number;
  readonly modifiedMs: number;
  /** The inode's change time: `touch -d` can set the modification time back, never this. */
  readonly changedMs: number;
  /** An editor that saves by writing a new file and renaming it gives the file a new inode. */
  readonly inode: number;
}

/** Everything `ldp` read from the project folder, before any template is rendered. */
export interface Project {
  readonly root: string;
  readonly configFile: string;
  readonly config: ProjectConfig;
  readonly target: ResolvedTarget;
  /** Project vars overlaid with `--vars`. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly cliVars: Readonly<Record<string, unknown>>;
  readonly files: readonly SourceFile[];
  /** Installed packages (`ldp deps`), in install order: part of the project, as in dbt. */
  readonly packages: readonly ProjectPackage[];
  /** `selectors.yml` definitions, by name, if the file exists. */
  readonly selectors: Readonly<Record<string, unknown>>;
  readonly warnings: readonly import('../errors/index.js').LdpError[];
}

/**
 * An installed package as part of the project: its own project file, its files (with paths
 * relative to the root project, e.g. `dbt_packages/dbt_utils/macros/star.sql`) and the vars its
 * nodes see.
 */
export interface ProjectPackage {
  readonly name: string;
  /** Absolute path of its folder (as installed: a symlink for `local:` packages). */
  readonly root: string;
  /** Its folder relative to the root project, with `/`. */
  readonly folder: string;
  /** Its own project file; the root project's `models:`/`seeds:`/… entries for it are merged in. */
  readonly config: ProjectConfig;
  readonly files: readonly SourceFile[];
  /**
   * dbt's precedence, lowest first: the package's own vars (global, then scoped to it), the root
   * project's global vars, the root's vars scoped to the package, `--vars`.
   */
  readonly vars: Readonly<Record<string, unknown>>;
}
