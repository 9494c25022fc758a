import { configLevelsForPath, mergeConfig, validateNodeConfig } from '../../config/index.js';
import { LdpError, type Span } from '../../errors/index.js';
import type { ModelNode } from '../../model/node.js';
import type { SourceFile } from '../../model/project.js';
import { configValues, toRef, toSource } from '../capture.js';
import { baseName, folderParts, fqnOf, pathBelow } from '../naming.js';
import type { ParseEnv } from '../parse-env.js';
import { modelNode, patchLevel, sqlNodeCommon } from '../sql-nodes.js';
import { type PythonCall, readPythonModelCalls } from './python-calls.js';

/** dbt builds Python models as tables or incremental tables only. */
const PYTHON_MATERIALIZATIONS = new Set(['table', 'incremental']);

/**
 * A `.py` model as dbt parses it: a model node with `language: python`, its refs, sources and
 * config read from its `dbt.*` calls. Undefined when broken (reported), `disabled` when disabled.
 */
export function parsePythonModelFile(file: SourceFile, env: ParseEnv): ModelNode | 'disabled' | undefined {
  const calls = env.diagnostics.capture(() => readPythonModelCalls(file.path, file.text));
  if (calls === undefined) return undefined;
  const problems = [...calls.refs.map(refProblem), ...calls.sources.map(sourceProblem)].filter(
    (problem) => problem !== undefined,
  );
  for (const problem of problems) env.diagnostics.error(problem);
  if (problems.length > 0) return undefined;
  const projectName = env.project.config.name;
  const name = baseName(file.path);
  const pathBelowRoot = pathBelow(file.rootPath, file.path);
  const patch = env.properties.patchFor('model', name)?.props;
  const levels: Record<string, unknown>[] = [
    ...configLevelsForPath(env.project.config.models, projectName, [...folderParts(pathBelowRoot), name]),
  ];
  if (patch) levels.push(patchLevel(patch));
  const configs = calls.configs.map((call) => ({ values: configValues(call), span: call.span }));
  for (const call of configs) {
    // `packages` lists the Python packages a model imports: meaningful to Python models only.
    const { packages: _packages, ...checkedValues } = call.values;
    const checked = validateNodeConfig(checkedValues, call.span);
    for (const problem of checked.errors) env.diagnostics.error(problem);
    for (const warning of checked.warnings) env.diagnostics.warn(warning.toInit());
    levels.push(call.values as Record<string, unknown>);
  }
  const config = mergeConfig(levels, 'model');
  if (!config.enabled) return 'disabled';
  if (!PYTHON_MATERIALIZATIONS.has(config.materialized)) {
    const setAt = [...configs].reverse().find((call) => call.values['materialized'] !== undefined)?.span;
    env.diagnostics.error(wrongMaterialization(file, config.materialized, setAt));
    return undefined;
  }
  const parsed = {
    name,
    pathBelowRoot,
    fqn: fqnOf(projectName, pathBelowRoot, name),
    captured: {
      refs: calls.refs.map((call) => toRef(call.positional, call.keywords, call.span)),
      sources: calls.sources.map((call) => toSource(call.positional, call.span)),
      configs,
      rendered: false,
    },
    config,
    ...(patch ? { patch } : {}),
  };
  // Python code calls no Jinja macros.
  const common = { ...sqlNodeCommon(file, parsed, env), macros: [] };
  return { ...modelNode(common, parsed, env), language: 'python' };
}

/** `dbt.ref('model')`, `dbt.ref('package', 'model')`, with `v=`/`version=` only. */
function refProblem(call: PythonCall): LdpError | undefined {
  const strings = call.positional.every((value) => typeof value === 'string');
  const keys = Object.keys(call.keywords).every((key) => key === 'v' || key === 'version');
  if (strings && keys && call.positional.length >= 1 && call.positional.length <= 2) return undefined;
  return badCall(call, 'dbt.ref()', "dbt.ref('model'), dbt.ref('package', 'model') or dbt.ref('model', v=2)");
}

function sourceProblem(call: PythonCall): LdpError | undefined {
  const strings = call.positional.every((value) => typeof value === 'string');
  if (strings && call.positional.length === 2 && Object.keys(call.keywords).length === 0) return undefined;
  return badCall(call, 'dbt.source()', "dbt.source('source_name', 'table_name')");
}

function badCall(call: PythonCall, what: string, shape: string): LdpError {
  return new LdpError({
    code: 'LDP122',
    message: `${what} in a Python model has the wrong arguments`,
    span: call.span,
    hint: `Write it as ${shape}, with string literals.`,
  });
}

function wrongMaterialization(file: SourceFile, materialized: string, setAt: Span | undefined): LdpError {
  return new LdpError({
    code: 'LDP123',
    message: `Python model '${baseName(file.path)}' has materialized: ${materialized}; Python models are tables or incremental tables`,
    span: setAt ?? { file: file.path, line: 1, col: 1 },
    hint: "Use dbt.config(materialized='table') or 'incremental', or set the folder's +materialized for this model to one of them.",
  });
}
