import { hasRelation, type ModelNode } from '../model/node.js';
import type { UnitTestDefinition } from '../model/properties.js';
import { splitArgs } from '../template/index.js';
import type { CompileScope } from './compile-scope.js';
import { type EphemeralUse, nodeContext, resolveRefCall } from './node-context.js';
import type { RelationValue } from './relation-value.js';
import { sourceNode } from './unit-test-inputs.js';
import type { UnitTestReads } from './unit-test-reads.js';

type Overrides = UnitTestDefinition['overrides'];

/**
 * The compile context of a model (or an ephemeral model it inlines) inside a unit test: every
 * `ref`, `source` and `this` resolves to a fixture table, and the test's `overrides` apply —
 * `vars` and `env_vars` win over the project's, each `macros` entry replaces the macro (or
 * context function, such as `is_incremental`) of that name by one returning the given value.
 */
export function unitTestContext(
  node: ModelNode,
  scope: CompileScope,
  reads: UnitTestReads,
  overrides: Overrides,
  ephemerals: EphemeralUse,
): Record<string, unknown> {
  const context = nodeContext(node, scope, false, ephemerals);
  context['ref'] = (...args: unknown[]) => readRef(resolveRefCall(node, scope, args), reads, ephemerals);
  context['source'] = (...args: unknown[]) => {
    const [sourceName, table] = splitArgs(args).positional.map(String) as [string, string];
    scope.resolveSource(node, sourceName, table);
    return reads.relationFor(sourceNode(scope.manifest, sourceName, table)!);
  };
  if (node === reads.model) {
    // A getter: only a template that uses `this` reads the model's own table.
    Object.defineProperty(context, 'this', { get: () => reads.relationFor(node), enumerable: true });
  }
  context['var'] = overriddenVar(context['var'] as (...args: unknown[]) => unknown, overrides.vars);
  context['env_var'] = overriddenEnvVar(
    context['env_var'] as (...args: unknown[]) => unknown,
    overrides.env_vars,
  );
  for (const [name, value] of Object.entries(overrides.macros)) context[name] = () => value;
  return context;
}

function readRef(
  resolved: ReturnType<CompileScope['resolveRef']>,
  reads: UnitTestReads,
  ephemerals: EphemeralUse,
): RelationValue {
  const target = resolved.node;
  if (!hasRelation(target)) return resolved.value;
  const ephemeral = target.resourceType === 'model' && target.config.materialized === 'ephemeral';
  if (ephemeral && !reads.isGiven(target)) {
    ephemerals.ids.add(target.uniqueId);
    return resolved.value;
  }
  return reads.relationFor(target);
}

function overriddenVar(base: (...args: unknown[]) => unknown, vars: Readonly<Record<string, unknown>>) {
  const call = (...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const name = String(positional[0] ?? keywords['var_name']);
    return Object.hasOwn(vars, name) ? vars[name] : base(...args);
  };
  const has = (base as unknown as { has?: (name: unknown) => boolean }).has;
  return Object.assign(call, {
    has: (name: unknown) => Object.hasOwn(vars, String(name)) || (has?.(name) ?? false),
  });
}

function overriddenEnvVar(base: (...args: unknown[]) => unknown, envVars: Readonly<Record<string, unknown>>) {
  return (...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const name = String(positional[0] ?? keywords['var']);
    return Object.hasOwn(envVars, name) ? String(envVars[name]) : base(...args);
  };
}
