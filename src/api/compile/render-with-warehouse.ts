import { existsSync } from 'node:fs';
import { LdpError } from '../../errors/index.js';
import type { ParsedProject } from '../session/parse.js';
import type { ReadSessionOptions } from '../warehouse/read-session.js';
import type { CompiledWithReuse } from './warehouse-render-pass.js';

/**
 * `ldp compile` of nodes that read the warehouse while they render: as dbt's compile does, they
 * render with `execute` true against the lakehouse as it stands (read-only, no lock: nothing is
 * committed); `prepare` readies that session first (`--defer`'s views of the state's relations).
 * Without a warehouse yet, they keep their placeholder and render when they run; with `--defer`
 * (`deferred`) they render on an empty warehouse whose unbuilt parents `prepare` points at the
 * state's relations, so a first compile of a clone reads only the state.
 * The pass that opens the lakehouse is loaded only when such a node exists, so a compile of a
 * project without any never loads DuckDB or SQLite.
 */
export async function renderReadingWarehouse(
  parsed: ParsedProject,
  compiled: CompiledWithReuse,
  session: { readonly prepare?: ReadSessionOptions['prepare']; readonly deferred?: boolean } = {},
): Promise<CompiledWithReuse> {
  const waiting = [...compiled.nodes.values()].filter((node) => node.readsWarehouse);
  if (waiting.length === 0) return compiled;
  const built = existsSync(parsed.project.target.catalogPath);
  if (!built && !session.deferred) {
    parsed.reporter.report({ kind: 'diagnostic', diagnostic: noWarehouseYet(waiting.length) });
    return compiled;
  }
  const { renderAgainstWarehouse } = await import('./warehouse-render-pass.js');
  return renderAgainstWarehouse(parsed, compiled, waiting, session.prepare, { empty: !built });
}

function noWarehouseYet(count: number): LdpError {
  return new LdpError({
    code: 'LDP237',
    severity: 'warning',
    message: `${count} node(s) read the warehouse while they render, and the warehouse has not been built yet: their compiled files say so, and they render when they run`,
    hint: 'Run `ldp build` (or `ldp run`) first to compile them against the lakehouse.',
  });
}
