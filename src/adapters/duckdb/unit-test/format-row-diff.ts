import type { RowComparison } from './compare-rows.js';

const MAX_CELL = 40;

/**
 * A failed comparison as people read diffs: a line of counts, then the differing rows as a small
 * table, `-` for an expected row the output lacks and `+` for an output row nobody expected.
 *
 * ```
 * actual differs from expected: 1 row missing (-), 1 unexpected row (+); expected 2 rows, got 2
 *   | id | amount |
 *   |----|--------|
 * - | 1  | 10.00  |
 * + | 1  | 12.00  |
 * ```
 */
export function formatRowDiff(comparison: RowComparison): string {
  const { columns, shown } = comparison;
  const cells = shown.map((row) => row.values.map(cellText));
  const widths = columns.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const hidden = comparison.missing + comparison.unexpected - shown.length;
  return [
    summaryLine(comparison),
    `  ${line(columns)}`,
    `  ${rule}`,
    ...shown.map((row, i) => `${row.mark} ${line(cells[i]!)}`),
    ...(hidden > 0 ? [`  … and ${hidden} more differing row${hidden === 1 ? '' : 's'}`] : []),
  ].join('\n');
}

function summaryLine(c: RowComparison): string {
  const parts = [
    ...(c.missing > 0 ? [`${rows(c.missing)} missing (-)`] : []),
    ...(c.unexpected > 0 ? [`${c.unexpected} unexpected ${c.unexpected === 1 ? 'row' : 'rows'} (+)`] : []),
  ];
  return `actual differs from expected: ${parts.join(', ')}; expected ${rows(c.expectedRows)}, got ${c.actualRows}`;
}

function rows(n: number): string {
  return `${n} ${n === 1 ? 'row' : 'rows'}`;
}

function cellText(value: string | null): string {
  if (value === null) return 'NULL';
  const text = value.replace(/\s+/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}
