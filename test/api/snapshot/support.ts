import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ExecuteResult, snapshot } from '../../../src/api/index.js';
import { CollectingReporter } from '../../../src/model/reporter.js';
import { tableRows } from '../../support/lakehouse.js';
import { isolated } from '../../support/temp-project.js';

/** Runs `ldp snapshot` on the project with the clock at `at` (the snapshot time of check strategies). */
export async function snapshotAt(
  root: string,
  at: string,
  extra: Record<string, unknown> = {},
): Promise<ExecuteResult & { reporter: CollectingReporter }> {
  const reporter = new CollectingReporter();
  const result = await snapshot({ ...isolated(root), reporter, clock: () => new Date(at), ...extra });
  return { ...result, reporter };
}

/** Replaces the source file the snapshot reads. */
export function writeCsv(root: string, header: string, rows: readonly string[]): void {
  mkdirSync(join(root, 'data'), { recursive: true });
  writeFileSync(join(root, 'data/orders.csv'), `${[header, ...rows].join('\n')}\n`);
}

/** dbt's `dbt_scd_id`: md5 of the key parts and the version's time, joined by '|'. */
export function scdId(...parts: string[]): string {
  return createHash('md5').update(parts.join('|')).digest('hex');
}

/** The whole snapshot table, ordered by `orderBy`. */
export function history(root: string, table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  return tableRows(root, table, { orderBy });
}

/**
 * SCD type-2 invariants: ids unique; per key, versions chain without gap (each ends where the next
 * begins) and at most one is current (`validTo` NULL).
 */
export function expectValidHistory(
  rows: readonly Record<string, unknown>[],
  names: { key: (row: Record<string, unknown>) => string; scdId: string; validFrom: string; validTo: string },
): void {
  const ids = rows.map((row) => row[names.scdId]);
  expect(new Set(ids).size).toBe(ids.length);
  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) byKey.set(names.key(row), [...(byKey.get(names.key(row)) ?? []), row]);
  for (const versions of byKey.values()) {
    const sorted = [...versions].sort((a, b) =>
      String(a[names.validFrom]).localeCompare(String(b[names.validFrom])),
    );
    expect(sorted.filter((row) => row[names.validTo] === null).length).toBeLessThanOrEqual(1);
    for (let i = 0; i + 1 < sorted.length; i++)
      expect(sorted[i]![names.validTo]).toBe(sorted[i + 1]![names.validFrom]);
  }
}
