import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The URL to start the worker entry `name` (`compile-worker`) with. Entries sit
 * next to this module: in dist/api/compile from `tsc`, and in dist/cli next to the bundled CLI. From
 * ldp's TypeScript sources (development and tests, run under tsx) a worker thread must register
 * tsx itself before importing a `.ts` entry.
 */
export function workerScript(name: string): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL(`./${name}.js`, here);
  const entry = new URL(`./${name}.ts`, here).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi())}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

function tsxApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (
    JSON.parse(readFileSync(packageJson, 'utf8')) as {
      exports: Record<string, { import: { default: string } }>;
    }
  ).exports;
  return pathToFileURL(join(dirname(packageJson), exports['./esm/api']!.import.default)).href;
}
