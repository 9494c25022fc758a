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
  /** The namespace of its file (`dbt` for ldp's built-ins, a package's name, the root project's). */
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
  /**
   * A file of an installed package (`namespace` names it): its macros are `<package>.<name>`
   * everywhere, but unqualified names only while a node of that package renders, as in dbt's
   * local namespace. Without it, a file's macros are unqualified names of every render.
   */
  readonly packageLocal?: boolean;
}

/** A render in progress: the caller's variables and the package of the node being rendered. */
interface ActiveRender {
  readonly vars: Variables;
  readonly packageName: string | undefined;
}

/**
 * Every macro of every macro file in one namespace, as dbt has it. A macro looks names up in its
 * own file, then in the context of whatever node is being rendered (so `ref`, `this`, `config`
 * are the caller's), then among the globals, where all macros are registered.
 */
export class MacroLibrary {
  /** Unqualified names every render sees: the root project's macros over ldp's built-ins. */
  readonly macros = new Map<string, MacroInfo>();
  private readonly namespaces = new Map<string, Map<string, MacroInfo>>();
  /** Per installed package, its macros as unqualified variables for renders of its nodes. */
  private readonly locals = new Map<string, Record<string, unknown>>();
  /** Contexts of the renders in progress; macros see the innermost one. */
  private readonly active: ActiveRender[] = [];
  readonly current = (): Variables | undefined => this.active[this.active.length - 1]?.vars;

  constructor(private readonly globals: Record<string, unknown>) {}

  /** The package of the node being rendered (undefined outside renders). */
  activePackage(): string | undefined {
    return this.active[this.active.length - 1]?.packageName;
  }

  /** The macro `name` of a namespace (a package, `dbt`, the root project). */
  inNamespace(namespace: string, name: string): MacroInfo | undefined {
    return this.namespaces.get(namespace)?.get(name);
  }

  hasNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  /** Namespaces that hold the macro `name`, in the order their files were loaded. */
  namespacesWith(name: string): string[] {
    return [...this.namespaces].filter(([, macros]) => macros.has(name)).map(([namespace]) => namespace);
  }

  /** An installed package's own macros as variables (undefined for other namespaces). */
  localsOf(packageName: string | undefined): Readonly<Record<string, unknown>> | undefined {
    return packageName === undefined ? undefined : this.locals.get(packageName);
  }

  /** The macro a render of `packageName`'s node sees as `name`: its package's first, as dbt. */
  visible(name: string, packageName = this.activePackage()): MacroInfo | undefined {
    const local = packageName !== undefined && this.locals.has(packageName);
    return (local ? this.inNamespace(packageName, name) : undefined) ?? this.macros.get(name);
  }

  /** Runs `fn` with `context` visible to macros as the caller's context. */
  withActive<T>(context: Variables, fn: () => T, packageName?: string): T {
    this.active.push({ vars: context, packageName });
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
    const info: MacroInfo = {
      name,
      file: file.path,
      line: where?.line ?? 1,
      args: where?.args ?? [],
      fn,
      ...(file.namespace === undefined ? {} : { namespace: file.namespace }),
    };
    if (file.packageLocal && file.namespace !== undefined) {
      const locals = this.locals.get(file.namespace) ?? (Object.create(null) as Record<string, unknown>);
      this.locals.set(file.namespace, locals);
      locals[name] = fn;
    } else {
      this.macros.set(name, info);
      this.globals[name] = fn;
    }
    if (file.namespace === undefined) return;
    const own = this.namespaces.get(file.namespace) ?? new Map<string, MacroInfo>();
    this.namespaces.set(file.namespace, own);
    own.set(name, info);
    this.namespace(file.namespace)[name] = fn;
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
