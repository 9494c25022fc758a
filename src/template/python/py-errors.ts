/** The Python exception a template operation raised, named as Jinja2 would report it. */
export type PyErrorType =
  | 'TypeError'
  | 'ValueError'
  | 'KeyError'
  | 'IndexError'
  | 'ZeroDivisionError'
  | 'UndefinedError'
  | 'TemplateRuntimeError';

/**
 * An error of the template's own logic (a wrong type, a missing key), as opposed to a bug in ldp.
 * The engine reports it at the template line that raised it.
 */
export class PyError extends Error {
  constructor(
    readonly type: PyErrorType,
    readonly detail: string,
  ) {
    super(`${type}: ${detail}`);
    this.name = 'PyError';
  }
}

export function typeError(detail: string): PyError {
  return new PyError('TypeError', detail);
}

export function valueError(detail: string): PyError {
  return new PyError('ValueError', detail);
}
