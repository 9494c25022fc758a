import type { NameRegistry } from '../syntax/expression-compiler.js';

export type TemplateFunction = (...args: never[]) => unknown;

/**
 * The filters and tests of an engine. Compiled templates receive it as `env` and call
 * `env.getFilter(name)` / `env.getTest(name)`; the compiler checks names against it.
 */
export class FilterRegistry implements NameRegistry {
  readonly opts = { autoescape: false };
  private readonly filters = new Map<string, TemplateFunction>();
  private readonly tests = new Map<string, TemplateFunction>();

  addFilters(filters: Readonly<Record<string, TemplateFunction>>): void {
    for (const [name, filter] of Object.entries(filters)) this.filters.set(name, filter);
  }

  addTests(tests: Readonly<Record<string, TemplateFunction>>): void {
    for (const [name, test] of Object.entries(tests)) this.tests.set(name, test);
  }

  hasFilter(name: string): boolean {
    return this.filters.has(name);
  }

  hasTest(name: string): boolean {
    return this.tests.has(name);
  }

  getFilter(name: string): TemplateFunction {
    const filter = this.filters.get(name);
    if (filter === undefined) throw new Error(`no filter named '${name}'`);
    return filter;
  }

  getTest(name: string): TemplateFunction {
    const test = this.tests.get(name);
    if (test === undefined) throw new Error(`no test named '${name}'`);
    return test;
  }

  filterNames(): Iterable<string> {
    return this.filters.keys();
  }

  testNames(): Iterable<string> {
    return this.tests.keys();
  }
}
