import { LdpError } from '../../errors/index.js';
import { quoteIdentifier } from '../../sql/index.js';
import { RenderSuspended } from '../runtime/render-suspended.js';
import { type QueryResult, statementFailed, type WarehousePort } from './warehouse-port.js';

/** Runs the statements of a render for real: the DuckDB session a node runs in. */
export interface StatementRunner {
  run(sql: string): Promise<QueryResult>;
  isTable(schema: string, name: string): boolean;
  /** Drops a relation of the warehouse; without it, `adapter.drop_relation` is refused. */
  dropRelation?(schema: string, name: string): Promise<void>;
}

const DROPPED: QueryResult = { columns: [], rows: [], rowsAffected: null };

type Answer = { readonly sql: string } & ({ readonly result: QueryResult } | { readonly error: string });

/** A render may ask this many statements; more means it never settles (its SQL keeps changing). */
const MAX_STATEMENTS = 10_000;

/**
 * Renders with the warehouse at hand although rendering is synchronous and DuckDB is not: each
 * pass answers the statements earlier passes ran, in order, and the first new one suspends the
 * pass (`RenderSuspended`); that statement runs, and the render starts again. A statement runs
 * once however many passes follow, so `create`/`grant` statements are not repeated, and output
 * (`log`, `print`, warnings) is emitted once, from the final pass.
 */
export async function renderWithWarehouse<T>(
  render: (port: WarehousePort) => T,
  runner: StatementRunner,
): Promise<T> {
  const answers: Answer[] = [];
  for (let passes = 0; ; passes++) {
    const port = new ReplayPort(answers, runner);
    try {
      const value = render(port);
      port.flush();
      return value;
    } catch (error) {
      if (!(error instanceof RenderSuspended)) {
        port.flush();
        throw error;
      }
      if (passes >= MAX_STATEMENTS) throw neverSettles(error.sql);
      answers.push(await answer(runner, error));
    }
  }
}

async function answer(runner: StatementRunner, suspended: RenderSuspended): Promise<Answer> {
  const sql = suspended.sql;
  try {
    if (suspended.run) {
      await suspended.run();
      return { sql, result: DROPPED };
    }
    return { sql, result: await runner.run(sql) };
  } catch (error) {
    return { sql, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

class ReplayPort implements WarehousePort {
  readonly results = new Map<string, unknown>();
  private readonly pending: (() => void)[] = [];
  private next = 0;

  constructor(
    private readonly answers: Answer[],
    private readonly runner: StatementRunner,
  ) {}

  query(sql: string, call: string, run?: () => Promise<unknown>): QueryResult {
    const index = this.next++;
    const known = this.answers[index];
    if (known === undefined) throw new RenderSuspended(sql, run);
    if (known.sql !== sql) {
      // This pass asks something else than the last one did (its SQL depends on the clock, say):
      // what was answered from here on no longer applies.
      this.answers.length = index;
      throw new RenderSuspended(sql, run);
    }
    if ('error' in known) throw statementFailed(call, sql, known.error);
    return known.result;
  }

  dropRelation(schema: string, name: string, call: string): void {
    const drop = this.runner.dropRelation?.bind(this.runner);
    if (!drop) throw dropRefused(call);
    // Keyed like a statement, so replays find it answered and it runs once.
    this.query(`-- ${call}: drop ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`, call, () =>
      drop(schema, name),
    );
  }

  isTable(schema: string, name: string): boolean {
    return this.runner.isTable(schema, name);
  }

  output(emit: () => void): void {
    this.pending.push(emit);
  }

  flush(): void {
    for (const emit of this.pending) emit();
  }
}

function dropRefused(call: string): LdpError {
  return new LdpError({
    code: 'LDP238',
    message: `${call} drops a relation, which this command cannot do`,
    hint: 'Relations are dropped by a hook or macro of ldp build, run, seed, snapshot or run-operation.',
  });
}

function neverSettles(sql: string): LdpError {
  return new LdpError({
    code: 'LDP233',
    message: `a render ran ${MAX_STATEMENTS} introspective statements without finishing (the last one: ${sql.trim().slice(0, 120)})`,
    hint: 'Check for a loop that runs a query per item of a large result, or SQL that changes on every render (the clock, random values).',
  });
}
