import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api/index.js';
import type { ExecutionPlan } from '../../src/model/execution-plan.js';
import { relationKey, type WarehouseState } from '../../src/model/warehouse-state.js';
import { planRun } from '../../src/plan/plan-run.js';
import { isolated, tempProject } from '../support/temp-project.js';

const FILES = {
  'ldp_project.yml': 'name: shop\nseeds:\n  shop:\n    +layer: bronze\n',
  'seeds/countries.csv': 'code\nDE\n',
  'models/bronze/raw.sql': "{{ config(materialized='table') }}select * from {{ ref('countries') }}",
  'models/silver/eph.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('raw') }}",
  'models/silver/events.sql': [
    "{{ config(materialized='incremental', unique_key=['id']) }}",
    "select * from {{ ref('eph') }}{% if is_incremental() %} where id > 0{% endif %}",
  ].join('\n'),
  'models/gold/appended.sql': "{{ config(materialized='incremental') }}select * from {{ ref('events') }}",
  'models/gold/report.sql': "{{ config(materialized='view') }}select * from {{ ref('events') }}",
  'models/props.yml':
    'version: 2\nmodels:\n  - name: report\n    columns:\n      - name: code\n        data_tests: [not_null]\n',
};

async function planFor(existing: string[], fullRefresh = false): Promise<ExecutionPlan> {
  const root = tempProject(FILES);
  const { parsed, compiled } = await compile(isolated(root));
  const warehouse: WarehouseState = {
    relations: new Map(
      existing.map((name) => {
        const [namespace, table] = name.split('.') as [string, string];
        return [
          relationKey(namespace, table),
          { kind: 'table' as const, namespace, name: table, columns: [] },
        ];
      }),
    ),
  };
  return planRun({
    manifest: parsed.manifest,
    compiled: compiled.nodes,
    selected: [...parsed.manifest.nodes.keys()],
    warehouse,
    fullRefresh,
    projectRoot: root,
  });
}

describe('planning a run', () => {
  it('orders steps by dependencies, skips ephemerals, and looks through them for dependencies', async () => {
    const plan = await planFor([]);
    const ids = plan.steps.map((s) => s.common.uniqueId);
    expect(ids.indexOf('seed.shop.countries')).toBeLessThan(ids.indexOf('model.shop.raw'));
    expect(ids).not.toContain('model.shop.eph');
    expect(plan.dependsOn.get('model.shop.events')).toEqual(['model.shop.raw']);
    expect(plan.steps.find((s) => s.common.uniqueId.startsWith('test.'))?.kind).toBe('test');
  });

  it('builds incremental models in full the first time and on --full-refresh', async () => {
    const kinds = (plan: ExecutionPlan) => Object.fromEntries(plan.steps.map((s) => [s.common.name, s.kind]));
    expect(kinds(await planFor([]))).toMatchObject({
      raw: 'table',
      events: 'incremental-full',
      appended: 'incremental-full',
      report: 'view',
      countries: 'seed',
    });
    const later = await planFor(['silver.events', 'gold.appended']);
    expect(kinds(later)).toMatchObject({ events: 'incremental', appended: 'incremental' });
    const events = later.steps.find((s) => s.common.name === 'events');
    expect(
      events?.kind === 'incremental'
        ? [events.strategy, events.uniqueKey, events.sql.endsWith('where id > 0')]
        : [],
    ).toEqual(['merge', ['id'], true]);
    const appended = later.steps.find((s) => s.common.name === 'appended');
    expect(appended?.kind === 'incremental' ? appended.strategy : undefined).toBe('append');
    expect(kinds(await planFor(['silver.events'], true))).toMatchObject({ events: 'incremental-full' });
  });

  it('fingerprints the SQL each step runs', async () => {
    const plan = await planFor(['silver.events']);
    const events = plan.steps.find((s) => s.common.name === 'events')!;
    expect(events.common.sqlFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
