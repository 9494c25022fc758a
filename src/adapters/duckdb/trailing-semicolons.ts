import type { DuckDBConnection } from '@duckdb/node-api';

/** At most this many `;` are tried from the end; more than a few trailing ones is not model SQL. */
const MAX_CANDIDATES = 16;

/**
 * Model SQL often ends with `;`, maybe followed by comments; a subquery (`DESCRIBE SELECT * FROM
 * (…)`, a view body) cannot take it. Which `;` ends the statement is decided by DuckDB's own
 * parser, never by a pattern: a `;` is dropped only when the text after it parses to no statement
 * at all (blanks and comments) and the text before it has no syntax error. So `select 'a;--b'`
 * keeps its string, and `;` inside comments or quoted identifiers stays where it is.
 */
export async function withoutTrailingSemicolons(conn: DuckDBConnection, sql: string): Promise<string> {
  let text = sql.trimEnd();
  let before = text.length;
  for (let tried = 0; tried < MAX_CANDIDATES; tried++) {
    const at = text.lastIndexOf(';', before - 1);
    if (at === -1) return text;
    if (await endsStatement(conn, text.slice(0, at), text.slice(at + 1))) {
      text = text.slice(0, at).trimEnd();
      before = text.length;
    } else {
      before = at;
    }
  }
  return text;
}

interface SerializedSql {
  readonly error: boolean;
  readonly error_type?: string;
  readonly statements?: readonly unknown[];
}

/** Whether a `;` between `head` and `tail` ends the statement, per `json_serialize_sql`. */
async function endsStatement(conn: DuckDBConnection, head: string, tail: string): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    'SELECT json_serialize_sql($1::VARCHAR) AS head, json_serialize_sql($2::VARCHAR) AS tail',
    [head, tail],
  );
  const row = reader.getRowObjects()[0]!;
  const parsedHead = JSON.parse(String(row['head'])) as SerializedSql;
  const parsedTail = JSON.parse(String(row['tail'])) as SerializedSql;
  const tailIsBlank = !parsedTail.error && (parsedTail.statements?.length ?? 0) === 0;
  // Any statement kind may come before (json_serialize_sql only serializes SELECT), but not a syntax error.
  return tailIsBlank && parsedHead.error_type !== 'parser';
}
