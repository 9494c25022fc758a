import { Diagnostics, LdpError, type Span } from '../errors/index.js';
import { macroFileSource } from './blocks.js';
import { type MacroLookup, searchPackagesFor } from './context/dispatch.js';
import { templateGlobals } from './context/globals.js';
import { createFilterRegistry, type FilterRegistry } from './filters/index.js';
import { type MacroFile, type MacroInfo, MacroLibrary } from './macro-library.js';
import { Frame, type Loose } from './nunjucks-internals.js';
import { CallSite, createJinjaRuntime } from './runtime/jinja-runtime.js';
import { RenderContext } from './runtime/render-context.js';
import { RenderSuspended } from './runtime/render-suspended.js';
import { type TemplateCode, templateCodeOf } from './syntax/code-skeleton.js';
import {
  type CompiledTemplate,
  skeletonFactory,
  templateCode,
  templateFromCode,
} from './syntax/compile-template.js';
import { type KnownNames, toTemplateError } from './template-errors.js';

export interface TemplateSource {
  readonly path: string;
  readonly text: string;
  /** Line of the file where `text` starts, when it is a block inside a larger file (1-based). */
  readonly line?: number;
  /** Column of the file where `text` starts on that line (1-based). */
  readonly col?: number;
  /** The package of the node being rendered: an installed package's macros are then unqualified names. */
  readonly packageName?: string;
}

export interface TemplateEngineOptions {
  /** All macro files (ldp's built-ins, project macro-paths, generic test files); later files win. */
  readonly macroFiles: readonly MacroFile[];
  /** The adapter `adapter.dispatch` resolves for (`duckdb__x` before `default__x`). */
  readonly adapterType: string;
  /** The root project's name and `dispatch:` config, for `adapter.dispatch`'s search order. */
  readonly rootProject?: string;
  readonly dispatch?: ReadonlyMap<string, readonly string[]>;
  /** `exceptions.warn(msg)`, with the template position of the call. */
  readonly onWarn?: (message: string, span?: Span) => void;
  /** `log(msg, info=True)` and `print(msg)`. */
  readonly onLog?: (message: string) => void;
  /** The clock of `modules.datetime.datetime.now()`. */
  readonly clock?: () => Date;
  /** Keep a template's final newline (default). Jinja2's own default, which dbt keeps, drops it. */
  readonly keepTrailingNewline?: boolean;
  /**
   * A template compiled elsewhere (a worker thread, the cache in `target/`): what
   * `templateCodeOf(templateCode(text))` gives for that exact text. Undefined compiles it here.
   */
  readonly templateCode?: (text: string) => TemplateCode | undefined;
  /** Called with each template this engine compiles itself, to keep it for later runs. */
  readonly onCompiled?: (text: string, code: TemplateCode) => void;
}

/** nunjucks with Jinja2 semantics, one shared macro namespace, and ldp's errors. */
export interface TemplateEngine {
  /** Renders a template with a context; throws an `LdpError` at the template's line. */
  render(template: TemplateSource, context: Readonly<Record<string, unknown>>): string;
  /**
   * Calls a macro from JavaScript (`generate_schema_name`…, `dbt_utils.test_equality`) as a node
   * of `packageName` sees it; returns what the macro returns.
   */
  callMacro(
    name: string,
    args: readonly unknown[],
    context: Readonly<Record<string, unknown>>,
    packageName?: string,
  ): unknown;
  /** True for an unqualified macro every render sees, or a `<package>.<macro>`. */
  hasMacro(name: string): boolean;
  /** The package of the node being rendered, while a render runs. */
  activePackage(): string | undefined;
  /**
   * dbt's choice of a generic test's macro (`test_<name>`): in `namespace` when the test names one,
   * else the root project's, then an installed package's, then ldp's built-in. The name to pass
   * to `callMacro`, or undefined when there is none.
   */
  testMacro(name: string, namespace?: string): string | undefined;
  readonly macros: ReadonlyMap<string, MacroInfo>;
}

