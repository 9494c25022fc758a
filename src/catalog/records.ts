import type { NodeStatus } from '../model/reporter.js';

/** How a whole command ended; `running` until `recordRunEnd` (a crashed run stays `running`). */
export type RunStatus = 'running' | 'success' | 'error' | 'interrupted';

/** A command invocation, started with `recordRunStart`. */
export interface RunStart {
  readonly runId: string;
  readonly command: string;
  readonly ldpVersion: string;
  readonly target?: string;
  readonly projectName?: string;
  /** The command's options, stored as JSON. */
  readonly args?: Readonly<Record<string, unknown>>;
  /** ISO timestamp; the catalog clock when absent. */
  readonly startedAt?: string;
}

/** How a command ended, recorded with `recordRunEnd`. */
export interface RunEnd {
  readonly status: Exclude<RunStatus, 'running'>;
  /** ISO timestamp; the catalog clock when absent. */
  readonly finishedAt?: string;
  /** Why the run as a whole failed, if it did. */
  readonly message?: string;
}

export interface RunRecord extends RunStart {
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly status: RunStatus;
  /** Why the run as a whole failed, if it did. */
  readonly message?: string;
}

/** The result of one node (model, seed, snapshot, test…) in a run. */
export interface NodeResultRecord {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly name: string;
  readonly status: NodeStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly rowsAffected?: number;
  /** Failing rows of a data test. */
  readonly failures?: number;
  readonly message?: string;
  readonly compiledPath?: string;
  readonly sqlFingerprint?: string;
  readonly materialization?: string;
  readonly namespace?: string;
  readonly tableName?: string;
  /** Iceberg snapshot id as a string: ids may exceed 2^53. */
  readonly snapshotId?: string;
  /** Open-ended details (engine response, strategy…), stored as JSON. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A node result together with the run it belongs to, for history queries. */
export interface NodeHistoryEntry extends NodeResultRecord {
  readonly runId: string;
  readonly command: string;
  readonly runStartedAt: string;
}

export type ColumnEdgeKind = 'copy' | 'transform' | 'aggregate' | 'filter' | 'join';

export interface LineageNode {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly name: string;
  readonly namespace?: string;
  readonly tableName?: string;
  readonly layer?: string;
  readonly filePath?: string;
  readonly description?: string;
  readonly materialization?: string;
  readonly snapshotId?: string;
  /** Open-ended node metadata (tags, meta, owner…), stored as JSON. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface StoredLineageNode extends LineageNode {
  readonly runId?: string;
  readonly updatedAt: string;
}

export interface LineageEdge {
  readonly parentId: string;
  readonly childId: string;
}

export interface StoredLineageEdge extends LineageEdge {
  readonly runId?: string;
}

export interface LineageColumn {
  readonly uniqueId: string;
  readonly name: string;
  readonly dataType?: string;
  readonly description?: string;
  readonly ordinal: number;
}

export interface ColumnLineageEdge {
  readonly childId: string;
  readonly childColumn: string;
  readonly parentId: string;
  readonly parentColumn: string;
  readonly kind: ColumnEdgeKind;
}

export interface LineageGraph<N extends LineageNode = LineageNode, E extends LineageEdge = LineageEdge> {
  readonly nodes: readonly N[];
  readonly edges: readonly E[];
  readonly columns: readonly LineageColumn[];
  readonly columnEdges: readonly ColumnLineageEdge[];
}

export interface ReplaceLineageOptions {
  /**
   * `full`: the graph is the whole project, every stored row is replaced. `partial`: only the
   * given nodes are replaced (their rows, columns and incoming edges), e.g. after `--select`.
   */
  readonly mode: 'full' | 'partial';
  readonly runId?: string;
}

export interface ViewColumn {
  readonly name: string;
  readonly type: string;
  readonly description?: string;
}

/** A `view` model, which ldp recreates on each DuckDB connection from its SQL. */
export interface ViewDefinition {
  readonly namespace: readonly string[];
  readonly name: string;
  readonly sql: string;
  readonly columns: readonly ViewColumn[];
  readonly uniqueId?: string;
}

export interface ViewRecord extends ViewDefinition {
  readonly updatedAt: string;
}
