import type { Manifest } from '../model/manifest.js';
import type { ColumnInfo, DocBlock, GraphNode, MacroDefinition, ResourceType } from '../model/node.js';
import type { NodeConfig } from '../model/node-config.js';
import { dialectOf, type SqlDialect } from '../sql/index.js';
import { columnConstraintsJson, constraintJson, contractJson } from './constraints-json.js';

/** 2: columns carry dbt's keys (`data_type`); 3: constraints and contract, as dbt writes them. */
export const MANIFEST_SCHEMA_VERSION = 3;

export interface ArtifactMetadata {
  readonly ldpVersion: string;
  readonly generatedAt: string;
  readonly invocationId: string;
  readonly adapterType: string;
  readonly targetName: string;
  readonly projectName: string;
  /** The target's database: relations without one of their own are in it (`relation_name`). */
  readonly targetDatabase: string;
  /** Fingerprint of everything the parse read; equal fingerprints mean an identical manifest body. */
  readonly inputsFingerprint: string;
  /** ldp's Iceberg catalog of the target: `--defer` in another target reads its tables there. */
  readonly catalog?: { readonly path: string; readonly name: string };
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
    ...(meta.catalog ? { ldp_catalog_path: meta.catalog.path, ldp_catalog_name: meta.catalog.name } : {}),
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
export function* manifestJsonChunks(
  manifest: Manifest,
  meta: ArtifactMetadata,
  layout?: LayoutRecorder,
): Generator<string> {
  const groups: Record<NodeGroup, string[]> = { nodes: [], sources: [], exposures: [], unit_tests: [] };
  for (const id of [...manifest.nodes.keys()].sort())
    groups[GROUP_OF[manifest.nodes.get(id)!.resourceType] ?? 'nodes'].push(id);
  const dialect = dialectOf({ type: meta.adapterType, database: meta.targetDatabase });
  const node = (id: string) => nodeJson(manifest.nodes.get(id)!, manifest, meta.targetDatabase, dialect);
  const header = manifestHeaderJson(meta);
  layout?.header(header);
  yield header;
  yield* recordChunks('nodes', groups.nodes, node, layout, true);
  yield* recordChunks('sources', groups.sources, node, layout, true);
  yield* recordChunks(
    'macros',
    [...manifest.macros.keys()].sort(),
    (id) => macroJson(manifest.macros.get(id)!, manifest.projectName),
    layout,
  );
  yield* recordChunks(
    'docs',
    [...manifest.docs.keys()].sort(),
    (id) => docJson(manifest.docs.get(id)!, manifest.projectName),
    layout,
  );
  yield* recordChunks('exposures', groups.exposures, node, layout, true);
  yield* recordChunks('unit_tests', groups.unit_tests, node, layout, true);
  yield* manifestGraphChunks(manifest, layout);
}

/** `{"schemaVersion":…,"metadata":{…}`: the start of the file, up to the first record group. */
export function manifestHeaderJson(meta: ArtifactMetadata): string {
  return `{"schemaVersion":${MANIFEST_SCHEMA_VERSION},"metadata":${JSON.stringify(manifestMetadataJson(meta))}`;
}

/** The end of the file: `,"parent_map":{…},"child_map":{…}}`. */
export function* manifestGraphChunks(manifest: Manifest, layout?: LayoutRecorder): Generator<string> {
  layout?.graphStarts();
  yield* recordChunks(
    'parent_map',
    [...manifest.parentMap.keys()],
    (id) => manifest.parentMap.get(id),
    layout,
  );
  yield* recordChunks('child_map', [...manifest.childMap.keys()], (id) => manifest.childMap.get(id), layout);
  layout?.advance('}');
  yield '}';
}

/** The JSON of one node as a manifest lists it (its value in `nodes`, `sources`, …). */
export function manifestNodeJson(manifest: Manifest, id: string, meta: ArtifactMetadata): string {
  const dialect = dialectOf({ type: meta.adapterType, database: meta.targetDatabase });
  return JSON.stringify(nodeJson(manifest.nodes.get(id)!, manifest, meta.targetDatabase, dialect));
}

/**
 * Where each node's record (`,"id":{…}`, the comma but for a group's first) and the parent map
 * lie in the bytes written: what `spliceManifestJson` needs to replace some nodes of the file.
 */
export interface ManifestLayout {
  readonly headerBytes: number;
  readonly ids: readonly string[];
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Where `,"parent_map":` starts. */
  readonly graphStart: number;
  readonly size: number;
}

/** Counts the bytes of the manifest as it is generated (see `ManifestLayout`). */
export class LayoutRecorder {
  private bytes = 0;
  private headerBytes = 0;
  private graphStart = 0;
  private readonly ids: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  header(text: string): void {
    this.advance(text);
    this.headerBytes = this.bytes;
  }

