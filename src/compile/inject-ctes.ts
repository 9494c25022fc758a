/**
 * Prepends ephemeral models as CTEs. A query that already starts with `WITH` gets them added
 * to its own list (SQL allows a single WITH); any other query is wrapped in a new WITH.
 */
export function injectCtes(sql: string, ctes: readonly { name: string; sql: string }[]): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((cte) => `${cte.name} as (\n${cte.sql.trim()}\n)`).join(',\n');
  const withAt = leadingWith(sql);
  if (withAt === undefined) return `with ${definitions}\n${sql}`;
  const rest = sql.slice(withAt.end);
  const recursive = /^\s+recursive\b/i.exec(rest);
  const head = sql.slice(0, withAt.end) + (recursive ? recursive[0] : '');
  const body = recursive ? rest.slice(recursive[0].length) : rest;
  return `${head} ${definitions},${body}`;
}

/** Position of a leading `with` keyword after comments and whitespace. */
function leadingWith(sql: string): { end: number } | undefined {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else break;
  }
  return /^with\b/i.test(sql.slice(i, i + 5)) ? { end: i + 4 } : undefined;
}
