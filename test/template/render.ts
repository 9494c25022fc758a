import { baseContext, createTemplateEngine, type TemplateEngine } from '../../src/template/index.js';

/** An engine with the given macro files and a small dbt-like context. */
export function engineWith(macros: Record<string, string> = {}, adapterType = 'duckdb'): TemplateEngine {
  return createTemplateEngine({
    macroFiles: Object.entries(macros).map(([path, text]) => ({ path, text })),
    adapterType,
  });
}

export function context(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...baseContext({
      vars: { region: 'eu', limit: 10 },
      env: { LDP_TEST_HOME: '/home/ldp' },
      target: { name: 'dev', schema: 'main', type: 'duckdb', threads: 4, profile_name: 'p' },
      projectName: 'shop',
      invocationId: 'inv-1',
      runStartedAt: new Date(Date.UTC(2024, 0, 31, 10, 20, 30)),
      execute: true,
    }),
    ref: (name: string) => `"main"."${name}"`,
    ...extra,
  };
}

export function render(text: string, engine = engineWith(), extra: Record<string, unknown> = {}): string {
  return engine.render({ path: 'models/m.sql', text }, context(extra));
}
