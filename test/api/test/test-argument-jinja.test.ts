import { describe, expect, it } from 'vitest';
import { execute, nodeName } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

describe('generic test arguments with Jinja', () => {
  it('are rendered natively, as dbt does: a var holding a list is the list of accepted values', async () => {
    const root = tempProject({
      'dbt_project.yml': "name: shop\nvars:\n  codes: ['SE', 'NO']\n  low: 1\n",
      'models/countries.sql': "select * from (values ('SE', 1), ('NO', 2), ('DK', 3)) as t(code, n)",
      'models/countries.yml': [
        'version: 2',
        'models:',
        '  - name: countries',
        '    columns:',
        '      - name: code',
        '        data_tests:',
        '          - accepted_values:',
        '              name: known_codes',
        `              values: "{{ var('codes') }}"`,
        '      - name: n',
        '        data_tests:',
        '          - accepted_range:',
        '              name: n_in_range',
        `              min_value: "{{ var('low') }}"`,
        `              max_value: "{{ var('low') + 1 }}"`,
        '',
      ].join('\n'),
    });
    await execute('run', root);
    const result = await execute('test', root);
    const byName = Object.fromEntries(result.results.map((r) => [nodeName(r.uniqueId), r.failures]));
    // 'DK' is the one value outside the var's list (not 26 letters of the template's text).
    expect(byName['known_codes']).toBe(1);
    // Numbers, not texts: 3 is the one value above 1 + 1.
    expect(byName['n_in_range']).toBe(1);
  });
});
