import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { tempProject } from '../support/temp-project.js';
import { errorsOf } from './errors-of.js';

const load = (root: string, extra: Record<string, unknown> = {}) =>
  loadProject({ projectDir: root, env: {}, homeDir: join(root, '.home'), ...extra });

describe('project loading', () => {
  it('reads ldp_project.yml with dbt defaults for every path', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n', 'models/a.sql': 'select 1' });
    const project = await load(root);
    expect(project.config).toMatchObject({
      name: 'shop',
      modelPaths: ['models'],
      seedPaths: ['seeds'],
      testPaths: ['tests'],
      macroPaths: ['macros'],
      snapshotPaths: ['snapshots'],
      analysisPaths: ['analyses'],
      targetPath: 'target',
      cleanTargets: ['target', 'dbt_packages'],
      packagesInstallPath: 'dbt_packages',
      layers: ['bronze', 'silver', 'gold'],
      enforceLayerOrder: true,
    });
    expect(project.files.map((f) => [f.kind, f.path])).toEqual([['model', 'models/a.sql']]);
  });

  it('reads dbt_project.yml with the same keys, and paths that do not exist are fine', async () => {
    const root = tempProject({
      'dbt_project.yml': [
        'name: shop',
        'version: "1.0"',
        'config-version: 2',
        'profile: shop',
        'model-paths: [transform, missing]',
        'seed-paths: [data]',
        'require-dbt-version: ">=1.7.0"',
        'on-run-start: "select 1"',
        'on-run-end: ["select 2", "select 3"]',
        'vars: {a: 1, shop: {b: 2}}',
        'clean-targets: [target, logs]',
      ].join('\n'),
      'transform/x.sql': 'select 1',
    });
    const project = await load(root);
    expect(project.configFile).toBe('dbt_project.yml');
    expect(project.config.modelPaths).toEqual(['transform', 'missing']);
    expect(project.config.onRunStart).toEqual(['select 1']);
    expect(project.config.onRunEnd).toEqual(['select 2', 'select 3']);
    expect(project.vars).toEqual({ a: 1, b: 2 });
    expect(project.files.map((f) => f.path)).toEqual(['transform/x.sql']);
  });

  it('reports an unknown key at its line with a suggestion', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\nmodel-path: [models]\n' });
    const [error] = await errorsOf(load(root));
    expect(error?.code).toBe('LDP103');
    expect(error?.span).toEqual({ file: 'ldp_project.yml', line: 2, col: 1 });
    expect(error?.hint).toContain("Did you mean 'model-paths'?");
  });

  it('warns about dbt keys it knows but does not use, and not about ones that change nothing it builds', async () => {
    const root = tempProject({
      'ldp_project.yml':
        'name: shop\nquery-comment: "x"\nquoting: {identifier: false}\nmodels:\n  shop:\n    +access: protected\n    +sql_header: "set x = 1"\n',
    });
    const project = await load(root);
    expect(project.warnings.map((w) => [w.code, w.span?.line])).toEqual([
      ['LDP102', 3],
      ['LDP102', 7],
    ]);
  });

  it('reports a bad config value in the models tree with the allowed values', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    silver:\n      +materialized: tabel\n',
    });
    const [error] = await errorsOf(load(root));
    expect(error?.code).toBe('LDP104');
    expect(error?.span).toEqual({ file: 'ldp_project.yml', line: 5, col: 7 });
    expect(error?.hint).toContain("Did you mean 'table'?");
  });

  it('reports YAML syntax errors with file:line:col and the parser message', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +tags: [a, b\n    +materialized: table\n',
    });
    const [error] = await errorsOf(load(root));
    expect(error?.code).toBe('LDP101');
    expect(error?.span).toEqual({ file: 'ldp_project.yml', line: 5, col: 5 });
    expect(error?.message).toBe(
      'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
  });

  it('explains a missing project file', async () => {
    const root = tempProject({ 'README.md': '' });
    const [error] = await errorsOf(load(root));
    expect(error?.code).toBe('LDP100');
    expect(error?.hint).toContain('ldp init');
  });

  it('parses --vars as YAML or JSON and reports bad syntax', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\nvars: {a: 1, b: 2}\n' });
    expect((await load(root, { vars: '{b: 3, c: x}' })).vars).toEqual({ a: 1, b: 3, c: 'x' });
    expect((await load(root, { vars: '{"b": 4}' })).vars).toEqual({ a: 1, b: 4 });
    const [error] = await errorsOf(load(root, { vars: '{b: [' }));
    expect(error?.code).toBe('LDP901');
    const [notMap] = await errorsOf(load(root, { vars: '[1, 2]' }));
    expect(notMap?.message).toContain('mapping');
  });

  it('finds files by kind and skips target, warehouse and dot folders', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/silver/a.sql': 'select 1',
      'models/schema.yml': 'version: 2',
      'models/.hidden/b.sql': 'select 1',
      'seeds/s.csv': 'a\n1',
      'macros/m.sql': '',
      'tests/t.sql': 'select 1 where false',
      'tests/generic/g.sql': '{% test g(model) %}select 1{% endtest %}',
      'snapshots/snap.sql': '',
      'analyses/an.sql': 'select 1',
      'models/docs.md': '{% docs x %}y{% enddocs %}',
      'target/compiled/x.sql': 'select 1',
    });
    const project = await load(root);
    expect(project.files.map((f) => `${f.kind}:${f.path}`)).toEqual([
      'analysis:analyses/an.sql',
      'macro:macros/m.sql',
      'docs:models/docs.md',
      'properties:models/schema.yml',
      'model:models/silver/a.sql',
      'seed:seeds/s.csv',
      'snapshot:snapshots/snap.sql',
      'macro:tests/generic/g.sql',
      'test:tests/t.sql',
    ]);
  });

  it('reads .py files under model paths as Python models (and ignores them elsewhere)', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/py_model.py': 'def model(): pass',
      'macros/helper.py': '',
    });
    const project = await load(root);
    expect(project.files.map((f) => `${f.kind}:${f.path}`)).toEqual(['python_model:models/py_model.py']);
  });

  it('skips generated folders by place, not by name, and honours configured paths', async () => {
    const root = tempProject({
      'ldp_project.yml':
        'name: shop\nmodel-paths: [".", "models"]\ntarget-path: build/out\ntest-paths: [checks]\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      warehouse: lake\n',
      'models/logs/parse_logs.sql': 'select 1',
      'models/target/x.sql': 'select 1',
      'build/out/compiled.sql': 'select 1',
      'lake/t/metadata.sql': '',
      'logs/x.sql': '',
      'node_modules/pkg/x.sql': '',
      'dbt_packages/pkg/y.sql': '',
      'checks/generic/g.sql': '{% test g(model) %}select 1{% endtest %}',
      'checks/not_generic/t.sql': 'select 1',
      'checks/generic_tests/u.sql': 'select 1',
    });
    const project = await load(root);
    expect(project.files.map((f) => `${f.kind}:${f.path}:${f.rootPath}`)).toEqual([
      'macro:checks/generic/g.sql:checks',
      'test:checks/generic_tests/u.sql:checks',
      'test:checks/not_generic/t.sql:checks',
      'model:models/logs/parse_logs.sql:models',
      'model:models/target/x.sql:models',
    ]);
  });

  it('reads seeds without their text and keeps file text for the rest', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'seeds/countries.csv': 'code,name\nNL,Netherlands\n',
      'seeds/props.yaml': 'version: 2\n',
      'models/a.sql': 'select 42',
    });
    const project = await load(root);
    expect(project.files.map((f) => [f.kind, f.path, f.text])).toEqual([
      ['model', 'models/a.sql', 'select 42'],
      ['seed', 'seeds/countries.csv', ''],
      ['properties', 'seeds/props.yaml', 'version: 2\n'],
    ]);
    expect(project.files[1]?.absolutePath).toBe(join(root, 'seeds', 'countries.csv'));
  });

  it('collects errors of the project file, profile and --vars together', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: tabel\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    prod:\n      type: duckdb\n',
      'models/p.py': '',
    });
    const errors = await errorsOf(load(root, { vars: '[1]' }));
    expect(errors.map((e) => e.code)).toEqual(['LDP104', 'LDP901', 'LDP112']);
  });
});
