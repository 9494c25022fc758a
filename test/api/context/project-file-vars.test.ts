import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/api/index.js';
import { isolated, tempProject } from '../../support/temp-project.js';

describe('--vars in the project file', () => {
  const files = {
    'ldp_project.yml': [
      'name: shop',
      'models:',
      '  shop:',
      '    optional:',
      `      +enabled: "{{ var('with_optional', false) }}"`,
      `      +tags: ["{{ var('team', 'core') }}"]`,
      '',
    ].join('\n'),
    'models/base.sql': 'select 1 as n',
    'models/optional/extra.sql': 'select 2 as n',
  };

  it('are what var() reads while the project file is rendered', async () => {
    const root = tempProject(files);
    const without = await parse(isolated(root));
    expect([...without.manifest.nodes.keys()]).toEqual(['model.shop.base']);

    const withVars = await parse(isolated(root, { vars: '{with_optional: true, team: growth}' }));
    const extra = withVars.manifest.nodes.get('model.shop.extra');
    expect(extra?.tags).toEqual(['growth']);
  });
});
