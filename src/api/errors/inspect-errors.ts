import { LdpError } from '../../errors/index.js';

/**
 * User errors of the warehouse inspection and maintenance commands (`show`, `snapshots`,
 * `rollback`, `vacuum`, `demo`): codes LDP420–LDP429.
 */
export const InspectErrors = {
  noMatch: (selection: string, suggestion: string | undefined) =>
    new LdpError({
      code: 'LDP420',
      message: `no model, seed or snapshot matches '${selection}'`,
      hint: suggestion
        ? `Did you mean '${suggestion}'?`
        : 'List the nodes with `ldp ls --resource-type model`; select one by name.',
    }),
  severalMatches: (selection: string, names: readonly string[]) =>
    new LdpError({
      code: 'LDP421',
      message: `'${selection}' matches ${names.length} nodes (${preview(names)}); this command reads one`,
      hint: `Select one of them by name, e.g. -s ${names[0]}.`,
    }),
  notBuilt: (label: string, buildCommand: string) =>
    new LdpError({
      code: 'LDP422',
      message: `${label} has not been built in this warehouse yet`,
      hint: `Build it first: ${buildCommand}`,
    }),
  unknownSnapshot: (label: string, name: string, snapshotId: string, recent: readonly string[]) =>
    new LdpError({
      code: 'LDP423',
      message: `snapshot ${snapshotId} is not in the history of ${label}`,
      hint:
        recent.length > 0
          ? `Recent snapshots (newest last): ${recent.join(', ')}. All of them: ldp snapshots ${name}`
          : 'The table has no snapshots yet.',
    }),
  invalidSnapshotId: (text: string) =>
    new LdpError({
      code: 'LDP423',
      message: `'${text}' is not a snapshot id`,
      hint: 'Snapshot ids are whole numbers; `ldp snapshots <model>` lists them.',
    }),
  noSnapshotAsOf: (label: string, asOf: string, firstAt: string | undefined) =>
    new LdpError({
      code: 'LDP424',
      message: `${label} has no snapshot as of ${asOf}`,
      hint: firstAt ? `Its history starts at ${firstAt}.` : 'The table has no snapshots yet.',
    }),
  invalidTime: (text: string) =>
    new LdpError({
      code: 'LDP424',
      message: `'${text}' is not a time`,
      hint: 'Give an ISO time such as 2024-05-01T12:00:00Z (without a zone it is local time).',
    }),
  queryFailed: (what: string, message: string) =>
    new LdpError({
      code: 'LDP425',
      message: `${what} failed: ${message.split('\n')[0]}`,
      hint: 'Check the SQL; `ldp compile --inline "…"` shows what ldp sends to DuckDB.',
    }),
  invalidOption: (message: string, hint: string) => new LdpError({ code: 'LDP426', message, hint }),
  noHistory: (label: string, what: 'a view' | 'an ephemeral model' = 'a view') =>
    new LdpError({
      code: 'LDP427',
      message: `${label} is ${what}: it stores no data, so it has no snapshots`,
      hint: 'Time travel, snapshots and rollback work on tables (materialized: table, incremental, seeds, snapshots).',
    }),
};

function preview(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} …` : names.join(', ');
}
