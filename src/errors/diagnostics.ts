import { type DiagnosticInit, LdpError, LdpErrors } from './ldp-error.js';

/**
 * Collects errors and warnings across a stage so the user sees every problem at once,
 * then fails once with all of them.
 */
export class Diagnostics {
  private readonly errorList: LdpError[] = [];
  private readonly warningList: LdpError[] = [];

  error(init: DiagnosticInit | LdpError): void {
    this.errorList.push(init instanceof LdpError ? init : new LdpError(init));
  }

  /**
   * Records a warning. An `LdpError` is taken apart with `toInit()`: spreading it would lose its
   * message, which `Error` keeps as a non-enumerable property.
   */
  warn(init: Omit<DiagnosticInit, 'severity'> | LdpError): void {
    const fields = init instanceof LdpError ? init.toInit() : init;
    this.warningList.push(new LdpError({ ...fields, severity: 'warning' }));
  }

  /** Runs `fn`, recording a user error it throws instead of propagating it. */
  capture<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof LdpError) this.error(error);
      else if (error instanceof LdpErrors) for (const e of error.errors) this.error(e);
      else throw error;
      return undefined;
    }
  }

  get errors(): readonly LdpError[] {
    return this.errorList;
  }

  get warnings(): readonly LdpError[] {
    return this.warningList;
  }

  hasErrors(): boolean {
    return this.errorList.length > 0;
  }

  /** Throws every collected error together, if there is any. */
  throwIfErrors(): void {
    if (this.errorList.length === 1) throw this.errorList[0];
    if (this.errorList.length > 1) throw new LdpErrors(this.errorList);
  }
}