/**
 * Builds an engine: compiles every macro file once and registers its macros. Templates compile
 * once per text and are cached, so rendering a model twice (capture, then compile) costs one
 * compilation; a render allocates only a small context over the caller's variables.
 */
export function createTemplateEngine(options: TemplateEngineOptions): TemplateEngine {
  const site = new CallSite();
  const globals: Record<string, unknown> = Object.create(null);
  const library = new MacroLibrary(globals);
  Object.assign(
    globals,
    templateGlobals({
      adapterType: options.adapterType,
      macros: macroLookup(library, options),
      onWarn: options.onWarn ?? (() => {}),
      onLog: options.onLog ?? (() => {}),
      callSite: () => site.span(),
      clock: options.clock ?? (() => new Date()),
      activeContext: library.current,
    }),
  );
  const engine = new JinjaEngine(createFilterRegistry(), createJinjaRuntime(site), globals, library, options);
  engine.loadMacroFiles(options.macroFiles);
  return engine;
}

/** The namespaces `adapter.dispatch` searches, over the engine's macro library. */
function macroLookup(library: MacroLibrary, options: TemplateEngineOptions): MacroLookup {
  return {
    find: (packageName, name) =>
      packageName === null ? library.visible(name) : library.inNamespace(packageName, name),
    searchPackages: (namespace) =>
      searchPackagesFor(
        namespace,
        options,
        (name) => library.hasNamespace(name) || name === options.rootProject,
      ),
  };
}

/** ldp's built-in macros form dbt's global project, `dbt`. */
const BUILTIN_NAMESPACE = 'dbt';

class JinjaEngine implements TemplateEngine {
  private readonly compiled = new Map<string, CompiledTemplate>();
  private readonly factories = new Map<string, (constants: readonly unknown[]) => CompiledTemplate>();
  private readonly macroSources = new Map<string, string>();
  private readonly names: KnownNames;

  constructor(
    private readonly registry: FilterRegistry,
    private readonly runtime: Loose,
    private readonly globals: Record<string, unknown>,
    private readonly library: MacroLibrary,
    private readonly options: TemplateEngineOptions,
  ) {
    this.names = {
      callables: () => Object.keys(this.globals),
      filters: () => this.registry.filterNames(),
      tests: () => this.registry.testNames(),
      sourceOf: (file) => this.macroSources.get(file),
    };
  }

  get macros(): ReadonlyMap<string, MacroInfo> {
    return this.library.macros;
  }

  hasMacro(name: string): boolean {
    return this.find(name) !== undefined;
  }

  activePackage(): string | undefined {
    return this.library.activePackage();
  }

  testMacro(name: string, namespace?: string): string | undefined {
    if (namespace !== undefined)
      return this.library.inNamespace(namespace, name) ? `${namespace}.${name}` : undefined;
    const unqualified = this.library.macros.get(name);
    if (unqualified !== undefined && unqualified.namespace !== BUILTIN_NAMESPACE) return name;
    const packages = this.library
      .namespacesWith(name)
      .filter((ns) => ns !== BUILTIN_NAMESPACE && ns !== this.options.rootProject);
    if (packages.length > 0) return `${packages[0]}.${name}`;
    return unqualified === undefined ? undefined : name;
  }

  /** A macro by unqualified name (as the active render sees it) or as `<package>.<name>`. */
  private find(name: string, packageName?: string): MacroInfo | undefined {
    const dot = name.lastIndexOf('.');
    return dot === -1
      ? this.library.visible(name, packageName)
      : this.library.inNamespace(name.slice(0, dot), name.slice(dot + 1));
  }

  /** The caller's variables, under which an installed package's own macros are unqualified names. */
  private withLocals(
    context: Readonly<Record<string, unknown>>,
    packageName: string | undefined,
  ): Readonly<Record<string, unknown>> {
    const locals = this.library.localsOf(packageName);
    return locals === undefined ? context : Object.assign(Object.create(locals), context);
  }

