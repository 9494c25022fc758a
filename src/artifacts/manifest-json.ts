import type { Manifest } from '../model/manifest.js';
import type { ColumnInfo, DocBlock, GraphNode, MacroDefinition, ResourceType } from '../model/node.js';
import type { NodeConfig } from '../model/node-config.js';
import { relationName } from '../sql/index.js';

/** 2: columns carry dbt's keys (`data_type`). */
export const MANIFEST_SCHEMA_VERSION = 2;

export interface ArtifactMetadata {
  readonly ldpVersion: string;
  readonly generatedAt: string;
  readonly invocationId: string;
  readonly adapterType: string;
  readonly targetName: string;
  readonly projectName: string;
  /** Fingerprint of everything the parse read; equal fingerprints mean an identical manifest body. */
  readonly inputsFingerprint: string;
}

/** The `metadata` object of the manifest (flat, string values: it can be patched in place). */
export function manifestMetadataJson(meta: ArtifactMetadata): Record<string, string> {
  return {
    ldp_version: meta.ldpVersion,
    generated_at: meta.generatedAt,
    invocation_id: meta.invocationId,
    project_name: meta.projectName,
    adapter_type: meta.adapterType,
    target_name: meta.targetName,
    inputs_fingerprint: meta.inputsFingerprint,
  };
}

/**
 * `target/manifest.json` in dbt's shape (snake_case keys, `nodes`, `sources`, `macros`, `docs`,
 * `exposures`, `parent_map`, `child_map`) with a `schemaVersion`. Keys are emitted in a fixed
 * order and every map is sorted by id, so two parses of the same project give the same file.
 *
 * The text comes in pieces of about a megabyte (together, what `JSON.stringify` gives for the
 * whole object): each node's JSON object lives only until its piece is written, instead of tens
 * of thousands of them and a string of tens of megabytes at once.
 */
export function* manifestJsonChunks(manifest: Manifest, meta: ArtifactMetadata): Generator<string> {
  const groups: Record<NodeGroup, string[]> = { nodes: [], sources: [], exposures: [], unit_tests: [] };
  for (const id of [...manifest.nodes.keys()].sort())
    groups[GROUP_OF[manifest.nodes.get(id)!.resourceType] ?? 'nodes'].push(id);
  const node = (id: string) => manifestNodeJson(manifest.nodes.get(id)!, manifest);
  yield `{"schemaVersion":${MANIFEST_SCHEMA_VERSION},"metadata":${JSON.stringify(manifestMetadataJson(meta))}`;
  yield* recordChunks('nodes', groups.nodes, node);
  yield* recordChunks('sources', groups.sources, node);
  yield* recordChunks('macros', [...manifest.macros.keys()].sort(), (id) =>
    macroJson(manifest.macros.get(id)!),
  );
  yield* recordChunks('docs', [...manifest.docs.keys()].sort(), (id) => docJson(manifest.docs.get(id)!));
  yield* recordChunks('exposures', groups.exposures, node);
  yield* recordChunks('unit_tests', groups.unit_tests, node);
  yield* recordChunks('parent_map', [...manifest.parentMap.keys()], (id) => manifest.parentMap.get(id));
  yield* recordChunks('child_map', [...manifest.childMap.keys()], (id) => manifest.childMap.get(id));
  yield '}';
}

/** The top-level object a node is listed in: `nodes`, unless its kind has its own. */
type NodeGroup = 'nodes' | 'sources' | 'exposures' | 'unit_tests';
const GROUP_OF: Partial<Record<ResourceType, NodeGroup>> = {
  source: 'sources',
  exposure: 'exposures',
  unit_test: 'unit_tests',
};

const CHUNK_CHARS = 1 << 20;

