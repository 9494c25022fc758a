import { extractBlocks } from './blocks.js';
import type { RenderContext } from './runtime/render-context.js';

export interface MacroInfo {
  readonly name: string;
  /** The file that defines it (the last definition wins, as in dbt's root project). */
  readonly file: string;
  /** Line of the `{% macro %}` (or `{% test %}`) tag. */
  readonly line: number;
  /** Parameter names, defaults included. */
  readonly args: readonly string[];
  readonly fn: (...args: unknown[]) => unknown;
  /** The namespace of its file (`dbt` for ldp's built-ins); undefined for the project's own. */
  readonly namespace?: string;
}

type Variables = Readonly<Record<string, unknown>>;

/** A macro file; `namespace` names the package it belongs to (`dbt` for ldp's built-ins). */
export interface MacroFile {
  readonly path: string;
  readonly text: string;
  /**
   * Its macros are also reachable as `<namespace>.<name>`, and keep that meaning when a later
   * file defines the same name: as in dbt, a root-project `dateadd` replaces the unqualified
   * `dateadd` while `dbt.dateadd` stays the built-in one.
   */
  readonly namespace?: string;
  /** Compile and run the file only when one of its macros is first called (ldp's built-ins). */
  readonly lazy?: boolean;
}

/**
 * Every macro of every macro file in one namespace, as dbt has it. A macro looks names up in its
 * own file, then in the context of whatever node is being rendered (so `ref`, `this`, `config`
 * are the caller's), then among the globals, where all macros are registered.
 */
export class MacroLibrary {
  readonly macros = new Map<string, MacroInfo>();
  /** Contexts of the renders in progress; macros see the innermost one. */
  private readonly active: Variables[] = [];
  readonly current = (): Variables | undefined => this.active[this.active.length - 1];

  constructor(private readonly globals: Record<string, unknown>) {}

  /** Runs `fn` with `context` visible to macros as the caller's context. */
  withActive<T>(context: Variables, fn: () => T): T {
    this.active.push(context);
    try {
      return fn();
    } finally {
      this.active.pop();
    }
  }

  /** Registers the macros a macro file defined when it ran (`context` is the file's context). */
  register(file: MacroFile, context: RenderContext): void {
    const declared = declaredMacros(file);
    for (const [name, fn] of Object.entries(context.ctx)) {
      if (typeof fn !== 'function' || !('macroName' in fn)) continue;
      this.add(file, name, declared.get(name), fn as unknown as MacroInfo['fn']);
    }
  }

  /**
   * Registers a file's macros without running it: the file compiles and runs (`load`) when one
   * of them is first called, so a project pays nothing for built-ins it never uses. Later files
   * still replace these names as `register` does.
   */
  registerLazy(file: MacroFile, load: () => RenderContext): void {
    let loaded: RenderContext | undefined;
    for (const [name, where] of declaredMacros(file)) {
      const stub = (...args: unknown[]) => {
        loaded ??= load();
        const macro = loaded.ctx[name];
        if (typeof macro !== 'function') throw new Error(`macro file ${file.path} did not define ${name}`);
        return (macro as MacroInfo['fn'])(...args);
      };
      this.add(file, name, where, Object.assign(stub, { macroName: name }));
    }
  }

  private add(file: MacroFile, name: string, where: Declared | undefined, fn: MacroInfo['fn']): void {
    this.macros.set(name, {
      name,
      file: file.path,
      line: where?.line ?? 1,
      args: where?.args ?? [],
      fn,
      ...(file.namespace === undefined ? {} : { namespace: file.namespace }),
    });
    this.globals[name] = fn;
    if (file.namespace !== undefined) this.namespace(file.namespace)[name] = fn;
  }

  /** The object a template sees as `<name>` (`dbt`), created with the first file that fills it. */
  private namespace(name: string): Record<string, unknown> {
    const existing = this.globals[name];
    if (typeof existing === 'object' && existing !== null) return existing as Record<string, unknown>;
    const created: Record<string, unknown> = Object.create(null);
    this.globals[name] = created;
    return created;
  }
}

interface Declared {
  readonly line: number;
  readonly args: readonly string[];
}

/** The macros a file declares (`{% test x %}` as `test_x`), found without running it. */
function declaredMacros(file: MacroFile): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const block of extractBlocks(file.path, file.text)) {
    if (block.kind === 'macro') declared.set(block.name, { line: block.span.line, args: block.args });
    if (block.kind === 'test')
      declared.set(`test_${block.name}`, { line: block.span.line, args: block.args });
  }
  return declared;
}
