import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MACRO_DIR = new URL('../../templates/macros/', import.meta.url);

let cached: { path: string; text: string }[] | undefined;

/** ldp's built-in macro files (generic tests, schema and alias naming), shipped in `templates/macros`. */
export function builtinMacroFiles(): { path: string; text: string }[] {
  cached ??= readdirSync(MACRO_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({
      path: fileURLToPath(new URL(name, MACRO_DIR)),
      text: readFileSync(new URL(name, MACRO_DIR), 'utf8'),
    }));
  return cached;
}
