import type { Manifest } from '../model/manifest.js';
import { dialectOf } from '../sql/index.js';
import { nodeJson } from './manifest-json.js';

/** dbt's kinds of change a `state:modified.<kind>` selector picks. */
export const STATE_CHANGES = [
  'body',
  'configs',
  'relation',
  'persisted_descriptions',
  'macros',
  'contract',
] as const;
export type StateChange = (typeof STATE_CHANGES)[number];

/** How each node of the current manifest compares to the same node in a previous manifest. */
export interface StateComparison {
  /** Ids the previous manifest does not have. */
  readonly added: ReadonlySet<string>;
  /** For every node the previous manifest has: what changed (empty when nothing did). */
  readonly changes: ReadonlyMap<string, ReadonlySet<StateChange>>;
}

/** The parts of a previous `manifest.json` (ldp's or dbt's) that comparison reads. */
export interface PreviousManifest {
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly nodes?: Readonly<Record<string, JsonNode>>;
  readonly sources?: Readonly<Record<string, JsonNode>>;
  readonly exposures?: Readonly<Record<string, JsonNode>>;
  readonly unit_tests?: Readonly<Record<string, JsonNode>>;
  readonly macros?: Readonly<Record<string, { readonly macro_sql?: string }>>;
}

type JsonNode = Readonly<Record<string, unknown>>;

/**
 * Compares the current manifest to a previous one as dbt's state method does: a node's body is
 * its file's checksum, its configs its whole config, its relation database/schema/alias, its
 * persisted descriptions only where `persist_docs` asks for them, its macros the text of the
 * macros it calls, its contract the enforced columns and types.
 */
export function compareState(
  manifest: Manifest,
  target: { readonly type: string; readonly database: string },
  previous: PreviousManifest,
): StateComparison {
  const dialect = dialectOf(target);
  const old: Record<string, JsonNode> = {
    ...previous.nodes,
    ...previous.sources,
    ...previous.exposures,
    ...previous.unit_tests,
  };
  const added = new Set<string>();
  const changes = new Map<string, Set<StateChange>>();
  const currentMacros = new Map([...manifest.macros].map(([id, macro]) => [id, macro.macroSql]));
  for (const [id, node] of manifest.nodes) {
    const before = old[id];
    if (!before) {
      added.add(id);
      continue;
    }
    const now = nodeJson(node, manifest, target.database, dialect);
    const changed = new Set<StateChange>();
    if (!sameBody(now, before)) changed.add('body');
    if (!same(now['config'], before['config'])) changed.add('configs');
    if (!sameRelation(now, before)) changed.add('relation');
    if (!samePersistedDescriptions(now, before)) changed.add('persisted_descriptions');
    if (!sameMacros(now, currentMacros, previous.macros ?? {})) changed.add('macros');
    if (!sameContract(now, before)) changed.add('contract');
    changes.set(id, changed);
  }
  return { added, changes };
}

function sameBody(now: JsonNode, before: JsonNode): boolean {
  const checksum = (node: JsonNode) => (node['checksum'] as { checksum?: string } | undefined)?.checksum;
  if (checksum(now) !== undefined && checksum(before) !== undefined)
    return checksum(now) === checksum(before);
  return same(now['raw_code'], before['raw_code']);
}

function sameRelation(now: JsonNode, before: JsonNode): boolean {
  return ['database', 'schema', 'alias'].every((key) => same(now[key], before[key]));
}

/** Descriptions only count where they are written to the warehouse (`persist_docs`), as in dbt. */
function samePersistedDescriptions(now: JsonNode, before: JsonNode): boolean {
  const persist = (node: JsonNode) =>
    ((node['config'] as JsonNode | undefined)?.['persist_docs'] ?? {}) as {
      relation?: boolean;
      columns?: boolean;
    };
  const relation = persist(now).relation || persist(before).relation;
  const columns = persist(now).columns || persist(before).columns;
  if (relation && !same(now['description'], before['description'])) return false;
  if (columns && !same(columnFacts(now, 'description'), columnFacts(before, 'description'))) return false;
  return true;
}

/** A changed macro changes every node that calls it. */
function sameMacros(
  now: JsonNode,
  currentMacros: ReadonlyMap<string, string>,
  previousMacros: Readonly<Record<string, { readonly macro_sql?: string }>>,
): boolean {
  const macros = ((now['depends_on'] as { macros?: string[] } | undefined)?.macros ?? []) as string[];
  return macros.every((id) => previousMacros[id]?.macro_sql === currentMacros.get(id));
}

function sameContract(now: JsonNode, before: JsonNode): boolean {
  const contract = (node: JsonNode) =>
    (node['config'] as JsonNode | undefined)?.['contract'] as { enforced?: boolean } | undefined;
  if (!contract(now)?.enforced && !contract(before)?.enforced) return true;
  return (
    same(contract(now), contract(before)) &&
    same(columnFacts(now, 'data_type'), columnFacts(before, 'data_type'))
  );
}

function columnFacts(node: JsonNode, key: string): Record<string, unknown> {
  const columns = (node['columns'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(
    Object.entries(columns).map(([name, column]) => [name.toLowerCase(), column[key] ?? null]),
  );
}

/** Structural equality of JSON values, key order ignored (dbt's JSON may order keys otherwise). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, canonical(record[key])]),
    );
  }
  return value ?? null;
}
