/** A value a SQL literal can hold, as read from YAML options. */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly SqlValue[]
  | { readonly [key: string]: SqlValue };

/** `'text'` with inner single quotes doubled: any string (file paths too) as one literal. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A DuckDB literal: strings in single quotes (inner quotes doubled), numbers and booleans as
 * written, NULL, lists as `[…]` and mappings as struct literals `{'key': value}`.
 */
export function quoteLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) return `'${value}'::DOUBLE`;
      return String(value);
    default:
      if (Array.isArray(value)) return `[${value.map(quoteLiteral).join(', ')}]`;
      return `{${Object.entries(value as Record<string, SqlValue>)
        .map(([key, v]) => `${quoteLiteral(key)}: ${quoteLiteral(v)}`)
        .join(', ')}}`;
  }
}
