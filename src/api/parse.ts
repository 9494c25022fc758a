import { randomUUID } from 'node:crypto';
import { Diagnostics, type LdpError } from '../errors/index.js';
import { buildManifest } from '../graph/build-manifest.js';
import type { Manifest } from '../model/manifest.js';
import type { Project } from '../model/project.js';
import { type Reporter, silentReporter } from '../model/reporter.js';
import { parseProject } from '../parse/parse-project.js';
import { writeManifestArtifact } from './artifacts.js';
import { loadProjectOnly } from './load.js';
import type { ProjectOptions } from './options.js';
import {
  parseCachePath,
  parseInputsFingerprint,
  readParseCache,
  recordingEnv,
  writeParseCache,
} from './partial-parse.js';
import { type ProjectTemplates, projectTemplates } from './project-templates.js';

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
}

/**
 * `ldp parse`: load the project, parse every file, build and check the graph. Reports every
 * problem at once and throws if there is any error; warnings go to the reporter.
 */
export async function parse(options: ProjectOptions & { writeManifest?: boolean }): Promise<ParsedProject> {
  const reporter = options.reporter ?? silentReporter;
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const invocationId = options.invocationId ?? randomUUID();
  const { env, reads } = recordingEnv(options.env ?? process.env);
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
  const parsed = parseOrReuse(project, templates, options.partialParse ?? true, env, reads);
  parsed.warnings.forEach(warn);
  const diagnostics = new Diagnostics();
  for (const error of parsed.errors) diagnostics.error(error);
  diagnostics.throwIfErrors();
  const manifest = parsed.manifest!;
  const result: ParsedProject = {
    project,
    manifest,
    templates,
    invocationId,
    startedAt,
    reporter,
    inputsFingerprint: parsed.inputs,
    fromCache: parsed.fromCache,
    env,
    envReads: reads,
  };
  if (options.writeManifest) {
    writeManifestArtifact(result, clock());
    reporter.report({ kind: 'info', message: summarizeManifest(manifest) });
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
  partialParse: boolean,
  env: Readonly<Record<string, string | undefined>>,
  reads: ReadonlyMap<string, string | undefined>,
): {
  manifest?: Manifest;
  errors: readonly LdpError[];
  warnings: readonly LdpError[];
  inputs: string;
  fromCache: boolean;
} {
  const cachePath = parseCachePath(project);
  const inputs = parseInputsFingerprint(project);
  const cached = partialParse ? readParseCache(cachePath, inputs, env) : undefined;
  if (cached)
    return { manifest: cached.manifest, errors: [], warnings: cached.warnings, inputs, fromCache: true };
  const parsed = parseProject(project, templates);
  const built = buildManifest(parsed.input);
  const errors = [...parsed.diagnostics.errors, ...built.diagnostics.errors];
  const warnings = parsed.diagnostics.warnings;
  if (errors.length > 0) return { errors, warnings, inputs, fromCache: false };
  writeParseCache(cachePath, inputs, reads, built.manifest, warnings);
  return { manifest: built.manifest, errors, warnings, inputs, fromCache: false };
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
