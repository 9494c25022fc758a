import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api/commands/compile.js';
import { deps } from '../../src/api/commands/deps.js';
import { build } from '../../src/api/commands/run.js';
import { tempProject } from '../support/temp-project.js';

/** A root project `shop` with a local package `kit` beside it. */
function projectWithPackage(): string {
  const base = tempProject({
    'kit/dbt_project.yml': [
      'name: kit',
      'model-paths: [kit_models]',
      'vars: {greeting: hello, kit: {size: 1, colour: red}}',
      'models: {kit: {+materialized: table, +tags: [from_kit]}}',
    ].join('\n'),
    'kit/macros/kit.sql': [
      '{% macro shout(x) %}upper({{ x }}){% endmacro %}',
      "{% macro label() %}{{ return(adapter.dispatch('label', 'kit')()) }}{% endmacro %}",
      "{% macro default__label() %}'kit default'{% endmacro %}",
      "{% macro duckdb__label() %}'kit duckdb'{% endmacro %}",
      '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
    ].join('\n'),
    'kit/kit_models/kit_numbers.sql':
      "select 1 as n, {{ shout(\"'a'\") }} as s, '{{ var('greeting') }}' as g, {{ var('size') }} as size, '{{ var('colour') }}' as colour",
    'kit/seeds/kit_seed.csv': 'id\n1\n2\n',
    'shop/dbt_project.yml': [
      'name: shop',
      'vars: {greeting: hi, kit: {size: 2}}',
      'models: {kit: {+materialized: view}}',
      'dispatch: [{macro_namespace: kit, search_order: [shop, kit]}]',
    ].join('\n'),
    'shop/packages.yml': 'packages:\n  - local: ../kit\n',
    'shop/macros/own.sql': "{% macro default__label() %}'shop override'{% endmacro %}",
    'shop/models/uses_kit.sql':
      "select n, {{ kit.shout(\"'b'\") }} as s, {{ kit.label() }} as label from {{ ref('kit_numbers') }} join {{ ref('kit_seed') }} on id = n",
    'shop/models/properties.yml': [
      'version: 2',
      'models:',
      '  - name: uses_kit',
      '    columns:',
      '      - name: n',
      '        data_tests: [kit.positive, not_null]',
    ].join('\n'),
  });
  return join(base, 'shop');
}

describe('an installed package is part of the project', () => {
  it('gives package nodes their package, config and vars; macros by namespace; dispatch by search order', async () => {
    const root = projectWithPackage();
    const options = { projectDir: root, env: {}, homeDir: join(root, '.no-home') };
    await deps(options);
    const compiled = await compile(options);
    const nodes = compiled.parsed.manifest.nodes;
    const kitModel = nodes.get('model.kit.kit_numbers');
    expect(kitModel).toMatchObject({ packageName: 'kit', fqn: ['kit', 'kit_numbers'] });
    // The root's `models: {kit: …}` wins over the package's own; the package's tags stay.
    expect(
      kitModel && 'config' in kitModel ? [kitModel.config.materialized, kitModel.config.tags] : [],
    ).toEqual(['view', ['from_kit']]);
    expect(nodes.has('seed.kit.kit_seed')).toBe(true);
    const sqlOf = (id: string) => compiled.compiled.nodes.get(id)?.sql ?? '';
    // Package vars: its own, under the root's global and kit-scoped ones.
    expect(sqlOf('model.kit.kit_numbers')).toContain(
      "upper('a') as s, 'hi' as g, 2 as size, 'red' as colour",
    );
    // The root project is first in the search order: its default__ beats the package's duckdb__.
    expect(sqlOf('model.shop.uses_kit')).toContain("upper('b') as s, 'shop override' as label");
    const test = [...nodes.values()].find((node) => node.name.startsWith('kit_positive_uses_kit_n'));
    expect(test).toMatchObject({ packageName: 'shop', testMetadata: { name: 'positive', namespace: 'kit' } });

    const built = await build(options);
    expect(built.failed).toBe(false);
    expect(built.results.map((r) => r.status).sort()).toEqual([
      'pass',
      'pass',
      'success',
      'success',
      'success',
    ]);
  });

  it('refuses to parse while a package of packages.yml is not installed, naming it and ldp deps', async () => {
    const root = projectWithPackage();
    const options = { projectDir: root, env: {}, homeDir: join(root, '.no-home') };
    const refused = compile(options);
    await expect(refused).rejects.toMatchObject({
      code: 'LDP239',
      message:
        "packages.yml lists 1 package(s), but only 0 of them are installed in dbt_packages/: '../kit' is missing",
      hint: expect.stringContaining('ldp deps'),
      span: { file: join(root, 'packages.yml'), line: 2 },
    });
    await deps(options);
    await expect(compile(options)).resolves.toBeDefined();
  });

  it('writes a package file path in manifest.json as dbt does: relative to the package folder', async () => {
    const root = projectWithPackage();
    const options = { projectDir: root, env: {}, homeDir: join(root, '.no-home') };
    await deps(options);
    await compile(options);
    const manifest = JSON.parse(readFileSync(join(root, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['model.kit.kit_numbers']).toMatchObject({
      original_file_path: 'kit_models/kit_numbers.sql',
      path: 'kit_numbers.sql',
    });
    expect(manifest.nodes['seed.kit.kit_seed']).toMatchObject({
      original_file_path: 'seeds/kit_seed.csv',
      path: 'kit_seed.csv',
    });
    expect(manifest.macros['macro.kit.shout'].original_file_path).toBe('macros/kit.sql');
    // The root project's own files keep their paths.
    expect(manifest.nodes['model.shop.uses_kit'].original_file_path).toBe('models/uses_kit.sql');
  });
});
