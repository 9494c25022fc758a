import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MacroFile } from '../../template/index.js';
import { installRoot } from '../../util/install-root.js';

const MACRO_DIR = join(installRoot(import.meta.url), 'templates', 'macros');

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
      path: join(MACRO_DIR, name),
      text: readFileSync(join(MACRO_DIR, name), 'utf8'),
      namespace: 'dbt',
      lazy: true,
    }));
  return cached;
}
