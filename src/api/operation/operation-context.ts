import { RelationValue } from '../../compile/relation-value.js';
import { didYouMeanHint, LdpError } from '../../errors/index.js';
import { RefIndex } from '../../graph/ref-index.js';
import type { Manifest } from '../../model/manifest.js';
import { DUCKDB_DIALECT, type SqlDialect } from '../../sql/index.js';
import { splitArgs } from '../../template/index.js';

/**
 * `ref()` and `source()` for a macro called by run-operation: any node of the project resolves
 * to its relation (an operation has no dependencies to declare), as in dbt's operation context.
 */
export function operationRelations(
  manifest: Manifest,
  dialect: SqlDialect = DUCKDB_DIALECT,
  targetDatabase?: string,
): Record<string, unknown> {
  const refs = new RefIndex(manifest.nodes.values());
  const ref = (...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const [first, second] = positional.map(String);
    const name = (second ?? first)!;
    const version = keywords['v'] ?? keywords['version'];
    const node = refs.resolve(
      name,
      second === undefined ? undefined : first,
      version == null ? undefined : String(version),
    );
    if (!node || !('relation' in node)) throw unknownNode(`ref('${name}')`, manifest, 'model');
    return new RelationValue(node.relation, undefined, dialect, targetDatabase);
  };
  const source = (sourceName: unknown, table: unknown) => {
    for (const node of manifest.nodes.values())
      if (
        node.resourceType === 'source' &&
        node.sourceName === String(sourceName) &&
        node.name === String(table)
      )
        return new RelationValue(node.relation, undefined, dialect, targetDatabase);
    throw unknownNode(`source('${String(sourceName)}', '${String(table)}')`, manifest, 'source');
  };
  return { ref, source };
}

function unknownNode(call: string, manifest: Manifest, kind: string): LdpError {
  const names = [...manifest.nodes.values()]
    .filter((node) => node.resourceType === kind)
    .map((node) => node.name);
  const wanted = /'([^']*)'\)$/.exec(call)?.[1] ?? '';
  return new LdpError({
    code: 'LDP236',
    message: `run-operation: ${call} names no node of the project`,
    hint: didYouMeanHint(wanted, names) ?? 'Check the name against `ldp ls`.',
  });
}
