import { describe, expect, it } from 'vitest';
import {
  configLevelsForPath,
  layerForPath,
  mergeConfig,
  readConfigTree,
  YamlSource,
} from '../../src/config/index.js';
import type { LdpError } from '../../src/errors/index.js';

function treeOf(text: string) {
  const yaml = YamlSource.parse('ldp_project.yml', text);
  const problems = { errors: [] as LdpError[], warnings: [] as LdpError[] };
  const tree = readConfigTree((yaml.value as { models: unknown }).models, yaml, ['models'], problems);
  return { tree, ...problems };
}

const TREE = [
  'models:',
  '  +tags: [everywhere]',
  '  shop:',
  '    materialized: view',
  '    +meta: {owner: data}',
  '    staging:',
  '    silver:',
  '      +materialized: table',
  '      tags: [s]',
  '      schema:',
  '        +schema: odd_folder_named_schema',
  '      orders:',
  '        +materialized: incremental',
  '  other_package:',
  '    +enabled: false',
  '',
].join('\n');

describe('config trees', () => {
  it('reads + and bare config keys; maps under non-config names are folders', () => {
    const { tree, errors } = treeOf(TREE);
    expect(errors).toEqual([]);
    expect(Object.keys(tree.config)).toEqual(['tags']);
    const shop = tree.children['shop']!;
    expect(Object.keys(shop.config)).toEqual(['materialized', 'meta']);
    expect(Object.keys(shop.children)).toEqual(['staging', 'silver']);
    expect(Object.keys(shop.children['silver']!.children)).toEqual(['schema', 'orders']);
    expect(shop.config['materialized']?.span).toEqual({ file: 'ldp_project.yml', line: 4, col: 5 });
  });

  it('gives the chain of levels from the top down to the deepest matching folder', () => {
    const { tree } = treeOf(TREE);
    expect(configLevelsForPath(tree, 'shop', ['silver', 'orders'])).toEqual([
      { tags: ['everywhere'] },
      { materialized: 'view', meta: { owner: 'data' } },
      { materialized: 'table', tags: ['s'] },
      { materialized: 'incremental' },
    ]);
    expect(configLevelsForPath(tree, 'shop', ['staging', 'deeper'])).toEqual([
      { tags: ['everywhere'] },
      { materialized: 'view', meta: { owner: 'data' } },
    ]);
    expect(configLevelsForPath(tree, 'shop', ['silver', 'schema'])).toEqual([
      { tags: ['everywhere'] },
      { materialized: 'view', meta: { owner: 'data' } },
      { materialized: 'table', tags: ['s'] },
      { schema: 'odd_folder_named_schema' },
    ]);
    expect(configLevelsForPath(tree, 'nope', ['silver'])).toEqual([{ tags: ['everywhere'] }]);
  });

  it('orders precedence as dbt: project < folder < properties YAML < config() in the file', () => {
    const { tree } = treeOf(TREE);
    const properties = { materialized: 'ephemeral', tags: ['yaml'], meta: { owner: 'yaml' } };
    const inFile = { materialized: 'table', tags: ['file'] };
    const levels = [...configLevelsForPath(tree, 'shop', ['silver', 'orders']), properties];
    expect(mergeConfig(levels).materialized).toBe('ephemeral');
    const config = mergeConfig([...levels, inFile]);
    expect(config.materialized).toBe('table');
    expect(config.tags).toEqual(['everywhere', 's', 'yaml', 'file']);
    expect(config.meta).toEqual({ owner: 'yaml' });
  });

  it('keeps custom keys as config and warns about a misspelt one with a suggestion', () => {
    const { tree, errors, warnings } = treeOf(
      'models:\n  shop:\n    materialised: table\n    +materialized: tabel\n    +owner: finance\n',
    );
    expect(errors.map((e) => [e.code, e.span?.line, e.span?.col])).toEqual([['LDP104', 4, 5]]);
    expect(errors[0]?.hint).toContain("Did you mean 'table'?");
    expect(warnings.map((w) => [w.code, w.span?.line, w.span?.col])).toEqual([['LDP150', 3, 5]]);
    expect(warnings[0]?.hint).toContain("Did you mean 'materialized'?");
    const config = mergeConfig(configLevelsForPath(tree, 'shop', ['orders']));
    expect(config.extra).toEqual({ materialised: 'table', owner: 'finance' });
  });

  it('warns about dbt configs ldp accepts but does not use, not about governance keys', () => {
    const { errors, warnings } = treeOf(
      'models:\n  shop:\n    +access: protected\n    +sql_header: "set x = 1"\n    +quoting: {identifier: true}\n',
    );
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.code, w.span?.line])).toEqual([
      ['LDP102', 4],
      ['LDP102', 5],
    ]);
  });
});

describe('layerForPath', () => {
  it('is the first folder below the model path that is a layer name', () => {
    const layers = ['bronze', 'silver', 'gold'];
    expect(layerForPath(['silver'], layers)).toBe('silver');
    expect(layerForPath(['marts', 'gold', 'silver'], layers)).toBe('gold');
    expect(layerForPath(['staging'], layers)).toBeUndefined();
    expect(layerForPath([], layers)).toBeUndefined();
    expect(layerForPath(['raw', 'curated'], ['raw', 'curated'])).toBe('raw');
  });
});
