import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MacroFile } from '../template/index.js';

const MACRO_DIR = new URL('../../templates/macros/', import.meta.url);

/**
 * The shipped macro files, read once per process: they are part of ldp's install and do not
 * change while it runs, and the set is fixed, so this cache is bounded by the install itself.
 */
let cached: readonly MacroFile[] | undefined;

/**
 * ldp's built-in macro files (generic tests, schema and alias naming, dbt's cross-database
 * macros), shipped in `templates/macros`. They form dbt's `dbt` namespace: `dbt.dateadd(…)`, and
 * each compiles on first use, so a project pays only for the ones it calls.
 */
export function builtinMacroFiles(): readonly MacroFile[] {
  cached ??= readdirSync(MACRO_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({
      path: fileURLToPath(new URL(name, MACRO_DIR)),
      text: readFileSync(new URL(name, MACRO_DIR), 'utf8'),
      namespace: 'dbt',
      lazy: true,
    }));
  return cached;
}
