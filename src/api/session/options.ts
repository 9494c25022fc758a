import type { Reporter } from '../../model/reporter.js';

/** Options every project command takes; the CLI maps its flags onto these. */
export interface ProjectOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  /** `--vars` as YAML or JSON text. */
  readonly vars?: string;
  readonly threads?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly homeDir?: string;
  readonly reporter?: Reporter;
  /** Injected for deterministic tests. */
  readonly clock?: () => Date;
  readonly invocationId?: string;
  /** Reuse the parse cached in `target/` when no input changed (default true; dbt's partial parsing). */
  readonly partialParse?: boolean;
}

export interface SelectionOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly selector?: string;
  /** `--state`: the folder holding the `manifest.json` that `state:` selectors compare with. */
  readonly state?: string;
  /** `--defer`: unselected parents missing from this warehouse are read from `--state`'s relations. */
  readonly defer?: boolean;
  /** `--favor-state`: with `--defer`, every unselected parent is read from the state's relations. */
  readonly favorState?: boolean;
}
