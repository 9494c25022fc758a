import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type RenderString, renderYamlValues } from '../config/render-values.js';
import { YamlSource } from '../config/yaml-source.js';
import { LdpError } from '../errors/index.js';

export const LOCK_FILE = 'package-lock.yml';

/**
 * One pinned package of `package-lock.yml`, in dbt's format: hub packages at one version, git
 * at one commit. git and tarball URLs stay as written (`{{ env_var() }}` unrendered), so a
 * token never reaches the file; they are rendered when the lock is read.
 */
export type LockedPackage =
  | { readonly kind: 'hub'; readonly name: string; readonly package: string; readonly version: string }
  | {
      readonly kind: 'git';
      readonly name: string;
      /** As written (may hold `{{ env_var() }}`). */
      readonly git: string;
      /** `git` rendered: what is cloned. */
      readonly url: string;
      readonly revision: string;
      readonly subdirectory?: string;
    }
  | { readonly kind: 'local'; readonly name: string; readonly local: string }
  | { readonly kind: 'tarball'; readonly name: string; readonly tarball: string; readonly url: string };

export interface PackageLock {
  readonly packages: readonly LockedPackage[];
  /** dbt's `sha1_hash`: of the packages file's entries, so a changed file is resolved again. */
  readonly sha1Hash: string;
}

/**
 * dbt's hash of a packages file: each entry as Python's `json.dumps(entry, sort_keys=True)`,
 * sorted, joined by newlines, SHA-1 in hex. Computed from the entries as written.
 */
export function packagesHash(entries: readonly unknown[]): string {
  const lines = entries.map((entry) => pythonJson(entry)).sort();
  return createHash('sha1').update(lines.join('\n'), 'utf8').digest('hex');
}

/** Python's json.dumps with sort_keys (", " and ": " separators, non-ASCII escaped). */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${pythonString(key)}: ${pythonJson((value as Record<string, unknown>)[key])}`).join(', ')}}`;
  }
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || value === undefined) return 'null';
  return String(value);
}

function pythonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The lock's entry as dbt writes it (keys sorted when written). */
function toYamlEntry(locked: LockedPackage): Record<string, string> {
  switch (locked.kind) {
    case 'hub':
      return { name: locked.name, package: locked.package, version: locked.version };
    case 'git':
      return {
        git: locked.git,
        name: locked.name,
        revision: locked.revision,
        ...(locked.subdirectory !== undefined ? { subdirectory: locked.subdirectory } : {}),
      };
    case 'local':
      return { local: locked.local, name: locked.name };
    case 'tarball':
      return { name: locked.name, tarball: locked.tarball };
  }
}

/** Writes `package-lock.yml` beside the packages file: aside first, then moved in. */
export function writeLockFile(root: string, lock: PackageLock): string {
  const path = join(root, LOCK_FILE);
  const text = stringify(
    { packages: lock.packages.map(toYamlEntry), sha1_hash: lock.sha1Hash },
    { sortMapEntries: true, indentSeq: true, lineWidth: 0 },
  );
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, path);
  return path;
}

/**
 * The lock file with its git and tarball URLs rendered, or undefined when there is none. When
 * `expectedHash` is given and the lock's `sha1_hash` differs, its entries are not read (they are
 * about to be resolved again, as dbt does), so a lock an older dbt wrote never blocks `deps`.
 */
export function readLockFile(
  root: string,
  render: RenderString,
  expectedHash?: string,
): PackageLock | undefined {
  const path = join(root, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const yaml = YamlSource.parse(path, readFileSync(path, 'utf8'));
  const top = yaml.value as Record<string, unknown> | null;
  const hash = top !== null && typeof top === 'object' ? top['sha1_hash'] : undefined;
  if (expectedHash !== undefined && hash !== expectedHash)
    return { packages: [], sha1Hash: typeof hash === 'string' ? hash : '' };
  const bad = (message: string, at: (string | number)[]) =>
    new LdpError({
      code: 'LDP860',
      message: `${LOCK_FILE}: ${message}`,
      span: yaml.spanOf(at),
      hint: `Delete ${LOCK_FILE} (or run \`ldp deps --upgrade\`) to resolve the packages again.`,
    });
  if (top === null || typeof top !== 'object' || !Array.isArray(top['packages']))
    throw bad('expected a mapping with a packages: list', []);
  const rendered = renderYamlValues(yaml, render, { at: ['packages'] }) as Record<string, unknown>[];
  const written = top['packages'] as unknown[];
  const packages = rendered.map((entry, index) =>
    toLocked(written[index], entry, (message) => bad(message, ['packages', index])),
  );
  return { packages, sha1Hash: typeof top['sha1_hash'] === 'string' ? top['sha1_hash'] : '' };
}

function toLocked(asWritten: unknown, entry: unknown, bad: (message: string) => LdpError): LockedPackage {
  if (entry === null || typeof entry !== 'object') throw bad('each entry must be a mapping');
  const e = entry as Record<string, unknown>;
  const text = (key: string, from: Record<string, unknown> = e): string => {
    const value = from[key];
    if (typeof value !== 'string' && typeof value !== 'number') throw bad(`an entry lacks ${key}:`);
    return String(value);
  };
  // dbt before 1.8 wrote no name: per entry; the source's last path part stands in until the
  // package's own dbt_project.yml names it at install.
  const name = e['name'] !== undefined ? text('name') : nameFromSource(e);
  if ('package' in e) return { kind: 'hub', name, package: text('package'), version: text('version') };
  if ('git' in e)
    return {
      kind: 'git',
      name,
      git: text('git', asWritten as Record<string, unknown>),
      url: text('git'),
      revision: text('revision'),
      ...(e['subdirectory'] !== undefined ? { subdirectory: text('subdirectory') } : {}),
    };
  if ('local' in e) return { kind: 'local', name, local: text('local') };
  if ('tarball' in e)
    return {
      kind: 'tarball',
      name,
      tarball: text('tarball', asWritten as Record<string, unknown>),
      url: text('tarball'),
    };
  throw bad('an entry has none of package:, git:, local:, tarball:');
}

/** `dbt-labs/dbt_utils` → `dbt_utils`, `https://…/dbt-audit-helper.git` → `dbt-audit-helper`. */
function nameFromSource(e: Record<string, unknown>): string {
  const source = e['package'] ?? e['git'] ?? e['local'] ?? e['tarball'];
  const parts = String(source ?? '')
    .replace(/\/+$/, '')
    .replace(/\.(git|tar\.gz|tgz)$/, '')
    .split(/[/\\]/);
  return parts[parts.length - 1] ?? '';
}
