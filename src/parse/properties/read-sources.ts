import type {
  ExternalLocation,
  FreshnessRule,
  SourceDefinition,
  SourceTable,
} from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';
import { readColumns } from './read-models.js';
import { readTests } from './read-tests.js';

/** Keys shared by a source and its tables, including ldp's `location:`/`format:`/`options:`. */
const COMMON_KEYS = [
  'name',
  'description',
  'loaded_at_field',
  'loaded_at_query',
  'freshness',
  'meta',
  'tags',
  'config',
  'location',
  'format',
  'options',
  'quoting',
];
const SOURCE_KEYS = [...COMMON_KEYS, 'database', 'schema', 'loader', 'tables'];
const SOURCE_UNUSED = ['overrides', 'catalog'];
const TABLE_KEYS = [...COMMON_KEYS, 'identifier', 'columns', 'data_tests', 'tests', 'external'];
const TABLE_UNUSED = ['docs'];
const CONFIG_KEYS = [
  'enabled',
  'tags',
  'meta',
  'freshness',
  'loaded_at_field',
  'loaded_at_query',
  'external_location',
  'event_time',
];
const CONFIG_UNUSED = ['plugin'];
const FORMATS = ['parquet', 'csv', 'json', 'ndjson', 'iceberg'] as const;
const PERIODS = ['minute', 'hour', 'day'] as const;

/** `format:` / `options:` written on a source without a `location:`: defaults for its tables. */
interface ExternalDefaults {
  readonly location?: string;
  readonly format?: ExternalLocation['format'];
  readonly options: Readonly<Record<string, unknown>>;
}

export function readSource(entry: EntryReader): SourceDefinition | undefined {
  entry.checkKeys(SOURCE_KEYS, SOURCE_UNUSED);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const config = readConfig(entry, `source '${name}'`);
  const defaults = externalParts(entry, config);
  const { loadedAtQuery, ...common } = readCommon(entry, config, `source '${name}'`);
  return {
    name,
    ...common,
    ...(defaults.location !== undefined ? { external: { ...defaults, location: defaults.location } } : {}),
    ...optional('loadedAtQuery', loadedAtQuery),
    ...optional('database', entry.string('database')),
    ...optional('schema', entry.string('schema')),
    ...optional('loader', entry.string('loader')),
    tables: entry.children('tables', `a table of source '${name}'`).flatMap((table) => {
      const read = readSourceTable(table, name, defaults);
      return read ? [read] : [];
    }),
  };
}

function readSourceTable(
  entry: EntryReader,
  sourceName: string,
  defaults: ExternalDefaults,
): SourceTable | undefined {
  entry.checkKeys(TABLE_KEYS, TABLE_UNUSED);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const owner = `source '${sourceName}.${name}'`;
  const config = readConfig(entry, owner);
  const external = tableExternal(entry, config, defaults);
  const { loadedAtQuery, ...common } = readCommon(entry, config, owner);
  return {
    name,
    ...optional('identifier', entry.string('identifier')),
    ...common,
    ...(external ? { external } : {}),
    ...optional('loadedAtQuery', loadedAtQuery),
    columns: readColumns(entry, owner),
    tests: readTests(entry, owner),
  };
}

function readConfig(entry: EntryReader, owner: string): EntryReader | undefined {
  const config = entry.childAt('config', `config of ${owner}`);
  config?.checkKeys(CONFIG_KEYS, CONFIG_UNUSED);
  config?.boolean('enabled');
  return config;
}

/** What a source and a table both have; `config:` values fill in what is not written at the top. */
function readCommon(entry: EntryReader, config: EntryReader | undefined, owner: string) {
  const freshness =
    entry.value['freshness'] !== undefined
      ? readFreshness(entry, 'freshness', owner)
      : config?.value['freshness'] !== undefined
        ? readFreshness(config, 'freshness', owner)
        : undefined;
  return {
    description: entry.string('description') ?? '',
    ...optional('loadedAtField', entry.string('loaded_at_field') ?? config?.string('loaded_at_field')),
    ...optional('loadedAtQuery', entry.string('loaded_at_query') ?? config?.string('loaded_at_query')),
    ...(freshness !== undefined ? { freshness } : {}),
    tags: [...new Set([...entry.strings('tags'), ...(config?.strings('tags') ?? [])])],
    meta: { ...entry.record('meta'), ...config?.record('meta') },
    config: config?.value ?? {},
    span: entry.entrySpan,
  };
}

/**
 * ldp's `location:` + `format:` + `options:`, dbt-duckdb's `meta.external_location` /
 * `config.external_location`, or dbt's `external: {location}` (the property dbt-external-tables
 * stages as a view over the files). `{name}` / `{identifier}` placeholders are kept as written.
 */
function externalParts(entry: EntryReader, config: EntryReader | undefined): ExternalDefaults {
  const format = entry.oneOf('format', FORMATS);
  const metaLocation = entry.record('meta')['external_location'];
  const externalLocation = entry.record('external')['location'];
  const location =
    entry.string('location') ??
    config?.string('external_location') ??
    (typeof metaLocation === 'string' ? metaLocation : undefined) ??
    (typeof externalLocation === 'string' ? externalLocation : undefined);
  return {
    ...(location !== undefined ? { location } : {}),
    ...(format !== undefined ? { format } : {}),
    options: entry.record('options'),
  };
}

/** A table's own external spec over its source's; undefined when the table writes none. */
function tableExternal(
  entry: EntryReader,
  config: EntryReader | undefined,
  defaults: ExternalDefaults,
): ExternalLocation | undefined {
  const own = externalParts(entry, config);
  const writesAny =
    own.location !== undefined || own.format !== undefined || entry.value['options'] !== undefined;
  if (!writesAny) return undefined;
  const location = own.location ?? defaults.location;
  if (location === undefined) {
    entry.string('location', true);
    return undefined;
  }
  const format = own.format ?? defaults.format;
  return { location, ...(format ? { format } : {}), options: { ...defaults.options, ...own.options } };
}

/** `freshness: {warn_after: {count, period}, error_after: …, filter}`; `null` turns it off. */
function readFreshness(entry: EntryReader, key: string, owner: string): FreshnessRule | null | undefined {
  if (entry.value[key] === null) return null;
  const rule = entry.childAt(key, `freshness of ${owner}`);
  if (!rule) return undefined;
  rule.checkKeys(['warn_after', 'error_after', 'filter']);
  const after = (name: 'warn_after' | 'error_after') => {
    const limit = rule.childAt(name, `${name} of ${owner}`);
    if (!limit) return {};
    limit.checkKeys(['count', 'period']);
    const count = limit.integer('count', true);
    const period = limit.oneOf('period', PERIODS, true);
    if (count === undefined || period === undefined) return {};
    return { [name === 'warn_after' ? 'warnAfter' : 'errorAfter']: { count, period } };
  };
  const filter = rule.string('filter');
  return { ...after('warn_after'), ...after('error_after'), ...(filter !== undefined ? { filter } : {}) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
