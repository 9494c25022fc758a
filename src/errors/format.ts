import { codeFrame } from './code-frame.js';
import { InternalError, LdpError, LdpErrors } from './ldp-error.js';
import { formatSpan } from './span.js';

/** Human-readable text of one diagnostic: code, message, location, code frame, hint. */
export function formatDiagnostic(error: LdpError): string {
  const label = error.severity === 'warning' ? 'warning' : 'error';
  const lines = [`${label}[${error.code}]: ${error.message}`];
  if (error.span) {
    lines.push(`  --> ${formatSpan(error.span)}`);
    const frame = codeFrame(error.span, error.source);
    if (frame) lines.push(indent(frame));
  }
  for (const related of error.related ?? []) {
    lines.push(`  note: ${related.message}`, `  --> ${formatSpan(related.span)}`);
  }
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  return lines.join('\n');
}

/** Text for anything thrown out of a command; stack traces only when asked for. */
export function formatError(error: unknown, debug = false): string {
  if (error instanceof LdpErrors) return error.errors.map(formatDiagnostic).join('\n\n');
  if (error instanceof LdpError) return formatDiagnostic(error);
  const detail = error instanceof Error ? error.message : String(error);
  const kind = error instanceof InternalError ? 'internal error' : 'unexpected error';
  const text = `${kind}: ${detail}\n  This is a bug in ldp; please report it with the command you ran.`;
  return debug && error instanceof Error && error.stack ? `${text}\n${error.stack}` : text;
}

/** Plain JSON of a diagnostic for `--log-format json`. */
export function diagnosticToJson(error: LdpError): Record<string, unknown> {
  return {
    code: error.code,
    severity: error.severity,
    message: error.message,
    ...(error.span ? { file: error.span.file, line: error.span.line, col: error.span.col } : {}),
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
