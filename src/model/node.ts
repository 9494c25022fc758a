import type { Span } from '../errors/index.js';
import type { NodeConfig } from './node-config.js';
import type {
  ConstraintDefinition,
  ExternalLocation,
  FreshnessRule,
  UnitTestDefinition,
} from './properties.js';
import type { SnapshotSettings } from './snapshot-settings.js';

/** Every kind of node, in the order dbt lists them (selection, `ldp ls`, search). */
export const RESOURCE_TYPES = [
  'model',
  'seed',
  'snapshot',
  'test',
  'source',
  'exposure',
  'analysis',
  'unit_test',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** Where a node's data lives: rendered as `"schema"."identifier"` (database only when set). */
export interface Relation {
  readonly database?: string;
  readonly schema: string;
  readonly identifier: string;
}

/** A `ref()` call found in a template, with the place it was written. */
export interface RefCall {
  readonly name: string;
  readonly package?: string;
  readonly version?: string;
  readonly span: Span;
}

export interface SourceCall {
  readonly source: string;
  readonly table: string;
  readonly span: Span;
}

export interface ColumnInfo {
  readonly name: string;
  readonly description: string;
  readonly dataType?: string;
  readonly constraints?: readonly ConstraintDefinition[];
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
}

interface NodeCommon {
  /** `<resource_type>.<package>.<name>` as dbt (sources: `source.<package>.<source>.<table>`). */
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  /** Project-relative path of the file that defines the node, with `/`. */
  readonly originalFilePath: string;
  /** Path below the node's root folder (e.g. `silver/trips.sql`), as dbt's `path`. */
  readonly path: string;
  readonly fqn: readonly string[];
  readonly description: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

/** Nodes written as a SQL template: models, snapshots, singular tests, analyses. */
interface SqlNodeCommon extends NodeCommon {
  readonly rawSql: string;
  /** sha256 of the raw file, for partial parsing and `state:modified`-style comparisons. */
  readonly checksum: string;
  readonly config: NodeConfig;
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  readonly macros: readonly string[];
  readonly columns: Readonly<Record<string, ColumnInfo>>;
}

export interface ModelNode extends SqlNodeCommon {
  readonly resourceType: 'model';
  /**
   * `python` for a `.py` model: `rawSql` then holds its Python code, which ldp reads for its
   * graph calls and compiles unchanged but never runs. Absent for SQL models.
   */
  readonly language?: 'python';
  readonly layer?: string;
  readonly relation: Relation;
  readonly version?: string;
  /** For versioned models: the version an unversioned `ref()` resolves to. */
  readonly latestVersion?: string;
  /** Model-level `constraints:` of its properties (column ones are on its columns). */
  readonly constraints?: readonly ConstraintDefinition[];
}

export interface SnapshotNode extends SqlNodeCommon {
  readonly resourceType: 'snapshot';
  readonly layer?: string;
  readonly relation: Relation;
  /** Strategy, key, hard deletes and meta column names, checked when the snapshot was parsed. */
  readonly snapshot: SnapshotSettings;
}

export interface AnalysisNode extends SqlNodeCommon {
  readonly resourceType: 'analysis';
}

export interface SeedNode extends NodeCommon {
  readonly resourceType: 'seed';
  readonly checksum: string;
  readonly config: NodeConfig;
  readonly layer?: string;
  readonly relation: Relation;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
}

/** A data test: singular (a SQL file) or generic (from properties YAML). */
export interface TestNode extends SqlNodeCommon {
  readonly resourceType: 'test';
  readonly testType: 'singular' | 'generic';
  /** For generic tests: the test macro, its namespace and the arguments as written. */
  readonly testMetadata?: {
    readonly name: string;
    readonly namespace?: string;
    readonly kwargs: Readonly<Record<string, unknown>>;
  };
  /** The node a generic test is attached to, and its column. */
  readonly attachedNode?: string;
  readonly columnName?: string;
}

export interface SourceNode extends NodeCommon {
  readonly resourceType: 'source';
  readonly sourceName: string;
  readonly identifier: string;
  readonly relation: Relation;
  readonly loadedAtField?: string;
  readonly loadedAtQuery?: string;
  readonly freshness?: FreshnessRule | null;
  readonly external?: ExternalLocation;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly sourceDescription: string;
}

export interface ExposureNode extends NodeCommon {
  readonly resourceType: 'exposure';
  readonly exposureType: string;
  readonly maturity?: string;
  readonly url?: string;
  readonly owner: { readonly name?: string; readonly email?: string };
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
}

export interface UnitTestNode extends NodeCommon {
  readonly resourceType: 'unit_test';
  readonly model: string;
  readonly definition: UnitTestDefinition;
}

export type GraphNode =
  | ModelNode
  | SnapshotNode
  | AnalysisNode
  | SeedNode
  | TestNode
  | SourceNode
  | ExposureNode
  | UnitTestNode;

/** Nodes that are materialized as a relation in the warehouse. */
export type RelationNode = ModelNode | SnapshotNode | SeedNode | SourceNode;

export function hasRelation(node: GraphNode): node is RelationNode {
  return (
    node.resourceType === 'model' ||
    node.resourceType === 'snapshot' ||
    node.resourceType === 'seed' ||
    node.resourceType === 'source'
  );
}

export interface MacroDefinition {
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  readonly originalFilePath: string;
  readonly span: Span;
  readonly arguments: readonly string[];
  readonly description: string;
  readonly macroSql: string;
}

export interface DocBlock {
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  readonly originalFilePath: string;
  readonly blockContents: string;
}
