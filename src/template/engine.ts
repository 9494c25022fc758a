import { createHash } from 'node:crypto';
import { Diagnostics, LdpErrors } from '../errors/index.js';
import { templateGlobals } from './context/globals.js';
import { DoExtension } from './do-extension.js';
import { installJinjaCompatibility } from './install-compat.js';
import { addJinjaFilters } from './jinja-filters.js';
import { addJinjaTests } from './jinja-tests.js';
import { type MacroInfo, MacroLibrary } from './macro-library.js';
import { Context, nunjucks, runtime } from './nunjucks-internals.js';
import { toTemplateError } from './template-errors.js';

export interface TemplateSource {
  readonly path: string;
  readonly text: string;
  /** Line of the file where `text` starts, when it is a block inside a larger file. */
  readonly line?: number;
}

export interface TemplateEngineOptions {
  /** All macro files (project macro-paths, generic test files, ldp's built-ins). */
  readonly macroFiles: readonly { path: string; text: string }[];
  readonly adapterType: string;
  readonly onWarn?: (message: string) => void;
  readonly onLog?: (message: string) => void;
  readonly clock?: () => Date;
}

/** nunjucks with Jinja2 semantics, one shared macro namespace, and ldp's errors. */
export interface TemplateEngine {
  render(template: TemplateSource, context: Record<string, unknown>): string;
  callMacro(name: string, args: readonly unknown[], context: Record<string, unknown>): unknown;
  hasMacro(name: string): boolean;
  readonly macros: ReadonlyMap<string, MacroInfo>;
}

/**
 * Builds an engine. Templates compile once and are cached by content, so rendering the same
 * model twice (capture, then compile) costs one compilation.
 */
export function createTemplateEngine(options: TemplateEngineOptions): TemplateEngine {
  installJinjaCompatibility();
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  env.addExtension('do', new DoExtension());
  addJinjaFilters(env);
  addJinjaTests(env);
  let library: MacroLibrary | undefined;
  const globals = templateGlobals({
    adapterType: options.adapterType,
    findMacro: (name) => library?.macros.get(name)?.fn,
    onWarn: options.onWarn ?? (() => {}),
    onLog: options.onLog ?? (() => {}),
    clock: options.clock ?? (() => new Date()),
  });
  for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
  const diagnostics = new Diagnostics();
  library = new MacroLibrary(env, options.macroFiles, (error, file) =>
    diagnostics.error(toTemplateError(error, file, () => [])),
  );
  diagnostics.throwIfErrors();
  return new NunjucksEngine(env, library);
}

class NunjucksEngine implements TemplateEngine {
  private readonly compiled = new Map<string, CompiledTemplate>();

  constructor(
    private readonly env: nunjucks.Environment,
    private readonly library: MacroLibrary,
  ) {}

  get macros(): ReadonlyMap<string, MacroInfo> {
    return this.library.macros;
  }

  hasMacro(name: string): boolean {
    return this.library.macros.has(name);
  }

  render(template: TemplateSource, context: Record<string, unknown>): string {
    try {
      const compiled = this.compile(template);
      return this.library.withActive(context, () => {
        const ctx = new Context(context, compiled.blocks, this.env);
        ctx.ldpFile = template.path;
        const frame = new runtime.Frame();
        frame.topLevel = true;
        let output = '';
        compiled.rootRenderFunc(this.env, ctx, frame, runtime, (error: unknown, result: string) => {
          if (error) throw error;
          output = result;
        });
        return output;
      });
    } catch (error) {
      if (error instanceof LdpErrors) throw error;
      throw toTemplateError(error, template, () => [...this.library.macros.keys(), ...Object.keys(context)]);
    }
  }

  callMacro(name: string, args: readonly unknown[], context: Record<string, unknown>): unknown {
    const macro = this.library.macros.get(name);
    if (!macro)
      throw toTemplateError(
        new Error(`macro '${name}' is not defined`),
        { path: '<ldp>', text: '' },
        () => [],
      );
    try {
      const result = this.library.withActive(context, () => macro.fn(...args));
      return result instanceof runtime.SafeString ? String(result) : result;
    } catch (error) {
      throw toTemplateError(error, { path: macro.file, text: '' }, () => this.library.macros.keys());
    }
  }

  private compile(template: TemplateSource): CompiledTemplate {
    const key = createHash('sha1').update(template.path).update('\0').update(template.text).digest('base64');
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = new nunjucks.Template(
        template.text,
        this.env,
        template.path,
        true,
      ) as unknown as CompiledTemplate;
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}

interface CompiledTemplate {
  readonly blocks: Record<string, unknown>;
  rootRenderFunc(
    env: unknown,
    context: unknown,
    frame: unknown,
    rt: unknown,
    cb: (error: unknown, result: string) => void,
  ): void;
}
