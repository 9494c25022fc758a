import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'lossless-json';
import { type AstNode, isAstNode, nodeAt, nodesAt, textAt } from '../trace/ast.js';

/** DuckDB's parse tree of one SELECT, or why there is none. */
export type ParsedSql =
  | { readonly kind: 'parsed'; readonly query: AstNode }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Parses `sql` with DuckDB's own parser (`json_serialize_sql`), which needs no table to exist.
 * Numbers stay exact (lossless JSON) so that parts of the tree can be handed back to DuckDB.
 */
export async function parseSql(conn: DuckDBConnection, sql: string): Promise<ParsedSql> {
  let text: string;
  try {
    const reader = await conn.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
    text = String(reader.getRows()[0]?.[0] ?? '');
  } catch (error) {
    return { kind: 'failed', reason: `DuckDB cannot parse the SQL: ${messageOf(error)}` };
  }
  const tree = parse(text);
  if (!isAstNode(tree)) return { kind: 'failed', reason: 'DuckDB returned no parse tree' };
  if (tree['error'] === true) {
    return { kind: 'failed', reason: `DuckDB cannot parse the SQL: ${textAt(tree, 'error_message')}` };
  }
  const statements = nodesAt(tree, 'statements');
  if (statements.length !== 1) {
    return { kind: 'failed', reason: `expected one SELECT statement, found ${statements.length}` };
  }
  const query = nodeAt(statements[0]!, 'node');
  return query ? { kind: 'parsed', query } : { kind: 'failed', reason: 'the statement has no query' };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
