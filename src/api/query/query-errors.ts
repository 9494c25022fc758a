import { LdpError } from '../../errors/index.js';

/** User errors of the read-only query (`ldp mcp`'s `query` tool): codes LDP830–LDP835. */
export const QueryErrors = {
  notParsed: (reason: string) =>
    new LdpError({
      code: 'LDP830',
      message: `the query could not be parsed: ${reason.split('\n')[0]}`,
      hint: 'Write one DuckDB SELECT (or WITH … SELECT) statement.',
    }),
  notSelect: () =>
    new LdpError({
      code: 'LDP831',
      message: 'only a SELECT (or WITH … SELECT) statement may run here: the warehouse is read-only',
      hint: 'COPY, ATTACH, CREATE, INSERT, SET, PRAGMA and the like are refused; change data with `ldp run`.',
    }),
  severalStatements: (count: number) =>
    new LdpError({
      code: 'LDP832',
      message: `the query holds ${count} statements; exactly one SELECT may run`,
      hint: 'Send one statement per call, without a second one after a `;`.',
    }),
  timedOut: (timeoutMs: number) =>
    new LdpError({
      code: 'LDP833',
      message: `the query was stopped after ${timeoutMs} ms`,
      hint: 'Filter or aggregate more, or allow a longer timeout.',
    }),
  failed: (message: string) =>
    new LdpError({
      code: 'LDP834',
      message: `the query failed: ${message.split('\n')[0]}`,
      hint: 'Relations are named "namespace"."table" (e.g. silver.silver_orders); `ldp catalog export` lists them.',
    }),
  invalidOption: (message: string, hint: string) => new LdpError({ code: 'LDP835', message, hint }),
};
