import type { ExecutionPlan } from '../model/execution-plan.js';
import type { FreshnessStep } from '../model/freshness.js';
import { freshnessRuleOf } from '../model/freshness-status.js';
import type { SourceNode } from '../model/node.js';
import { sourceTableName } from '../model/source-name.js';

/**
 * `ldp source freshness` as a plan for the run scheduler: one step per source table that has a
 * rule and a load time to measure, in the order given (`fromMetadata`: the engine knows when a
 * table was last modified, so a rule alone suffices). Checks read only their own source, so no
 * step waits for another.
 */
export function planFreshness(
  sources: readonly SourceNode[],
  options: { readonly fromMetadata?: boolean } = {},
): ExecutionPlan<FreshnessStep> {
  const steps = sources.flatMap((source): FreshnessStep[] => {
    const rule = freshnessRuleOf(source, options);
    if (rule === undefined) return [];
    const common = { uniqueId: source.uniqueId, name: sourceTableName(source) };
    return [{ kind: 'freshness', common, source, rule }];
  });
  return { steps, dependsOn: new Map() };
}
