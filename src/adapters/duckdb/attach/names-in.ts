/** A quoted identifier (`"a ""b"""`) or a bare word that could be one. */
const NAME = /"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)/g;

/**
 * Every name `sql` could use for a relation, lower-cased (DuckDB's names are case-insensitive):
 * its bare words and quoted identifiers, also those inside string literals (`query_table('x')`).
 * A superset on purpose: a column or keyword that happens to be a relation's name only costs
 * attaching that relation, while a missed name would make a query fail.
 */
export function namesIn(sql: string): Set<string> {
  const names = new Set<string>();
  for (const match of sql.matchAll(NAME)) {
    const name = match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2]!;
    names.add(name.toLowerCase());
  }
  return names;
}
