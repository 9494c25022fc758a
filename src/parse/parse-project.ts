import type { RenderString } from '../config/index.js';
import { Diagnostics, type Span } from '../errors/index.js';
import type { ManifestInput } from '../graph/build-manifest.js';
import type { DocBlock, GraphNode, MacroDefinition, UnitTestNode } from '../model/node.js';
import type { Project, ProjectPackage, SourceFile } from '../model/project.js';
import type { PropertiesFile } from '../model/properties.js';
import { extractBlocks, secretEnvUses, type TemplateBlock } from '../template/index.js';
import type { CaptureRecorder } from './capture.js';
import { exposureNode } from './exposure-nodes.js';
import { genericTestNode, TestConfigs, type TestTarget } from './generic-tests.js';
import { findGraphMacros } from './graph-macros.js';
import type { NamingNode } from './naming-node.js';
import type { ParseEnv } from './parse-env.js';
import { parsePropertiesFile } from './properties/index.js';
import { PropertiesIndex } from './properties-index.js';
import { parsePythonModelFile } from './python/python-nodes.js';
import { parseSeedFile } from './seed-nodes.js';
import { parseSnapshotBlock, parseYamlSnapshots } from './snapshot-nodes.js';
import { sourceNodes } from './source-nodes.js';
import { parseSqlFile } from './sql-nodes.js';

/** `env_var('DBT_ENV_SECRET_…')` in a project file is an error at its place (see `secretEnvUses`). */
export function refuseSecretReads(file: SourceFile, diagnostics: Diagnostics): void {
  for (const error of secretEnvUses(file.path, file.text)) diagnostics.error(error);
}

/** The template services parsing needs; the API wires the nunjucks engine in. */
export interface ParseTemplates {
  captureRender(
    template: {
      readonly path: string;
      readonly text: string;
      readonly line?: number;
      readonly col?: number;
      /** The package of the node: its own macros are then unqualified names. */
      readonly packageName?: string;
    },
    recorder: CaptureRecorder,
    configSoFar: Readonly<Record<string, unknown>>,
  ): void;
  schemaFor(customSchema: string | undefined, node: NamingNode): string;
  /** Renders a description, where `{{ doc('name') }}` reads a docs block. */
  renderDescription(text: string, file: string, docs: ReadonlyMap<string, string>): string;
  aliasFor(customAlias: string | undefined, node: NamingNode): string;
  /**
   * Renders one Jinja value of a properties file when it is parsed (`var()` of the package that
   * owns the file, `env_var()`, `target`), as dbt renders schema files.
   */
  renderPropertyValue?(text: string, span: Span, packageName: string | undefined): string;
  databaseFor?(customDatabase: string | undefined, node: NamingNode): string | undefined;
}

/**
 * Every file of the project and of its installed packages → nodes, macros and docs; all problems
 * collected together. A package's files are parsed as dbt parses a dependency: with its own
 * config, properties and name (`model.<package>.<name>`), and the root project's config for it.
 */
export function parseProject(
  project: Project,
  templates: ParseTemplates,
): { input: ManifestInput; diagnostics: Diagnostics; properties: readonly PropertiesFile[] } {
  const diagnostics = new Diagnostics();
  const units = [project, ...project.packages.map((pkg) => packageView(project, pkg))].map((unit) =>
    readUnit(unit, diagnostics, propertyRenderer(templates, unit, project)),
  );
  // Graph macros and depends_on.macros look at every macro, a package's included.
  const macros = units.flatMap((unit) => unit.macros);
  const parsed = units.map((unit) => parseUnit(unit, templates, macros, diagnostics));
  const docs = units.flatMap((unit) => unit.docs);
  // doc('x') finds the root project's block before a package's, as in dbt.
  const describe = describer(templates, [...docs].reverse(), diagnostics);
  return {
    input: {
      projectName: project.config.name,
      nodes: parsed.flatMap((unit) => unit.nodes).map(describe),
      disabled: new Set(parsed.flatMap((unit) => [...unit.disabled]).map((path) => baseNameOf(path))),
      unparsed: new Set(parsed.flatMap((unit) => [...unit.unparsed])),
      macros,
      docs,
      layers: project.config.layers,
      enforceLayerOrder: project.config.enforceLayerOrder,
    },
    diagnostics,
    properties: units.flatMap((unit) => unit.properties),
  };
}

