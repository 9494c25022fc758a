import type { ReportEvent } from '../../model/reporter.js';

const COLORS: Record<string, string> = {
  success: '\x1b[32m',
  pass: '\x1b[32m',
  warn: '\x1b[33m',
  error: '\x1b[31m',
  fail: '\x1b[31m',
  skipped: '\x1b[33m',
};
const RESET = '\x1b[0m';
const LABEL_WIDTH = 60;

/** `3 of 12 OK created table silver.trips ............ [1,204 rows in 0.42s]` as dbt prints. */
export function nodeLine(
  event: Extract<ReportEvent, { kind: 'node-start' | 'node-end' }>,
  color: boolean,
): string {
  const counter = `${event.index} of ${event.total}`;
  if (event.kind === 'node-start')
    return `${counter} START ${event.label}`.padEnd(LABEL_WIDTH + 14, ' ') + ' [RUN]';
  const word = event.statusText ?? statusWord(event.status);
  const text = `${counter} ${word} ${event.label} `;
  const dots = '.'.repeat(Math.max(3, LABEL_WIDTH + 14 - text.length));
  const detail = `[${paint(event.detail, event.status, color)} in ${(event.durationMs / 1000).toFixed(2)}s]`;
  const message = event.message ? `\n${indent(event.message)}` : '';
  return `${text}${dots} ${detail}${message}`;
}

function statusWord(status: string): string {
  switch (status) {
    case 'success':
      return 'OK';
    case 'skipped':
      return 'SKIP';
    default:
      return status.toUpperCase();
  }
}

function paint(text: string, status: string, color: boolean): string {
  const code = COLORS[status];
  return color && code ? `${code}${text}${RESET}` : text;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
