import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/api/index.js';
import { CollectingReporter } from '../../../src/model/reporter.js';
import { execute } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';

describe('ldp compile of a node that reads the warehouse', () => {
  const files = {
    'ldp_project.yml': 'name: shop\n',
    'models/codes.sql': "{{ config(materialized='table') }} select * from (values ('a'), ('b')) t(code)",
    'models/wide.sql': [
      "{% set codes = run_query('select code from ' ~ ref('codes') ~ ' order by 1') %}",
      'select {% for c in (codes.columns[0].values() if execute else []) %}1 as {{ c }}{{ "," if not loop.last }} {% endfor %}',
    ].join('\n'),
  };

  it('before any build: a placeholder and warning LDP237; after a build: the SQL from the lakehouse', async () => {
    const root = tempProject(files);
    const reporter = new CollectingReporter();
    await compile({ ...isolated(root), reporter });
    const path = join(root, 'target/compiled/shop/models/wide.sql');
    expect(readFileSync(path, 'utf8')).toContain('rendered when it runs');
    const codes = reporter.events.flatMap((e) => (e.kind === 'diagnostic' ? [e.diagnostic.code] : []));
    expect(codes).toContain('LDP237');

    await execute('run', root, { select: ['codes'] });
    await compile(isolated(root));
    expect(readFileSync(path, 'utf8').trim()).toBe('select 1 as a, 1 as b');
  });
});
