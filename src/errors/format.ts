import { isAbsolute, relative, resolve } from 'node:path';
import { codeFrame } from './code-frame.js';
import { InternalError, LdpError, LdpErrors } from './ldp-error.js';
import { formatSpan, type Span } from './span.js';

/** Human-readable text of one diagnostic: code, message, location, code frame, hint. */
export interface FormatOptions {
  /** Show stack traces of unexpected errors. */
  readonly debug?: boolean;
  /** Folder that relative span paths are relative to (the project folder); default: cwd. */
  readonly baseDir?: string;
}

export function formatDiagnostic(error: LdpError, options: FormatOptions = {}): string {
  const label = error.severity === 'warning' ? 'warning' : 'error';
  const lines = [`${label}[${error.code}]: ${error.message}`];
  if (error.span) {
    const span = displaySpan(error.span, options.baseDir);
    lines.push(`  --> ${formatSpan(span)}`);
    const frame = codeFrame(span, error.source);
    if (frame) lines.push(indent(frame));
  }
  for (const related of error.related ?? []) {
    lines.push(
      `  note: ${related.message}`,
      `  --> ${formatSpan(displaySpan(related.span, options.baseDir))}`,
    );
  }
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  return lines.join('\n');
}

/** Text for anything thrown out of a command; stack traces only when asked for. */
export function formatError(error: unknown, options: FormatOptions = {}): string {
  const debug = options.debug ?? false;
  if (error instanceof LdpErrors) return error.errors.map((e) => formatDiagnostic(e, options)).join('\n\n');
  if (error instanceof LdpError) return formatDiagnostic(error, options);
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

/** A span whose file is shown relative to the working directory, so terminals can open it. */
function displaySpan(span: Span, baseDir: string | undefined): Span {
  if (baseDir === undefined || isAbsolute(span.file)) return span;
  const file = relative(process.cwd(), resolve(baseDir, span.file)) || span.file;
  return { ...span, file };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
