import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import { buildSiteData } from '../../src/docs/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

describe('docs config in the docs site', () => {
  it('hides nodes with docs.show false and colours nodes with docs.node_color', async () => {
    const root = tempProject({
      'ldp_project.yml':
        'name: shop\nmodels:\n  shop:\n    internal:\n      +docs: {show: false}\n    gold:\n      +docs: {node_color: "#ff8800"}\n',
      'models/internal/scratch.sql': 'select 1 as id',
      'models/silver/orders.sql': 'select 1 as id',
      'models/silver/silver.yml': 'version: 2\nmodels:\n  - name: orders\n    docs: {show: false}\n',
      'models/gold/revenue.sql':
        "{{ config(docs={'node_color': 'red; x: y'}) }}select * from {{ ref('orders') }}",
      'models/gold/totals.sql': "select * from {{ ref('orders') }}",
    });
    const { manifest } = await parse(isolated(root));
    const data = buildSiteData({ projectName: 'shop', manifest });
    const ids = data.nodes.map((node) => node.id);
    expect(ids).toEqual(['model.shop.revenue', 'model.shop.totals']);
    const byId = new Map(data.nodes.map((node) => [node.id, node]));
    expect(byId.get('model.shop.totals')?.color).toBe('#ff8800');
    // Not a colour: it would end up in the page's markup, so it is left out.
    expect(byId.get('model.shop.revenue')?.color).toBeUndefined();
  });
});
