import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

const PYTHON_MODEL = [
  '# dbt.ref("not_a_parent") in a comment is not a dependency',
  'def model(dbt, session):',
  '    dbt.config(materialized="table", packages=["pandas"])',
  '    return dbt.ref("parent").df()',
  '',
].join('\n');

/** A SQL parent, a Python model reading it, a SQL child of the Python model, and an unrelated model. */
function project(): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'models/parent.sql': 'select 1 as id',
    'models/py_model.py': PYTHON_MODEL,
    'models/child.sql': "select * from {{ ref('py_model') }}",
    'models/independent.sql': 'select 2 as id',
  });
}

describe('Python models', () => {
  it('parse and compile as graph nodes, written unchanged, with language python in the manifest', () => {
    const root = project();
    const compiled = runCli(['compile'], root);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(compiled.stderr).not.toContain('LDP102');
    expect(readFileSync(join(root, 'target/compiled/shop/models/py_model.py'), 'utf8')).toBe(PYTHON_MODEL);
    const manifest = JSON.parse(readFileSync(join(root, 'target/manifest.json'), 'utf8'));
    const node = manifest.nodes['model.shop.py_model'];
    expect([node.language, node.raw_code, node.depends_on.nodes]).toEqual([
      'python',
      PYTHON_MODEL,
      ['model.shop.parent'],
    ]);
    expect(manifest.nodes['model.shop.child'].depends_on.nodes).toEqual(['model.shop.py_model']);
    const listed = runCli(['ls', '--select', '+py_model+'], root);
    expect(listed.stdout.trim().split('\n')).toEqual(['shop.child', 'shop.parent', 'shop.py_model']);
  });

  it('build builds every SQL model but the Python model and its descendants, and exits 1', () => {
    const root = project();
    const built = runCli(['build'], root);
    expect(built.code).toBe(1);
    expect(built.stdout).toMatch(/OK sql table model main\.parent/);
    expect(built.stdout).toMatch(/OK sql table model main\.independent/);
    expect(built.stdout).toMatch(/ERROR python model main\.py_model/);
    expect(built.stdout).toMatch(/SKIP sql table model main\.child/);
    expect(built.stdout).toContain('PASS=2 WARN=0 ERROR=1 SKIP=1 TOTAL=4');
    expect(built.stderr).toContain('error[LDP120]');
    expect(built.stderr).toContain('models/py_model.py:1:1');
    expect(built.stderr).toContain('rewrite it as SQL, or build it with dbt-duckdb');
  });

  it('rejects a materialization dbt does not allow for Python models, at the config call', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/py_model.py':
        'def model(dbt, session):\n    dbt.config(materialized="view")\n    return None\n',
    });
    const parsed = runCli(['parse'], root);
    expect(parsed.code).toBe(1);
    expect(parsed.stderr).toContain('error[LDP123]');
    expect(parsed.stderr).toContain('models/py_model.py:2:5');
  });

  it('rejects a non-literal argument at its place', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/py_model.py': 'def model(dbt, session):\n    name = "a"\n    return dbt.ref(name)\n',
    });
    const parsed = runCli(['parse'], root);
    expect(parsed.code).toBe(1);
    expect(parsed.stderr).toContain('error[LDP121]');
    expect(parsed.stderr).toContain('models/py_model.py:3:20');
  });
});
