/**
 * BigQuery scripting for the fake: a script's statements run one after another; `DECLARE`
 * makes variables (NULL until set, or their `DEFAULT`), `SET` assigns them, later statements read
 * them, and temporary tables live until the script ends. Variables become DuckDB variables
 * (`SET VARIABLE`, `getvariable`) and temporary tables DuckDB temp tables, both named after the
 * job so that scripts running at once do not share them.
 */

/** One statement of a script, and what the fake does with it. */
export type ScriptStatement =
  | {
      readonly kind: 'declare';
      readonly names: readonly string[];
      readonly type: string;
      readonly initial?: string;
    }
  | {
      readonly kind: 'set';
      readonly names: readonly string[];
      readonly value: string;
      /** `SET (a, b) = (SELECT AS STRUCT …)`: the names take the one row's columns in order. */
      readonly tuple: boolean;
    }
  | { readonly kind: 'statement'; readonly sql: string };

/** Strings, quoted names and comments: `;` and names inside them are not code. */
const NOT_CODE = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g;

/** Calls `edit` on the code between strings, quoted names and comments only. */
function editCode(sql: string, edit: (code: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of sql.matchAll(NOT_CODE)) {
    out += edit(sql.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + edit(sql.slice(last));
}

/** The statements of a script, split at `;` outside strings and comments. */
export function splitScript(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let last = 0;
  const flush = (code: string) => {
    const parts = code.split(';');
    current += parts[0];
    for (const part of parts.slice(1)) {
      statements.push(current);
      current = part;
    }
  };
  for (const match of script.matchAll(NOT_CODE)) {
    flush(script.slice(last, match.index));
    current += match[0];
    last = match.index + match[0].length;
  }
  flush(script.slice(last));
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s !== '' && !/^(--[^\n]*\s*)*$/.test(s));
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** What a statement of a script is: `DECLARE`, `SET`, or a statement BigQuery runs as a job. */
export function classifyScriptStatement(sql: string): ScriptStatement {
  const declare = new RegExp(
    `^DECLARE\\s+(${NAME}(?:\\s*,\\s*${NAME})*)\\s+([\\s\\S]*?)(?:\\s+DEFAULT\\s+([\\s\\S]+))?$`,
    'i',
  ).exec(sql);
  if (declare)
    return {
      kind: 'declare',
      names: declare[1]!.split(',').map((n) => n.trim()),
      type: declare[2]!.trim(),
      ...(declare[3] ? { initial: declare[3].trim() } : {}),
    };
  const tuple = new RegExp(
    `^SET\\s*\\(\\s*(${NAME}(?:\\s*,\\s*${NAME})*)\\s*\\)\\s*=\\s*([\\s\\S]+)$`,
    'i',
  ).exec(sql);
  if (tuple)
    return { kind: 'set', names: tuple[1]!.split(',').map((n) => n.trim()), value: tuple[2]!, tuple: true };
  const single = new RegExp(`^SET\\s+(${NAME})\\s*=\\s*([\\s\\S]+)$`, 'i').exec(sql);
  if (single) return { kind: 'set', names: [single[1]!], value: single[2]!, tuple: false };
  return { kind: 'statement', sql };
}

/** A GoogleSQL type of a `DECLARE` as DuckDB's (`ARRAY<DATE>` → `DATE[]`). */
export function duckTypeOf(type: string): string {
  const array = /^ARRAY\s*<([\s\S]+)>$/i.exec(type.trim());
  if (array) return `${duckTypeOf(array[1]!)}[]`;
  const scalar: Record<string, string> = {
    INT64: 'BIGINT',
    FLOAT64: 'DOUBLE',
    NUMERIC: 'DECIMAL(38,9)',
    BOOL: 'BOOLEAN',
    STRING: 'VARCHAR',
    DATE: 'DATE',
    DATETIME: 'TIMESTAMP',
    TIMESTAMP: 'TIMESTAMPTZ',
  };
  const found = scalar[type.trim().toUpperCase()];
  if (!found) throw new Error(`the fake does not declare variables of type ${type}`);
  return found;
}

/** The script's own names, scoped to one job: variables and temporary tables. */
export class ScriptScope {
  readonly variables = new Map<string, string>();
  readonly tempTables = new Set<string>();

  constructor(private readonly jobId: string) {}

  /** The DuckDB variable holding script variable `name`. */
  variable(name: string): string {
    return `${this.jobId}__${name.toLowerCase()}`;
  }

  /** A temporary table's name as the fake keeps it. */
  tempTable(name: string): string {
    return `${this.jobId}__${name}`;
  }

  /**
   * A statement with the script's names resolved: temporary tables named for the job, `x IN
   * UNNEST(v)` a membership test of the list, and each variable its DuckDB value.
   */
  resolve(sql: string): string {
    const created = /^CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+TABLE\s+`([^`.]+)`/i.exec(sql);
    if (created) this.tempTables.add(created[1]!);
    const out = sql.replace(/`([^`.]+)`/g, (match, name: string) =>
      this.tempTables.has(name) ? `\`${this.tempTable(name)}\`` : match,
    );
    return editCode(out, (code) => {
      // `x IN UNNEST(list)` of a name or a call without nested parentheses: a membership test.
      let edited = code.replace(
        /\bIN\s+UNNEST\s*\(([^()]*(?:\([^()]*\))?[^()]*)\)/gi,
        'IN (SELECT unnest($1))',
      );
      for (const name of this.variables.keys())
        edited = edited.replace(new RegExp(`\\b${name}\\b`, 'gi'), `getvariable('${this.variable(name)}')`);
      return edited;
    });
  }
}
