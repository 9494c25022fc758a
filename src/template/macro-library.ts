import type { Environment } from 'nunjucks';
import { macroFileSource } from './blocks.js';
import { Context, nunjucks, runtime } from './nunjucks-internals.js';

export interface MacroInfo {
  readonly name: string;
  readonly file: string;
  readonly fn: (...args: unknown[]) => unknown;
}

/**
 * Every macro of every macro file in one namespace, as dbt has it. Each file is compiled and run
 * once; its macros look names up first in their own file, then in the context of whatever node
 * is being rendered (so `ref`, `this`, `config` are the caller's), then among all macros.
 */
export class MacroLibrary {
  readonly macros = new Map<string, MacroInfo>();
  /** Contexts of the renders in progress; macros see the innermost one. */
  private readonly active: Record<string, unknown>[] = [];

  constructor(
    private readonly env: Environment,
    files: readonly { path: string; text: string }[],
    onCompileError: (error: unknown, file: { path: string; text: string }) => void,
  ) {
    for (const file of files) {
      try {
        this.load(file);
      } catch (error) {
        onCompileError(error, file);
      }
    }
  }

  /** Runs `fn` with `context` visible to macros as the caller's context. */
  withActive<T>(context: Record<string, unknown>, fn: () => T): T {
    this.active.push(context);
    try {
      return fn();
    } finally {
      this.active.pop();
    }
  }

  private load(file: { path: string; text: string }): void {
    const template = new nunjucks.Template(
      macroFileSource(file.path, file.text),
      this.env,
      file.path,
      true,
    ) as unknown as {
      blocks: unknown;
      rootRenderFunc(
        env: unknown,
        context: unknown,
        frame: unknown,
        rt: unknown,
        cb: (error: unknown) => void,
      ): void;
    };
    const own: Record<string, unknown> = {};
    const active = this.active;
    const ctx = new Proxy(own, {
      has: (_target, key) =>
        typeof key === 'string' && (key in own || key in (active[active.length - 1] ?? {})),
      get: (_target, key) => {
        if (typeof key !== 'string') return undefined;
        if (key in own) return own[key];
        return active[active.length - 1]?.[key];
      },
      set: (_target, key, value) => {
        own[key as string] = value;
        return true;
      },
    });
    const context = new Context({}, template.blocks, this.env);
    context.ctx = ctx;
    context.ldpFile = file.path;
    const frame = new runtime.Frame();
    frame.topLevel = true;
    template.rootRenderFunc(this.env, context, frame, runtime, (error: unknown) => {
      if (error) throw error;
    });
    for (const [name, fn] of Object.entries(own)) {
      if (typeof fn !== 'function') continue;
      this.macros.set(name, { name, file: file.path, fn: fn as MacroInfo['fn'] });
      this.env.addGlobal(name, fn);
    }
  }
}
