import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHooks } from '../../src/api/compile/render-hooks.js';
import { type CompileResult, compile } from '../../src/api/index.js';
import type { ExecutionPlan, PlannedStep } from '../../src/model/execution-plan.js';
import { relationKey, type WarehouseState } from '../../src/model/warehouse-state.js';
import { planRun } from '../../src/plan/plan-run.js';
import { displayRelation } from '../../src/sql/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

/**
 * Golden plans: one project with every materialization and incremental strategy
 * (`golden/project.json`), planned against the warehouse state each `golden/<case>.json` names.
 * Each `<case>.plan.txt` is the plan as data — step kinds, relations, strategies, keys, hooks,
 * waits and the SQL each step runs — reviewed by hand. `LDP_UPDATE_GOLDEN=1` rewrites them.
 */
interface GoldenCase {
  readonly description: string;
  readonly existing: readonly string[];
  readonly fullRefresh?: boolean;
  readonly build?: boolean;
}

const GOLDEN = join(import.meta.dirname, 'golden');
const cases = readdirSync(GOLDEN)
  .filter((file) => /^\d.*\.json$/.test(file))
  .map((file) => file.slice(0, -'.json'.length))
  .sort();

describe('golden plans', () => {
  let compiled: CompileResult;
  let root: string;

  beforeAll(async () => {
    root = tempProject(
      JSON.parse(readFileSync(join(GOLDEN, 'project.json'), 'utf8')) as Record<string, string>,
    );
    compiled = await compile(isolated(root));
  });

  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(4));

  it.each(cases)('%s', (name) => {
    const golden = JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), 'utf8')) as GoldenCase;
    const plan = planRun({
      manifest: compiled.parsed.manifest,
      compiled: compiled.compiled.nodes,
      selected: [...compiled.parsed.manifest.nodes.keys()],
      warehouse: warehouseOf(golden.existing),
      fullRefresh: golden.fullRefresh === true,
      testsBlockDownstream: golden.build === true,
      projectRoot: root,
      hooks: renderHooks(compiled.parsed, [...compiled.parsed.manifest.nodes.keys()]),
    });
    const text = `# ${golden.description}\n\n${renderPlan(plan).replaceAll(root, '<project>')}`;
    const path = join(GOLDEN, `${name}.plan.txt`);
    if (process.env.LDP_UPDATE_GOLDEN === '1') writeFileSync(path, text);
    expect(existsSync(path), `${name}.plan.txt is missing: run with LDP_UPDATE_GOLDEN=1 and review it`).toBe(
      true,
    );
    expect(text).toBe(readFileSync(path, 'utf8'));
  });
});

function warehouseOf(existing: readonly string[]): WarehouseState {
  return {
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
}

function renderPlan(plan: ExecutionPlan): string {
  return plan.steps
    .map((step) => renderStep(step, plan.dependsOn.get(step.common.uniqueId) ?? []))
    .join('\n');
}

function renderStep(step: PlannedStep, waits: readonly string[]): string {
  const { common } = step;
  const lines = [`## ${step.kind} ${common.uniqueId}`];
  if (common.relation)
    lines.push(`relation: ${displayRelation(common.relation)}${common.layer ? ` (${common.layer})` : ''}`);
  if (common.partitionBy.length > 0)
    lines.push(`partition_by: ${common.partitionBy.map((f) => `${f.transform}(${f.field})`).join(', ')}`);
  lines.push(...stepDetails(step));
  if (waits.length > 0) lines.push(`waits for: ${waits.join(', ')}`);
  for (const hook of common.preHooks) lines.push(`pre_hook: ${hook}`);
  for (const hook of common.postHooks) lines.push(`post_hook: ${hook}`);
  if ('sql' in step)
    lines.push(
      'sql:',
      ...step.sql
        .trim()
        .split('\n')
        .map((line) => `    ${line}`),
    );
  return `${lines.join('\n')}\n`;
}

function stepDetails(step: PlannedStep): string[] {
  switch (step.kind) {
    case 'table':
    case 'incremental-full':
    case 'seed':
      return [`exists: ${step.exists}`, ...(step.kind === 'seed' ? [`csv: ${step.csvFile}`] : [])];
    case 'snapshot':
      return [`exists: ${step.exists}`, `settings: ${JSON.stringify(step.settings)}`];
    case 'incremental':
      return [
        `strategy: ${step.strategy}`,
        `unique_key: [${step.uniqueKey.join(', ')}]`,
        ...(step.mergeUpdateColumns ? [`merge_update_columns: [${step.mergeUpdateColumns.join(', ')}]`] : []),
        ...(step.mergeExcludeColumns
          ? [`merge_exclude_columns: [${step.mergeExcludeColumns.join(', ')}]`]
          : []),
        `on_schema_change: ${step.onSchemaChange}`,
      ];
    case 'test':
      return [
        `severity: ${step.severity}, warn_if: ${step.warnIf}, error_if: ${step.errorIf}, fail_calc: ${step.failCalc}`,
      ];
    case 'python':
      return [`error: ${step.error.code}`];
    case 'unit-test':
      return [`model: ${step.test.modelName}`];
    case 'view':
      return [];
    case 'external':
      return [`format: ${step.external.format}`, `copy: ${step.external.copyOptions.join(', ')}`];
  }
}
