/**
 * Which names a schema (namespace), alias (table) or database may have. Quotes, spaces, `#`,
 * `%`, non-ASCII letters and keywords are all fine: every SQL path quotes them. Refused is only
 * what cannot be represented safely:
 * - an empty name;
 * - a control character (NUL cannot reach a file path, newlines and tabs break catalog rows,
 *   file names and log lines);
 * - `/` or `\`: a name is one folder of the table location and must not make it a deeper or
 *   another path;
 * - `.`: the Iceberg catalog joins namespace levels with dots (`a.b` could not be split back),
 *   and `..` would point outside the warehouse.
 *
 * Returns why `name` is refused, or `undefined` when it is fine.
 */
export function storableNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  const control = /[\u0000-\u001f\u007f]/.exec(name);
  if (control)
    return `it contains the control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
  if (name.includes('/') || name.includes('\\')) return 'it contains a path separator (/ or \\)';
  if (name.includes('.')) return 'it contains a dot';
  return undefined;
}

/** The rule in one sentence, for hints. */
export const STORABLE_NAME_RULE =
  'Schema, alias and database names may hold any character (quotes and spaces included) except dots, / and \\, and control characters; they must not be empty.';
