import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MacroFile } from '../template/index.js';

const MACRO_DIR = new URL('../../templates/macros/', import.meta.url);

let cached: MacroFile[] | undefined;

/**
 * ldp's built-in macro files (generic tests, schema and alias naming, dbt's cross-database
 * macros), shipped in `templates/macros`. They form dbt's `dbt` namespace: `dbt.dateadd(…)`, and
 * each compiles on first use, so a project pays only for the ones it calls.
 */
export function builtinMacroFiles(): MacroFile[] {
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
