import { dirname, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import { sourceRelationSql } from '../../adapters/duckdb/source-relation.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import { LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { quoteLiteral } from '../../sql/index.js';
import type { ParsedProject } from '../session/parse.js';
import { openReadSession } from '../warehouse/read-session.js';

/**
 * Runs `fn` on the one connection of a fresh in-memory DuckDB session in which every table and
 * view of the warehouse, and every source whose files can be read, is queryable by name, and
 * which is then locked: DuckDB may touch only the warehouse folder and the folders of the
 * sources (`allowed_directories` with `enable_external_access = false`, so no other file, no
 * extension install, no network), and `lock_configuration` refuses every later `SET`. The lock
 * is a second wall behind the parser check (`requireSingleSelect`): a SELECT cannot write.
 */
export async function withLockedQuerySession<T>(
  parsed: ParsedProject,
  catalog: SqliteCatalog,
  fn: (conn: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const session = await openReadSession(parsed, catalog);
  try {
    const sources = await attachReadableSources(session, parsed);
    await session.attachWarehouse();
    return await session.pool.withConnection(async (conn) => {
      await lockDown(conn, [catalog.warehousePath, ...sources.flatMap((s) => sourceFolders(s, parsed))]);
      return fn(conn);
    });
  } finally {
    session.close();
  }
}

/** Every source of the project whose files can be read; one that cannot is left out, not fatal. */
async function attachReadableSources(
  session: LakehouseSession,
  parsed: ParsedProject,
): Promise<SourceNode[]> {
  const attached: SourceNode[] = [];
  for (const node of parsed.manifest.nodes.values()) {
    if (node.resourceType !== 'source' || !node.external) continue;
    try {
      await session.attachSources([node], parsed.project.root);
      attached.push(node);
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
    }
  }
  return attached;
}

/** The folders a source's files are in (the part of a glob before its first wildcard). */
function sourceFolders(source: SourceNode, parsed: ParsedProject): string[] {
  const relation = sourceRelationSql(source, parsed.project.root);
  switch (relation.kind) {
    case 'files':
      return relation.paths.map(folderOf);
    case 'iceberg':
      return [dirname(relation.catalogPath)];
    case 'relation':
      return [];
  }
}

/** `/p/data/orders.csv` and `/p/data/*.csv` → `/p/data`: the folder before any wildcard. */
function folderOf(path: string): string {
  const beforeWildcard = path.split(/[*?[{]/)[0]!;
  return beforeWildcard.endsWith('/') ? beforeWildcard : dirname(beforeWildcard);
}

async function lockDown(conn: DuckDBConnection, folders: readonly string[]): Promise<void> {
  const allowed = [...new Set(folders.map((folder) => `${resolve(folder)}${sep}`))];
  await conn.run(`SET allowed_directories = [${allowed.map(quoteLiteral).join(', ')}]`);
  await conn.run('SET enable_external_access = false');
  await conn.run('SET lock_configuration = true');
}
