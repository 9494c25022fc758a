import { nodeJson } from '../../artifacts/manifest-json.js';
import type { Manifest } from '../../model/manifest.js';
import { DBT_COMPATIBLE_VERSION } from '../../packages/dbt-version.js';
import { dialectOf } from '../../sql/index.js';

/**
 * What dbt's context knows of the command beyond the project: `graph` (every node and source in
 * manifest.json's shape, keyed by unique id), `selected_resources` and `flags`. The template
 * engine is built before the manifest exists, so these are read when a template asks for them;
 * while parsing they are empty, as in dbt's parse phase.
 */
export class CommandFacts {
  /** The target whose database and dialect `relation_name` in `graph` names. */
  constructor(private readonly target: { readonly type: string; readonly database: string }) {}

  private manifestOf: (() => Manifest) | undefined;
  private graphValue: Record<string, unknown> | undefined;
  selected: readonly string[] = [];
  /** dbt's `flags.WHICH`: the command being run. */
  command = 'parse';
  fullRefresh = false;

  /** Called once the manifest is known. */
  bindManifest(manifest: () => Manifest): void {
    this.manifestOf = manifest;
    this.graphValue = undefined;
  }

  /** `graph`: its node maps are built on first use (a large project has thousands of nodes). */
  get graph(): Record<string, unknown> {
    const manifestOf = this.manifestOf;
    if (!manifestOf)
      return { nodes: {}, sources: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {} };
    this.graphValue ??= lazyGraph(manifestOf, this.target);
    return this.graphValue;
  }

  /** Context values, as getters so each node's context reads the current ones. */
  contextValues(): Record<string, unknown> {
    const facts = this;
    return {
      get graph() {
        return facts.graph;
      },
      // The same list for every node's context: copying it per node would cost selection².
      get selected_resources() {
        return facts.selected;
      },
      get flags() {
        return {
          ...DBT_FLAG_DEFAULTS,
          FULL_REFRESH: facts.fullRefresh,
          WHICH: facts.command,
          STORE_FAILURES: false,
          EMPTY: false,
        };
      },
      // dbt's parsed command line, a new dict per read: packages update it in place.
      get invocation_args_dict() {
        return {
          which: facts.command,
          full_refresh: facts.fullRefresh,
          invocation_command: `ldp ${facts.command}`,
          warn_error_options: { include: [], exclude: [] },
        };
      },
      // dbt's DBT_ENV_CUSTOM_ENV_ variables; ldp passes none into templates this way.
      dbt_metadata_envs: {},
      dbt_version: DBT_COMPATIBLE_VERSION,
    };
  }
}

/**
 * dbt's global flags that packages read, at dbt's defaults (dbt-external-tables cuts its log
 * lines at `flags.PRINTER_WIDTH`); ldp's own options do not change them.
 */
const DBT_FLAG_DEFAULTS: Readonly<Record<string, unknown>> = {
  PRINTER_WIDTH: 80,
  USE_COLORS: true,
  DEBUG: false,
  QUIET: false,
  LOG_FORMAT: 'default',
  FAIL_FAST: false,
  WARN_ERROR: false,
  INTROSPECT: true,
  PARTIAL_PARSE: true,
  STATIC_PARSER: true,
  USE_EXPERIMENTAL_PARSER: false,
  WRITE_JSON: true,
  SEND_ANONYMOUS_USAGE_STATS: false,
  VERSION_CHECK: true,
  INDIRECT_SELECTION: 'eager',
};

function lazyGraph(
  manifestOf: () => Manifest,
  target: { readonly type: string; readonly database: string },
): Record<string, unknown> {
  const dialect = dialectOf(target);
  const groups = new Map<string, Record<string, unknown>>();
  const build = () => {
    if (groups.size > 0) return groups;
    for (const key of ['nodes', 'sources', 'exposures']) groups.set(key, {});
    const manifest = manifestOf();
    for (const node of manifest.nodes.values()) {
      const key =
        node.resourceType === 'source' ? 'sources' : node.resourceType === 'exposure' ? 'exposures' : 'nodes';
      groups.get(key)![node.uniqueId] = nodeJson(node, manifest, target.database, dialect);
    }
    return groups;
  };
  return {
    get nodes() {
      return build().get('nodes');
    },
    get sources() {
      return build().get('sources');
    },
    get exposures() {
      return build().get('exposures');
    },
    metrics: {},
    groups: {},
    semantic_models: {},
  };
}
