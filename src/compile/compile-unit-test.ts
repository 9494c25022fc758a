import { didYouMeanHint, LdpError, type Span } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { ModelNode, UnitTestNode } from '../model/node.js';
import type { CompileScope } from './compile-scope.js';
import { injectCtes } from './inject-ctes.js';
import type { EphemeralUse } from './node-context.js';
import { ephemeralCteName } from './relation-value.js';
import { unitTestContext } from './unit-test-context.js';
import { fixtureTableName, parseInputCall, resolveInputNode } from './unit-test-inputs.js';
import { type GivenInput, UnitTestReads } from './unit-test-reads.js';
import { type FixtureFiles, readFixtureRows } from './unit-test-rows.js';

/**
 * A unit test compiles to its model's SQL with every relation the model reads replaced by a
 * table of fixture rows: the inputs the test gives, and empty tables for those it does not.
 * Ephemeral models are inlined as usual, their own reads resolved the same way. The test's
 * `overrides` (vars, macros such as `is_incremental`, env vars) apply to this render only.
 */
export function compileUnitTest(
  node: UnitTestNode,
  scope: CompileScope,
  compiledPath: string,
  fixtures: FixtureFiles,
): CompiledNode {
  const definition = node.definition;
  const model = testedModel(node, scope);
  const given = givenInputs(node, model, scope, fixtures);
  const expect = readFixtureRows(
    definition.expect,
    { what: 'expect', testName: node.name, span: definition.span },
    fixtures,
  );
  const reads = new UnitTestReads(model, given, definition.span, scope.dialect);
  const rendered = renderModel(model, scope, reads, definition.overrides);
  const unread = reads.unread()[0];
  if (unread) throw notRead(node, model, unread);
  const inputs = reads.inputs();
  const header = [
    `-- unit test '${node.name}' of model '${model.name}' (${node.originalFilePath}:${definition.span.line})`,
    ...inputs.map((input) => `-- "${input.table}": ${input.input}`),
  ].join('\n');
  return {
    uniqueId: node.uniqueId,
    sql: `${header}\n${rendered.sql}`,
    ephemerals: rendered.ephemerals,
    compiledPath,
    unitTest: {
      name: node.name,
      modelId: model.uniqueId,
      modelName: model.name,
      inputs,
      expect: { rows: expect, span: definition.expect.span ?? definition.span },
      span: definition.span,
    },
  };
}

function testedModel(node: UnitTestNode, scope: CompileScope): ModelNode {
  const target = scope.refs.resolve(node.model);
  if (target?.resourceType === 'model') return target;
  const models = [...scope.manifest.nodes.values()].flatMap((n) =>
    n.resourceType === 'model' ? [n.name] : [],
  );
  throw new LdpError({
    code: 'LDP610',
    message: `unit test '${node.name}' tests model '${node.model}', which does not exist`,
    span: node.span,
    hint: didYouMeanHint(node.model, models) ?? 'Set `model:` to the name of a model of the project.',
  });
}

function givenInputs(
  node: UnitTestNode,
  model: ModelNode,
  scope: CompileScope,
  fixtures: FixtureFiles,
): Map<string, GivenInput> {
  const given = new Map<string, GivenInput>();
  const taken = new Set<string>();
  for (const entry of node.definition.given) {
    const span = entry.inputSpan ?? node.span;
    const call = parseInputCall(entry.input);
    if (!call) throw badInput(node, entry.input, span);
    const upstream = resolveInputNode(call, model, scope, span, node.name);
    const twice = given.get(upstream.uniqueId);
    if (twice) throw givenTwice(node, entry.input, twice, span);
    const rows = readFixtureRows(
      entry,
      { what: `the rows of input ${entry.input}`, testName: node.name, span },
      fixtures,
    );
    given.set(upstream.uniqueId, {
      node: upstream,
      input: entry.input.trim(),
      table: fixtureTableName(upstream, model, taken),
      rows,
      span,
    });
  }
  return given;
}

interface RenderedSql {
  readonly sql: string;
  readonly ephemerals: readonly string[];
}

/** The model's SQL with its ephemeral upstreams inlined as CTEs, nested ones first. */
function renderModel(
  model: ModelNode,
  scope: CompileScope,
  reads: UnitTestReads,
  overrides: UnitTestNode['definition']['overrides'],
): RenderedSql {
  const bodies = new Map<string, RenderedSql>();
  const render = (node: ModelNode): RenderedSql => {
    const cached = bodies.get(node.uniqueId);
    if (cached) return cached;
    const used: EphemeralUse = { ids: new Set() };
    const context = unitTestContext(node, scope, reads, overrides, used);
    const sql = scope.renderer.render(
      { path: node.originalFilePath, text: node.rawSql, packageName: node.packageName },
      context,
    );
    const ephemerals: string[] = [];
    for (const id of used.ids) {
      for (const nested of [...render(scope.manifest.nodes.get(id) as ModelNode).ephemerals, id])
        if (!ephemerals.includes(nested)) ephemerals.push(nested);
    }
    const result = { sql, ephemerals };
    bodies.set(node.uniqueId, result);
    return result;
  };
  const body = render(model);
  const ctes = body.ephemerals.map((id) => {
    const ephemeral = scope.manifest.nodes.get(id) as ModelNode;
    return { name: ephemeralCteName(ephemeral.name), sql: render(ephemeral).sql };
  });
  return { sql: injectCtes(body.sql, ctes), ephemerals: body.ephemerals };
}

function badInput(node: UnitTestNode, input: string, span: Span): LdpError {
  return new LdpError({
    code: 'LDP611',
    message: `unit test '${node.name}' gives input ${JSON.stringify(input)}, which is not a ref(), source() or this`,
    span,
    hint: "Name an input as ref('model_name'), source('source_name', 'table_name') or this.",
  });
}

function givenTwice(node: UnitTestNode, input: string, first: GivenInput, span: Span): LdpError {
  return new LdpError({
    code: 'LDP612',
    message: `unit test '${node.name}' gives input ${input} twice`,
    span,
    hint: 'Put all the rows of an input under one `input:` entry.',
    related: [{ message: 'first given here', span: first.span }],
  });
}

function notRead(node: UnitTestNode, model: ModelNode, input: GivenInput): LdpError {
  return new LdpError({
    code: 'LDP612',
    message: `unit test '${node.name}' gives input ${input.input}, which model '${model.name}' does not read`,
    span: input.span,
    hint: `Remove that input, or check the model: it reads only what its ref(), source() and this calls name${
      model.config.materialized === 'incremental'
        ? ' (`this` only when is_incremental() is true: override it under overrides.macros)'
        : ''
    }.`,
  });
}
