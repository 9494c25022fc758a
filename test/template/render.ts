import { LdpError } from '../../src/errors/index.js';
import {
  baseContext,
  createTemplateEngine,
  type TemplateEngine,
  type TemplateEngineOptions,
} from '../../src/template/index.js';

/** An engine with the given macro files (path → text) and a small dbt-like context. */
export function engineWith(
  macros: Record<string, string> = {},
  options: Partial<TemplateEngineOptions> = {},
): TemplateEngine {
  return createTemplateEngine({
    macroFiles: Object.entries(macros).map(([path, text]) => ({ path, text })),
    adapterType: 'duckdb',
    ...options,
  });
}

export const RUN_STARTED_AT = new Date(Date.UTC(2024, 0, 31, 10, 20, 30, 123));

export function context(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...baseContext({
      vars: { region: 'eu', limit: 10 },
      env: { LDP_TEST_HOME: '/home/ldp' },
      target: { name: 'dev', schema: 'main', type: 'duckdb', threads: 4, profile_name: 'p', database: 'db' },
      projectName: 'shop',
      invocationId: 'inv-1',
      runStartedAt: RUN_STARTED_AT,
      execute: true,
    }),
    ref: (name: string) => `"main"."${name}"`,
    ...extra,
  };
}

const shared = engineWith();

/** Renders `text` as `models/m.sql`. */
export function render(text: string, engine = shared, extra: Record<string, unknown> = {}): string {
  return engine.render({ path: 'models/m.sql', text }, context(extra));
}

/** The LdpError `fn` throws (fails the test if it throws something else or nothing). */
export function errorOf(fn: () => unknown): LdpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an LdpError');
}
