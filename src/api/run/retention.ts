import type { ProjectConfig } from '../../model/project.js';

/**
 * The project's retention as Iceberg's own table properties, so other engines' maintenance jobs
 * (Spark's expire_snapshots, pyiceberg) keep the same history as `ldp vacuum`.
 */
export function retentionProperties(config: Pick<ProjectConfig, 'retention'>): Record<string, string> {
  return {
    'history.expire.max-snapshot-age-ms': String(Math.round(config.retention.maxSnapshotAgeMs)),
    'history.expire.min-snapshots-to-keep': String(config.retention.minSnapshotsToKeep),
  };
}
