import { basename } from 'node:path';
import type { Span } from '../errors/index.js';
import { baseContext, createTemplateEngine, type TemplateEngine } from '../template/index.js';

let engine: TemplateEngine | undefined;

/** The files whose Jinja may read `DBT_ENV_SECRET_…` variables, as in dbt. */
const SECRET_READERS: ReadonlySet<string> = new Set(['profiles.yml', 'packages.yml', 'dependencies.yml']);

/**
 * Renders a string value of the project file or profiles.yml, where dbt allows Jinja such as
 * `{{ env_var('WAREHOUSE') }}`. Plain strings skip the engine entirely.
 */
export function renderProjectValue(
  text: string,
  span: Span,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  engine ??= createTemplateEngine({ macroFiles: [], adapterType: 'duckdb' });
  const context = baseContext({
    vars: {},
    env,
    target: {},
    projectName: '',
    invocationId: '',
    runStartedAt: new Date(),
    execute: false,
    secretsAllowed: SECRET_READERS.has(basename(span.file)),
  });
  return engine.render({ path: span.file, text, line: span.line }, context);
}
