import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import type { SourceNode } from '../../src/model/node.js';
import { planFreshness } from '../../src/plan/plan-freshness.js';
import { isolated, tempProject } from '../support/temp-project.js';

const SOURCES = `version: 2
sources:
  - name: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 2, period: hour}
    tables:
      - name: orders
      - name: never_checked
        freshness: null
      - name: own_rule
        freshness:
          error_after: {count: 1, period: day}
  - name: ops
    freshness:
      warn_after: {count: 1, period: hour}
    tables:
      - name: no_load_time
`;

describe('planFreshness', () => {
  it('plans one independent step per source table with a rule and a load time, in selection order', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n', 'models/sources.yml': SOURCES });
    const parsed = await parse(isolated(root));
    const sources = [...parsed.manifest.nodes.values()].filter(
      (node): node is SourceNode => node.resourceType === 'source',
    );
    const plan = planFreshness(sources);
    expect(plan.steps.map((step) => [step.kind, step.common.uniqueId, step.common.name])).toEqual([
      ['freshness', 'source.shop.raw.orders', 'raw.orders'],
      ['freshness', 'source.shop.raw.own_rule', 'raw.own_rule'],
    ]);
    expect(plan.steps[1]!.rule.errorAfter).toEqual({ count: 1, period: 'day' });
    expect(plan.steps[1]!.rule.warnAfter).toEqual({ count: 2, period: 'hour' }); // the source's
    expect(plan.dependsOn.size).toBe(0);
    expect(planFreshness([...sources].reverse()).steps.map((step) => step.common.name)).toEqual([
      'raw.own_rule',
      'raw.orders',
    ]);
  });

  it('plans a source with a rule but no load time when the engine keeps tables’ modification times', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n', 'models/sources.yml': SOURCES });
    const parsed = await parse(isolated(root));
    const sources = [...parsed.manifest.nodes.values()].filter(
      (node): node is SourceNode => node.resourceType === 'source',
    );
    expect(
      planFreshness(sources, { fromMetadata: true })
        .steps.map((step) => step.common.name)
        .sort(),
    ).toEqual(['ops.no_load_time', 'raw.orders', 'raw.own_rule']);
  });
});
