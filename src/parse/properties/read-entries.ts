import type {
  ColumnProperties,
  ExposureDefinition,
  ExternalLocation,
  FreshnessRule,
  MacroProperties,
  ModelProperties,
  SourceDefinition,
  SourceTable,
  UnitTestDefinition,
} from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';
import { readTests } from './read-tests.js';

const MODEL_KEYS = [
  'name',
  'description',
  'config',
  'columns',
  'data_tests',
  'tests',
  'tags',
  'meta',
  'docs',
  'latest_version',
  'versions',
];
const MODEL_UNUSED = [
  'access',
  'group',
  'constraints',
  'deprecation_date',
  'contract',
  'time_spine',
  'relation',
  'quote_columns',
];
const COLUMN_KEYS = [
  'name',
  'description',
  'data_type',
  'data_tests',
  'tests',
  'quote',
  'tags',
  'meta',
  'config',
];
const COLUMN_UNUSED = ['constraints', 'policy_tags', 'granularity', 'docs'];

export function readModel(entry: EntryReader, kind: string): ModelProperties | undefined {
  entry.checkKeys(MODEL_KEYS, MODEL_UNUSED);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const { config } = entry.config();
  return {
    name,
    description: entry.string('description') ?? '',
    config,
    columns: readColumns(entry, `${kind} '${name}'`),
    tests: readTests(entry, `${kind} '${name}'`),
    tags: entry.strings('tags'),
    meta: entry.record('meta'),
    ...(entry.value['docs'] !== undefined ? { docs: entry.record('docs') } : {}),
    ...(entry.value['latest_version'] !== undefined
      ? { latestVersion: entry.value['latest_version'] as number | string }
      : {}),
    versions: entry.list('versions').map((v) => {
      const version = v as { v?: number | string; config?: Record<string, unknown> };
      return { v: version.v ?? '', config: version.config ?? {} };
    }),
    span: entry.entrySpan,
  };
}

function readColumns(entry: EntryReader, owner: string): ColumnProperties[] {
  return entry.list('columns').flatMap((value, index) => {
    const column = entry.child(['columns', index], value, `a column of ${owner}`);
    if (!column) return [];
    column.checkKeys(COLUMN_KEYS, COLUMN_UNUSED);
    const name = column.string('name', true);
    if (name === undefined) return [];
    return [
      {
        name,
        description: column.string('description') ?? '',
        ...(column.string('data_type') ? { dataType: column.string('data_type')! } : {}),
        ...(column.value['quote'] !== undefined ? { quote: Boolean(column.value['quote']) } : {}),
        tests: readTests(column, `column '${name}' of ${owner}`),
        tags: column.strings('tags'),
        meta: column.record('meta'),
        span: column.entrySpan,
      },
    ];
  });
}

const SOURCE_KEYS = [
  'name',
  'description',
  'database',
  'schema',
  'loader',
  'loaded_at_field',
  'loaded_at_query',
  'freshness',
  'meta',
  'tags',
  'config',
  'tables',
  'location',
  'format',
  'options',
];
const SOURCE_UNUSED = ['quoting', 'overrides', 'catalog'];
const TABLE_KEYS = [
  'name',
  'identifier',
  'description',
  'columns',
  'data_tests',
  'tests',
  'loaded_at_field',
  'loaded_at_query',
  'freshness',
  'meta',
  'tags',
  'config',
  'location',
  'format',
  'options',
];
const TABLE_UNUSED = ['quoting', 'external', 'docs'];

export function readSource(entry: EntryReader): SourceDefinition | undefined {
  entry.checkKeys(SOURCE_KEYS, SOURCE_UNUSED);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const external = readExternal(entry);
  return {
    name,
    description: entry.string('description') ?? '',
    ...optional('database', entry.string('database')),
    ...optional('schema', entry.string('schema')),
    ...optional('loader', entry.string('loader')),
    ...optional('loadedAtField', entry.string('loaded_at_field')),
    ...(entry.value['freshness'] !== undefined ? { freshness: readFreshness(entry.value['freshness']) } : {}),
    ...(external ? { external } : {}),
    tags: entry.strings('tags'),
    meta: entry.record('meta'),
    config: entry.record('config'),
    tables: entry.list('tables').flatMap((value, index) => {
      const table = entry.child(['tables', index], value, `a table of source '${name}'`);
      const read = table && readSourceTable(table, name);
      return read ? [read] : [];
    }),
    span: entry.entrySpan,
  };
}

