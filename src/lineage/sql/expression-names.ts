import type { DuckDBConnection } from '@duckdb/node-api';
import { stringify } from 'lossless-json';
import { listValue } from '../../util/duckdb-node-api.js';
import { type AstNode, classOf, isAstNode, textAt, typeOf } from '../trace/ast.js';

/**
 * The names DuckDB gives select-list expressions that have no alias (`(a + 1)`, `count_star()`,
 * `CAST(b AS VARCHAR)`): the expression printed back by DuckDB itself (`json_deserialize_sql`),
 * for every SELECT of the tree, in one query.
 */
export async function nameExpressions(conn: DuckDBConnection, query: AstNode): Promise<Map<AstNode, string>> {
  const unnamed = unnamedExpressions(query);
  const names = new Map<AstNode, string>();
  if (unnamed.length === 0) return names;
  const printed = await printAll(conn, unnamed.map(asStatement));
  unnamed.forEach((expression, i) => {
    const text = printed[i];
    if (text !== undefined) names.set(expression, text.replace(/^SELECT\s+/, ''));
  });
  return names;
}

/** Select-list items named after their text: neither aliased, nor a column, nor a star. */
function unnamedExpressions(root: AstNode): AstNode[] {
  const found: AstNode[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isAstNode(value)) return;
    if (typeOf(value) === 'SELECT_NODE' && Array.isArray(value['select_list'])) {
      for (const item of value['select_list']) {
        if (isAstNode(item) && !textAt(item, 'alias') && !['COLUMN_REF', 'STAR'].includes(classOf(item)))
          found.push(item);
      }
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(root);
  return found;
}

/** `SELECT <expression>` as a serialized statement DuckDB can print back. */
function asStatement(expression: AstNode): string {
  const node = {
    type: 'SELECT_NODE',
    modifiers: [],
    cte_map: { map: [] },
    select_list: [expression],
    from_table: { type: 'EMPTY', alias: '', sample: null },
    where_clause: null,
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
    having: null,
    sample: null,
    qualify: null,
  };
  return stringify({ error: false, statements: [{ node, named_param_map: [] }] }) ?? '';
}

/** Printed SQL per statement; one that DuckDB cannot print is left undefined. */
async function printAll(conn: DuckDBConnection, statements: string[]): Promise<(string | undefined)[]> {
  try {
    return await printBatch(conn, statements);
  } catch {
    // One bad statement fails the batch: print them one by one to keep the others.
    const printed: (string | undefined)[] = [];
    for (const statement of statements) {
      printed.push(
        await printBatch(conn, [statement]).then(
          (one) => one[0],
          () => undefined,
        ),
      );
    }
    return printed;
  }
}

async function printBatch(conn: DuckDBConnection, statements: string[]): Promise<(string | undefined)[]> {
  const reader = await conn.runAndReadAll(
    'SELECT list_transform($1::VARCHAR[], lambda s: json_deserialize_sql(s::JSON))',
    [listValue(statements)],
  );
  const list = reader.getRowsJson()[0]?.[0];
  return Array.isArray(list) ? list.map((v) => (typeof v === 'string' ? v : undefined)) : [];
}
