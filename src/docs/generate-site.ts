import { buildSiteData } from './build-site-data.js';
import type { DocsAssets } from './docs-assets.js';
import type { DocsInput } from './docs-input.js';
import { siteHtml } from './site-html.js';

/** One file of the site, by its path relative to the site's folder (always with `/`). */
export interface DocsSiteFile {
  readonly path: string;
  readonly content: string;
}

/** The whole static site: `index.html` and the assets it loads from next to it. */
export interface DocsSite {
  readonly files: readonly DocsSiteFile[];
}

/**
 * Generates the docs site. Pure and deterministic: the same input and assets give the same
 * bytes. The caller writes the files (`writeDocsSite`); the site opens from disk with no server.
 */
export function generateDocsSite(input: DocsInput, assets: DocsAssets): DocsSite {
  return {
    files: [
      { path: 'index.html', content: siteHtml(buildSiteData(input)) },
      { path: 'assets/ldp-docs.js', content: assets.script },
      { path: 'assets/ldp-docs.css', content: assets.style },
      { path: 'assets/dagre.min.js', content: assets.layoutLibrary },
      { path: 'assets/THIRD-PARTY-LICENSES.txt', content: assets.licenses },
    ],
  };
}
