import { Marked, type Tokens } from 'marked';

/** Schemes a link or image in a description may use; anything else (`javascript:`…) is dropped. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Markdown as in dbt descriptions (GitHub flavour), made safe to insert into the page:
 * raw HTML is shown as text and links keep only safe schemes. A description is written by the
 * project's authors, but the site may be opened by anyone, so it must not run their markup.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
  },
  walkTokens(token) {
    if (token.type === 'link' || token.type === 'image') {
      const link = token as Tokens.Link | Tokens.Image;
      if (!isSafeUrl(link.href)) link.href = '#';
    }
  },
});

/** Renders markdown to HTML that is safe to insert into the page; empty text gives ''. */
export function renderMarkdown(text: string): string {
  if (text.trim() === '') return '';
  return (markdown.parse(text) as string).trim();
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function isSafeUrl(href: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme (`java\tscript:`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  const compact = href.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return scheme === null || SAFE_SCHEMES.has(scheme[1]!.toLowerCase());
}
