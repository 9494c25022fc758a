import { LdpError } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { TestNode } from '../model/node.js';
import { splitArgs } from '../template/index.js';
import { withEphemeralCtes } from './compile-node.js';
import type { CompileScope } from './compile-scope.js';
import { type EphemeralUse, nodeContext } from './node-context.js';
import type { RelationValue } from './relation-value.js';

/** The macro calls a template engine must offer to render generic tests. */
export interface MacroCaller {
  callMacro(
    name: string,
    args: readonly unknown[],
    context: Record<string, unknown>,
    packageName?: string,
  ): unknown;
  /** The macro to call for `test_<name>` (in `namespace` when the test names one), if any. */
  testMacro(name: string, namespace?: string): string | undefined;
}

/**
 * A generic test compiles by calling its test macro (`test_not_null`, a project `{% test %}`…)
 * with `model` (the tested relation, filtered by the `where` config as dbt does) and the YAML
 * arguments, their Jinja rendered first (`renderArgument`).
 */
export function compileGenericTest(
  node: TestNode,
  scope: CompileScope,
  macros: MacroCaller,
  compiledPath: string,
): CompiledNode {
  const meta = node.testMetadata!;
  const macroName = macros.testMacro(`test_${meta.name}`, meta.namespace);
  if (macroName === undefined) {
    const qualified = meta.namespace === undefined ? meta.name : `${meta.namespace}.${meta.name}`;
    throw new LdpError({
      code: 'LDP601',
      message: `test '${qualified}' is not defined (no built-in test and no {% test ${meta.name}(…) %} block${meta.namespace === undefined ? '' : ` in package '${meta.namespace}'`})`,
      span: node.span,
      hint: `Built-in tests: not_null, unique, accepted_values, relationships, unique_combination_of_columns, expression_is_true, accepted_range, not_empty, row_count, recency. Or define {% test ${meta.name}(model, column_name) %} in macros/ or tests/generic/.`,
    });
  }
  const macroConfig: Record<string, unknown> = {};
  const used: EphemeralUse = { ids: new Set() };
  const context = withConfigCalls(nodeContext(node, scope, false, used), macroConfig);
  const render = (text: string) =>
    scope.renderer.render(
      { path: node.originalFilePath, text, line: node.span.line, packageName: node.packageName },
      context,
    );
  const kwargs: Record<string, unknown> = { __keywords: true };
  for (const [key, value] of Object.entries(meta.kwargs)) {
    // dbt's `model` argument is text for ids and artifacts; the relation is resolved below.
    if (key === 'model') continue;
    kwargs[key] = renderArgument(value, render, context);
  }
  kwargs['model'] = testedRelation(node, scope, render, used);
  const body = String(callTestMacro(node, macros, macroName, kwargs, context)).trim();
  // An ephemeral model under test (or in an argument) is inlined as a CTE, as dbt does.
  const { sql, ephemerals } = withEphemeralCtes(body, used.ids, scope);
  return {
    uniqueId: node.uniqueId,
    sql,
    ephemerals,
    compiledPath,
    ...(Object.keys(macroConfig).length > 0 ? { macroConfig } : {}),
  };
}

/**
 * A YAML argument as dbt passes it: text holding Jinja is rendered natively (so
 * `values: "{{ var('codes') }}"` is the var's list), a bare `ref('x')`/`source('a', 'b')` is a
 * relation, and lists and mappings have their texts rendered the same way.
 */
function renderArgument(
  value: unknown,
  render: (text: string) => string,
  context: Record<string, unknown>,
): unknown {
  if (typeof value === 'string') {
    if (value.includes('{{') || value.includes('{%')) return renderNative(value, render, context);
    return /\b(ref|source)\s*\(/.test(value) ? renderNative(`{{ ${value} }}`, render, context) : value;
  }
  if (Array.isArray(value)) return value.map((item) => renderArgument(item, render, context));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderArgument(item, render, context)]),
    );
  return value;
}

const NATIVE_SLOT = '__ldp_native_value';

/**
 * An argument rendered as dbt renders test arguments (natively): a text that is one `{{ … }}`
 * gives the value of its expression (`ref('x')` stays a Relation a test macro can introspect);
 * any other text renders to a string.
 */
function renderNative(
  text: string,
  render: (text: string) => string,
  context: Record<string, unknown>,
): unknown {
  const single = /^\s*\{\{-?([\s\S]*?)-?\}\}\s*$/.exec(text);
  if (!single || single[1]!.includes('}}') || single[1]!.includes('{{')) return render(text);
  const captured: unknown[] = [];
  context[NATIVE_SLOT] = captured;
  try {
    render(`{% do ${NATIVE_SLOT}.append(${single[1]}) %}`);
  } finally {
    delete context[NATIVE_SLOT];
  }
  return captured[0];
}

/** The context with a `config()` that records what the test macro sets (`fail_calc`…). */
function withConfigCalls(
  context: Record<string, unknown>,
  into: Record<string, unknown>,
): Record<string, unknown> {
  const own = context['config'] as object;
  const config = Object.assign((...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const first = positional[0];
    if (first !== null && typeof first === 'object') Object.assign(into, first);
    Object.assign(into, keywords);
    return '';
  }, own);
  context['config'] = config;
  return context;
}

/**
 * The relation under test, resolved directly (no template per test), filtered by `where`. A
 * relation value, as in dbt, so a test macro can introspect it (`adapter.get_columns_in_relation(model)`).
 */
function testedRelation(
  node: TestNode,
  scope: CompileScope,
  render: (text: string) => string,
  used: EphemeralUse,
): RelationValue | string {
  const ref = node.refs[0];
  const source = node.sources[0];
  const resolved = ref ? scope.resolveRef(node, ref.name, ref.package, ref.version) : undefined;
  if (resolved?.node.resourceType === 'model' && resolved.node.config.materialized === 'ephemeral')
    used.ids.add(resolved.node.uniqueId);
  const relation = resolved
    ? resolved.value
    : source
      ? scope.resolveSource(node, source.source, source.table)
      : '';
  const where = node.config.where;
  if (!where) return relation;
  const condition = where.includes('{{') || where.includes('{%') ? render(where) : where;
  return `(select * from ${relation} where ${condition}) as ldp_subquery`;
}

/** Calls the test macro; an error without a place of its own points at the test in YAML. */
function callTestMacro(
  node: TestNode,
  macros: MacroCaller,
  macroName: string,
  kwargs: Record<string, unknown>,
  context: Record<string, unknown>,
): unknown {
  try {
    return macros.callMacro(macroName, [kwargs], context, node.packageName);
  } catch (error) {
    if (error instanceof LdpError && error.span === undefined) throw error.withSpan(node.span);
    throw error;
  }
}
