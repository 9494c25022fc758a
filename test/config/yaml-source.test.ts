import { describe, expect, it } from 'vitest';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { YamlSource } from '../../src/config/index.js';
import { LdpError } from '../../src/errors/index.js';

const PROPERTIES = [
  'version: 2',
  'models:',
  '  - name: orders # the main table',
  '    description: "a: b"',
  '    columns:',
  '      - name: id',
  '        data_tests: [unique, not_null]',
  '      - description: no name first',
  '        name: status',
  '        data_tests:',
  '          - accepted_values:',
  '              values: [a, b]',
  '              config: {severity: warn}',
  '    config:',
  '      tags: [\'x\', "y"]',
  '      empty:',
  '      explicit: null',
  '      text: |',
  '        line one',
  '  - {name: flow, description: inline}',
  '? complex',
  ': value',
  '"1": one',
  '2: two',
  '',
].join('\n');

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  const out: Path[] = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) out.push(...pathsOf(item, [...path, i]));
  } else if (value !== null && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) out.push(...pathsOf(child, [...path, key]));
  return out;
}

/** Key and value positions as the `yaml` package reports them: the reference. */
function reference(text: string, path: Path): { key: number[]; value: number[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1]!;
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return [line, col];
  };
  if (isSeq(parent)) {
    const item = parent.items[last as number] as { range: [number] };
    return { key: at(item.range[0]), value: at(item.range[0]) };
  }
  if (!isMap(parent)) throw new Error(`no parent for ${path.join('.')}`);
  const pair = parent.items.find((p) => String((p.key as { value: unknown }).value) === String(last))!;
  const key = at((pair.key as { range: [number] }).range[0]);
  const value = pair.value as { range: [number, number]; value?: unknown } | null;
  // An empty value (`empty:`) has no text of its own: ldp points at its key.
  const empty = value === null || (value.value === null && value.range[0] === value.range[1]);
  return { key, value: empty ? key : at(value!.range[0]) };
}

describe('YamlSource', () => {
  it('finds every key and value where the yaml package does, without parsing twice', () => {
    const yaml = YamlSource.parse('schema.yml', PROPERTIES);
    const paths = pathsOf(yaml.value);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const expected = reference(PROPERTIES, path);
      const key = yaml.spanOf(path, 'key');
      const value = yaml.spanOf(path, 'value');
      expect([path, key.line, key.col]).toEqual([path, ...expected.key]);
      expect([path, value.line, value.col]).toEqual([path, ...expected.value]);
    }
    // Positions came from js-yaml's parse events: the slower document was never built.
    expect((yaml as unknown as { document?: unknown }).document).toBeUndefined();
  });

  it('gives the start of each mapping and points a missing key at its nearest parent', () => {
    const yaml = YamlSource.parse('schema.yml', PROPERTIES);
    const models = (yaml.value as { models: object[] }).models;
    expect(yaml.entrySpan(models[0])).toEqual({ file: 'schema.yml', line: 3, col: 5 });
    expect(yaml.entrySpan(models[1])).toMatchObject({ line: 20, col: 5 });
    expect(yaml.spanOf(['models', 0, 'config', 'missing'])).toMatchObject({ line: 14, col: 5 });
    expect(yaml.spanOf(['nothing', 'here'])).toMatchObject({ line: 1, col: 1 });
  });

  it('resolves merge keys and anchors, and still locates their keys', () => {
    const text = 'base: &base\n  materialized: table\nuse:\n  <<: *base\n  tags: [a]\n';
    const yaml = YamlSource.parse('p.yml', text);
    expect(yaml.value).toEqual({
      base: { materialized: 'table' },
      use: { materialized: 'table', tags: ['a'] },
    });
    expect(yaml.spanOf(['use', 'tags'])).toMatchObject({ line: 5, col: 3 });
  });

  it('keeps dates and yes/no as written (YAML 1.2 core types)', () => {
    const yaml = YamlSource.parse('p.yml', 'start: 2023-01-01\nflag: yes\nn: 3\nb: true\n');
    expect(yaml.value).toEqual({ start: '2023-01-01', flag: 'yes', n: 3, b: true });
  });

  it.each([
    ['name: shop\nprofile: "x\n', 3, 1, 'Missing closing "quote'],
    ['name: shop\nmodels:\n\t+tags: a\n', 3, 1, 'Tabs are not allowed'],
    ['name: shop\nvars:\n  a: 1\n   b: 2\n', 3, 6, 'Nested mappings'],
    ['a: 1\na: 2\n', 2, 1, 'Map keys must be unique'],
  ])('reports a syntax error at its line and column: %j', (text, line, col, message) => {
    let error: unknown;
    try {
      YamlSource.parse('ldp_project.yml', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP101');
    expect((error as LdpError).span).toEqual({ file: 'ldp_project.yml', line, col });
    expect((error as LdpError).message).toContain(message);
  });
});
