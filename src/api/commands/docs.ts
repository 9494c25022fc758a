import { join, relative } from 'node:path';
import {
  type DocsServer,
  generateDocsSite,
  loadDocsAssets,
  serveDocs,
  writeDocsSite,
} from '../../docs/index.js';
import { silentReporter } from '../../model/reporter.js';
import { compileProjectNodes } from '../compile/compile-project.js';
import { type CatalogDocsFacts, catalogDocsFacts } from '../inspect/docs-facts.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';

export interface DocsGenerateResult {
  /** Absolute path of the site folder (`<project>/target/docs`). */
  readonly dir: string;
  /** Files written, relative to `dir`. */
  readonly files: readonly string[];
  /** Whether a catalog was found (a project never run documents its manifest only). */
  readonly withCatalog: boolean;
}

export interface DocsServeOptions extends ProjectOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
}

/**
 * `ldp docs generate`: writes the static docs site to `target/docs`. The site documents every
 * node of the parsed project with its compiled SQL (compiled now, written nowhere) and, when
 * the warehouse was built, the catalog's facts: Iceberg columns, row counts, sizes and snapshot
 * history, the last data test results and the stored lineage. The catalog is read without a lock.
 */
export async function docsGenerate(options: ProjectOptions): Promise<DocsGenerateResult> {
  const parsed = await parse(options);
  const reporter = options.reporter ?? silentReporter;
  const compiled = await compileProjectNodes(parsed, ['model', 'snapshot', 'test']);
  const catalog = openCatalogIfBuilt(parsed.project.target);
  let facts: CatalogDocsFacts = {};
  try {
    if (catalog)
      facts = catalogDocsFacts(catalog, parsed.manifest, (diagnostic) =>
        reporter.report({ kind: 'diagnostic', diagnostic }),
      );
  } finally {
    catalog?.close();
  }
  const site = generateDocsSite(
    {
      projectName: parsed.project.config.name,
      manifest: parsed.manifest,
      compiledSql: new Map([...compiled].map(([id, node]) => [id, node.sql])),
      ...facts,
      generatedAt: (options.clock ?? (() => new Date()))().toISOString(),
    },
    await loadDocsAssets(),
  );
  const dir = docsDir(parsed.project.root, parsed.project.config.targetPath);
  await writeDocsSite(site, dir);
  reporter.report({
    kind: 'info',
    message: `Wrote the docs site to ${join(relative(process.cwd(), dir) || '.', 'index.html')}${catalog ? '' : ' (nothing built yet: manifest only)'}`,
  });
  return { dir, files: site.files.map((f) => f.path), withCatalog: catalog !== undefined };
}

/**
 * `ldp docs serve`: serves `target/docs` on 127.0.0.1 (read-only; nothing outside the folder).
 * The caller stops it with `close()`; the CLI does so on Ctrl-C.
 */
export async function docsServe(options: DocsServeOptions): Promise<DocsServer> {
  const project = await loadProjectOnly(options);
  const server = await serveDocs({
    dir: docsDir(project.root, project.config.targetPath),
    port: options.port ?? 8080,
    host: '127.0.0.1',
  });
  (options.reporter ?? silentReporter).report({
    kind: 'info',
    message: `Serving the docs at ${server.url} (Ctrl-C to stop)`,
  });
  return server;
}

function docsDir(root: string, targetPath: string): string {
  return join(root, targetPath, 'docs');
}
