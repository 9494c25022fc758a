import { join } from 'node:path';
import type { ManifestChanges } from '../../artifacts/manifest-splice.js';
import { Diagnostics, type LdpError, LdpErrors } from '../../errors/index.js';
import { buildManifest } from '../../graph/build-manifest.js';
import { replaceNodes } from '../../graph/replace-nodes.js';
import type { Manifest } from '../../model/manifest.js';
import type { GraphNode } from '../../model/node.js';
import type { Project } from '../../model/project.js';
import { missingPackagesError } from '../../packages/index.js';
import { parseProject } from '../../parse/parse-project.js';
import { type EarlierParse, reparseChangedFiles } from '../../parse/reparse-files.js';
import { writeManifestArtifact } from './artifacts.js';
import { type CommandSession, startSession } from './command-session.js';
import { FILE_HASHES_FILE, FileHashes } from './file-hashes.js';
import { loadProjectOnly } from './load.js';
import type { ProjectOptions } from './options.js';
import type { ParseResult, PartialParse } from './parse-result.js';
import {
  type CachedParse,
  type ParseInputs,
  parseCachePath,
  parseInputsFingerprint,
  readParseCache,
  writeParseCache,
} from './partial-parse.js';
import { type ProjectTemplates, projectTemplates } from './project-templates.js';
import { projectValueRenderer } from './render-project-value.js';

/** The project as read, before parsing: for work that can start early (see `compile`). */
export interface LoadedProject {
  readonly project: Project;
  readonly templates: ProjectTemplates;
  /**
   * What the parse cached in `target/` offers: `exact` when it is valid and nothing will be
   * parsed, `partial` when only some SQL files changed and likely only those will be.
   */
  readonly cached: 'exact' | 'partial' | 'none';
}

/**
 * What a command works with once the project is parsed: the immutable parse result and the
 * session (ids, reporter, environment reads, template engine) of the command that parsed it.
 */
export type ParsedProject = ParseResult & CommandSession;

export type { PartialParse } from './parse-result.js';

/**
 * `ldp parse`: load the project, parse every file, build and check the graph. Reports every
 * problem at once and throws if there is any error; warnings go to the reporter.
 */
export async function parse(
  options: ProjectOptions & {
    writeManifest?: boolean;
    /** Called once the files are read, before they are parsed (or the cached parse is used). */
    onLoaded?: (loaded: LoadedProject) => void;
  },
): Promise<ParsedProject> {
  const clock = options.clock ?? (() => new Date());
  const session = startSession(options);
  const { reporter, invocationId, startedAt, env, envReads: reads } = session;
  const project = await loadProjectOnly({ ...options, env });
  const missing = missingPackagesError(
    project.root,
    project.config.packagesInstallPath,
    projectValueRenderer(env),
  );
  if (missing) throw missing;
  const warn = (warning: LdpError) => reporter.report({ kind: 'diagnostic', diagnostic: warning });
  project.warnings.forEach(warn);
  let made: ProjectTemplates | undefined;
  let result: ParsedProject | undefined;
  // Made on first use: `ldp parse` of an unchanged project never renders anything.
  const templates = () => {
    if (made === undefined) {
      made = projectTemplates(project, {
        invocationId,
        runStartedAt: startedAt,
        env,
        onWarn: (message) => reporter.report({ kind: 'info', message: `warning: ${String(message)}` }),
        onLog: (message) => reporter.report({ kind: 'info', message }),
      });
      made.facts.bindManifest(() => result!.manifest);
    }
    return made;
  };
  const hashes = FileHashes.read(join(project.root, project.config.targetPath, FILE_HASHES_FILE));
  const inputs = parseInputsFingerprint(project, hashes);
  hashes.save();
  const cached =
    options.partialParse === false ? undefined : readParseCache(parseCachePath(project), inputs, env);
  options.onLoaded?.({
    project,
    get templates() {
      return templates();
    },
    cached: cached ? (cached.exact ? 'exact' : 'partial') : 'none',
  });
  const parsed = parseOrReuse(project, templates, { inputs, cached, hashes }, reads);
  parsed.warnings.forEach(warn);
  const diagnostics = new Diagnostics();
  for (const error of parsed.errors) diagnostics.error(error);
  diagnostics.throwIfErrors();
  const manifest = parsed.manifest!;
  result = {
    project,
    // A cached manifest is read on first use: `ldp parse` of an unchanged project never needs it.
    get manifest() {
      return manifest();
    },
    inputsFingerprint: parsed.inputs,
    fromCache: parsed.fromCache,
    ...(parsed.partial ? { partialParse: parsed.partial } : {}),
    ...session,
    get templates() {
      return templates();
    },
  };
  if (options.writeManifest) {
    writeManifestArtifact(result, clock());
    reporter.report({ kind: 'info', message: parsed.summary! });
  }
  return result;
}

/**
 * Parses the project, or reuses the parse cached in `target/`: whole when nothing it read has
 * changed, and otherwise, when only the SQL of some models, analyses or singular tests changed,
 * with those files parsed again (dbt's partial parsing). Only error-free parses are cached.
 */
