import type { Span } from '../errors/index.js';

/** Who asked for a package: the root project's file, or an installed package by name. */
export interface Requirement {
  /** `packages.yml`, `dependencies.yml`, or `package 'dbt_utils'`. */
  readonly by: string;
  readonly span: Span;
}

/**
 * One entry of `packages.yml` / `dependencies.yml`, rendered and validated. `asWritten` keeps the
 * entry before `{{ env_var() }}` rendering: the lock file stores it, so secrets never reach disk.
 */
export type PackageSpec =
  | {
      readonly kind: 'hub';
      /** `dbt-labs/dbt_utils`. */
      readonly package: string;
      /** dbt version specs, all of which must hold: `['>=1.0.0', '<2.0.0']`; empty means any. */
      readonly versions: readonly string[];
      readonly installPrerelease: boolean;
      readonly required: Requirement;
      readonly asWritten: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'git';
      readonly url: string;
      /** Branch, tag or commit; absent means the default branch. */
      readonly revision?: string;
      readonly subdirectory?: string;
      readonly warnUnpinned: boolean;
      readonly required: Requirement;
      readonly asWritten: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'local';
      /** Absolute path of the package folder. */
      readonly path: string;
      readonly required: Requirement;
      readonly asWritten: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'tarball';
      readonly url: string;
      readonly name: string;
      readonly required: Requirement;
      readonly asWritten: Readonly<Record<string, unknown>>;
    };

export type PackageKind = PackageSpec['kind'];

/** The identity two requirements share when they ask for the same package (dbt's unique key). */
export function packageKey(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'hub':
      return `hub:${spec.package.toLowerCase()}`;
    case 'git':
      return `git:${spec.url.replace(/\.git$/, '')}${spec.subdirectory ? `#${spec.subdirectory}` : ''}`;
    case 'local':
      return `local:${spec.path}`;
    case 'tarball':
      return `tarball:${spec.url}`;
  }
}

/** How a message names a package: `dbt-labs/dbt_utils`, `git https://…`, `local ../utils`. */
export function describeSpec(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'hub':
      return spec.package;
    case 'git':
      return `git ${spec.url}${spec.subdirectory ? ` (subdirectory ${spec.subdirectory})` : ''}`;
    case 'local':
      return `local ${spec.path}`;
    case 'tarball':
      return `tarball ${spec.url}`;
  }
}