/** An installed package seen as a project of its own: its config, files and vars. */
function packageView(root: Project, pkg: ProjectPackage): Project {
  return { ...root, config: pkg.config, files: pkg.files, vars: pkg.vars, packages: [] };
}

/** A project's (or package's) files read without rendering: properties, macros, docs. */
interface ReadUnit {
  readonly project: Project;
  readonly byKind: Map<SourceFile['kind'], SourceFile[]>;
  readonly properties: PropertiesFile[];
  readonly macros: MacroDefinition[];
  readonly docs: DocBlock[];
}

/** Renders a properties value of `unit` (the root project or a package, whose vars `var()` reads). */
function propertyRenderer(templates: ParseTemplates, unit: Project, root: Project): RenderString | undefined {
  const render = templates.renderPropertyValue;
  if (!render) return undefined;
  const packageName = unit === root ? undefined : unit.config.name;
  return (text, span) => render(text, span, packageName);
}

function readUnit(project: Project, diagnostics: Diagnostics, render?: RenderString): ReadUnit {
  for (const file of project.files) if (file.kind !== 'seed') refuseSecretReads(file, diagnostics);
  const byKind = groupFiles(project.files);
  const properties = (byKind.get('properties') ?? []).flatMap((file) =>
    parseProperties(file, diagnostics, render),
  );
  const blocks = new Map(
    (byKind.get('macro') ?? []).map((file) => [file, blocksOf(file, diagnostics)] as const),
  );
  return {
    project,
    byKind,
    properties,
    macros: macroDefinitions(project.config.name, blocks),
    docs: docBlocks(project.config.name, byKind.get('docs') ?? [], diagnostics),
  };
}

/** The nodes of one project or package; names of disabled and unparsed ones. */
function parseUnit(
  unit: ReadUnit,
  templates: ParseTemplates,
  macros: readonly MacroDefinition[],
  diagnostics: Diagnostics,
): { nodes: GraphNode[]; disabled: Set<string>; unparsed: Set<string> } {
  const { project, byKind } = unit;
  const env = parseEnvFor(project, templates, { properties: unit.properties, macros }, diagnostics);
  const nodes: GraphNode[] = [];
  const disabled = new Set<string>();
  const unparsed = new Set<string>();
  const add = (name: string, result: GraphNode | 'disabled' | undefined) => {
    if (result === 'disabled') disabled.add(name);
    else if (result === undefined) unparsed.add(baseNameOf(name));
    else nodes.push(result);
  };
  for (const file of byKind.get('model') ?? []) add(file.path, parseSqlFile(file, 'model', env));
  for (const file of byKind.get('python_model') ?? []) add(file.path, parsePythonModelFile(file, env));
  for (const file of byKind.get('analysis') ?? []) add(file.path, parseSqlFile(file, 'analysis', env));
  for (const file of byKind.get('test') ?? []) add(file.path, parseSqlFile(file, 'test', env));
  for (const file of byKind.get('seed') ?? []) add(file.path, parseSeedFile(file, env));
  for (const file of byKind.get('snapshot') ?? []) {
    for (const block of blocksOf(file, diagnostics).filter((b) => b.kind === 'snapshot')) {
      add(block.name, parseSnapshotBlock(file, block, env));
    }
  }
  for (const { name, result } of parseYamlSnapshots(byKind.get('properties') ?? [], unit.properties, env))
    add(name, result);
  for (const { definition, file } of env.properties.sources)
    nodes.push(...sourceNodes(project.config.name, definition, file));
  for (const { definition, file } of env.properties.exposures) {
    nodes.push(exposureNode(project.config.name, definition, file, diagnostics));
  }
  nodes.push(...genericTests(nodes, env, disabled));
  nodes.push(...unitTests(project.config.name, env));
  warnUnusedPatches(env, nodes, unparsed);
  return { nodes, disabled, unparsed };
}