function parseOrReuse(
  project: Project,
  templates: () => ProjectTemplates,
  { inputs, cached, hashes }: { inputs: ParseInputs; cached: CachedParse | undefined; hashes: FileHashes },
  reads: ReadonlyMap<string, string | undefined>,
): {
  manifest?: () => Manifest;
  summary?: string;
  errors: readonly LdpError[];
  warnings: readonly LdpError[];
  inputs: string;
  fromCache: boolean;
  partial?: PartialParse;
} {
  const fresh = () => {
    const parsed = parseProject(project, templates());
    const built = buildManifest(parsed.input);
    const errors = [...parsed.diagnostics.errors, ...built.diagnostics.errors];
    return {
      manifest: built.manifest,
      properties: parsed.properties,
      errors,
      warnings: parsed.diagnostics.warnings,
    };
  };
  if (cached?.exact) {
    const manifest = () => {
      try {
        return cached.manifest();
      } catch {
        // An unreadable manifest in a valid cache file: parse again (same inputs, same result).
        const again = fresh();
        if (again.errors.length > 0) throw new LdpErrors(again.errors);
        return again.manifest;
      }
    };
    return {
      manifest: once(manifest),
      summary: cached.summary,
      errors: [],
      warnings: cached.warnings,
      inputs: inputs.all,
      fromCache: true,
    };
  }
  const partial = cached && reparse(project, templates, cached, hashes);
  const { manifest, properties, errors, warnings } = partial ?? fresh();
  if (errors.length > 0) return { errors, warnings, inputs: inputs.all, fromCache: false };
  const summary = summarizeManifest(manifest);
  // A partial parse read only some of the environment: what the earlier parse read still counts.
  const envReads = partial && cached ? new Map([...cached.envReads, ...reads]) : reads;
  const earlier =
    partial && cached
      ? {
          cached,
          changed: new Set(partial.partial.nodes),
          sameGraph: !partial.partial.manifestChanges.graph,
        }
      : undefined;
  writeParseCache(
    parseCachePath(project),
    inputs,
    envReads,
    { manifest, properties },
    warnings,
    summary,
    earlier,
  );
  return {
    manifest: () => manifest,
    summary,
    errors,
    warnings,
    inputs: inputs.all,
    fromCache: false,
    ...(partial ? { partial: partial.partial } : {}),
  };
}

/**
 * The cached parse with the changed SQL files parsed again (see `reparseChangedFiles`), or
 * undefined when the whole project must be parsed: also when the result has an error, so that
 * it is reported exactly as a full parse reports it.
 */
function reparse(
  project: Project,
  templates: () => ProjectTemplates,
  cached: CachedParse,
  hashes: FileHashes,
) {
  let earlier: EarlierParse;
  try {
    earlier = cached.parsed();
  } catch {
    return undefined;
  }
  const reparsed = reparseChangedFiles(project, templates(), earlier, (file) => hashes.hashOf(file));
  if (!reparsed) return undefined;
  const same = sameGraph(cached, earlier, reparsed.replaced);
  const built = same ?? buildManifest(reparsed.input);
  if (built.diagnostics.hasErrors()) return undefined;
  const changedFiles = new Set(reparsed.reparsed.files);
  const kept = cached.warnings.filter((warning) => !changedFiles.has(warning.span?.file ?? ''));
  const manifestChanges = same
    ? { nodes: new Set(reparsed.replaced.keys()), graph: false }
    : graphChanges(cached.manifest(), built.manifest, reparsed.replaced);
  return {
    manifest: built.manifest,
    properties: earlier.properties,
    errors: [],
    warnings: [...kept, ...reparsed.warnings],
    partial: { ...reparsed.reparsed, from: cached.inputs, manifestChanges },
  };
}

/**
 * The cached manifest with the re-parsed nodes in place, when none of them changed anything the
 * graph checks read (`replaceNodes`): its parent and child maps stand, nothing is checked again.
 */
function sameGraph(
  cached: CachedParse,
  earlier: EarlierParse,
  replaced: ReadonlyMap<string, GraphNode>,
): { manifest: Manifest; diagnostics: Diagnostics } | undefined {
  const nodes = replaceNodes(earlier.manifest, replaced);
  if (nodes === undefined) return undefined;
  const { parentMap, childMap } = cached.manifest();
  return { manifest: { ...nodes, parentMap, childMap }, diagnostics: new Diagnostics() };
}

/**
 * After the graph was built again: the re-parsed nodes, and every node whose parents changed
 * (its manifest entry lists them), with the parent and child maps.
 */
function graphChanges(
  before: Manifest,
  after: Manifest,
  replaced: ReadonlyMap<string, GraphNode>,
): ManifestChanges {
  const nodes = new Set(replaced.keys());
  for (const [id, parents] of after.parentMap) {
    const earlier = before.parentMap.get(id);
    if (
      earlier === undefined ||
      earlier.length !== parents.length ||
      earlier.some((p, i) => p !== parents[i])
    )
      nodes.add(id);
  }
  return { nodes, graph: true };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** `Found 12 models, 3 seeds, 30 data tests, 2 sources, 4 macros` as dbt prints it. */
export function summarizeManifest(manifest: Manifest): string {
  const counts = new Map<string, number>();
  for (const node of manifest.nodes.values()) {
    const label = node.resourceType === 'test' ? 'data test' : node.resourceType.replace('_', ' ');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  counts.set(
    'macro',
    [...manifest.macros.values()].filter((m) => m.packageName === manifest.projectName).length,
  );
  const order = [
    'model',
    'seed',
    'snapshot',
    'data test',
    'unit test',
    'source',
    'exposure',
    'analysis',
    'macro',
  ];
  const parts = order
    .filter((label) => (counts.get(label) ?? 0) > 0)
    .map((label) => `${counts.get(label)} ${label}${counts.get(label) === 1 ? '' : 's'}`);
  return `Found ${parts.join(', ') || 'nothing to build'}`;
}
