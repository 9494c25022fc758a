import { damagedFileError, fileFaultInMessage, LdpError } from '../../errors/index.js';
import type { TableIdentifier } from '../../model/iceberg-catalog-port.js';

/** Codes that mean "this table's files cannot be read", as opposed to a bug or a bad query. */
const UNREADABLE_CODES = new Set(['LDP570', 'LDP571', 'LDP572', 'LDP575', 'LDP576', 'LDP577', 'LDP578']);

const RECOVER_HINT =
  'Restore the file from a backup, roll the table back to a snapshot that does not need it (`ldp snapshots <model>`, then `ldp rollback <model> --to <id>`), or rebuild it with `ldp run --full-refresh -s <model>`.';

/**
 * Why a table could not be made queryable, as a user error naming the table and the file, or
 * undefined when `error` is something else. DuckDB reads the data files when the table's view
 * is created, so a data file that is gone or cut shows up here, in DuckDB's words.
 */
export function unreadableTableError(id: TableIdentifier, error: unknown): LdpError | undefined {
  const label = [...id.namespace, id.name].join('.');
  if (error instanceof LdpError) return UNREADABLE_CODES.has(error.code) ? error : undefined;
  const text = error instanceof Error ? error.message : String(error);
  const missing = /No files found that match the pattern "([^"]+)"/.exec(text)?.[1];
  if (missing) {
    return new LdpError(
      {
        code: 'LDP572',
        message: `table ${label}: its data file ${missing} does not exist`,
        hint: RECOVER_HINT,
      },
      { cause: error },
    );
  }
  const damaged = /"([^"]+\.parquet)"/.exec(text)?.[1];
  if (damaged && /No magic bytes|Invalid Input Error|Corrupt|not a parquet file/i.test(text)) {
    const detail = text.split('\n')[0]!;
    return damagedFileError(damaged, `table ${label}: the data file`, detail, RECOVER_HINT, error);
  }
  return fileFaultInMessage(error, '(DuckDB did not name it)', 'read', `a file of table ${label}`);
}
