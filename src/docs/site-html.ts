import { embedJson } from './embed-json.js';
import { escapeHtml } from './markdown.js';
import type { SiteData } from './site-data.js';

/**
 * Scripts and styles come only from the site's own folder; descriptions may show images from
 * anywhere. Nothing may be fetched or framed, so the page works the same offline.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  'img-src * data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The page: an empty frame the script fills, with the site's data as JSON in a non-executable
 * `<script>` (browsers refuse to fetch a local JSON file from a `file://` page).
 */
export function siteHtml(data: SiteData): string {
  const name = escapeHtml(data.project.name);
  const generated = data.project.generatedAt
    ? `<span class="muted">generated ${escapeHtml(data.project.generatedAt)}</span>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="ldp">
<title>${name} · ldp docs</title>
<link rel="stylesheet" href="assets/ldp-docs.css">
</head>
<body>
<header class="topbar"><a class="brand" id="project-name" href="#/">${name}</a><nav><a href="#/">Overview</a><a href="#/graph">Lineage graph</a></nav>${generated}</header>
<aside id="sidebar" aria-label="Search"></aside>
<main id="main" tabindex="-1"><noscript>This documentation needs JavaScript.</noscript></main>
<script type="application/json" id="ldp-data">${embedJson(data)}</script>
<script src="assets/dagre.min.js"></script>
<script src="assets/ldp-docs.js"></script>
</body>
</html>
`;
}
