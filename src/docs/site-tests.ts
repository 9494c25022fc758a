import type { Manifest } from '../model/manifest.js';
import type { TestNode } from '../model/node.js';
import type { DocsTestResult } from './docs-input.js';
import type { SiteTestInfo } from './site-data.js';

/** Which tests check which node, and which column of it, as node indexes. */
export interface TestIndex {
  /** Tests on a node as a whole, by node id. */
  readonly byNode: ReadonlyMap<string, readonly number[]>;
  /** Tests on a column, by node id and then lower-case column name. */
  readonly byColumn: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

/**
 * A generic test belongs to the node it is attached to (and its column, when it names one); a
 * singular test belongs to every node it reads. Lists follow node order, so they are stable.
 */
export function indexTests(manifest: Manifest, indexOf: ReadonlyMap<string, number>): TestIndex {
  const byNode = new Map<string, number[]>();
  const byColumn = new Map<string, Map<string, number[]>>();
  const push = <K>(map: Map<K, number[]>, key: K, index: number) => {
    const list = map.get(key);
    if (list) list.push(index);
    else map.set(key, [index]);
  };
  for (const [id, index] of [...indexOf].sort((a, b) => a[1] - b[1])) {
    const test = manifest.nodes.get(id);
    if (test?.resourceType !== 'test') continue;
    const owners = test.attachedNode ? [test.attachedNode] : (manifest.parentMap.get(id) ?? []);
    for (const owner of owners) {
      if (!indexOf.has(owner)) continue;
      if (test.attachedNode && test.columnName) {
        const columns = byColumn.get(owner) ?? new Map<string, number[]>();
        byColumn.set(owner, columns);
        push(columns, test.columnName.toLowerCase(), index);
      } else push(byNode, owner, index);
    }
  }
  return { byNode, byColumn };
}

/** What the page shows about a test: its macro, arguments, target and last result. */
export function siteTestInfo(
  test: TestNode,
  indexOf: ReadonlyMap<string, number>,
  result: DocsTestResult | undefined,
): SiteTestInfo {
  const attachedTo = test.attachedNode === undefined ? undefined : indexOf.get(test.attachedNode);
  return {
    testType: test.testType,
    ...(test.testMetadata ? { testName: test.testMetadata.name } : {}),
    ...(test.testMetadata ? { kwargs: JSON.stringify(test.testMetadata.kwargs) } : {}),
    ...(attachedTo !== undefined ? { attachedTo } : {}),
    ...(test.columnName !== undefined ? { column: test.columnName } : {}),
    severity: test.config.severity ?? 'error',
    ...(result ? { result: siteTestResult(result) } : {}),
  };
}

function siteTestResult(result: DocsTestResult): NonNullable<SiteTestInfo['result']> {
  return {
    status: result.status,
    ...(result.failures !== undefined ? { failures: result.failures } : {}),
    ...(result.executedAt !== undefined ? { executedAt: result.executedAt } : {}),
    ...(result.durationMs !== undefined ? { durationMs: result.durationMs } : {}),
    ...(result.message !== undefined ? { message: result.message } : {}),
  };
}
