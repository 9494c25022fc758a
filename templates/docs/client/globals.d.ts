// Types for the page's scripts (checked with `tsc -p templates/docs/tsconfig.json`).
import type * as Dagre from '@dagrejs/dagre';
import type * as Site from '../../../src/docs/site-data.js';

declare global {
  /** dagre's browser build, loaded from `assets/dagre.min.js` before the page's script. */
  const dagre: typeof Dagre;
  type SiteData = Site.SiteData;
  type SiteNode = Site.SiteNode;
  type SiteColumn = Site.SiteColumn;
  type SiteNodeType = Site.SiteNodeType;
  type SiteTestResult = Site.SiteTestResult;
}
