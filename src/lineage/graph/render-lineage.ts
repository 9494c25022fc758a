import { assertNever } from '../../errors/index.js';
import type { LineageSubgraph } from './graph-types.js';
import { renderLineageDot } from './render-dot.js';
import { renderLineageMermaid } from './render-mermaid.js';
import { renderLineageText } from './render-text.js';

/** Output formats of `ldp lineage`. */
export type LineageFormat = 'text' | 'json' | 'dot' | 'mermaid';

/** Every format, for option validation and help text. */
export const LINEAGE_FORMATS: readonly LineageFormat[] = ['text', 'json', 'dot', 'mermaid'];

/** The subgraph in one output format; every format ends with a newline. */
export function renderLineage(subgraph: LineageSubgraph, format: LineageFormat): string {
  switch (format) {
    case 'text':
      return renderLineageText(subgraph);
    case 'json':
      return `${JSON.stringify(subgraph, null, 2)}\n`;
    case 'dot':
      return renderLineageDot(subgraph);
    case 'mermaid':
      return renderLineageMermaid(subgraph);
    default:
      return assertNever(format, 'lineage format');
  }
}