function readSourceTable(entry: EntryReader, sourceName: string): SourceTable | undefined {
  entry.checkKeys(TABLE_KEYS, TABLE_UNUSED);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const external = readExternal(entry);
  const owner = `source '${sourceName}.${name}'`;
  return {
    name,
    ...optional('identifier', entry.string('identifier')),
    description: entry.string('description') ?? '',
    columns: readColumns(entry, owner),
    tests: readTests(entry, owner),
    ...optional('loadedAtField', entry.string('loaded_at_field')),
    ...optional('loadedAtQuery', entry.string('loaded_at_query')),
    ...(entry.value['freshness'] !== undefined ? { freshness: readFreshness(entry.value['freshness']) } : {}),
    ...(external ? { external } : {}),
    tags: entry.strings('tags'),
    meta: entry.record('meta'),
    config: entry.record('config'),
    span: entry.entrySpan,
  };
}

/** ldp's `location:` + `format:` + `options:`, or dbt-duckdb's `meta.external_location`. */
function readExternal(entry: EntryReader): ExternalLocation | undefined {
  const location =
    entry.string('location') ?? (entry.record('meta')['external_location'] as string | undefined);
  if (location === undefined) return undefined;
  const format = entry.string('format') as ExternalLocation['format'] | undefined;
  return { location, ...(format ? { format } : {}), options: entry.record('options') };
}

function readFreshness(value: unknown): FreshnessRule | null {
  if (value === null) return null;
  const rule = value as {
    warn_after?: { count: number; period: string };
    error_after?: { count: number; period: string };
    filter?: string;
  };
  const after = (a?: { count: number; period: string }) =>
    a ? { count: Number(a.count), period: a.period as 'minute' | 'hour' | 'day' } : undefined;
  return {
    ...(rule.warn_after ? { warnAfter: after(rule.warn_after)! } : {}),
    ...(rule.error_after ? { errorAfter: after(rule.error_after)! } : {}),
    ...(rule.filter ? { filter: rule.filter } : {}),
  };
}

export function readExposure(entry: EntryReader): ExposureDefinition | undefined {
  entry.checkKeys([
    'name',
    'label',
    'type',
    'maturity',
    'url',
    'description',
    'owner',
    'depends_on',
    'tags',
    'meta',
    'config',
  ]);
  const name = entry.string('name', true);
  const type = entry.string('type', true);
  if (name === undefined || type === undefined) return undefined;
  const owner = entry.record('owner') as { name?: string; email?: string };
  return {
    name,
    ...optional('label', entry.string('label')),
    type: type as ExposureDefinition['type'],
    ...(entry.string('maturity')
      ? { maturity: entry.string('maturity') as ExposureDefinition['maturity'] }
      : {}),
    ...optional('url', entry.string('url')),
    description: entry.string('description') ?? '',
    owner: { ...(owner.name ? { name: owner.name } : {}), ...(owner.email ? { email: owner.email } : {}) },
    dependsOn: entry.strings('depends_on'),
    tags: entry.strings('tags'),
    meta: entry.record('meta'),
    span: entry.entrySpan,
  };
}

export function readMacro(entry: EntryReader): MacroProperties | undefined {
  entry.checkKeys(['name', 'description', 'arguments', 'docs', 'meta']);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  return {
    name,
    description: entry.string('description') ?? '',
    arguments: entry.list('arguments').map((a) => {
      const arg = a as { name?: string; type?: string; description?: string };
      return {
        name: String(arg.name ?? ''),
        ...(arg.type ? { type: arg.type } : {}),
        description: arg.description ?? '',
      };
    }),
    span: entry.entrySpan,
  };
}

export function readUnitTest(entry: EntryReader): UnitTestDefinition | undefined {
  entry.checkKeys(['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions']);
  const name = entry.string('name', true);
  const model = entry.string('model', true);
  if (name === undefined || model === undefined) return undefined;
  const fixture = (value: unknown) => {
    const f = (value ?? {}) as { input?: string; rows?: unknown; format?: string; fixture?: string };
    return {
      ...(f.input !== undefined ? { input: f.input } : {}),
      format: (f.format ?? 'dict') as 'dict' | 'csv' | 'sql',
      ...(f.rows !== undefined ? { rows: f.rows } : {}),
      ...(f.fixture !== undefined ? { fixture: f.fixture } : {}),
    };
  };
  const overrides = entry.record('overrides') as {
    vars?: Record<string, unknown>;
    macros?: Record<string, unknown>;
    env_vars?: Record<string, unknown>;
  };
  return {
    name,
    model,
    description: entry.string('description') ?? '',
    given: entry.list('given').map((g) => ({ input: '', ...fixture(g) })),
    expect: fixture(entry.value['expect']),
    overrides: {
      vars: overrides.vars ?? {},
      macros: overrides.macros ?? {},
      env_vars: overrides.env_vars ?? {},
    },
    config: entry.record('config'),
    span: entry.entrySpan,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
