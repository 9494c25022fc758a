import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

describe('a template syntax error in a model others refer to', () => {
  it('is reported at file:line:col, alone: no messages about the files that name the broken model', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/silver/unclosed.sql': 'select 1 as id\n{% if true %}\n, 2 as two\n',
      'models/silver/no_end.sql': 'select 1 as id,\n  {{ var("x" as y\nfrom t\n',
      'models/silver/down.sql': "select * from {{ ref('unclosed') }} join {{ ref('no_end') }} using (id)\n",
      'models/silver/props.yml':
        'version: 2\nmodels:\n  - name: unclosed\n    description: b\n  - name: no_end\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });
    const result = runCli(['parse'], root);
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    const codes = [...output.matchAll(/(error|warning)\[(LDP\d+)\]/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(codes).toEqual(['error LDP201', 'error LDP201']);
    expect(output).toContain(
      'expected elif, else, or endif, got end of file\n  --> models/silver/unclosed.sql:2:1',
    );
    expect(output).toContain('add {% endif %} where it should end');
    expect(output).toMatch(/--> models\/silver\/no_end\.sql:2:\d+/);
    expect(output).not.toContain('no such model');
    expect(output).not.toContain('which is not a model');
  });
});
