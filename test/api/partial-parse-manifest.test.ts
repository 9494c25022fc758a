import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, parse } from '../../src/api/index.js';
import type { ParsedProject } from '../../src/api/session/parse.js';
import { isolated, tempProject } from '../support/temp-project.js';

/**
 * Enough models (each with two column tests) that the parse cache holds several segments of
 * nodes and manifest.json several megabytes' worth of pieces: a partial parse copies some and
 * writes others again.
 */
const MODELS = 400;

function projectFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'ldp_project.yml': 'name: big\nmodels:\n  big:\n    +materialized: view\n',
    'macros/money.sql': '{% macro dollars(col) -%}({{ col }} / 100.0){%- endmacro %}',
  };
  const yaml = ['version: 2', 'models:'];
  for (let i = 0; i < MODELS; i++) {
    const parent = i === 0 ? 'range(3)' : `{{ ref('m${Math.floor(i / 2)}') }}`;
    files[`models/m${i}.sql`] = `select range as id, {{ dollars('range') }} as amount from ${parent}`;
    yaml.push(`  - name: m${i}`, `    description: model ${i}`, '    columns:', '      - name: id');
    yaml.push('        data_tests: [unique, not_null]');
  }
  files['models/schema.yml'] = yaml.join('\n');
  return files;
}

/** manifest.json without its metadata (time, invocation, fingerprint of the folder it was in). */
function manifestBody(root: string): unknown {
  const json = JSON.parse(readFileSync(join(root, 'target/manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delete json['metadata'];
  return json;
}

function graphOf(parsed: ParsedProject) {
  const { manifest } = parsed;
  return {
    nodes: [...manifest.nodes.entries()],
    parents: [...manifest.parentMap.entries()],
    children: [...manifest.childMap.entries()],
    macros: [...manifest.macros.entries()],
    docs: [...manifest.docs.entries()],
  };
}

/** A full parse of a copy of the project (no target/): the manifest a partial parse must equal. */
async function fullParseOfCopy(root: string) {
  const copy = `${root}-full`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(root, copy, { recursive: true, filter: (path) => !path.startsWith(join(root, 'target')) });
  const parsed = await parse(isolated(copy, { partialParse: false, writeManifest: true }));
  return { graph: graphOf(parsed), json: manifestBody(copy) };
}

describe('partial parsing after edits of every kind', () => {
  it('gives exactly the manifest, manifest.json and parse cache of a full parse', async () => {
    const root = tempProject(projectFiles());
    await parse(isolated(root, { writeManifest: true }));
    const edit = (path: string, change: (text: string) => string) =>
      writeFileSync(join(root, path), change(readFileSync(join(root, path), 'utf8')));
    const steps: { name: string; apply: () => void; partial?: { graph: boolean } }[] = [
      {
        name: 'SQL edit',
        apply: () => edit('models/m300.sql', (sql) => `${sql}\n-- edited`),
        partial: { graph: false },
      },
      {
        name: 'SQL edits in two segments',
        apply: () => {
          edit('models/m3.sql', (sql) => sql.replace('as amount', 'as amount_in_dollars'));
          edit('models/m399.sql', (sql) => `{{ config(tags=['edited']) }}${sql}`);
        },
        partial: { graph: false },
      },
      {
        name: 'ref change',
        apply: () => edit('models/m350.sql', (sql) => `${sql} join {{ ref('m7') }} using (id)`),
        partial: { graph: true },
      },
      {
        name: 'ref removed again',
        apply: () => edit('models/m350.sql', (sql) => sql.replace(" join {{ ref('m7') }} using (id)", '')),
        partial: { graph: true },
      },
      {
        name: 'new file',
        apply: () => writeFileSync(join(root, 'models/extra.sql'), "select * from {{ ref('m1') }}"),
      },
      {
        name: 'SQL edit after a full parse',
        apply: () => edit('models/extra.sql', (sql) => `${sql} where id > 0`),
        partial: { graph: false },
      },
      { name: 'deleted file', apply: () => rmSync(join(root, 'models/extra.sql')) },
      {
        name: 'YAML edit',
        apply: () =>
          edit('models/schema.yml', (yaml) => yaml.replace('description: model 5', 'description: five')),
      },
      {
        name: 'macro edit',
        apply: () => edit('macros/money.sql', (sql) => sql.replace('100.0', '100.00')),
      },
      {
        name: 'SQL edit at the end',
        apply: () => edit('models/m0.sql', (sql) => sql.replace('range(3)', 'range(4)')),
        partial: { graph: false },
      },
    ];
    for (const step of steps) {
      step.apply();
      const partial = await parse(isolated(root, { writeManifest: true }));
      const full = await fullParseOfCopy(root);
      expect(partial.partialParse?.manifestChanges.graph, step.name).toBe(step.partial?.graph);
      expect(graphOf(partial), step.name).toEqual(full.graph);
      expect(manifestBody(root), step.name).toEqual(full.json);
      // What the partial parse cached gives the same manifest again.
      const cached = await parse(isolated(root, { writeManifest: true }));
      expect(cached.fromCache, step.name).toBe(true);
      expect(graphOf(cached), step.name).toEqual(full.graph);
      expect(manifestBody(root), step.name).toEqual(full.json);
    }
    expect(existsSync(join(root, 'target/manifest_layout.ldp'))).toBe(true);
  }, 600_000);
});

describe('compile after an edit', () => {
  it('writes the manifest.json of a full parse while the nodes compile', async () => {
    const root = tempProject(projectFiles());
    await compile(isolated(root));
    writeFileSync(
      join(root, 'models/m300.sql'),
      `${readFileSync(join(root, 'models/m300.sql'), 'utf8')}\n-- edited`,
    );
    const written = await compile(isolated(root, { select: ['m300'] }));
    expect(written.parsed.partialParse?.nodes).toEqual(['model.big.m300']);
    expect(manifestBody(root)).toEqual((await fullParseOfCopy(root)).json);
  });
});
