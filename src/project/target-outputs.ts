import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { bigqueryRawWithoutSecrets, readBigQueryOutput } from '../config/bigquery-output.js';
import type { YamlPath, YamlSource } from '../config/yaml-source.js';
import { issuesToErrors } from '../config/zod-issues.js';
import { didYouMeanHint, LdpError, LdpErrors } from '../errors/index.js';
import type { ResolvedTarget } from '../model/project.js';
import { ATTACH_ENTRY, ATTACH_LIST, readAttachments } from './duckdb-attachments.js';

/** What building a target needs to know besides the output itself. */
export interface OutputContext {
  readonly projectRoot: string;
  readonly homeDir: string;
  readonly threads?: number;
  readonly profileName: string;
  readonly targetName: string;
  /** profiles.yml path, or 'embedded default'. */
  readonly source: string;
}

const threads = z.number().int().positive();

/** ldp's keys for `type: duckdb` (dbt-duckdb's `path` is accepted as `duckdb_path`). */
const DUCKDB_OUTPUT = z.strictObject({
  type: z.literal('duckdb'),
  schema: z.string().optional(),
  threads: threads.optional(),
  warehouse: z.string().optional(),
  warehouse_path: z.string().optional(),
  catalog_path: z.string().optional(),
  catalog_name: z.string().optional(),
  duckdb_path: z.string().optional(),
  path: z.string().optional(),
  database: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  extensions: z.array(z.string()).optional(),
  attach: ATTACH_LIST.optional(),
  external_root: z.string().optional(),
});

/** dbt-duckdb output keys ldp tolerates (with a warning) so existing profiles keep working. */
const DBT_DUCKDB_KEYS = new Set([
  'filesystems',
  'module_paths',
  'secrets',
  'use_credential_provider',
  'disable_transactions',
  'keep_open',
  'retries',
  'config_options',
]);

/**
 * Validates a rendered output and builds the target. `path` is where the output sits in the
 * YAML, so every problem points at its line.
 */
export function outputTarget(
  output: Record<string, unknown>,
  yaml: YamlSource,
  path: YamlPath,
  context: OutputContext,
): { target: ResolvedTarget; warnings: LdpError[] } {
  const type = output['type'];
  if (type === 'bigquery') return bigqueryOutput(output, yaml, path, context);
  if (type !== 'duckdb') throw badType(type, yaml, path, context);
  if (output['plugins'] !== undefined) throw pluginsUnsupported(yaml, path, context);
  const strict = Object.fromEntries(Object.entries(output).filter(([key]) => !DBT_DUCKDB_KEYS.has(key)));
  const checked = DUCKDB_OUTPUT.safeParse(strict);
  if (!checked.success) {
    const { errors } = issuesToErrors(checked.error, {
      yaml,
      what: `output '${context.targetName}' of profile '${context.profileName}'`,
      knownKeysAt: (at) => Object.keys(at[0] === 'attach' ? ATTACH_ENTRY.shape : DUCKDB_OUTPUT.shape),
      prefix: path,
    });
    throw errors.length === 1 ? errors[0] : new LdpErrors(errors);
  }
  const warnings = Object.keys(output)
    .filter((key) => DBT_DUCKDB_KEYS.has(key))
    .map((key) => warning(`profile key '${key}' (dbt-duckdb) is not used by ldp`, yaml, [...path, key]));
  const target = duckdbTarget(output, context);
  const attach = checked.data.attach;
  if (!attach) return { target, warnings };
  const attachments = readAttachments(attach, yaml, path, absolutePath(context));
  return { target: { ...target, attachments }, warnings };
}

/**
 * dbt-duckdb's `plugins:` run Python inside the adapter (gsheet, excel, sqlalchemy, custom
 * ones); ldp has no Python, and quietly building without them would read the wrong data.
 */
function pluginsUnsupported(yaml: YamlSource, path: YamlPath, context: OutputContext): LdpError {
  return new LdpError({
    code: 'LDP162',
    message: `output '${context.targetName}' of profile '${context.profileName}' uses dbt-duckdb plugins, which ldp does not support`,
    span: yaml.spanOf([...path, 'plugins'], 'key'),
    source: yaml.text,
    hint: 'Remove plugins: from the output. Read the data a plugin loaded from files instead (a source with location: and format: parquet/csv/json), or load it as a seed.',
  });
}

