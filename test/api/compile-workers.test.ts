import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileInThreads } from '../../src/api/compile/compile-workers.js';
import { CollectingReporter, compile, parse } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(resolve(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A project where every kind of compiled node appears, many times over. */
function projectFiles(models: number): Record<string, string> {
  const files: Record<string, string> = {
    'ldp_project.yml': 'name: shop\nvars:\n  scale: 3\n',
    'seeds/raw_orders.csv': 'id,amount\n1,5\n2,1\n',
    'macros/money.sql': '{% macro dollars(col) -%}({{ col }} / 100.0){%- endmacro %}',
    'macros/checks.sql':
      '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
    'models/bronze/orders.sql': "select id, amount * 100 as cents from {{ ref('raw_orders') }}",
    'models/silver/eph.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('orders') }}",
  };
  const yaml = ['version: 2', 'models:'];
  for (let i = 0; i < models; i++) {
    const incremental = i % 7 === 0;
    files[`models/silver/m_${i}.sql`] = [
      incremental ? "{{ config(materialized='incremental') }}" : `{{ config(tags=['t${i % 3}']) }}`,
      `{{ log('rendering m_${i}', info=True) }}`,
      `select id, {{ dollars('cents') }} * {{ var('scale') }} as v, '{{ env_var('REGION', 'eu') }}' as region`,
      `from {{ ref('${i % 2 === 0 ? 'orders' : 'eph'}') }}`,
      '{% for c in range(3) %}, {{ loop.index }} as c{{ c }}{% endfor %}',
      incremental ? '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}' : '',
    ].join('\n');
    yaml.push(
      `  - name: m_${i}`,
      '    columns:',
      '      - name: id',
      `        data_tests: [unique, not_null${i % 5 === 0 ? ', positive' : ''}]`,
    );
  }
  files['models/silver/schema.yml'] = `${yaml.join('\n')}\n`;
  return files;
}

/** Every file under `dir`, by relative path. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('compiling with worker threads', () => {
  it('renders from templates the workers compiled: same SQL, errors and messages', async () => {
    const files = projectFiles(40);
    files['models/silver/m_13.sql'] = 'select {{ undefined_macro() }}';
    const root = tempProject(files);
    const reporter = new CollectingReporter();
    const parsed = await parse(isolated(root, { reporter, env: { REGION: 'us' } }));
    const ids = [...parsed.manifest.nodes.keys()];
    const here = await compileInThreads(parsed, ids, { workers: 0 });
    const logsHere = logs(reporter);
    reporter.events.length = 0;
    // Another engine: the first one keeps every template it compiled.
    const again = await parse(isolated(root, { reporter, env: { REGION: 'us' } }));
    const there = await compileInThreads(again, ids, { workers: 1, minTemplates: 1, workersOnly: true });
    expect(there.templatesFromWorkers).toBe(new Set(templatesOf(again, ids)).size);
    expect([...there.nodes.entries()]).toEqual([...here.nodes.entries()]);
    expect(there.nodes.size).toBeGreaterThan(120);
    const errors = (result: typeof here) => result.diagnostics.errors.map((e) => [e.code, e.message, e.span]);
    expect(errors(there)).toEqual(errors(here));
    expect(errors(there)).toHaveLength(1);
    expect(logs(reporter)).toEqual(logsHere);
    // One log per render: incremental models (every seventh) render twice.
    expect(logsHere).toHaveLength(39 + 6);
  });

  it('writes the same files when workers compile templates and write the files', async () => {
    const files = projectFiles(120);
    const single = tempProject(files);
    const threaded = tempProject(files);
    const one = await compile(isolated(single, { compileWorkers: { workers: 0 } }));
    const two = await compile(
      isolated(threaded, { compileWorkers: { workers: 1, minTemplates: 1, minFilesForWriter: 1 } }),
    );
    expect([...two.compiled.nodes.entries()]).toEqual([...one.compiled.nodes.entries()]);
    expect(filesUnder(join(threaded, 'target/compiled'))).toEqual(
      filesUnder(join(single, 'target/compiled')),
    );
  });

  it('keeps a command process running until its workers are done', () => {
    // Under vitest the event loop stays busy anyway: a plain process shows whether the main
    // thread's wait for its workers keeps the process alive.
    const root = tempProject(projectFiles(30));
    const source = (path: string) => JSON.stringify(pathToFileURL(resolve(ROOT, 'src', path)).href);
    const script = [
      `import { parse } from ${source('api/session/parse.ts')};`,
      `import { compileInThreads } from ${source('api/compile/compile-workers.ts')};`,
      `const parsed = await parse({ projectDir: ${JSON.stringify(root)}, env: {}, homeDir: ${JSON.stringify(root)} });`,
      'const ids = [...parsed.manifest.nodes.keys()];',
      'const result = await compileInThreads(parsed, ids, { workers: 1, minTemplates: 1, workersOnly: true });',
      'console.log(JSON.stringify({ nodes: result.nodes.size, fromWorkers: result.templatesFromWorkers }));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { nodes, fromWorkers } = JSON.parse(child.stdout) as { nodes: number; fromWorkers: number };
    expect(nodes).toBeGreaterThan(90);
    // 30 models, the model they read and an ephemeral one.
    expect(fromWorkers).toBe(32);
  });

  it('keeps compiled templates in target/ for the next compile', async () => {
    const files = projectFiles(10);
    const root = tempProject(files);
    const first = await compile(isolated(root));
    expect(existsSync(join(root, 'target', 'compiled_templates.ldp'))).toBe(true);
    // A change invalidates the parse and the compiled SQL, not the unchanged templates.
    writeFileSync(join(root, 'models/silver/m_3.sql'), "select 3 as id from {{ ref('orders') }}");
    const parsed = await parse(isolated(root));
    parsed.templates.codes.use(join(root, 'target', 'compiled_templates.ldp'));
    for (const i of [1, 2, 4])
      expect(parsed.templates.codes.has(files[`models/silver/m_${i}.sql`]!)).toBe(true);
    expect(parsed.templates.codes.has("select 3 as id from {{ ref('orders') }}")).toBe(false);
    const second = await compile(isolated(root));
    for (const id of first.compiled.nodes.keys())
      if (id !== 'model.shop.m_3')
        expect(second.compiled.nodes.get(id)).toEqual(first.compiled.nodes.get(id));
    expect(second.compiled.nodes.get('model.shop.m_3')?.sql).toBe('select 3 as id from "bronze"."orders"');
  });
});

function templatesOf(parsed: Awaited<ReturnType<typeof parse>>, ids: readonly string[]): string[] {
  return ids.flatMap((id) => {
    const node = parsed.manifest.nodes.get(id);
    if (!node || !('rawSql' in node) || (node.resourceType === 'test' && node.testType === 'generic'))
      return [];
    return [node.rawSql];
  });
}

function logs(reporter: CollectingReporter): string[] {
  return reporter.events.flatMap((event) =>
    event.kind === 'info' && event.message.startsWith('rendering') ? [event.message] : [],
  );
}