/** What parsing one file needs, from the project's properties files and macros. */
export function parseEnvFor(
  project: Project,
  templates: ParseTemplates,
  parsed: { readonly properties: readonly PropertiesFile[]; readonly macros: readonly MacroDefinition[] },
  diagnostics: Diagnostics,
): ParseEnv {
  return {
    project,
    properties: new PropertiesIndex(parsed.properties, diagnostics),
    diagnostics,
    graphMacros: qualifiedGraphMacros(parsed.macros),
    macrosUsedBy: macroFinder(parsed.macros),
    captureRender: templates.captureRender,
    schemaFor: templates.schemaFor,
    aliasFor: templates.aliasFor,
    ...(templates.databaseFor ? { databaseFor: templates.databaseFor } : {}),
  };
}

/**
 * Graph macros by name, and as `<package>.<name>` for a package's: a call `dbt_utils.x(…)` is
 * read as the qualified name. Names are shared across packages, which only errs on the safe side.
 */
function qualifiedGraphMacros(macros: readonly MacroDefinition[]): Set<string> {
  const names = findGraphMacros(new Map(macros.map((m) => [m.name, m.macroSql])));
  for (const macro of macros) if (names.has(macro.name)) names.add(`${macro.packageName}.${macro.name}`);
  return names;
}

function groupFiles(files: readonly SourceFile[]): Map<SourceFile['kind'], SourceFile[]> {
  const map = new Map<SourceFile['kind'], SourceFile[]>();
  for (const file of files) {
    const list = map.get(file.kind);
    if (list) list.push(file);
    else map.set(file.kind, [file]);
  }
  return map;
}

function parseProperties(
  file: SourceFile,
  diagnostics: Diagnostics,
  render?: RenderString,
): PropertiesFile[] {
  const result = parsePropertiesFile(file, render);
  for (const problem of result.diagnostics.errors) diagnostics.error(problem);
  for (const warning of result.diagnostics.warnings) diagnostics.warn(warning);
  return [result.properties];
}

function blocksOf(file: SourceFile, diagnostics: Diagnostics): TemplateBlock[] {
  return diagnostics.capture(() => extractBlocks(file.path, file.text)) ?? [];
}

function macroDefinitions(
  projectName: string,
  blocks: ReadonlyMap<SourceFile, TemplateBlock[]>,
): MacroDefinition[] {
  const macros: MacroDefinition[] = [];
  for (const [file, list] of blocks) {
    for (const block of list) {
      if (block.kind !== 'macro' && block.kind !== 'test') continue;
      const name = block.kind === 'test' ? `test_${block.name}` : block.name;
      macros.push({
        uniqueId: `macro.${projectName}.${name}`,
        name,
        packageName: projectName,
        originalFilePath: file.path,
        span: block.span,
        arguments: block.args,
        description: '',
        macroSql: block.body,
      });
    }
  }
  return macros;
}

function docBlocks(projectName: string, files: readonly SourceFile[], diagnostics: Diagnostics): DocBlock[] {
  return files.flatMap((file) =>
    blocksOf(file, diagnostics)
      .filter((block) => block.kind === 'docs')
      .map((block) => ({
        uniqueId: `doc.${projectName}.${block.name}`,
        name: block.name,
        packageName: projectName,
        originalFilePath: file.path,
        blockContents: block.body.trim(),
      })),
  );
}

/** Generic tests of models, seeds, snapshots (from their properties) and of sources. */
function genericTests(nodes: readonly GraphNode[], env: ParseEnv, disabled: Set<string>): GraphNode[] {
  const tests: GraphNode[] = [];
  const configs = new TestConfigs(env.project.config.dataTests, env.project.config.name);
  const add = (result: GraphNode | 'disabled', name: string) => {
    if (result === 'disabled') disabled.add(name);
    else tests.push(result);
  };
  for (const node of nodes) {
    if (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot') {
      const patch = env.properties.patchFor(node.resourceType, node.name);
      if (!patch) continue;
      const target: TestTarget = {
        uniqueId: node.uniqueId,
        nameInTest: node.name,
        isSource: false,
        ref: { name: node.name, span: patch.props.span },
        propertiesFile: patch.file,
      };
      for (const test of patch.props.tests)
        add(genericTestNode(test, target, undefined, env, configs), test.testName);
      for (const column of patch.props.columns) {
        for (const test of column.tests)
          add(genericTestNode(test, target, column.name, env, configs), test.testName);
      }
    }
  }
  for (const { definition, file } of env.properties.sources) {
    for (const table of definition.tables) {
      const target: TestTarget = {
        uniqueId: `source.${env.project.config.name}.${definition.name}.${table.name}`,
        nameInTest: `${definition.name}_${table.name}`,
        isSource: true,
        source: { source: definition.name, table: table.name, span: table.span },
        propertiesFile: file,
      };
      for (const test of table.tests)
        add(genericTestNode(test, target, undefined, env, configs), test.testName);
      for (const column of table.columns) {
        for (const test of column.tests)
          add(genericTestNode(test, target, column.name, env, configs), test.testName);
      }
    }
  }
  return tests;
}

