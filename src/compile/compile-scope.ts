import { LdpError } from '../errors/index.js';
import { sourceIdFor } from '../graph/build-manifest.js';
import { RefIndex } from '../graph/ref-index.js';
import type { Manifest } from '../model/manifest.js';
import type { GraphNode, Relation, SourceNode } from '../model/node.js';
import { dialectOf, type SqlDialect } from '../sql/index.js';
import { WAREHOUSE_PORT, type WarehousePort } from '../template/index.js';
import { ephemeralCteName, RelationValue } from './relation-value.js';

/** Renders a SQL template with a context; the template engine behind the compile stage. */
export interface TemplateRenderer {
  render(
    template: {
      readonly path: string;
      readonly text: string;
      readonly line?: number;
      /** The package of the node rendered: its own macros are then unqualified names. */
      readonly packageName?: string;
    },
    context: Record<string, unknown>,
  ): string;
}

/** What every node's compile context shares: the manifest, its indexes and the base context. */
export class CompileScope {
  readonly refs: RefIndex;
  /** The target's spelling of names (`target.type` of the base context): DuckDB's or BigQuery's. */
  readonly dialect: SqlDialect;
  /** `target.database`: what a relation of the target's own database says its database is. */
  readonly targetDatabase: string | undefined;
  private readonly sources: Map<string, SourceNode>;

  constructor(
    readonly manifest: Manifest,
    readonly renderer: TemplateRenderer,
    /** The generic template context (vars, target, modules, …) shared by every render. */
    readonly baseContext: Readonly<Record<string, unknown>>,
    indexes?: { readonly refs: RefIndex; readonly sources: Map<string, SourceNode> },
  ) {
    const target = baseContext['target'] as { type?: unknown; database?: unknown } | undefined;
    this.dialect = dialectOf(target);
    this.targetDatabase = typeof target?.database === 'string' ? target.database : undefined;
    this.refs = indexes?.refs ?? new RefIndex(manifest.nodes.values());
    this.sources = indexes?.sources ?? new Map();
    if (indexes) return;
    for (const node of manifest.nodes.values()) {
      if (node.resourceType === 'source') this.sources.set(node.uniqueId, node);
    }
  }

  /**
   * The same scope for renders that read the warehouse through `port` (a node as it runs): the
   * indexes are shared, the base context gains the port that `run_query` and friends answer from.
   */
  withWarehouse(port: WarehousePort): CompileScope {
    const base = Object.assign({}, this.baseContext, { [WAREHOUSE_PORT]: port });
    return new CompileScope(this.manifest, this.renderer, base, { refs: this.refs, sources: this.sources });
  }

  /** The relation value a `ref()` from `from` resolves to; ephemeral models become CTE names. */
  resolveRef(
    from: GraphNode,
    name: string,
    packageName?: string,
    version?: string,
  ): { node: GraphNode; value: RelationValue } {
    const target = this.refs.resolve(name, packageName, version, {
      root: this.manifest.projectName,
      from: from.packageName,
    });
    if (!target) throw unknownAtCompile(from, `ref('${name}')`);
    if (!this.dependsOn(from, target.uniqueId)) throw undeclaredDependency(from, `ref('${name}')`);
    const ephemeral = target.resourceType === 'model' && target.config.materialized === 'ephemeral';
    const value = this.relationValue(target.relation, ephemeral ? ephemeralCteName(target.name) : undefined);
    return { node: target, value };
  }

  resolveSource(from: GraphNode, sourceName: string, table: string): RelationValue {
    return this.resolveSourceNode(from, sourceName, table).value;
  }

  /** The source table a `source()` from `from` names, and its relation value. */
  resolveSourceNode(
    from: GraphNode,
    sourceName: string,
    table: string,
  ): { node: SourceNode; value: RelationValue } {
    const id = sourceIdFor(
      { source: sourceName, table },
      from.packageName,
      this.manifest.projectName,
      this.sources,
    );
    const source = id === undefined ? undefined : this.sources.get(id);
    if (!source) throw unknownAtCompile(from, `source('${sourceName}', '${table}')`);
    return { node: source, value: this.relationValue(source.relation) };
  }

  /** A relation as templates see it, named in the target's dialect unless `sql` says otherwise. */
  relationValue(relation: Relation, sql?: string, plainSql?: string): RelationValue {
    return new RelationValue(relation, sql, this.dialect, this.targetDatabase, plainSql);
  }

  private dependsOn(node: GraphNode, parentId: string): boolean {
    return (this.manifest.parentMap.get(node.uniqueId) ?? []).includes(parentId);
  }
}

function unknownAtCompile(node: GraphNode, call: string): LdpError {
  return new LdpError({
    code: 'LDP308',
    message: `${node.resourceType} '${node.name}' calls ${call}, which does not exist`,
    span: node.span,
    hint: 'Check the name; the call may be inside a branch that parsing did not evaluate.',
  });
}

/** dbt's rule: a dependency hidden from parsing (e.g. under `{% if execute %}`) must be declared. */
function undeclaredDependency(node: GraphNode, call: string): LdpError {
  return new LdpError({
    code: 'LDP309',
    message: `${node.resourceType} '${node.name}' calls ${call} at compile time, but parsing did not see that dependency`,
    span: node.span,
    hint: `Declare it at the top of the file with a comment: -- depends_on: {{ ${call} }}`,
  });
}
