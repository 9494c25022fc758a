import { selectNodes } from '../../graph/selection/index.js';
import type { ResourceType } from '../../model/node.js';
import type { SelectionOptions } from './options.js';
import type { ParsedProject } from './parse.js';

/** Applies `--select/--exclude/--selector` for a command scoped to `resourceTypes`; warns on empty matches. */
export function selectForCommand(
  parsed: ParsedProject,
  options: SelectionOptions,
  resourceTypes?: readonly ResourceType[],
): string[] {
  const result = selectNodes(parsed.manifest, {
    ...(options.select ? { select: options.select } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.selector ? { selector: options.selector } : {}),
    selectors: parsed.project.selectors,
    ...(resourceTypes ? { resourceTypes } : {}),
    projectRoot: parsed.project.root,
  });
  for (const warning of result.warnings)
    parsed.reporter.report({ kind: 'info', message: `warning: ${warning}` });
  return result.selected;
}