/** Unit tests from properties files; `config: {enabled: false}` leaves one out, `tags`/`meta` select it. */
function unitTests(projectName: string, env: ParseEnv): UnitTestNode[] {
  const enabled = env.properties.unitTests.filter(({ definition }) => definition.config['enabled'] !== false);
  return enabled.map(({ definition, file }) => ({
    resourceType: 'unit_test',
    uniqueId: `unit_test.${projectName}.${definition.model}.${definition.name}`,
    name: definition.name,
    packageName: projectName,
    originalFilePath: file,
    path: file,
    fqn: [projectName, definition.model, definition.name],
    description: definition.description,
    tags: [definition.config['tags'] ?? []].flat().map(String),
    meta: (definition.config['meta'] as Record<string, unknown> | undefined) ?? {},
    span: definition.span,
    model: definition.model,
    definition,
  }));
}

/** Properties of a node that does not exist; not of one whose file failed to parse (reported). */
function warnUnusedPatches(env: ParseEnv, nodes: readonly GraphNode[], unparsed: ReadonlySet<string>): void {
  const names = new Set(nodes.map((node) => `${node.resourceType}:${node.name}`));
  for (const [key, { props }] of env.properties.entries()) {
    if (names.has(key)) continue;
    const [kind, name] = key.split(':');
    if (unparsed.has(name!)) continue;
    env.diagnostics.warn({
      code: 'LDP312',
      message: `properties describe ${kind} '${name}', but no such ${kind} exists`,
      span: props.span,
      hint: `Check the name, or create the ${kind} file.`,
    });
  }
}

/**
 * The macros a template names (by a plain text search, as a reference cannot be known without
 * rendering), for the manifest's depends_on.macros. Nodes get the list when they are made.
 */
function macroFinder(macros: readonly MacroDefinition[]): (text: string) => readonly string[] {
  const names = macros.map((m) => [m.name, m.uniqueId] as const);
  return (text) => {
    const used: string[] = [];
    for (const [name, uniqueId] of names) if (text.includes(name)) used.push(uniqueId);
    return used;
  };
}

/** Renders `{{ doc('x') }}` in node and column descriptions; plain descriptions are left alone. */
export function describer(templates: ParseTemplates, docs: readonly DocBlock[], diagnostics: Diagnostics) {
  const contents = new Map(docs.map((doc) => [doc.name, doc.blockContents]));
  const render = (text: string, file: string) =>
    text.includes('{{')
      ? (diagnostics.capture(() => templates.renderDescription(text, file, contents)) ?? text)
      : text;
  return (node: GraphNode): GraphNode => {
    const columns = 'columns' in node ? node.columns : undefined;
    const needsColumns =
      columns !== undefined && Object.values(columns).some((c) => c.description.includes('{{'));
    if (!node.description.includes('{{') && !needsColumns) return node;
    const described = { ...node, description: render(node.description, node.originalFilePath) };
    if (columns && needsColumns) {
      const rendered = Object.fromEntries(
        Object.entries(columns).map(([name, column]) => [
          name,
          { ...column, description: render(column.description, node.originalFilePath) },
        ]),
      );
      return { ...described, columns: rendered } as GraphNode;
    }
    return described as GraphNode;
  };
}

function baseNameOf(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.replace(/\.[^.]+$/, '');
}
