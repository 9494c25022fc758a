import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody, type ParseCacheBody } from '../../src/api/session/parse-cache-body.js';
import type { GraphNode } from '../../src/model/node.js';

/** A body of `count` models, each with `meta` in its config. */
function body(count: number, meta: (i: number) => Record<string, unknown>): ParseCacheBody {
  const nodes = new Map<string, GraphNode>();
  for (let i = 0; i < count; i++) {
    const node = {
      resourceType: 'model',
      uniqueId: `model.shop.m_${i}`,
      name: `m_${i}`,
      packageName: 'shop',
      config: { materialized: 'view', meta: meta(i) },
    } as unknown as GraphNode;
    nodes.set(node.uniqueId, node);
  }
  return {
    manifest: { projectName: 'shop', nodes, macros: new Map(), docs: new Map() },
    edges: Int32Array.from([0, 1]),
    properties: [],
  };
}

function metaOf(decoded: ReturnType<typeof decodeBody>, id: string): Record<string, unknown> {
  return (decoded.manifest.nodes.get(id) as unknown as { config: { meta: Record<string, unknown> } }).config
    .meta;
}

describe('the parse cache body', () => {
  it('gives back every value a properties file can hold, JSON or not', () => {
    const odd: Record<string, unknown>[] = [
      { limit: Number.POSITIVE_INFINITY },
      { ratio: Number.NaN },
      { zero: -0 },
      { when: new Date('2024-01-02T03:04:05Z') },
      { absent: undefined },
      { list: [1, undefined, 'x'] },
    ];
    // 3,000 nodes: three segments, one of them with none of the odd values.
    const input = body(3000, (i) => (i < odd.length ? odd[i]! : { owner: `team_${i % 4}`, level: i }));
    const decoded = decodeBody(Buffer.concat(encodeBody(input)));
    expect(decoded.manifest.nodes.size).toBe(3000);
    expect(metaOf(decoded, 'model.shop.m_0')['limit']).toBe(Number.POSITIVE_INFINITY);
    expect(metaOf(decoded, 'model.shop.m_1')['ratio']).toBeNaN();
    expect(Object.is(metaOf(decoded, 'model.shop.m_2')['zero'], -0)).toBe(true);
    expect(metaOf(decoded, 'model.shop.m_3')['when']).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect('absent' in metaOf(decoded, 'model.shop.m_4')).toBe(true);
    expect(metaOf(decoded, 'model.shop.m_5')['list']).toStrictEqual([1, undefined, 'x']);
    expect(metaOf(decoded, 'model.shop.m_2999')).toStrictEqual({ owner: 'team_3', level: 2999 });
    expect([...decoded.manifest.nodes.keys()]).toEqual([...input.manifest.nodes.keys()]);
    expect([...decoded.edges]).toEqual([0, 1]);
    // After each segment's length, how it is stored: the odd values need v8's format, the rest JSON.
    expect(decoded.segments.map((segment) => segment[4])).toEqual([0, 1, 1]);
  });

  it('copies the stored bytes of what a partial parse did not change', () => {
    const first = encodeBody(body(2100, (i) => ({ level: i })));
    const stored = decodeBody(Buffer.concat(first));
    const next = body(2100, (i) => ({ level: i === 5 ? -5 : i }));
    const nodes = new Map(stored.manifest.nodes);
    nodes.set('model.shop.m_5', next.manifest.nodes.get('model.shop.m_5')!);
    const changed: ParseCacheBody = { ...stored, manifest: { ...stored.manifest, nodes } };
    const parts = encodeBody(changed, { body: stored, changed: new Set(['model.shop.m_5']) });
    // The project part and the edges, then the two unchanged segments, as stored.
    expect(parts).toContain(stored.projectPart);
    expect(parts).toContain(stored.edgesPart);
    expect(parts).toContain(stored.segments[1]);
    expect(parts).toContain(stored.segments[2]);
    expect(parts).not.toContain(stored.segments[0]);
    const decoded = decodeBody(Buffer.concat(parts));
    expect(metaOf(decoded, 'model.shop.m_5')).toStrictEqual({ level: -5 });
    expect(metaOf(decoded, 'model.shop.m_6')).toStrictEqual({ level: 6 });
  });
});
