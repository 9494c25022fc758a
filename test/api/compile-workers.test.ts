import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileInThreads } from '../../src/api/compile-workers.js';
import { CollectingReporter, compile, parse } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

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

describe('compiling on worker threads', () => {
  it('compiles every kind of node to the same SQL, errors and messages as the main thread', async () => {
    const files = projectFiles(40);
    files['models/silver/m_13.sql'] = 'select {{ undefined_macro() }}';
    const root = tempProject(files);
    const reporter = new CollectingReporter();
    const parsed = await parse(isolated(root, { reporter, env: { REGION: 'us' } }));
    const ids = [...parsed.manifest.nodes.keys()];
    const here = await compileInThreads(parsed, ids, { workers: 0 });
    const logsHere = logs(reporter);
    reporter.events.length = 0;
    const there = await compileInThreads(parsed, ids, { workers: 1, minWork: 1, workersOnly: true });
    expect(there.compiledOnWorkers).toBe(ids.length);
    expect([...there.nodes.entries()]).toEqual([...here.nodes.entries()]);
    expect(there.nodes.size).toBeGreaterThan(120);
    const errors = (result: typeof here) => result.diagnostics.errors.map((e) => [e.code, e.message, e.span]);
    expect(errors(there)).toEqual(errors(here));
    expect(errors(there)).toHaveLength(1);
    expect(logs(reporter)).toEqual(logsHere);
    // One log per render: incremental models (every seventh) render twice.
    expect(logsHere).toHaveLength(39 + 6);
    // The worker's renders read REGION: it is recorded for the compile cache.
    expect(parsed.envReads.get('REGION')).toBe('us');
  });

  it('writes the same files when the main thread and a worker share the work', async () => {
    const files = projectFiles(120);
    const single = tempProject(files);
    const threaded = tempProject(files);
    const one = await compile(isolated(single, { compileWorkers: { workers: 0 } }));
    const two = await compile(isolated(threaded, { compileWorkers: { workers: 1, minWork: 1 } }));
    expect([...two.compiled.nodes.entries()]).toEqual([...one.compiled.nodes.entries()]);
    expect(filesUnder(join(threaded, 'target/compiled'))).toEqual(
      filesUnder(join(single, 'target/compiled')),
    );
    // A variable read by a render still invalidates the compile cache.
    const again = await compile(
      isolated(threaded, { env: { REGION: 'ap' }, compileWorkers: { minWork: 1 } }),
    );
    expect(again.compiled.nodes.get('model.shop.m_1')?.sql).toContain("'ap' as region");
  });

  it('falls back to the main thread when a worker cannot read the manifest', async () => {
    const root = tempProject(projectFiles(30));
    const parsed = await parse(isolated(root));
    rmSync(join(root, 'target', 'partial_parse.ldp'));
    const ids = [...parsed.manifest.nodes.keys()];
    const result = await compileInThreads(parsed, ids, { workers: 1, minWork: 1, workersOnly: true });
    expect(result.compiledOnWorkers).toBe(0);
    expect(result.nodes.get('model.shop.m_2')?.sql).toContain('"bronze"."orders"');
  });
});

function logs(reporter: CollectingReporter): string[] {
  return reporter.events.flatMap((event) =>
    event.kind === 'info' && event.message.startsWith('rendering') ? [event.message] : [],
  );
}
