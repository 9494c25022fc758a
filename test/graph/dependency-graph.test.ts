import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import { dependencyGraph, executionLayers } from '../../src/graph/dependency-graph.js';
import { isolated, tempProject } from '../support/temp-project.js';

describe('dependency graph', () => {
  it('is a graphology DAG whose generations give a run order', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/a.sql': 'select 1',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('a') }}",
      'models/d.sql': "select * from {{ ref('b') }} join {{ ref('c') }} using (x)",
    });
    const { manifest } = await parse(isolated(root));
    const graph = dependencyGraph(manifest);
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(4);
    expect(executionLayers(manifest, manifest.nodes.keys())).toEqual([
      ['model.shop.a'],
      ['model.shop.b', 'model.shop.c'],
      ['model.shop.d'],
    ]);
    expect(executionLayers(manifest, ['model.shop.b', 'model.shop.d'])).toEqual([
      ['model.shop.b'],
      ['model.shop.d'],
    ]);
  });
});
