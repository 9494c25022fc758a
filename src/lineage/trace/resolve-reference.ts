import { type AstNode, sameName } from './ast.js';
import type { ExpressionContext } from './context.js';
import { type Lookup, lookupColumn, lookupQualified, type NamedTrace, type Scope } from './scope.js';
import { gapTrace, NO_TRACE, throughKind } from './sources.js';

/**
 * What a column reference stands for, and the name DuckDB gives it as an output column. Order:
 * lambda parameters, qualified names in this and the outer scopes, then plain names in this
 * scope, the select list's earlier aliases, and the outer scopes (correlated subqueries).
 */
export function resolveReference(names: readonly string[], ctx: ExpressionContext): NamedTrace {
  const last = names[names.length - 1] ?? '';
  const first = names[0] ?? '';
  if (ctx.lambdaParameters.has(first.toLowerCase())) return { name: last, trace: NO_TRACE };
  if (names.length > 1) {
    for (const scope of chain(ctx.scope)) {
      const found = lookupQualified(scope.from, names);
      if (found?.kind === 'found') return found;
    }
  }
  let current: Scope | undefined = ctx.scope;
  for (; current; current = current.outer) {
    const found = lookupColumn(current.from, names);
    if (found.kind !== 'missing' || found.reasons.length > 0) return settle(found, last);
    if (current === ctx.scope) {
      const alias = ctx.aliases.find((a) => sameName(a.name, first));
      if (alias) return fieldOf(alias, names);
    }
  }
  return { name: last, trace: gapTrace(`column "${names.join('.')}" is not in any relation of the query`) };
}

function settle(found: Lookup, last: string): NamedTrace {
  switch (found.kind) {
    case 'found':
      return found;
    case 'ambiguous':
      return { name: last, trace: gapTrace(found.reason) };
    case 'missing':
      return { name: last, trace: gapTrace(found.reasons.join('; ')) };
  }
}

function fieldOf(alias: NamedTrace, names: readonly string[]): NamedTrace {
  if (names.length === 1) return alias;
  return { name: names[names.length - 1]!, trace: throughKind(alias.trace, 'transform') };
}

function* chain(scope: Scope | undefined): Generator<Scope> {
  for (let s = scope; s; s = s.outer) yield s;
}

/** `#2`: the second column of FROM, as `*` lists them, named as that column. */
export function resolvePosition(node: AstNode, ctx: ExpressionContext): NamedTrace {
  const label = `#${String(node['index'])}`;
  const index = Number(node['index']);
  const columns = ctx.scope.from.starColumns.slice(0, index).map((s) => s.column);
  const unknown = columns.find((c) => c.kind === 'unknown');
  if (unknown?.kind === 'unknown') return { name: label, trace: gapTrace(unknown.reason) };
  const column = columns[index - 1];
  if (column?.kind === 'column') return { name: column.name, trace: column.trace };
  return { name: label, trace: gapTrace(`positional reference ${label} is past the last column`) };
}
