import type { Span } from '../../errors/index.js';

type Variables = Readonly<Record<string, unknown>>;

/**
 * What compiled templates call `context`: the template's own top-level names (its `{% set %}`s and
 * macros), then the caller's variables, then the engine's globals (builtins and all macros). The
 * caller's object is read, never copied, so a render costs one small object.
 */
export class RenderContext {
  readonly ctx: Record<string, unknown> = Object.create(null);
  readonly blocks: Record<string, unknown> = {};

  constructor(
    readonly env: unknown,
    /** The caller's variables, or (for macro files) a function giving the current caller's. */
    private readonly vars: Variables | (() => Variables | undefined),
    private readonly globals: Variables,
    readonly file: string,
    private readonly firstLine = 1,
    private readonly firstCol = 1,
  ) {}

  lookup(name: string): unknown {
    if (name in this.ctx) return this.ctx[name];
    const vars = typeof this.vars === 'function' ? this.vars() : this.vars;
    if (vars !== undefined) {
      const value = vars[name];
      // Inherited names count (contexts may be built on prototypes), but not Object.prototype's.
      if (value !== undefined && (Object.hasOwn(vars, name) || !(name in Object.prototype))) return value;
    }
    return this.globals[name];
  }

  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }

  addExport(): void {}

  getVariables(): Record<string, unknown> {
    return this.ctx;
  }

  /** The file position of a 0-based template position. */
  span(line0: number, col0: number): Span {
    const line = line0 + this.firstLine;
    return { file: this.file, line, col: col0 + (line0 === 0 ? this.firstCol : 1) };
  }
}
