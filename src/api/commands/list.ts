import { assertNever } from '../../errors/index.js';
import type { ResourceType } from '../../model/node.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { parse } from '../session/parse.js';
import { selectForCommand } from '../session/select.js';

export type ListOutput = 'name' | 'path' | 'json' | 'selector';

/** `ldp ls`: the nodes a selection matches, one per line (dbt's default output is the fqn selector). */
export async function list(
  options: ProjectOptions &
    SelectionOptions & { output?: ListOutput; resourceTypes?: readonly ResourceType[] },
): Promise<string[]> {
  const parsed = await parse(options);
  const selected = selectForCommand(parsed, options, options.resourceTypes);
  const lines = selected.map((id) => {
    const node = parsed.manifest.nodes.get(id)!;
    switch (options.output ?? 'selector') {
      case 'name':
        return node.name;
      case 'path':
        return node.originalFilePath;
      case 'json':
        return JSON.stringify({
          unique_id: node.uniqueId,
          name: node.name,
          resource_type: node.resourceType,
          package_name: node.packageName,
          original_file_path: node.originalFilePath,
          tags: node.tags,
          ...('layer' in node && node.layer ? { layer: node.layer } : {}),
          ...('config' in node ? { config: node.config } : {}),
        });
      case 'selector':
        return node.resourceType === 'source' ? `source:${node.fqn.join('.')}` : node.fqn.join('.');
      default:
        return assertNever(options.output as never, 'ls output');
    }
  });
  parsed.reporter.report({ kind: 'output', text: lines.join('\n') });
  return lines;
}