  /** Compiles and runs each macro file once; every error of every file is reported together. */
  loadMacroFiles(files: readonly MacroFile[]): void {
    const diagnostics = new Diagnostics();
    for (const file of files) {
      this.macroSources.set(file.path, file.text);
      diagnostics.capture(() => {
        if (file.lazy) this.library.registerLazy(file, () => this.runMacroFile(file));
        else this.library.register(file, this.runMacroFile(file));
      });
    }
    diagnostics.throwIfErrors();
  }

  /** Runs a macro file's top level, which defines its macros in the returned context. */
  private runMacroFile(file: MacroFile): RenderContext {
    try {
      const context = new RenderContext(this.registry, this.library.current, this.globals, file.path);
      this.execute(this.compile(macroFileSource(file.path, file.text), file.path), context);
      return context;
    } catch (error) {
      if (error instanceof RenderSuspended) throw error;
      throw toTemplateError(error, { path: file.path, text: file.text }, this.names);
    }
  }

  render(template: TemplateSource, context: Readonly<Record<string, unknown>>): string {
    try {
      const text =
        this.options.keepTrailingNewline === false ? template.text.replace(/\n$/, '') : template.text;
      const compiled = this.compile(text, template.path);
      const vars = this.withLocals(context, template.packageName);
      const ctx = new RenderContext(
        this.registry,
        vars,
        this.globals,
        template.path,
        template.line,
        template.col,
      );
      return this.library.withActive(vars, () => this.execute(compiled, ctx), template.packageName);
    } catch (error) {
      if (error instanceof RenderSuspended) throw error;
      throw toTemplateError(error, template, {
        ...this.names,
        callables: () => [...this.names.callables(), ...Object.keys(context)],
      });
    }
  }

  callMacro(
    name: string,
    args: readonly unknown[],
    context: Readonly<Record<string, unknown>>,
    packageName?: string,
  ): unknown {
    const macro = this.find(name, packageName);
    if (!macro) {
      throw new LdpError({
        code: 'LDP207',
        message: `macro '${name}' is not defined`,
        hint: `Define {% macro ${name}(…) %} in one of the macro-paths.`,
      });
    }
    try {
      const vars = this.withLocals(context, packageName);
      return this.library.withActive(vars, () => macro.fn(...args), packageName);
    } catch (error) {
      if (error instanceof RenderSuspended) throw error;
      throw toTemplateError(
        error,
        { path: macro.file, text: this.macroSources.get(macro.file) ?? '' },
        this.names,
      );
    }
  }

  private compile(text: string, path: string): CompiledTemplate {
    let compiled = this.compiled.get(text);
    if (compiled === undefined) {
      let code = this.options.templateCode?.(text);
      if (code === undefined) {
        code = templateCodeOf(templateCode(text, path, this.registry));
        this.options.onCompiled?.(text, code);
      }
      compiled = this.fromCode(code, path);
      this.compiled.set(text, compiled);
    }
    return compiled;
  }

  /** Templates of the same structure share their compiled JavaScript (see `codeSkeleton`). */
  private fromCode(code: TemplateCode, path: string): CompiledTemplate {
    if (typeof code === 'string') return templateFromCode(code, path);
    const skeleton = code;
    let factory = this.factories.get(skeleton.body);
    if (factory === undefined) {
      factory = skeletonFactory(skeleton.body, path);
      this.factories.set(skeleton.body, factory);
    }
    return factory(skeleton.constants);
  }

  private execute(compiled: CompiledTemplate, context: RenderContext): string {
    const frame = new Frame();
    frame.topLevel = true;
    let output = '';
    let failure: unknown;
    compiled.root(this.registry, context, frame, this.runtime, (error, result) => {
      failure = error;
      output = result ?? '';
    });
    if (failure !== undefined && failure !== null) throw failure;
    return output;
  }
}
