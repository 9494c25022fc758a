import type { ColumnProperties, ModelProperties } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';
import { readColumnConstraints, readModelConstraints, withConstraints } from './read-constraints.js';
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
  'constraints',
];
const MODEL_UNUSED = ['contract', 'relation', 'quote_columns'];
/** Accepted without a word: model governance and the semantic layer change nothing ldp builds. */
const MODEL_QUIET = ['access', 'group', 'deprecation_date', 'time_spine'];
const VERSION_KEYS = ['v', 'config', 'description', 'defined_in', 'access', 'deprecation_date'];
const VERSION_UNUSED = ['columns', 'data_tests', 'tests', 'docs', 'constraints'];
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
  'constraints',
];
const COLUMN_UNUSED = ['docs'];
/** BigQuery's policy tags and the semantic layer's time granularity: nothing to build locally. */
const COLUMN_QUIET = ['policy_tags', 'granularity'];
const COLUMN_CONFIG_KEYS = ['meta', 'tags'];

/** Properties of a model, seed, snapshot or analysis (`kind` names it in messages). */
export function readModel(entry: EntryReader, kind: string): ModelProperties | undefined {
  // dbt 1.9 defines a snapshot in YAML: `relation:` names what it snapshots.
  const snapshot = kind === 'snapshot';
  entry.checkKeys(
    snapshot ? [...MODEL_KEYS, ...MODEL_QUIET, 'relation'] : [...MODEL_KEYS, ...MODEL_QUIET],
    snapshot ? MODEL_UNUSED.filter((k) => k !== 'relation') : MODEL_UNUSED,
  );
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const { config } = entry.config();
  const latest = entry.value['latest_version'];
  const relation = snapshot ? entry.string('relation') : undefined;
  return {
    name,
    ...(relation !== undefined ? { relation: { text: relation, span: entry.spanOf('relation') } } : {}),
    description: entry.string('description') ?? '',
    config,
    columns: readColumns(entry, `${kind} '${name}'`),
    ...withConstraints(readModelConstraints(entry, `${kind} '${name}'`)),
    tests: readTests(entry, `${kind} '${name}'`),
    tags: entry.strings('tags'),
    meta: entry.record('meta'),
    ...(entry.value['docs'] !== undefined ? { docs: entry.record('docs') } : {}),
    ...(typeof latest === 'number' || typeof latest === 'string' ? { latestVersion: latest } : {}),
    versions: readVersions(entry, `${kind} '${name}'`),
    span: entry.entrySpan,
  };
}

function readVersions(entry: EntryReader, owner: string): ModelProperties['versions'] {
  return entry.children('versions', `a version of ${owner}`).flatMap((version) => {
    version.checkKeys(VERSION_KEYS, VERSION_UNUSED);
    const v = version.value['v'];
    if (typeof v !== 'number' && typeof v !== 'string') {
      version.string('v', true);
      return [];
    }
    return [{ v, config: version.config().config }];
  });
}

/** `columns:` of a model, seed, snapshot or source table. */
export function readColumns(entry: EntryReader, owner: string): ColumnProperties[] {
  return entry.children('columns', `a column of ${owner}`).flatMap((column) => {
    column.checkKeys([...COLUMN_KEYS, ...COLUMN_QUIET], COLUMN_UNUSED);
    const name = column.string('name', true);
    if (name === undefined) return [];
    // dbt 1.10 moved a column's meta and tags under `config:`; both places count.
    const config = column.childAt('config', `config of column '${name}'`);
    config?.checkKeys(COLUMN_CONFIG_KEYS);
    const dataType = column.string('data_type');
    const quote = column.boolean('quote');
    return [
      {
        name,
        description: column.string('description') ?? '',
        ...(dataType !== undefined ? { dataType } : {}),
        ...(quote !== undefined ? { quote } : {}),
        ...withConstraints(readColumnConstraints(column, name)),
        tests: readTests(column, `column '${name}' of ${owner}`),
        tags: [...new Set([...column.strings('tags'), ...(config?.strings('tags') ?? [])])],
        meta: { ...column.record('meta'), ...config?.record('meta') },
        span: column.entrySpan,
      },
    ];
  });
}