function badType(type: unknown, yaml: YamlSource, path: YamlPath, context: OutputContext): LdpError {
  const written = typeof type === 'string' ? type : undefined;
  return new LdpError({
    code: 'LDP113',
    message:
      type === undefined
        ? `output '${context.targetName}' of profile '${context.profileName}' has no type`
        : `output '${context.targetName}' has type ${JSON.stringify(type)}; ldp supports duckdb and bigquery`,
    span: yaml.spanOf(type === undefined ? path : [...path, 'type'], type === undefined ? 'key' : 'value'),
    source: yaml.text,
    hint: `${(written && didYouMeanHint(written, ['duckdb', 'bigquery'])) ?? ''} Set type: duckdb (embedded, the default) or type: bigquery.`.trim(),
  });
}

/** The target of a `type: duckdb` output (or of no profile at all), with absolute paths. */
export function duckdbTarget(raw: Record<string, unknown>, context: OutputContext): ResolvedTarget {
  const abs = absolutePath(context);
  const warehousePath = abs(String(raw['warehouse'] ?? raw['warehouse_path'] ?? 'warehouse'));
  const duckdbPath = raw['duckdb_path'] ?? raw['path'];
  return {
    name: context.targetName,
    profileName: context.profileName,
    type: 'duckdb',
    schema: String(raw['schema'] ?? 'main'),
    database: String(raw['database'] ?? databaseOfFile(duckdbPath) ?? IN_MEMORY_DATABASE),
    threads: context.threads ?? Number(raw['threads'] ?? 4),
    warehousePath,
    catalogPath: raw['catalog_path'] ? abs(String(raw['catalog_path'])) : join(warehousePath, 'catalog.db'),
    catalogName: String(raw['catalog_name'] ?? 'ldp'),
    ...(duckdbPath && duckdbPath !== ':memory:' ? { duckdbPath: abs(String(duckdbPath)) } : {}),
    // dbt-duckdb's default is the current folder; ldp's is the project folder.
    externalRoot: abs(String(raw['external_root'] ?? '.')),
    source: context.source,
    raw: { ...raw, type: 'duckdb' },
  };
}

/**
 * The name DuckDB gives its in-memory database, where ldp's session holds the warehouse's
 * relations: dbt-duckdb's `target.database` without a `path:` (or with `:memory:`), so
 * `target.database`, `this.database` and `information_schema`'s `table_catalog` agree.
 */
export const IN_MEMORY_DATABASE = 'memory';

/**
 * dbt-duckdb names the database after its file (`path: dev.duckdb` → `dev`), and artifacts
 * and `target.database` say that name; ldp does the same when a profile names a file.
 */
function databaseOfFile(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === ':memory:' || path === '') return undefined;
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

function bigqueryOutput(
  raw: Record<string, unknown>,
  yaml: YamlSource,
  path: YamlPath,
  context: OutputContext,
): { target: ResolvedTarget; warnings: LdpError[] } {
  const what = `output '${context.targetName}' of profile '${context.profileName}'`;
  const { bigquery, warnings } = readBigQueryOutput(raw, { yaml, path, what });
  // The local warehouse stays: run records, lineage and bronze loads from BigQuery live there.
  const base = duckdbTarget({}, context);
  return {
    target: {
      ...base,
      type: 'bigquery',
      schema: bigquery.dataset,
      database: bigquery.project,
      threads: context.threads ?? Number(raw['threads'] ?? 4),
      raw: bigqueryRawWithoutSecrets(raw),
      bigquery,
    },
    warnings,
  };
}

/** `~/x` is below the home folder; other relative paths are below the project folder. */
export function absolutePath(context: { projectRoot: string; homeDir?: string }): (path: string) => string {
  return (path) => {
    const home = context.homeDir ?? homedir();
    if (path === '~') return home;
    if (path.startsWith('~/')) return join(home, path.slice(2));
    return isAbsolute(path) ? path : resolve(context.projectRoot, path);
  };
}

function warning(message: string, yaml: YamlSource, path: YamlPath, hint?: string): LdpError {
  return new LdpError({
    code: 'LDP102',
    severity: 'warning',
    message,
    span: yaml.spanOf(path),
    ...(hint ? { hint } : {}),
  });
}
