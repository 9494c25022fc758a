import { z } from 'zod';

/** How long Iceberg history is kept; `ldp vacuum` applies it and tables carry it as properties. */
export interface RetentionConfig {
  /** Snapshots older than this are expired (the newest `minSnapshotsToKeep` always stay). */
  readonly maxSnapshotAgeMs: number;
  readonly minSnapshotsToKeep: number;
  /** Unreferenced files younger than this may belong to a write in progress and are kept. */
  readonly orphanFileMinAgeMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Iceberg's own defaults (`history.expire.*`), and a three-day window for orphan files. */
export const DEFAULT_RETENTION: RetentionConfig = {
  maxSnapshotAgeMs: 5 * DAY_MS,
  minSnapshotsToKeep: 1,
  orphanFileMinAgeMs: 3 * DAY_MS,
};

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  second: 1000,
  m: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: DAY_MS,
  day: DAY_MS,
  w: 7 * DAY_MS,
  week: 7 * DAY_MS,
};

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|seconds?|m|minutes?|h|hours?|d|days?|w|weeks?)\s*$/i;

/** `7d`, `36h`, `30 days`, `2 weeks` → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  const key = unit === 'ms' || unit === 's' ? unit : unit.replace(/s$/, '');
  return Number(match[1]) * UNIT_MS[key]!;
}

const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, 'a duration such as 7d, 36h, 30 days or 2 weeks');

/** The project file's `retention:` block. */
export const retentionSchema = z.strictObject({
  snapshots_max_age: duration.optional(),
  min_snapshots: z.number().int().min(1).optional(),
  orphan_files_min_age: duration.optional(),
});

export const RETENTION_KEYS = Object.keys(retentionSchema.shape);

export function toRetentionConfig(data: z.infer<typeof retentionSchema> | undefined): RetentionConfig {
  return {
    maxSnapshotAgeMs: data?.snapshots_max_age
      ? parseDuration(data.snapshots_max_age)!
      : DEFAULT_RETENTION.maxSnapshotAgeMs,
    minSnapshotsToKeep: data?.min_snapshots ?? DEFAULT_RETENTION.minSnapshotsToKeep,
    orphanFileMinAgeMs: data?.orphan_files_min_age
      ? parseDuration(data.orphan_files_min_age)!
      : DEFAULT_RETENTION.orphanFileMinAgeMs,
  };
}