/** `,"key":{"id":value,…}` in pieces of about `CHUNK_CHARS`. */
function* recordChunks(
  key: string,
  ids: readonly string[],
  jsonOf: (id: string) => unknown,
): Generator<string> {
  let chunk = `,${JSON.stringify(key)}:{`;
  for (const [index, id] of ids.entries()) {
    chunk += `${index === 0 ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(jsonOf(id))}`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}}`;
}

function macroJson(macro: MacroDefinition): Record<string, unknown> {
  return {
    unique_id: macro.uniqueId,
    name: macro.name,
    package_name: macro.packageName,
    original_file_path: macro.originalFilePath,
    line: macro.span.line,
    arguments: macro.arguments.map((name) => ({ name })),
    description: macro.description,
    macro_sql: macro.macroSql,
  };
}

function docJson(doc: DocBlock): Record<string, unknown> {
  return {
    unique_id: doc.uniqueId,
    name: doc.name,
    package_name: doc.packageName,
    original_file_path: doc.originalFilePath,
    block_contents: doc.blockContents,
  };
}

/**
 * A node's config as dbt writes it: custom keys (`config(owner='x')`, `+owner:`) sit beside the
 * known ones rather than under ldp's `extra`, so tools reading `config.owner` find them.
 */
function configJson(
  config: NodeConfig | Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  if (!('extra' in config)) return config;
  const { extra, ...known } = config as NodeConfig;
  const json: Record<string, unknown> = { ...known };
  for (const [key, value] of Object.entries(extra)) if (!Object.hasOwn(json, key)) json[key] = value;
  return json;
}

/** A node as manifest.json (and dbt's `graph` context variable) describes it. */
export function manifestNodeJson(node: GraphNode, manifest: Manifest): Record<string, unknown> {
  const json: Record<string, unknown> = {
    unique_id: node.uniqueId,
    resource_type: node.resourceType,
    name: node.name,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    fqn: node.fqn,
    description: node.description,
    tags: node.tags,
    meta: node.meta,
    line: node.span.line,
  };
  if ('config' in node) json['config'] = configJson(node.config);
  if ('layer' in node && node.layer !== undefined) json['layer'] = node.layer;
  if ('relation' in node) {
    json['database'] = node.relation.database ?? null;
    json['schema'] = node.relation.schema;
    json['alias'] = node.relation.identifier;
    json['relation_name'] = relationName(node.relation);
  }
  if ('rawSql' in node) {
    json['language'] = 'sql';
    json['raw_code'] = node.rawSql;
    json['checksum'] = { name: 'sha256', checksum: node.checksum };
  }
  if ('refs' in node)
    json['refs'] = node.refs.map((r) => ({
      name: r.name,
      package: r.package ?? null,
      version: r.version ?? null,
    }));
  if ('sources' in node) json['sources'] = node.sources.map((s) => [s.source, s.table]);
  if ('columns' in node) json['columns'] = columnsJson(node.columns);
  json['depends_on'] = {
    macros: 'macros' in node ? node.macros : [],
    nodes: manifest.parentMap.get(node.uniqueId) ?? [],
  };
  Object.assign(json, kindSpecific(node));
  return json;
}

/** Columns with dbt's keys (`data_type`, null when not declared). */
function columnsJson(columns: Readonly<Record<string, ColumnInfo>>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(columns)) {
    json[name] = {
      name: column.name,
      description: column.description,
      data_type: column.dataType ?? null,
      tags: column.tags,
      meta: column.meta,
    };
  }
  return json;
}

function kindSpecific(node: GraphNode): Record<string, unknown> {
  switch (node.resourceType) {
    case 'test':
      return {
        test_type: node.testType,
        test_metadata: node.testMetadata ?? null,
        attached_node: node.attachedNode ?? null,
        column_name: node.columnName ?? null,
      };
    case 'source':
      return {
        source_name: node.sourceName,
        source_description: node.sourceDescription,
        identifier: node.identifier,
        loaded_at_field: node.loadedAtField ?? null,
        freshness: node.freshness ?? null,
        external: node.external ?? null,
      };
    case 'exposure':
      return {
        type: node.exposureType,
        maturity: node.maturity ?? null,
        url: node.url ?? null,
        owner: node.owner,
      };
    case 'unit_test':
      return { model: node.model, given: node.definition.given, expect: node.definition.expect };
    case 'model':
      return { version: node.version ?? null };
    case 'seed':
    case 'snapshot':
    case 'analysis':
      return {};
  }
}
