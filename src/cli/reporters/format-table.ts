const MAX_CELL = 40;

/** A plain-text table with a header rule, cells cut at a readable width. */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => row.map(cellText));
  const widths = columns.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const renderRow = (values: readonly string[]) =>
    `| ${values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [renderRow(columns), rule, ...cells.map(renderRow)].join('\n');
}

function cellText(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = 'NULL';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object')
    text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  else text = String(value);
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}
