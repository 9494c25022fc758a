import { z } from 'zod';
import type { YamlPath, YamlSource } from '../config/yaml-source.js';
import { LdpError } from '../errors/index.js';
import type { DatabaseAttachment } from '../model/project.js';

/**
 * One entry of dbt-duckdb's `attach:` list. `options` are further `ATTACH` options
 * (`block_size: 16384`); `secret`/`is_ducklake` belong to extensions ldp does not load.
 */
export const ATTACH_ENTRY = z.strictObject({
  path: z.string().min(1),
  alias: z.string().min(1).optional(),
  type: z.string().optional(),
  read_only: z.boolean().optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export const ATTACH_LIST = z.array(ATTACH_ENTRY);

/**
 * Database types whose DuckDB extension is not part of ldp's engine (only parquet, json and icu
 * are built in, and ldp never downloads an extension): attaching them cannot work.
 */
const NEEDS_EXTENSION: Readonly<Record<string, string>> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  ducklake: 'ducklake',
  motherduck: 'motherduck',
};

/**
 * The validated `attach:` entries as attachments with absolute paths (`resolve` makes a path
 * absolute). The alias defaults to the file's name without extension, as DuckDB's own `ATTACH`.
 * A type whose extension ldp lacks, a `md:` path, and two entries with one alias are `LDP163`.
 */
export function readAttachments(
  entries: readonly z.infer<typeof ATTACH_ENTRY>[],
  yaml: YamlSource,
  path: YamlPath,
  resolvePath: (path: string) => string,
): DatabaseAttachment[] {
  const seen = new Map<string, number>();
  return entries.map((entry, index) => {
    const at = [...path, 'attach', index];
    const type = (entry.type ?? 'duckdb').toLowerCase();
    const extension = NEEDS_EXTENSION[type] ?? (entry.path.startsWith('md:') ? 'motherduck' : undefined);
    if (extension || type !== 'duckdb') {
      throw new LdpError({
        code: 'LDP163',
        message: `attach: a database of type ${entry.type ?? 'duckdb'} needs DuckDB's ${extension ?? type} extension, which ldp does not have`,
        span: yaml.spanOf(entry.type === undefined ? [...at, 'path'] : [...at, 'type'], 'value'),
        source: yaml.text,
        hint: 'ldp attaches DuckDB database files only (its engine has the parquet, json and icu extensions and downloads none). Export the tables to Parquet and read them as sources with location:, or copy them into a DuckDB file.',
      });
    }
    const absolute = entry.path === ':memory:' ? ':memory:' : resolvePath(entry.path);
    const alias = entry.alias ?? fileStem(entry.path);
    const key = alias.toLowerCase();
    if (seen.has(key) || key === 'memory' || key === 'system' || key === 'temp') {
      throw new LdpError({
        code: 'LDP163',
        message: `attach: alias '${alias}' is ${seen.has(key) ? 'used by two entries' : "one of DuckDB's own databases"}`,
        span: yaml.spanOf(entry.alias === undefined ? [...at, 'path'] : [...at, 'alias'], 'value'),
        source: yaml.text,
        hint: 'Give each attached database an alias of its own (alias: raw).',
      });
    }
    seen.set(key, index);
    return {
      path: absolute,
      alias,
      readOnly: entry.read_only ?? false,
      options: entry.options ?? {},
      span: yaml.spanOf(at),
    };
  });
}

/** `data/raw.duckdb` → `raw`, as DuckDB names a database attached without an alias. */
export function fileStem(path: string): string {
  const file = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = file.indexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
