import type { DuckDBConnection } from '@duckdb/node-api';
import { formatSpan, LdpError } from '../../../errors/index.js';
import type { ModelContract, StepCommon } from '../../../model/execution-plan.js';
import type { ConstraintDefinition } from '../../../model/properties.js';
import { quoteIdentifier } from '../../../sql/index.js';

/**
 * The constraints of an enforced contract that DuckDB tables enforce, as dbt-duckdb declares
 * them: `not_null`, `unique`, `primary_key` (unique and not null) and `check`. A `foreign_key`
 * or `custom` constraint is accepted and not enforced, as DuckDB does not enforce it on the
 * tables dbt-duckdb writes either.
 */
const ENFORCED = new Set(['not_null', 'unique', 'primary_key', 'check']);

/**
 * Counts the query's rows that break each enforced constraint, before anything is written: an
 * Iceberg table has no constraints of its own, so a failing constraint fails the node and
 * leaves the table as it was.
 */
export async function checkConstraints(
  conn: DuckDBConnection,
  common: StepCommon,
  contract: ModelContract,
  sql: string,
): Promise<void> {
  const broken: string[] = [];
  let firstBroken: ConstraintDefinition | undefined;
  for (const constraint of contract.constraints) {
    if (!ENFORCED.has(constraint.type)) continue;
    for (const rule of rulesOf(constraint)) {
      const count = await countViolations(conn, common, constraint, sql, rule.where);
      if (count === 0) continue;
      firstBroken ??= constraint;
      broken.push(
        `${describe(constraint)}: ${count} row${count === 1 ? '' : 's'} ${rule.problem} (${formatSpan(constraint.span)})`,
      );
    }
  }
  if (broken.length === 0) return;
  throw new LdpError({
    code: 'LDP473',
    message: `model '${common.name}' has rows that break its enforced contract's constraints, so nothing was written:\n  - ${broken.join('\n  - ')}`,
    span: firstBroken!.span,
    hint: "Fix the rows in the model's query (filter, deduplicate or coalesce them), or change the constraint in the YAML.",
  });
}

interface Rule {
  /** A query over the model's rows (`ldp_rows`) whose single value counts the violating rows. */
  readonly where: string;
  readonly problem: string;
}

function rulesOf(constraint: ConstraintDefinition): Rule[] {
  const columns = constraint.columns.map(quoteIdentifier);
  const anyNull = columns.map((c) => `${c} IS NULL`).join(' OR ');
  const noNull = columns.map((c) => `${c} IS NOT NULL`).join(' AND ');
  // Every row of a key value that appears more than once counts; NULL keys are never equal.
  const duplicates = `SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM ldp_rows WHERE ${noNull} GROUP BY ${columns.join(', ')} HAVING count(*) > 1)`;
  const nulls = `SELECT count(*) FROM ldp_rows WHERE ${anyNull}`;
  switch (constraint.type) {
    case 'not_null':
      return [{ where: nulls, problem: 'with NULL' }];
    case 'unique':
      return [{ where: duplicates, problem: 'with a value another row has' }];
    case 'primary_key':
      return [
        { where: nulls, problem: 'with NULL' },
        { where: duplicates, problem: 'with a value another row has' },
      ];
    default:
      // SQL's rule for CHECK: a row fails only when the condition is false, not when it is NULL.
      return [
        {
          where: `SELECT count(*) FROM ldp_rows WHERE NOT (${constraint.expression})`,
          problem: 'failing it',
        },
      ];
  }
}

async function countViolations(
  conn: DuckDBConnection,
  common: StepCommon,
  constraint: ConstraintDefinition,
  sql: string,
  count: string,
): Promise<number> {
  // The model's SQL ends on its own line: a trailing `--` comment must not swallow the `)`.
  const query = `WITH ldp_rows AS (\n${sql}\n) ${count}`;
  try {
    const reader = await conn.runAndReadAll(query);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    throw new LdpError({
      code: 'LDP474',
      message: `model '${common.name}' has a ${describe(constraint)} that DuckDB cannot check: ${(error as Error).message.split('\n')[0]}`,
      span: constraint.span,
      hint: 'Name columns the model returns, and write a check expression in DuckDB SQL over them.',
    });
  }
}

function describe(constraint: ConstraintDefinition): string {
  const named = constraint.name ? ` '${constraint.name}'` : '';
  const expression = constraint.type === 'check' ? ` (${constraint.expression})` : '';
  const columns = constraint.columns.map((c) => `'${c}'`).join(', ');
  const on = columns ? ` on ${constraint.columns.length === 1 ? 'column' : 'columns'} ${columns}` : '';
  return `${constraint.type} constraint${named}${on}${expression}`;
}
