import { LdpError } from '../errors/index.js';
import type { MicrobatchPlan } from '../model/execution-plan.js';
import type { ModelNode } from '../model/node.js';
import type { BatchSize } from '../model/node-config.js';

/** What decides a microbatch model's batches besides its config. */
export interface BatchWindowOptions {
  /** The table is built from `begin` (absent, `--full-refresh`, or `full_refresh: true`). */
  readonly rebuild: boolean;
  /** `--event-time-start` / `--event-time-end`: the run covers this range instead. */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** The run's start: the end of the range when `--event-time-end` is not given. */
  readonly now: Date;
}

/**
 * dbt's microbatch batches: [start, end) split into whole `batch_size` periods (UTC). A full
 * build starts at `begin`; a later run at the end's period less `lookback` periods (default 1);
 * `--event-time-start`/`--event-time-end` replace either end. The last batch is the period that
 * holds the end, so rows of the current hour/day are built too.
 */
export function planMicrobatch(node: ModelNode, options: BatchWindowOptions): MicrobatchPlan {
  const config = node.config;
  if (config.event_time === undefined)
    throw configMissing(node, 'LDP460', 'event_time', "event_time='<timestamp column>'");
  if (config.batch_size === undefined) throw configMissing(node, 'LDP461', 'batch_size', "batch_size='day'");
  const size = config.batch_size;
  const end = options.eventTimeEnd ?? options.now;
  const lookback = config.lookback ?? 1;
  // `begin` is read when the batches start from it: a full build without --event-time-start.
  const start =
    options.eventTimeStart ??
    (options.rebuild ? beginOf(node, config.begin) : addPeriods(truncate(end, size), size, -lookback));
  const batches: { start: string; end: string }[] = [];
  for (let at = truncate(start, size); at < end; ) {
    const next = addPeriods(at, size, 1);
    batches.push({ start: at.toISOString(), end: next.toISOString() });
    at = next;
  }
  // A `begin` after the end still gives dbt one batch, [begin, end), which selects no row: the
  // table is created, empty, and later runs fill it.
  if (batches.length === 0)
    batches.push({ start: truncate(start, size).toISOString(), end: end.toISOString() });
  return { eventTime: config.event_time, batchSize: size, rebuild: options.rebuild, batches };
}

function beginOf(node: ModelNode, begin: string | Date | undefined): Date {
  if (begin === undefined) throw configMissing(node, 'LDP462', 'begin', "begin='2024-01-01'");
  const date = begin instanceof Date ? begin : parseUtc(begin);
  if (date === undefined)
    throw new LdpError({
      code: 'LDP463',
      message: `model '${node.name}' has begin '${String(begin)}', which is not a date or timestamp`,
      span: node.span,
      hint: "Write begin as an ISO date or timestamp, e.g. begin='2024-01-01' or '2024-01-01 06:00:00'.",
    });
  return date;
}

/** An ISO date or timestamp; without a zone it is UTC, as dbt reads `begin` and the flags. */
export function parseUtc(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed))
    return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed.slice(10));
  const [datePart, timePart = '00:00:00'] = trimmed.replace(' ', 'T').split('T') as [string, string?];
  const time =
    timePart.length === 2 ? `${timePart}:00:00` : timePart.length === 5 ? `${timePart}:00` : timePart;
  const date = new Date(`${datePart}T${time}${hasZone ? '' : 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function truncate(date: Date, size: BatchSize): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  switch (size) {
    case 'hour':
      return new Date(Date.UTC(y, m, d, date.getUTCHours()));
    case 'day':
      return new Date(Date.UTC(y, m, d));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
  }
}

function addPeriods(date: Date, size: BatchSize, count: number): Date {
  const next = new Date(date.getTime());
  if (size === 'hour') next.setUTCHours(next.getUTCHours() + count);
  else if (size === 'day') next.setUTCDate(next.getUTCDate() + count);
  else if (size === 'month') next.setUTCMonth(next.getUTCMonth() + count);
  else next.setUTCFullYear(next.getUTCFullYear() + count);
  return next;
}

function configMissing(
  node: ModelNode,
  code: 'LDP460' | 'LDP461' | 'LDP462',
  key: string,
  example: string,
): LdpError {
  return new LdpError({
    code,
    message: `model '${node.name}' uses incremental_strategy 'microbatch' without ${key}`,
    span: node.span,
    hint: `Add ${example} to its config: microbatch needs event_time, batch_size and begin.`,
  });
}

/** `--event-time-start` / `--event-time-end` as dates, checked: each parses, and start < end. */
export function eventTimeRange(flags: { readonly eventTimeStart?: string; readonly eventTimeEnd?: string }): {
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
} {
  const parsed = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const date = parseUtc(text);
    if (date === undefined)
      throw new LdpError({
        code: 'LDP463',
        message: `--${flag} '${text}' is not a date or timestamp`,
        hint: `Write it as an ISO date or timestamp (UTC): --${flag} 2024-01-01 or '2024-01-01 06:00:00'.`,
      });
    return date;
  };
  const start = parsed('event-time-start', flags.eventTimeStart);
  const end = parsed('event-time-end', flags.eventTimeEnd);
  if (start && end && start >= end)
    throw new LdpError({
      code: 'LDP464',
      message: `--event-time-start ${flags.eventTimeStart} is not before --event-time-end ${flags.eventTimeEnd}`,
      hint: 'Give a start earlier than the end: the range is [start, end).',
    });
  return { ...(start ? { eventTimeStart: start } : {}), ...(end ? { eventTimeEnd: end } : {}) };
}
