import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/errors/index.js';
import { loadProject } from '../../src/project/index.js';
import { tempProject } from '../support/temp-project.js';
import { errorsOf } from './errors-of.js';

const load = (root: string, extra: Record<string, unknown> = {}) =>
  loadProject({ projectDir: root, env: {}, homeDir: join(root, '.home'), ...extra });

describe('the project file', () => {
  it('prefers ldp_project.yml over dbt_project.yml and warns', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: native\n',
      'dbt_project.yml': 'name: dbt\n',
    });
    const project = await load(root);
    expect(project.configFile).toBe('ldp_project.yml');
    expect(project.config.name).toBe('native');
    expect(project.warnings.map((w) => [w.code, w.message])).toEqual([
      ['LDP106', 'both ldp_project.yml and dbt_project.yml exist; using ldp_project.yml'],
    ]);
  });

  it('reads every dbt key, with docs-paths defaulting to all the other paths', async () => {
    const root = tempProject({
      'dbt_project.yml': [
        'name: shop',
        'version: 1.2',
        'config-version: 2',
        'profile: warehouse',
        'model-paths: [transform]',
        'seed-paths: [data]',
        'test-paths: [checks]',
        'macro-paths: [lib]',
        'snapshot-paths: [history]',
        'analysis-paths: [adhoc]',
        'target-path: build',
        'clean-targets: [build, logs]',
        'require-dbt-version: [">=1.7.0", "<2.0.0"]',
        'seeds:',
        '  shop:',
        '    +column_types: {id: bigint}',
        'snapshots:',
        '  shop:',
        '    +target_schema: snapshots',
        'tests:',
        '  shop:',
        '    +severity: warn',
        'data_tests:',
        '  shop:',
        '    +store_failures: true',
        'medallion:',
        '  layers: [raw, curated]',
        '  enforce_layer_order: false',
      ].join('\n'),
    });
    const { config } = await load(root);
    expect(config).toMatchObject({
      name: 'shop',
      version: '1.2',
      configVersion: 2,
      profile: 'warehouse',
      modelPaths: ['transform'],
      seedPaths: ['data'],
      testPaths: ['checks'],
      macroPaths: ['lib'],
      snapshotPaths: ['history'],
      analysisPaths: ['adhoc'],
      docsPaths: ['transform', 'data', 'checks', 'lib', 'history', 'adhoc'],
      targetPath: 'build',
      cleanTargets: ['build', 'logs'],
      requireDbtVersion: ['>=1.7.0', '<2.0.0'],
      layers: ['raw', 'curated'],
      enforceLayerOrder: false,
    });
    expect(config.seeds.children['shop']?.config['column_types']?.value).toEqual({ id: 'bigint' });
    expect(config.snapshots.children['shop']?.config['target_schema']?.value).toBe('snapshots');
    expect(config.dataTests.children['shop']?.config).toMatchObject({
      severity: { value: 'warn' },
      store_failures: { value: true },
    });
    expect(config.spans['medallion']).toEqual({ file: 'dbt_project.yml', line: 26, col: 1 });
  });

  it('renders Jinja in project values, but not in hooks or vars', async () => {
    const root = tempProject({
      'ldp_project.yml': [
        'name: shop',
        'model-paths: ["{{ upper }}"]',
        'on-run-start: ["{{ keep }}"]',
        'vars:',
        '  v: "{{ keep }}"',
        'models:',
        '  shop:',
        '    +schema: "{{ upper }}"',
        '    +pre-hook: "{{ keep }}"',
        '    +enabled: "{{ truthy }}"',
      ].join('\n'),
    });
    const rendered: [string, Span][] = [];
    const renderString = (text: string, span: Span) => {
      rendered.push([text, span]);
      return text === '{{ truthy }}' ? 'true' : text.replace('{{ upper }}', 'MODELS');
    };
    const project = await load(root, { renderString });
    expect(project.config.modelPaths).toEqual(['MODELS']);
    expect(project.config.onRunStart).toEqual(['{{ keep }}']);
    expect(project.vars).toEqual({ v: '{{ keep }}' });
    const shop = project.config.models.children['shop']!;
    expect(shop.config['schema']?.value).toBe('MODELS');
    expect(shop.config['pre-hook']?.value).toBe('{{ keep }}');
    expect(shop.config['enabled']?.value).toBe(true);
    expect(rendered.map(([text, span]) => [text, span.line, span.col])).toEqual([
      ['{{ upper }}', 2, 15],
      ['{{ upper }}', 8, 14],
      ['{{ truthy }}', 10, 15],
    ]);
  });

  it('reports every problem of the file at once, each at its line', async () => {
    const root = tempProject({
      'ldp_project.yml': [
        'name: shop',
        'model-path: [models]',
        'source-paths: [models]',
        'config-version: 1',
        'model-paths: models',
        'medallion:',
        '  layer: [a]',
      ].join('\n'),
    });
    const errors = await errorsOf(load(root));
    expect(errors.map((e) => [e.code, e.span?.line, e.span?.col])).toEqual([
      ['LDP103', 2, 1],
      ['LDP103', 3, 1],
      ['LDP104', 4, 17],
      ['LDP104', 5, 14],
      ['LDP103', 7, 3],
    ]);
    expect(errors[0]?.hint).toBe("Did you mean 'model-paths'?");
    expect(errors[1]?.hint).toBe("'source-paths' was renamed to 'model-paths'.");
    expect(errors[2]?.hint).toBe('Allowed values: 2.');
    expect(errors[3]?.hint).toBe('Expected a list.');
    expect(errors[4]?.hint).toBe("Did you mean 'layers'?");
  });

  it('accepts dbt project keys it does not use yet, with a warning at each key that could change a build', async () => {
    const root = tempProject({
      'ldp_project.yml': [
        'name: shop',
        'dispatch: [{macro_namespace: dbt_utils, search_order: [shop, dbt_utils]}]',
        'flags: {send_anonymous_usage_stats: false}',
        'query-comment: "{{ ldp_comment() }}"',
        'restrict-access: true',
        'dbt-cloud: {project-id: 12345}',
        'semantic-models: {+enabled: true}',
        'quoting: {identifier: false}',
        'packages: []',
        'sources:',
        '  shop:',
        '    +enabled: true',
      ].join('\n'),
    });
    const project = await load(root);
    expect(project.config.dispatch).toEqual([
      { macroNamespace: 'dbt_utils', searchOrder: ['shop', 'dbt_utils'] },
    ]);
    expect(project.warnings.map((w) => [w.code, w.span?.line, w.message.split(' is ')[0]])).toEqual([
      ['LDP102', 3, "'flags' in ldp_project.yml"],
      ['LDP102', 8, "'quoting' in ldp_project.yml"],
      ['LDP102', 9, "'packages' in ldp_project.yml"],
      ['LDP102', 10, "'sources' in ldp_project.yml"],
    ]);
  });

  it('requires a name, and a mapping', async () => {
    const [missing] = await errorsOf(load(tempProject({ 'ldp_project.yml': 'version: 1\n' })));
    expect(missing?.message).toBe("'name' is required in ldp_project.yml");
    expect(missing?.hint).toBe('Add name: <string>.');
    const [list] = await errorsOf(load(tempProject({ 'ldp_project.yml': '- name: x\n' })));
    expect(list?.code).toBe('LDP105');
  });

  it('treats an empty folder key as a folder, not an unknown config', async () => {
    const root = tempProject({
      'ldp_project.yml':
        'name: shop\nmodels:\n  shop:\n    staging:\n    marts:\n      +materialized: table\n',
    });
    const { config } = await load(root);
    expect(Object.keys(config.models.children['shop']!.children)).toEqual(['staging', 'marts']);
  });

  it('reads scoped and global vars, with --vars on top', async () => {
    const root = tempProject({
      'ldp_project.yml':
        'name: shop\nvars:\n  start: 2023-01-01\n  shop:\n    limit: 5\n  other_pkg:\n    x: 1\n',
    });
    const project = await load(root, { vars: '{limit: 10, extra: "2024-02-02"}' });
    expect(project.vars).toEqual({
      start: '2023-01-01',
      other_pkg: { x: 1 },
      limit: 10,
      extra: '2024-02-02',
    });
    expect(project.cliVars).toEqual({ limit: 10, extra: '2024-02-02' });
  });

  it('reads selectors.yml by name with spans, and checks its entries', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'selectors.yml':
        'selectors:\n  - name: nightly\n    description: all gold\n    definition: "tag:nightly"\n  - name: gold\n    default: true\n    definition:\n      method: path\n      value: models/gold\n',
    });
    const { selectors } = await load(root);
    expect(Object.keys(selectors)).toEqual(['nightly', 'gold']);
    expect(selectors['gold']).toEqual({
      name: 'gold',
      default: true,
      definition: { method: 'path', value: 'models/gold' },
      span: { file: 'selectors.yml', line: 5, col: 5 },
    });
    const bad = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'selectors.yml':
        'selectors:\n  - name: a\n    defintion: x\n  - name: b\n    definition: y\n  - name: b\n    definition: z\n',
    });
    const errors = await errorsOf(load(bad));
    expect(errors.map((e) => [e.span?.line, e.message])).toEqual([
      [3, "unknown key 'defintion' in a selector of selectors.yml"],
      [2, 'every selector needs a name and a definition'],
      [6, "selector 'b' is defined twice in selectors.yml"],
    ]);
    expect(errors[0]?.hint).toBe("Did you mean 'definition'?");
  });
});
