import type { TableRef } from './rewrite-sql.js';
import { duckName, type FakeStore } from './store.js';
import type { FieldSchema } from './types.js';

/**
 * What a statement other than a query does, as BigQuery reports it (`statistics.query.
 * statementType`): the table it creates, changes or drops, and the DuckDB SQL that does it.
 */
export interface FakeStatement {
  readonly statementType: string;
  /** The table the statement creates or drops: it need not exist beforehand. */
  readonly creates?: TableRef;
  readonly drops?: TableRef;
  readonly view?: boolean;
}

const PATH = /(`[^`]+`(?:\.`[^`]+`)*)/.source;

/** The kind of a GoogleSQL statement, and the table a CREATE or DROP names. */
export function classifyStatement(sql: string, project: string): FakeStatement {
  const text = sql.trim();
  if (/^(select|with|\()/i.test(text)) return { statementType: 'SELECT' };
  // A script (several statements): dbt-bigquery's dynamic insert_overwrite and others. A `;`
  // inside a comment or a string separates nothing.
  const code = text.replace(/--[^\n]*|'(?:[^'\\]|\\.)*'/g, '').replace(/;\s*$/, '');
  if (/;\s*\S/.test(code) || /^declare\b/i.test(text)) return { statementType: 'SCRIPT' };
  const create = new RegExp(`^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(TABLE|VIEW)\\s+${PATH}`, 'i').exec(text);
  if (create) {
    const view = create[1]!.toUpperCase() === 'VIEW';
    const ref = refOf(create[2]!, project);
    return {
      statementType: view
        ? 'CREATE_VIEW'
        : /\bAS\s*\(/i.test(text)
          ? 'CREATE_TABLE_AS_SELECT'
          : 'CREATE_TABLE',
      creates: ref,
      view,
    };
  }
  const drop = new RegExp(`^DROP\\s+(TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?${PATH}`, 'i').exec(text);
  if (drop) return { statementType: `DROP_${drop[1]!.toUpperCase()}`, drops: refOf(drop[2]!, project) };
  const verb = /^(MERGE|INSERT|UPDATE|DELETE|ALTER\s+TABLE)\b/i.exec(text)?.[1];
  return { statementType: verb ? verb.toUpperCase().replace(/\s+/, '_') : 'SCRIPT' };
}

function refOf(path: string, project: string): TableRef {
  const parts = path.replaceAll('`', '').split('.');
  const [p, dataset, table] = parts.length === 3 ? parts : [project, ...parts];
  return { project: p!, dataset: dataset!, table: table! };
}

/**
 * GoogleSQL DDL → DuckDB: a table's layout and options (`PARTITION BY`, `CLUSTER BY`,
 * `OPTIONS(…)`) have no DuckDB equivalent and are dropped; an `ALTER TABLE` adding several
 * columns becomes one statement per column.
 */
export function duckDdl(rewritten: string): string {
  const created =
    /^(\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+"[^"]*"\."[^"]*")([\s\S]*?)\nAS \(/i.exec(rewritten);
  if (created) return `${created[1]} AS (${rewritten.slice(created[0].length)}`;
  const alter = /^\s*ALTER\s+TABLE\s+("[^"]*"\."[^"]*")\s+([\s\S]*)$/i.exec(rewritten);
  if (alter && /^ADD\s+COLUMN/i.test(alter[2]!.trim()))
    return alter[2]!
      .split(/,\s*(?=ADD\s+COLUMN)/i)
      .map((clause) => `ALTER TABLE ${alter[1]} ${clause.trim()};`)
      .join('\n');
  return rewritten;
}

/** After a statement: the fake's table entries follow what DuckDB now holds. */
export async function recordStatement(
  store: FakeStore,
  statement: FakeStatement,
  changed: readonly TableRef[],
  known: readonly FieldSchema[],
): Promise<void> {
  if (statement.drops) {
    store.tables.delete(keyOf(statement.drops));
    return;
  }
  const refs = statement.creates ? [statement.creates] : changed;
  for (const ref of refs) {
    const relation = duckName(ref.project, ref.dataset, ref.table);
    const schema = await store.schemaOf(relation, known);
    const existing = store.tables.get(keyOf(ref));
    if (existing && !statement.creates) {
      existing.schema = schema;
      continue;
    }
    store.tables.set(keyOf(ref), {
      ...ref,
      schema,
      labels: {},
      created: Date.now(),
      ...(statement.view ? { kind: 'VIEW' as const } : {}),
    });
  }
}

const keyOf = (ref: TableRef) => `${ref.project}:${ref.dataset}.${ref.table}`;
