import type { StepOutcome } from '../../../model/run-result.js';

/** A successful write: the result line shows `<what> <rows>`, run_results the engine facts. */
export function committed(
  what: string,
  rows: number,
  snapshotId: bigint | undefined,
  facts: Readonly<Record<string, unknown>>,
): StepOutcome {
  return {
    status: 'success',
    detail: `${what} ${rows.toLocaleString('en-US')}`,
    rowsAffected: rows,
    ...(snapshotId === undefined ? {} : { snapshotId: snapshotId.toString() }),
    adapterResponse: {
      _message: `${what} ${rows}`,
      code: what,
      rows_affected: rows,
      ...(snapshotId === undefined ? {} : { snapshot_id: snapshotId.toString() }),
      ...facts,
    },
  };
}
