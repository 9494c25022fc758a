import { compileNodes } from '../compile/compile-nodes.js';
import type { ProjectOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { ExploreErrors } from './explore-errors.js';
import { displayName, findNode } from './find-node.js';

export interface CompiledSqlOptions extends ProjectOptions {
  /** A unique id or node name of a model, snapshot, analysis or data test. */
  readonly node: string;
}

export interface CompiledSql {
  readonly uniqueId: string;
  /** The SQL as written, Jinja and all. */
  readonly rawSql: string;
  /** The SQL DuckDB runs: refs and sources resolved, ephemeral models inlined as CTEs. */
  readonly sql: string;
  /** An incremental model's SQL for runs after the first. */
  readonly incrementalSql?: string;
}

/**
 * One node's compiled SQL, rendered as `ldp compile` renders it (from the compile cache when
 * nothing it depends on changed). Writes no compiled files; never touches the warehouse.
 */
export async function compiledSql(options: CompiledSqlOptions): Promise<CompiledSql> {
  const parsed = await parse(options);
  const node = findNode(parsed, options.node);
  if (!('rawSql' in node)) throw ExploreErrors.noSql(`${node.resourceType} ${displayName(node)}`);
  const compiled = (await compileNodes(parsed, [node.uniqueId])).nodes.get(node.uniqueId)!;
  return {
    uniqueId: node.uniqueId,
    rawSql: node.rawSql,
    sql: compiled.sql,
    ...(compiled.incrementalSql === undefined ? {} : { incrementalSql: compiled.incrementalSql }),
  };
}
