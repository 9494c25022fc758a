import { renderRelation } from '../compile/relation-value.js';
import type { Manifest } from '../model/manifest.js';
import type { GraphNode } from '../model/node.js';

export const MANIFEST_SCHEMA_VERSION = 1;

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
 */
export function manifestJson(manifest: Manifest, meta: ArtifactMetadata): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const exposures: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  for (const id of [...manifest.nodes.keys()].sort()) {
    const node = manifest.nodes.get(id)!;
    const json = nodeJson(node, manifest);
    if (node.resourceType === 'source') sources[id] = json;
    else if (node.resourceType === 'exposure') exposures[id] = json;
    else if (node.resourceType === 'unit_test') unitTests[id] = json;
    else nodes[id] = json;
  }
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    metadata: manifestMetadataJson(meta),
    nodes,
    sources,
    macros: sortedRecord(manifest.macros, (macro) => ({
      unique_id: macro.uniqueId,
      name: macro.name,
      package_name: macro.packageName,
      original_file_path: macro.originalFilePath,
      line: macro.span.line,
      arguments: macro.arguments.map((name) => ({ name })),
      description: macro.description,
      macro_sql: macro.macroSql,
    })),
    docs: sortedRecord(manifest.docs, (doc) => ({
      unique_id: doc.uniqueId,
      name: doc.name,
      package_name: doc.packageName,
      original_file_path: doc.originalFilePath,
      block_contents: doc.blockContents,
    })),
    exposures,
    unit_tests: unitTests,
    parent_map: Object.fromEntries(manifest.parentMap),
    child_map: Object.fromEntries(manifest.childMap),
  };
}

function nodeJson(node: GraphNode, manifest: Manifest): Record<string, unknown> {
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
  if ('config' in node) json['config'] = node.config;
  if ('layer' in node && node.layer !== undefined) json['layer'] = node.layer;
  if ('relation' in node) {
    json['database'] = node.relation.database ?? null;
    json['schema'] = node.relation.schema;
    json['alias'] = node.relation.identifier;
    json['relation_name'] = renderRelation(node.relation);
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
  if ('columns' in node) json['columns'] = node.columns;
  json['depends_on'] = {
    macros: 'macros' in node ? node.macros : [],
    nodes: manifest.parentMap.get(node.uniqueId) ?? [],
  };
  Object.assign(json, kindSpecific(node));
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

function sortedRecord<T>(
  map: ReadonlyMap<string, T>,
  toJson: (value: T) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...map.keys()].sort()) out[key] = toJson(map.get(key)!);
  return out;
}
