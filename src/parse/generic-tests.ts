import { configLevelsForPath, mergeConfig } from '../config/index.js';
import type { Span } from '../errors/index.js';
import type { RefCall, SourceCall, TestNode } from '../model/node.js';
import type { NodeConfig } from '../model/node-config.js';
import type { ConfigTree } from '../model/project.js';
import type { TestDefinition } from '../model/properties.js';
import { genericTestUniqueId, modelArgument } from './generic-test-id.js';
import { genericTestNames, sha256 } from './naming.js';
import type { ParseEnv } from './parse-env.js';
import { extractStatically } from './static-extract.js';

/** The node a generic test is attached to. */
export interface TestTarget {
  readonly uniqueId: string;
  /** dbt's target name in test names: the model name, or `<source>_<table>` for sources. */
  readonly nameInTest: string;
  readonly isSource: boolean;
  readonly ref?: RefCall;
  readonly source?: SourceCall;
  readonly propertiesFile: string;
}

/**
 * Builds the test node of one `data_tests:` entry. Its dependencies are the target and every
 * `ref()`/`source()` written in its arguments (e.g. `relationships.to`).
 */
export function genericTestNode(
  definition: TestDefinition,
  target: TestTarget,
  columnName: string | undefined,
  env: ParseEnv,
  configs: TestConfigs = new TestConfigs(env.project.config.dataTests, env.project.config.name),
): TestNode | 'disabled' {
  const projectName = env.project.config.name;
  const [namespace, macroName] = splitNamespace(definition.testName);
  const args: Record<string, unknown> = Object.assign({}, definition.args);
  if (columnName !== undefined) args['column_name'] = columnName;
  const prefix = `${target.isSource ? 'source_' : ''}${namespace ? `${namespace}_` : ''}${macroName}`;
  const names = genericTestNames(prefix, target.nameInTest, args);
  const name = definition.customName ?? names.fullName;
  const config = configs.configFor(target.propertiesFile, definition.config);
  if (!config.enabled) return 'disabled';
  const argCalls = callsInArguments(definition.args, definition.span);
  const refs = [...(target.ref ? [target.ref] : []), ...argCalls.refs];
  const sources = [...(target.source ? [target.source] : []), ...argCalls.sources];
  const rawSql = `{{ test_${macroName}(**_ldp_generic_test_kwargs) }}`;
  const argsJson = JSON.stringify(args);
  const testMetadata = {
    name: macroName,
    ...(namespace ? { namespace } : {}),
    kwargs: { ...args, model: modelArgument(target) },
  };
  return {
    resourceType: 'test',
    testType: 'generic',
    uniqueId: genericTestUniqueId(projectName, name, testMetadata),
    name,
    packageName: projectName,
    originalFilePath: target.propertiesFile,
    // dbt's `path` of a generic test is its file name alone; the compiled file still goes under
    // the properties file (`compiled-paths.ts`).
    path: `${definition.customName ?? names.shortName}.sql`,
    fqn: [projectName, ...folderOf(target.propertiesFile), name],
    description: '',
    tags: config.tags,
    meta: config.meta,
    span: definition.span,
    rawSql,
    checksum: sha256(rawSql + argsJson),
    config,
    refs,
    sources,
    macros: env.macrosUsedBy(rawSql),
    columns: {},
    testMetadata,
    attachedNode: target.uniqueId,
    ...(columnName !== undefined ? { columnName } : {}),
  };
}

/**
 * Merged test configs. Most tests have no config of their own, so every such test of a
 * properties file shares one (frozen) config: thousands of tests then cost one merge, and the
 * parse cache stores that config once.
 */
export class TestConfigs {
  private readonly byFile = new Map<string, NodeConfig>();

  constructor(
    private readonly tree: ConfigTree,
    private readonly projectName: string,
  ) {}

  configFor(propertiesFile: string, own: Readonly<Record<string, unknown>>): NodeConfig {
    const shared = Object.keys(own).length === 0;
    const known = shared ? this.byFile.get(propertiesFile) : undefined;
    if (known) return known;
    const levels = [...configLevelsForPath(this.tree, this.projectName, folderOf(propertiesFile)), own];
    const config = mergeConfig(levels, 'test');
    if (shared) this.byFile.set(propertiesFile, config);
    return config;
  }
}

function splitNamespace(testName: string): [string | undefined, string] {
  const dot = testName.lastIndexOf('.');
  return dot === -1 ? [undefined, testName] : [testName.slice(0, dot), testName.slice(dot + 1)];
}

/** `to: ref('customers')` and friends: arguments are Jinja expressions in dbt. */
function callsInArguments(
  args: Readonly<Record<string, unknown>>,
  span: Span,
): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  for (const value of Object.values(args)) {
    if (typeof value !== 'string' || !/\b(ref|source)\s*\(/.test(value)) continue;
    const text = value.includes('{{') ? value : `{{ ${value} }}`;
    const captured = extractStatically(text, new Set());
    for (const call of captured?.refs ?? []) {
      const [first, second] = call.positional.map(String);
      refs.push({ name: (second ?? first)!, ...(second ? { package: first } : {}), span });
    }
    for (const call of captured?.sources ?? []) {
      sources.push({ source: String(call.positional[0]), table: String(call.positional[1]), span });
    }
  }
  return { refs, sources };
}

function folderOf(file: string): string[] {
  const parts = file.split('/');
  parts.pop();
  return parts.slice(1);
}
