import { randomUUID } from 'node:crypto';
import { Diagnostics, type LdpError, LdpErrors } from '../errors/index.js';
import { buildManifest } from '../graph/build-manifest.js';
import type { Manifest } from '../model/manifest.js';
import type { Project } from '../model/project.js';
import { type Reporter, silentReporter } from '../model/reporter.js';
import { parseProject } from '../parse/parse-project.js';
import { writeManifestArtifact } from './artifacts.js';
import { loadProjectOnly } from './load.js';
import type { ProjectOptions } from './options.js';
import {
  type CachedParse,
  parseCachePath,
  parseInputsFingerprint,
  readParseCache,
  recordingEnv,
  writeParseCache,
} from './partial-parse.js';
import { type ProjectTemplates, projectTemplates } from './project-templates.js';

/** The project as read, before parsing: for work that can start early (see `compile`). */
export interface LoadedProject {
  readonly project: Project;
  readonly templates: ProjectTemplates;
  /** Whether the parse cached in `target/` is valid, so nothing will be parsed. */
  readonly fromCache: boolean;
}

/** A parsed project: everything later commands need, built once per invocation. */
export interface ParsedProject {
  readonly project: Project;
  readonly manifest: Manifest;
  readonly templates: ProjectTemplates;
  readonly invocationId: string;
  readonly startedAt: Date;
  readonly reporter: Reporter;
  /** Fingerprint of every input of the parse (files, config, target, vars). */
  readonly inputsFingerprint: string;
  /** True when the manifest came from the parse cache in `target/`. */
  readonly fromCache: boolean;
  /** The environment templates see, and every variable read from it so far. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly envReads: ReadonlyMap<string, string | undefined>;
  /** The environment as given, for worker threads that record their own reads. */
  readonly sourceEnv: Readonly<Record<string, string | undefined>>;
}

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
  const reporter = options.reporter ?? silentReporter;
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const invocationId = options.invocationId ?? randomUUID();
  const sourceEnv = options.env ?? process.env;
  const { env, reads } = recordingEnv(sourceEnv);
  const project = await loadProjectOnly({ ...options, env });
  const warn = (warning: LdpError) => reporter.report({ kind: 'diagnostic', diagnostic: warning });
  project.warnings.forEach(warn);
  const templates = projectTemplates(project, {
    invocationId,
    runStartedAt: startedAt,
    env,
    onWarn: (message) => reporter.report({ kind: 'info', message: `warning: ${String(message)}` }),
    onLog: (message) => reporter.report({ kind: 'info', message }),
  });
  const inputs = parseInputsFingerprint(project);
  const cached =
    options.partialParse === false ? undefined : readParseCache(parseCachePath(project), inputs, env);
  options.onLoaded?.({ project, templates, fromCache: cached !== undefined });
  const parsed = parseOrReuse(project, templates, { inputs, cached }, reads);
  parsed.warnings.forEach(warn);
  const diagnostics = new Diagnostics();
  for (const error of parsed.errors) diagnostics.error(error);
  diagnostics.throwIfErrors();
  const manifest = parsed.manifest!;
  const result: ParsedProject = {
    project,
    // A cached manifest is read on first use: `ldp parse` of an unchanged project never needs it.
    get manifest() {
      return manifest();
    },
    templates,
    invocationId,
    startedAt,
    reporter,
    inputsFingerprint: parsed.inputs,
    fromCache: parsed.fromCache,
    env,
    envReads: reads,
    sourceEnv,
  };
  if (options.writeManifest) {
    writeManifestArtifact(result, clock());
    reporter.report({ kind: 'info', message: parsed.summary! });
  }
  return result;
}

/**
 * Parses the project, or reuses the parse cached in `target/` when nothing it read has changed
 * (dbt's partial parsing, at project granularity). Only error-free parses are cached.
 */
function parseOrReuse(
  project: Project,
  templates: ProjectTemplates,
  { inputs, cached }: { inputs: string; cached: CachedParse | undefined },
  reads: ReadonlyMap<string, string | undefined>,
): {
  manifest?: () => Manifest;
  summary?: string;
  errors: readonly LdpError[];
  warnings: readonly LdpError[];
  inputs: string;
  fromCache: boolean;
} {
  const fresh = () => {
    const parsed = parseProject(project, templates);
    const built = buildManifest(parsed.input);
    const errors = [...parsed.diagnostics.errors, ...built.diagnostics.errors];
    return { manifest: built.manifest, errors, warnings: parsed.diagnostics.warnings };
  };
  if (cached) {
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
      inputs,
      fromCache: true,
    };
  }
  const { manifest, errors, warnings } = fresh();
  if (errors.length > 0) return { errors, warnings, inputs, fromCache: false };
  const summary = summarizeManifest(manifest);
  writeParseCache(parseCachePath(project), inputs, reads, manifest, warnings, summary);
  return { manifest: () => manifest, summary, errors, warnings, inputs, fromCache: false };
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
