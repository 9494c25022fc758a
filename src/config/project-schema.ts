import { z } from 'zod';
import { retentionSchema } from './retention.js';

const paths = z.array(z.string());
const hooks = z.union([z.string(), z.array(z.string())]);
const tree = z.record(z.string(), z.unknown()).nullable();

/** The keys of `ldp_project.yml` / `dbt_project.yml`. */
export const PROJECT_FILE_KEYS = {
  name: z.string().regex(/^[A-Za-z_][\w]*$/, 'use letters, digits and underscores, starting with a letter'),
  version: z.union([z.string(), z.number()]).optional(),
  profile: z.string().optional(),
  'config-version': z.literal(2).optional(),
  'require-dbt-version': z.union([z.string(), z.array(z.string())]).optional(),
  'model-paths': paths.optional(),
  'seed-paths': paths.optional(),
  'test-paths': paths.optional(),
  'macro-paths': paths.optional(),
  'snapshot-paths': paths.optional(),
  'analysis-paths': paths.optional(),
  'docs-paths': paths.optional(),
  'asset-paths': paths.optional(),
  'target-path': z.string().optional(),
  'log-path': z.string().optional(),
  'clean-targets': paths.optional(),
  'packages-install-path': z.string().optional(),
  vars: z.record(z.string(), z.unknown()).nullable().optional(),
  'on-run-start': hooks.optional(),
  'on-run-end': hooks.optional(),
  models: tree.optional(),
  seeds: tree.optional(),
  snapshots: tree.optional(),
  data_tests: tree.optional(),
  tests: tree.optional(),
  medallion: z
    .strictObject({
      layers: z.array(z.string()).min(1).optional(),
      enforce_layer_order: z.boolean().optional(),
    })
    .optional(),
  retention: retentionSchema.optional(),
  dispatch: z
    .array(z.strictObject({ macro_namespace: z.string(), search_order: z.array(z.string()) }))
    .optional(),
} as const;

/** dbt project keys ldp reads without acting on them. */
export const KNOWN_UNUSED_PROJECT_KEYS: ReadonlySet<string> = new Set([
  'quoting',
  'flags',
  'analyses',
  'packages',
  'sources',
  'exposures',
  'unit_tests',
]);

/**
 * dbt project keys accepted without a word: dbt Cloud's settings, model governance, the semantic
 * layer's config and the comment dbt prepends to its queries change nothing ldp builds.
 */
export const QUIET_PROJECT_KEYS: ReadonlySet<string> = new Set([
  'dbt-cloud',
  'restrict-access',
  'semantic-models',
  'saved-queries',
  'metrics',
  'query-comment',
]);

/** Keys dbt 1.0 renamed; the old names are errors that name the new key. */
export const RENAMED_PROJECT_KEYS: Readonly<Record<string, string>> = {
  'source-paths': 'model-paths',
  'data-paths': 'seed-paths',
  'modules-path': 'packages-install-path',
};

export const projectFileSchema = z.strictObject(PROJECT_FILE_KEYS);
export type ProjectFile = z.infer<typeof projectFileSchema>;
