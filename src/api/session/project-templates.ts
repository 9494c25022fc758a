import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { Project } from '../../model/project.js';
import type { CaptureRecorder } from '../../parse/capture.js';
import { captureContext } from '../../parse/capture-context.js';
import { defaultSchemaName } from '../../parse/default-schema-name.js';
import { defaultAlias, type NamingNode } from '../../parse/naming-node.js';
import type { ParseTemplates } from '../../parse/parse-project.js';
import {
  baseContext,
  createTemplateEngine,
  type MacroFile,
  type TemplateEngine,
} from '../../template/index.js';
import { builtinMacroFiles } from './builtin-macros.js';
import { CommandFacts } from './command-facts.js';
import { namingNodeObject } from './naming-node-object.js';
import { TemplateCodes } from './template-codes.js';

/** What the templates need of a project: its macro files, target, vars and name. */
export type TemplateProject = Pick<Project, 'files' | 'target' | 'vars'> & {
  readonly config: Pick<Project['config'], 'name'> & Partial<Pick<Project['config'], 'dispatch'>>;
  readonly packages?: Project['packages'];
};

/** The project's template engine and the context every render starts from. */
export interface ProjectTemplates extends ParseTemplates {
  readonly engine: TemplateEngine;
  readonly base: Readonly<Record<string, unknown>>;
  /** Compiled template code from the cache in `target/` and worker threads (see `compile`). */
  readonly codes: TemplateCodes;
  /** `graph`, `selected_resources`, `flags`: set by the command as it learns them. */
  readonly facts: CommandFacts;
}

export interface TemplateSetup {
  readonly invocationId: string;
  readonly runStartedAt: Date;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onWarn: (warning: LdpError | string) => void;
  readonly onLog: (message: string) => void;
}

/**
 * One engine per command: macro files compiled once, shared by the capture and compile passes.
 * ldp's built-in macros (generic tests, schema naming) come first so a project macro of the
 * same name overrides them, as in dbt.
 */
export function projectTemplates(project: TemplateProject, setup: TemplateSetup): ProjectTemplates {
  const codes = new TemplateCodes();
  const engine = createTemplateEngine({
    macroFiles: projectMacroFiles(project),
    adapterType: project.target.type,
    rootProject: project.config.name,
    dispatch: new Map((project.config.dispatch ?? []).map((d) => [d.macroNamespace, d.searchOrder])),
    onWarn: (message) => setup.onWarn(message),
    onLog: setup.onLog,
    templateCode: (text) => codes.get(text),
    onCompiled: (text, code) => codes.compiled(text, code),
  });
  const packageVars = new Map((project.packages ?? []).map((pkg) => [pkg.name, pkg.vars]));
  const base = baseContext({
    vars: project.vars,
    packageVars: () => {
      const active = engine.activePackage();
      return active === undefined ? undefined : packageVars.get(active);
    },
    env: setup.env,
    target: targetContext(project),
    projectName: project.config.name,
    invocationId: setup.invocationId,
    runStartedAt: setup.runStartedAt,
    execute: true,
  });
  const facts = new CommandFacts(project.target);
  Object.defineProperties(base, Object.getOwnPropertyDescriptors(facts.contextValues()));
  return {
    engine,
    base,
    codes,
    facts,
    renderDescription: (text, file, docs) =>
      engine.render({ path: file, text }, { ...base, doc: (name: string) => docFor(name, docs, file) }),
    renderPropertyValue: (text, span, packageName) =>
      engine.render(
        { path: span.file, text, line: span.line, col: span.col, ...(packageName ? { packageName } : {}) },
        base,
      ),
    captureRender: (template, recorder: CaptureRecorder, soFar) => {
      engine.render(template, captureContext(base, recorder, soFar));
    },
    schemaFor: overridden(engine, 'generate_schema_name')
      ? (custom, node) =>
          String(
            engine.callMacro('generate_schema_name', [custom ?? null, namingNodeObject(node)], base),
          ).trim() || project.target.schema
      : (custom, node) => defaultSchemaName(project.target, custom, node.layer),
    // dbt calls generate_database_name(custom_database_name, node); ldp writes no database part
    // for the target's own database, so only an override can name another one.
    ...(overridden(engine, 'generate_database_name')
      ? {
          databaseFor: (custom: string | undefined, node: NamingNode) => {
            const named = String(
              engine.callMacro('generate_database_name', [custom ?? null, namingNodeObject(node)], base),
            ).trim();
            return named === '' || named === project.target.database ? undefined : named;
          },
        }
      : {}),
    aliasFor: overridden(engine, 'generate_alias_name')
      ? (custom, node) =>
          String(
            engine.callMacro('generate_alias_name', [custom ?? null, namingNodeObject(node)], base),
          ).trim() || defaultAlias(node)
      : (custom, node) => custom?.trim() || defaultAlias(node),
  };
}

/**
 * ldp's built-ins (dbt's `dbt` namespace) first, then each installed package's macros (its
 * namespace, unqualified only in its own nodes, compiled on first use), then the root project's,
 * which replace built-ins of the same name.
 */
function projectMacroFiles(project: TemplateProject): MacroFile[] {
  const packages = (project.packages ?? []).flatMap((pkg) =>
    pkg.files
      .filter((file) => file.kind === 'macro')
      .map((file) => ({
        path: file.path,
        text: file.text,
        namespace: pkg.name,
        packageLocal: true,
        lazy: true,
      })),
  );
  const own = project.files
    .filter((file) => file.kind === 'macro')
    .map((file) => ({ path: file.path, text: file.text, namespace: project.config.name }));
  return [...builtinMacroFiles(), ...packages, ...own];
}

function docFor(name: string, docs: ReadonlyMap<string, string>, file: string): string {
  const contents = docs.get(name);
  if (contents !== undefined) return contents;
  throw new LdpError({
    code: 'LDP208',
    message: `doc('${name}') is not defined (used in ${file})`,
    hint:
      didYouMeanHint(name, docs.keys()) ??
      `Add {% docs ${name} %}…{% enddocs %} to a .md file in the project.`,
  });
}

/**
 * True when the project defines the macro itself. The built-in naming macros have a JS twin that
 * parsing uses directly: calling a template per node would cost thousands of renders.
 */
function overridden(engine: TemplateEngine, name: string): boolean {
  const macro = engine.macros.get(name);
  return macro !== undefined && !builtinMacroFiles().some((file) => file.path === macro.file);
}

/** `target` in templates: the output's own keys plus dbt's standard names. */
function targetContext(project: TemplateProject): Record<string, unknown> {
  const target = project.target;
  return {
    ...target.raw,
    name: target.name,
    profile_name: target.profileName,
    type: target.type,
    schema: target.schema,
    database: target.database,
    threads: target.threads,
  };
}
