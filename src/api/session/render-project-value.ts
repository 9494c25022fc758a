import { basename } from 'node:path';
import type { Span } from '../../errors/index.js';
import { baseContext, createTemplateEngine, type TemplateEngine } from '../../template/index.js';

/** The files whose Jinja may read `DBT_ENV_SECRET_…` variables, as in dbt. */
const SECRET_READERS: ReadonlySet<string> = new Set(['profiles.yml', 'packages.yml', 'dependencies.yml']);

/** Renders one string value of the project file, profiles.yml or packages.yml. */
export type ProjectValueRenderer = (text: string, span: Span) => string;

/**
 * A renderer for string values of the project file or profiles.yml, where dbt allows Jinja such
 * as `{{ env_var('WAREHOUSE') }}`. Plain strings skip the engine entirely; the engine (which
 * caches every template it compiles) is built on the first Jinja value and lives as long as the
 * renderer, which the command that loads the project owns, so a long-running process keeps none.
 */
export function projectValueRenderer(
  env: Readonly<Record<string, string | undefined>>,
  /** `--vars`: as in dbt, the only vars `var()` sees in these files (project vars come from them). */
  cliVars: Readonly<Record<string, unknown>> = {},
): ProjectValueRenderer {
  let engine: TemplateEngine | undefined;
  return (text, span) => {
    if (!text.includes('{{') && !text.includes('{%')) return text;
    engine ??= createTemplateEngine({ macroFiles: [], adapterType: 'duckdb' });
    const context = baseContext({
      vars: cliVars,
      env,
      target: {},
      projectName: '',
      invocationId: '',
      runStartedAt: new Date(),
      execute: false,
      secretsAllowed: SECRET_READERS.has(basename(span.file)),
    });
    return engine.render({ path: span.file, text, line: span.line }, context);
  };
}
