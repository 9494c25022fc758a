/**
 * Read-only access to DuckDB's parse tree (`json_serialize_sql`). The tree is untyped JSON whose
 * shape changes between DuckDB versions, so every accessor tolerates a missing or odd field; the
 * tracer then reports the construct as untraced instead of failing.
 */
export type AstNode = Readonly<Record<string, unknown>>;

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under `key`, if there is one. */
export function nodeAt(node: AstNode, key: string): AstNode | undefined {
  const value = node[key];
  return isAstNode(value) ? value : undefined;
}

/** The objects of the array under `key` (other items skipped). */
export function nodesAt(node: AstNode, key: string): AstNode[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter(isAstNode) : [];
}

/** The string under `key`, or `''`. */
export function textAt(node: AstNode, key: string): string {
  const value = node[key];
  return typeof value === 'string' ? value : '';
}

/** The strings of the array under `key`. */
export function textsAt(node: AstNode, key: string): string[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** An expression's class (`COLUMN_REF`, `FUNCTION`…) or a table ref's / query node's type. */
export function classOf(node: AstNode): string {
  return textAt(node, 'class');
}

export function typeOf(node: AstNode): string {
  return textAt(node, 'type');
}

/** `{ "map": [{ "key": …, "value": … }] }` and `[{ "key": …, "value": … }]`, as pairs. */
export function entriesAt(node: AstNode, key: string): { key: unknown; value: unknown }[] {
  const raw = node[key];
  const list = isAstNode(raw) ? raw['map'] : raw;
  if (!Array.isArray(list)) return [];
  return list.filter(isAstNode).map((entry) => ({ key: entry['key'], value: entry['value'] }));
}

/** Case-insensitive name comparison, as DuckDB resolves identifiers. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether a star sits inside an expression (`COLUMNS(*)`, `min(COLUMNS(…))`, `* LIKE 'a%'`): the
 * item then stands for columns DuckDB picks by name, which are not traced.
 */
export function containsStar(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsStar);
  if (!isAstNode(node)) return false;
  return classOf(node) === 'STAR' || Object.values(node).some(containsStar);
}
