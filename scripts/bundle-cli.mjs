/**
 * Bundles the CLI that `tsc` compiled (dist/cli/main.js) and its compile worker into a few files
 * in dist/cli/: Node's ES module loader spends about a millisecond per module, and one `ldp`
 * command loads hundreds. Commands stay separate chunks, loaded only when they run, and the
 * native modules (DuckDB, SQLite) stay outside the bundle. Chunks sit next to the entry, so
 * paths the code builds from `import.meta.url` (`../../templates`) resolve as in dist/<folder>/.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist', 'cli');

// Chunks of an earlier build.
for (const name of readdirSync(out)) if (name.startsWith('chunk-')) rmSync(join(out, name));

await build({
  entryPoints: {
    main: join(out, 'main.js'),
    'compile-worker': join(root, 'dist', 'api', 'compile', 'compile-worker.js'),
    'write-files-worker': join(root, 'dist', 'api', 'compile', 'write-files-worker.js'),
  },
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  allowOverwrite: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  // The BigQuery client stays a package: it reads its own package.json and loads only on demand.
  external: ['@duckdb/node-api', 'better-sqlite3', '@google-cloud/bigquery', 'google-auth-library'],
  // Bundled CommonJS packages (nunjucks) call `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __ldpCreateRequire } from 'node:module'; const require = __ldpCreateRequire(import.meta.url);",
  },
});
