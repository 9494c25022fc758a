import { didYouMeanHint, type ErrorCode, LdpError, type Span } from '../errors/index.js';
import type { NodeConfig } from '../model/node-config.js';
import type {
  HardDeletes,
  SnapshotMetaColumns,
  SnapshotSettings,
  SnapshotStrategy,
} from '../model/snapshot-settings.js';

/** dbt's default names of the columns a snapshot adds, by their `snapshot_meta_column_names` key. */
const META_KEYS: Readonly<Record<string, keyof SnapshotMetaColumns>> = {
  dbt_scd_id: 'scdId',
  dbt_updated_at: 'updatedAt',
  dbt_valid_from: 'validFrom',
  dbt_valid_to: 'validTo',
  dbt_is_deleted: 'isDeleted',
};

const STRATEGY_HINT =
  "Add strategy='timestamp' with updated_at='<column>', or strategy='check' with check_cols=['<column>', …] (or 'all').";

/**
 * A snapshot's merged config as `SnapshotSettings`, with dbt's rules: a strategy and a unique key
 * are required, `timestamp` needs `updated_at`, `check` needs `check_cols`, and
 * `invalidate_hard_deletes` (older) and `hard_deletes` (dbt 1.9) cannot both be set. Every
 * problem is returned at once, pointing at `span` (where the snapshot is defined).
 */
export function readSnapshotSettings(
  name: string,
  config: NodeConfig,
  span: Span,
): { settings?: SnapshotSettings; errors: LdpError[] } {
  const errors: LdpError[] = [];
  const fail = (code: ErrorCode, message: string, hint: string) =>
    errors.push(new LdpError({ code, message: `snapshot '${name}' ${message}`, span, hint }));
  const uniqueKey = config.unique_key === undefined ? [] : [config.unique_key].flat();
  if (uniqueKey.length === 0 || uniqueKey.some((key) => key.trim() === ''))
    fail(
      'LDP141',
      'has no unique_key',
      "Add unique_key='<column>' (or a list of columns for a composite key) to its config.",
    );
  const strategy = strategyOf(config, fail);
  const hardDeletes = hardDeletesOf(config, fail);
  const metaColumns = metaColumnsOf(config.snapshot_meta_column_names ?? {}, fail);
  if (errors.length > 0 || !strategy || !metaColumns) return { errors };
  return {
    settings: {
      strategy,
      uniqueKey,
      hardDeletes,
      metaColumns,
      ...(config.dbt_valid_to_current !== undefined ? { validToCurrent: config.dbt_valid_to_current } : {}),
    },
    errors,
  };
}

type Fail = (code: ErrorCode, message: string, hint: string) => void;

function strategyOf(config: NodeConfig, fail: Fail): SnapshotStrategy | undefined {
  switch (config.strategy) {
    case undefined:
      fail('LDP140', 'has no strategy', STRATEGY_HINT);
      return undefined;
    case 'timestamp':
      if (config.updated_at === undefined || config.updated_at.trim() === '') {
        fail(
          'LDP142',
          "uses strategy 'timestamp' without updated_at",
          "Add updated_at='<column>' naming the column that holds when each row last changed, or use strategy='check'.",
        );
        return undefined;
      }
      return { kind: 'timestamp', updatedAt: config.updated_at };
    case 'check': {
      const checkCols = config.check_cols;
      if (checkCols === undefined || (checkCols !== 'all' && checkCols.length === 0)) {
        fail(
          'LDP143',
          "uses strategy 'check' without check_cols",
          "Add check_cols=['<column>', …] listing the columns whose changes make a new version, or check_cols='all'.",
        );
        return undefined;
      }
      return {
        kind: 'check',
        checkCols,
        ...(config.updated_at !== undefined ? { updatedAt: config.updated_at } : {}),
      };
    }
  }
}

/** dbt's `get_hard_deletes_behavior`: the old boolean and the new key are exclusive. */
function hardDeletesOf(config: NodeConfig, fail: Fail): HardDeletes {
  if (config.invalidate_hard_deletes !== undefined && config.hard_deletes !== undefined) {
    fail(
      'LDP144',
      'sets both invalidate_hard_deletes and hard_deletes',
      "Keep only hard_deletes: 'invalidate' (invalidate_hard_deletes is its older spelling).",
    );
  }
  if (config.invalidate_hard_deletes === true) return 'invalidate';
  return config.hard_deletes ?? 'ignore';
}

function metaColumnsOf(names: Readonly<Record<string, string>>, fail: Fail): SnapshotMetaColumns | undefined {
  const columns: Record<keyof SnapshotMetaColumns, string> = {
    scdId: 'dbt_scd_id',
    updatedAt: 'dbt_updated_at',
    validFrom: 'dbt_valid_from',
    validTo: 'dbt_valid_to',
    isDeleted: 'dbt_is_deleted',
  };
  let ok = true;
  for (const [key, value] of Object.entries(names)) {
    const field = META_KEYS[key];
    if (field === undefined) {
      ok = false;
      fail(
        'LDP145',
        `has an unknown key '${key}' in snapshot_meta_column_names`,
        didYouMeanHint(key, Object.keys(META_KEYS)) ?? `Keys: ${Object.keys(META_KEYS).join(', ')}.`,
      );
    } else if (value.trim() !== '') columns[field] = value;
  }
  const lower = Object.values(columns).map((c) => c.toLowerCase());
  const repeated = lower.find((c, i) => lower.indexOf(c) !== i);
  if (repeated !== undefined) {
    ok = false;
    fail(
      'LDP145',
      `gives two meta columns the name '${repeated}' in snapshot_meta_column_names`,
      'Give each of dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to and dbt_is_deleted its own name.',
    );
  }
  return ok ? columns : undefined;
}
