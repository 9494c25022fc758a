import { type AstNode, entriesAt, isAstNode, nodeAt, nodesAt, sameName, textAt, textsAt } from './ast.js';
import type { ExpressionContext } from './context.js';
import { entryNamed, type StarColumn } from './scope.js';
import type { ShapeColumn } from './shape.js';
import { traceExpression } from './trace-expression.js';

/**
 * `*`, `t.*`, `* EXCLUDE (…)`, `* REPLACE (expr AS col)`, `* RENAME (a AS b)` over the known
 * columns of FROM. Columns that cannot be listed stay one `unknown` entry named like the star.
 * `COLUMNS(…)` selects columns by pattern or lambda and is reported as untraced.
 */
export function expandStar(node: AstNode, ctx: ExpressionContext): ShapeColumn[] {
  const relation = textAt(node, 'relation_name');
  const label = relation ? `${relation}.*` : '*';
  if (node['columns'] === true || nodeAt(node, 'expr')) {
    return [{ kind: 'unknown', label: 'COLUMNS(*)', reason: 'COLUMNS(…) expressions are not traced' }];
  }
  const stars = starColumns(relation, ctx);
  if (!stars) return [{ kind: 'unknown', label, reason: `no relation "${relation}" in FROM` }];
  const excluded = exclusions(node);
  const replaced = new Map(
    entriesAt(node, 'replace_list').flatMap(({ key, value }) =>
      typeof key === 'string' && isAstNode(value) ? [[key.toLowerCase(), value] as const] : [],
    ),
  );
  const renamed = renames(node);
  const columns: ShapeColumn[] = [];
  for (const { column, relation: from } of stars) {
    if (column.kind === 'unknown') {
      if (!columns.some((c) => c.kind === 'unknown' && c.reason === column.reason))
        columns.push({ ...column, label });
      continue;
    }
    if (excluded.some((e) => matches(e, column.name, from))) continue;
    const replacement = replaced.get(column.name.toLowerCase());
    const trace = replacement ? traceExpression(replacement, ctx) : column.trace;
    const name = renamed.find((r) => matches(r, column.name, from))?.to ?? column.name;
    columns.push({ kind: 'column', name, trace });
  }
  return columns;
}

function starColumns(relation: string, ctx: ExpressionContext): readonly StarColumn[] | undefined {
  const from = ctx.scope.from;
  if (!relation) return from.starColumns;
  const entry = entryNamed(from, relation);
  return entry?.shape.columns.map((column) => ({ column, relation: entry.alias }));
}

interface ColumnPattern {
  readonly column: string;
  /** Only columns of this FROM relation, when set (`exclude (t.a)`). */
  readonly table?: string;
}

function exclusions(node: AstNode): ColumnPattern[] {
  return [
    ...textsAt(node, 'exclude_list').map((column) => ({ column })),
    ...nodesAt(node, 'qualified_exclude_list').map(qualifiedName),
  ];
}

function renames(node: AstNode): (ColumnPattern & { readonly to: string })[] {
  return entriesAt(node, 'rename_list').flatMap(({ key, value }) =>
    isAstNode(key) && typeof value === 'string' ? [{ ...qualifiedName(key), to: value }] : [],
  );
}

function qualifiedName(node: AstNode): ColumnPattern {
  const table = textAt(node, 'table');
  return table ? { column: textAt(node, 'column'), table } : { column: textAt(node, 'column') };
}

function matches(pattern: ColumnPattern, column: string, relation: string): boolean {
  if (!sameName(pattern.column, column)) return false;
  return pattern.table === undefined || sameName(pattern.table, relation);
}
