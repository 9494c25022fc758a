import { ERROR_CODES, type RegisteredCode } from './codes.js';
import type { Span } from './span.js';

/**
 * Error codes by family: 1xx config, 2xx template, 3xx graph, 4xx execution, 5xx storage
 * (Iceberg and catalog), 6xx tests, 7xx lineage and docs, 8xx servers and packages, 9xx CLI
 * usage. Only codes of the registry (`codes.ts`) type-check, so a new code is registered where it is first used.
 */
export type ErrorCode = RegisteredCode;

export interface DiagnosticInit {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  readonly span?: Span;
  /** Source text the span points into, for the code frame; read lazily from `span.file` when absent. */
  readonly source?: string;
  /** Extra places that explain the error, such as the other file of a duplicate name. */
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
  readonly severity?: 'error' | 'warning';
}

/** A problem the user can fix: bad input, never a bug in ldp. Exit code 1. */
export class LdpError extends Error implements DiagnosticInit {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly span?: Span;
  readonly source?: string;
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
  readonly severity: 'error' | 'warning';

  constructor(init: DiagnosticInit, options?: { cause?: unknown }) {
    // Every diagnostic has text: an empty message (a bug where it was made) becomes the code's title.
    super(init.message?.trim() ? init.message : `${ERROR_CODES[init.code]} (no details given)`, options);
    this.name = 'LdpError';
    this.code = init.code;
    this.hint = init.hint;
    this.span = init.span;
    this.source = init.source;
    this.related = init.related;
    this.severity = init.severity ?? 'error';
  }

  /** The same error at another place, e.g. a macro error re-anchored to the model that called it. */
  withSpan(span: Span, source?: string): LdpError {
    return new LdpError({ ...this.toInit(), span, source }, { cause: this.cause });
  }

  toInit(): DiagnosticInit {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      span: this.span,
      source: this.source,
      related: this.related,
      severity: this.severity,
    };
  }
}

/** Several user errors found together (parse and compile collect, then fail once). */
export class LdpErrors extends Error {
  readonly errors: readonly LdpError[];

  constructor(errors: readonly LdpError[]) {
    super(
      `${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.message).join('; ')}`,
    );
    this.name = 'LdpErrors';
    this.errors = errors;
  }
}

/** A bug in ldp itself. Exit code 2, and the message asks the user to report it. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** Exhaustiveness guard for tagged unions: a new kind without a handler fails to type-check. */
export function assertNever(value: never, what = 'value'): never {
  throw new InternalError(`unhandled ${what}: ${JSON.stringify(value)}`);
}

/** The same diagnostic as a warning: a problem that leaves something out but stops nothing. */
export function asWarning(error: LdpError): LdpError {
  return new LdpError({ ...error.toInit(), severity: 'warning' }, { cause: error.cause });
}

export function isUserError(error: unknown): error is LdpError | LdpErrors {
  return error instanceof LdpError || error instanceof LdpErrors;
}
