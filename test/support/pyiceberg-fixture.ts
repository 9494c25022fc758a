import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_FIXTURES } from './shared-fixtures.js';

const FIXTURE = join(SHARED_FIXTURES, 'pyiceberg-warehouse');

/** Iceberg locations are absolute: the tables must sit exactly where pyiceberg wrote them. */
export const PYICEBERG_WAREHOUSE = '/tmp/ldp-interop/pyiceberg-warehouse';

export interface PyicebergExpected {
  readonly current_rows: number;
  readonly sum_trip_id: number;
  readonly sum_fare: string;
  readonly null_vendor_rows: number;
  readonly null_distance_rows: number;
  readonly snapshots: readonly {
    snapshot_id: string;
    operation: string;
    rows: number;
    sum_trip_id: number;
  }[];
}

/**
 * Puts the tables pyiceberg wrote where their metadata says they are, once: test files run in
 * parallel, so an existing copy is kept (never removed while another file reads it).
 */
export function pyicebergWarehouse(): { path: string; expected: Record<string, PyicebergExpected> } {
  if (!existsSync(`${PYICEBERG_WAREHOUSE}/catalog.db`))
    cpSync(FIXTURE, PYICEBERG_WAREHOUSE, { recursive: true });
  const expected = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8')) as Record<
    string,
    PyicebergExpected
  >;
  return { path: PYICEBERG_WAREHOUSE, expected };
}
