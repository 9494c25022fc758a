import { Diagnostics, type LdpError } from '../errors/index.js';
import type { ManifestInput } from '../graph/build-manifest.js';
import type { Manifest } from '../model/manifest.js';
import type { GraphNode } from '../model/node.js';
import type { Project, SourceFile } from '../model/project.js';
import type { PropertiesFile } from '../model/properties.js';
import { describer, type ParseTemplates, parseEnvFor, refuseSecretReads } from './parse-project.js';
import { isSqlFileKind, parseSqlFile, type SqlFileKind } from './sql-nodes.js';

/** A parse kept from an earlier command, with the properties files it read. */
export interface EarlierParse {
  /** Its nodes, macros and docs (the graph is built again). */
  readonly manifest: Omit<Manifest, 'parentMap' | 'childMap'>;
  readonly properties: readonly PropertiesFile[];
}

/** What a partial parse parsed again. */
export interface ReparsedFiles {
  /** Project-relative paths of the files parsed again. */
  readonly files: readonly string[];
  /** Unique ids of their nodes. */
  readonly nodes: readonly string[];
  /**
   * True when every changed node kept its relation and materialization: other nodes then render
   * as before unless they depend on a changed one.
   */
  readonly sameRelations: boolean;
}

/** The graph input after re-parsing the changed files, and what those files warn about. */
export interface Reparsed {
  readonly input: ManifestInput;
  /** The nodes parsed again, by unique id: each replaces the earlier node of that id. */
  readonly replaced: ReadonlyMap<string, GraphNode>;
  readonly warnings: readonly LdpError[];
  readonly reparsed: ReparsedFiles;
}

/**
 * dbt's partial parsing, for the edit made most often: the SQL of some models, analyses or
 * singular tests changed and nothing else did (the caller checked that every other input, the
 * list of files included, is as `earlier` read it). Those files are parsed again and their nodes
 * replace the earlier ones; every other node, the generic tests among them, is reused.
 *
 * Undefined when that is not enough and the whole project must be parsed: a changed file gives
 * another node than before (renamed, disabled, another version) or an error, or a file had no
 * node before (disabled).
 */
export function reparseChangedFiles(
  project: Project,
  templates: ParseTemplates,
  earlier: EarlierParse,
  /** The SHA-256 of a file's text, as a node's checksum holds it (known without reading, often). */
  hashOf: (file: SourceFile) => string,
): Reparsed | undefined {
  const before = nodesByFile(earlier.manifest);
  const files = project.files.filter((file): file is SourceFile & { kind: SqlFileKind } =>
    isSqlFileKind(file.kind),
  );
  if (files.some((file) => !before.has(file.path))) return undefined;
  const changed = files.filter((file) => before.get(file.path)!.checksum !== hashOf(file));
  if (changed.length === 0) return undefined;
  const diagnostics = new Diagnostics();
  const docs = [...earlier.manifest.docs.values()];
  const macros = [...earlier.manifest.macros.values()];
  // The root project's files are parsed again with the root's own properties, not its packages'.
  const folders = project.packages.map((pkg) => `${pkg.folder}/`);
  const properties = earlier.properties.filter(
    (file) => !folders.some((folder) => file.path.startsWith(folder)),
  );
  const env = parseEnvFor(project, templates, { properties, macros }, diagnostics);
  const describe = describer(templates, docs, diagnostics);
  const replaced = new Map<string, GraphNode>();
  let sameRelations = true;
  for (const file of changed) {
    refuseSecretReads(file, diagnostics);
    const previous = before.get(file.path)!;
    const node = parseSqlFile(file, file.kind, env);
    if (typeof node !== 'object' || node.uniqueId !== previous.uniqueId) return undefined;
    replaced.set(node.uniqueId, describe(node));
    sameRelations &&= relationKey(node) === relationKey(previous);
  }
  if (diagnostics.hasErrors()) return undefined;
  return {
    input: {
      projectName: earlier.manifest.projectName,
      nodes: [...earlier.manifest.nodes.values()].map((node) => replaced.get(node.uniqueId) ?? node),
      // Only a ref to a disabled node reads this: such an error makes the caller parse everything.
      disabled: new Set(),
      macros,
      docs,
      layers: project.config.layers,
      enforceLayerOrder: project.config.enforceLayerOrder,
    },
    replaced,
    warnings: diagnostics.warnings,
    reparsed: { files: changed.map((file) => file.path), nodes: [...replaced.keys()], sameRelations },
  };
}

/** Where a node's rows live and how they are made: what other nodes' SQL can depend on. */
function relationKey(node: GraphNode): string {
  const relation = 'relation' in node ? node.relation : undefined;
  const materialized = 'config' in node ? node.config['materialized'] : undefined;
  return JSON.stringify([relation?.database, relation?.schema, relation?.identifier, materialized]);
}

/** The nodes parsed from model, analysis and singular test files, by file. */
function nodesByFile(
  manifest: EarlierParse['manifest'],
): Map<string, Extract<GraphNode, { rawSql: string }>> {
  const byFile = new Map<string, Extract<GraphNode, { rawSql: string }>>();
  for (const node of manifest.nodes.values()) {
    const fromSqlFile =
      node.resourceType === 'model' ||
      node.resourceType === 'analysis' ||
      (node.resourceType === 'test' && node.testType === 'singular');
    if (fromSqlFile) byFile.set(node.originalFilePath, node);
  }
  return byFile;
}