  graphStarts(): void {
    this.graphStart = this.bytes;
  }

  advance(text: string): void {
    this.bytes += Buffer.byteLength(text);
  }

  record(id: string, text: string): void {
    this.ids.push(id);
    this.starts.push(this.bytes);
    this.advance(text);
    this.ends.push(this.bytes);
  }

  layout(): ManifestLayout {
    const { headerBytes, ids, starts, ends, graphStart, bytes } = this;
    return { headerBytes, ids, starts, ends, graphStart, size: bytes };
  }
}

/** The top-level object a node is listed in: `nodes`, unless its kind has its own. */
type NodeGroup = 'nodes' | 'sources' | 'exposures' | 'unit_tests';
const GROUP_OF: Partial<Record<ResourceType, NodeGroup>> = {
  source: 'sources',
  exposure: 'exposures',
  unit_test: 'unit_tests',
};

const CHUNK_CHARS = 1 << 20;

/** `,"key":{"id":value,…}` in pieces of about `CHUNK_CHARS`; `records`: lay out each one. */
function* recordChunks(
  key: string,
  ids: readonly string[],
  jsonOf: (id: string) => unknown,
  layout?: LayoutRecorder,
  records = false,
): Generator<string> {
  let chunk = `,${JSON.stringify(key)}:{`;
  layout?.advance(chunk);
  for (const [index, id] of ids.entries()) {
    const record = `${index === 0 ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(jsonOf(id))}`;
    if (records) layout?.record(id, record);
    else layout?.advance(record);
    chunk += record;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  layout?.advance('}');
  yield `${chunk}}`;
}

/**
 * A file path as dbt writes it in artifacts: relative to the folder of the package the file
 * belongs to (`macros/sql/star.sql` for dbt_utils, not `dbt_packages/dbt_utils/macros/…`).
 * Installed packages live in a folder named after the package, inside the root project.
 */
export function packageFilePath(path: string, packageName: string, projectName: string): string {
  if (packageName === projectName) return path;
  const marker = `/${packageName}/`;
  const at = path.indexOf(marker);
  return at < 0 ? path : path.slice(at + marker.length);
}

function macroJson(macro: MacroDefinition, projectName: string): Record<string, unknown> {
  return {
    unique_id: macro.uniqueId,
    name: macro.name,
    package_name: macro.packageName,
    original_file_path: packageFilePath(macro.originalFilePath, macro.packageName, projectName),
    line: macro.span.line,
    arguments: macro.arguments.map((name) => ({ name })),
    description: macro.description,
    macro_sql: macro.macroSql,
  };
}

function docJson(doc: DocBlock, projectName: string): Record<string, unknown> {
  return {
    unique_id: doc.uniqueId,
    name: doc.name,
    package_name: doc.packageName,
    original_file_path: packageFilePath(doc.originalFilePath, doc.packageName, projectName),
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
export function nodeJson(
  node: GraphNode,
  manifest: Manifest,
  targetDatabase: string,
  dialect: SqlDialect,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    unique_id: node.uniqueId,
    resource_type: node.resourceType,
    name: node.name,
    package_name: node.packageName,
    path: node.path,
    original_file_path: packageFilePath(node.originalFilePath, node.packageName, manifest.projectName),
    fqn: node.fqn,
    description: node.description,
    tags: node.tags,
    meta: node.meta,
    line: node.span.line,
  };
  if ('config' in node) json['config'] = configJson(node.config);
  if ('layer' in node && node.layer !== undefined) json['layer'] = node.layer;
  if ('relation' in node) {
    json['database'] = node.relation.database ?? targetDatabase;
    json['schema'] = node.relation.schema;
    json['alias'] = node.relation.identifier;
    // dbt writes no relation for ephemeral models: they only exist inlined in other queries.
    json['relation_name'] = isEphemeral(node)
      ? null
      : dialect.relationName({ ...node.relation, database: node.relation.database ?? targetDatabase });
  }
  if ('rawSql' in node) {
    json['language'] = node.resourceType === 'model' && node.language === 'python' ? 'python' : 'sql';
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
  if (node.resourceType === 'model')
    json['constraints'] = (node.constraints ?? []).map((constraint) => constraintJson(constraint, 'model'));
  // dbt gives every node compiled from SQL a contract (seeds, which have no SQL, have none).
  if ('rawSql' in node) json['contract'] = contractJson(node);
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
      constraints: columnConstraintsJson(column),
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

function isEphemeral(node: GraphNode): boolean {
  return node.resourceType === 'model' && node.config.materialized === 'ephemeral';
}
