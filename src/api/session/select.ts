import { compareState } from '../../artifacts/compare-state.js';
import { selectNodes } from '../../graph/selection/index.js';
import type { ResourceType } from '../../model/node.js';
import type { SelectionOptions } from './options.js';
import type { ParsedProject } from './parse.js';
import { readStateManifest } from './state-manifest.js';

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
    ...(options.state
      ? {
          state: compareState(parsed.manifest, parsed.project.target, readStateManifest(options.state)),
        }
      : {}),
  });
  for (const warning of result.warnings)
    parsed.reporter.report({ kind: 'info', message: `warning: ${warning}` });
  return result.selected;
}
