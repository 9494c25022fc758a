import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

describe('snapshot blocks', () => {
  it('place the refs, sources and errors of a block at their line in the file', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1 as id',
      'snapshots/history.sql': [
        '-- Order history, kept as SCD type 2.',
        '',
        '{% snapshot orders_history %}',
        "{{ config(unique_key='id', strategy='check', check_cols='all') }}",
        "select * from {{ ref('orders') }}",
        "union all select * from {{ ref('ordrs') }}",
        '{% endsnapshot %}',
      ].join('\n'),
    });
    await expect(parse(isolated(root))).rejects.toMatchObject({
      code: 'LDP301',
      span: { file: 'snapshots/history.sql', line: 6, col: 28 },
    });
  });
});
