import type { PlannedStep } from '../../model/execution-plan.js';
import type { StepResult } from '../../model/run-result.js';
import { displayRelation } from '../../sql/index.js';

/** How result lines name a step, as dbt does: `sql table model silver.trips`, `seed file bronze.zones`. */
export function stepLabel(step: PlannedStep): string {
  const where = step.common.relation ? displayRelation(step.common.relation) : step.common.name;
  switch (step.kind) {
    case 'table':
      return `sql table model ${where}`;
    case 'incremental':
    case 'incremental-full':
      return `sql incremental model ${where}`;
    case 'view':
      return `sql view model ${where}`;
    case 'external':
      return `sql external model ${where}`;
    case 'seed':
      return `seed file ${where}`;
    case 'snapshot':
      return `snapshot ${where}`;
    case 'test':
      return `test ${step.common.name}`;
    case 'python':
      return `python model ${where}`;
    case 'unit-test':
      return `unit test ${step.test.modelName}::${step.common.name}`;
  }
}

/** What a command did, in dbt's words: `3 table models, 1 view model, 2 seeds`. */
export function describeSteps(steps: readonly PlannedStep[]): string {
  const counts = new Map<string, number>();
  for (const step of steps) {
    const noun = nounOf(step);
    counts.set(noun, (counts.get(noun) ?? 0) + 1);
  }
  if (counts.size === 0) return 'nothing';
  return [...counts].map(([noun, n]) => `${n} ${noun}${n === 1 ? '' : 's'}`).join(', ');
}

function nounOf(step: PlannedStep): string {
  switch (step.kind) {
    case 'table':
      return 'table model';
    case 'incremental':
    case 'incremental-full':
      return 'incremental model';
    case 'view':
      return 'view model';
    case 'external':
      return 'external model';
    case 'seed':
      return 'seed';
    case 'snapshot':
      return 'snapshot';
    case 'test':
      return 'data test';
    case 'python':
      return 'python model';
    case 'unit-test':
      return 'unit test';
  }
}

/** dbt's closing counts: `PASS=5 WARN=0 ERROR=1 SKIP=2 TOTAL=8`. */
export function resultCounts(
  results: readonly StepResult[],
): Record<'PASS' | 'WARN' | 'ERROR' | 'SKIP' | 'TOTAL', number> {
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  return {
    PASS: count('success', 'pass'),
    WARN: count('warn'),
    ERROR: count('error', 'fail'),
    SKIP: count('skipped'),
    TOTAL: results.length,
  };
}
