import type { Diagnostics } from '../errors/index.js';
import type { ExposureNode, RefCall, SourceCall } from '../model/node.js';
import type { ExposureDefinition } from '../model/properties.js';
import { extractStatically } from './static-extract.js';

/** An exposure (dashboard, notebook, …) and the refs/sources its `depends_on` lists. */
export function exposureNode(
  projectName: string,
  definition: ExposureDefinition,
  file: string,
  diagnostics: Diagnostics,
): ExposureNode {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  for (const dependency of definition.dependsOn) {
    const captured = extractStatically(`{{ ${dependency} }}`, new Set());
    const ref = captured?.refs[0];
    const source = captured?.sources[0];
    if (ref) {
      const [first, second] = ref.positional.map(String);
      refs.push({ name: (second ?? first)!, ...(second ? { package: first } : {}), span: definition.span });
    } else if (source) {
      sources.push({
        source: String(source.positional[0]),
        table: String(source.positional[1]),
        span: definition.span,
      });
    } else {
      diagnostics.error({
        code: 'LDP311',
        message: `exposure '${definition.name}' depends_on entry ${JSON.stringify(dependency)} is not a ref() or source() call`,
        span: definition.span,
        hint: "Write each entry as ref('model_name') or source('source_name', 'table_name').",
      });
    }
  }
  return {
    resourceType: 'exposure',
    uniqueId: `exposure.${projectName}.${definition.name}`,
    name: definition.name,
    packageName: projectName,
    originalFilePath: file,
    path: file,
    fqn: [projectName, definition.name],
    description: definition.description,
    tags: definition.tags,
    meta: definition.meta,
    span: definition.span,
    exposureType: definition.type,
    ...(definition.maturity ? { maturity: definition.maturity } : {}),
    ...(definition.url ? { url: definition.url } : {}),
    owner: definition.owner,
    refs,
    sources,
  };
}
