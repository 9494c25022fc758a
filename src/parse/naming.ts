import { hash } from 'node:crypto';
import type { ResourceType } from '../model/node.js';
import { pythonStringRepr } from './python-repr.js';

/** Folder parts of a path below its root folder: `silver/trips/daily.sql` → `['silver', 'trips']`. */
export function folderParts(pathBelowRoot: string): string[] {
  const parts = pathBelowRoot.split('/');
  parts.pop();
  return parts.filter((part) => part.length > 0);
}

/** File name without its extension. */
export function baseName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Path of `file` below `root` (both project-relative, `/`-separated). */
export function pathBelow(root: string, file: string): string {
  const prefix = root.endsWith('/') ? root : root + '/';
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

/** dbt's fqn: project, folders below the root, node name. */
export function fqnOf(projectName: string, pathBelowRoot: string, name: string): string[] {
  return [projectName, ...folderParts(pathBelowRoot), name];
}

export function uniqueIdOf(resourceType: ResourceType, packageName: string, name: string): string {
  return `${resourceType}.${packageName}.${name}`;
}

// One-shot `hash` is about twice as fast as `createHash` for the short texts of node ids.
export function md5(text: string): string {
  return hash('md5', text, 'hex');
}

export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * dbt's generic test names: `<test>_<target>_<flattened args>` (e.g.
 * `not_null_orders_order_id`, `accepted_values_orders_status__a__b`), and, at 64 characters or
 * more, the first 30 characters of `<test>_<target>` plus the md5 of the full name.
 * Returns the short name (file, alias) and the full name (unique id, fqn).
 */
export function genericTestNames(
  testName: string,
  targetName: string,
  args: Readonly<Record<string, unknown>>,
): { shortName: string; fullName: string } {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value)
      ? value
      : value !== null && typeof value === 'object'
        ? Object.values(value)
        : [value];
    flat.push(...parts.map(pythonStr));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testName}_${targetName}`;
  const fullName = `${identifier}_${unique}`;
  const shortName = fullName.length >= 64 ? `${identifier.slice(0, 30)}_${md5(fullName)}` : fullName;
  return { shortName, fullName };
}

/** Python's `str()` of a YAML scalar or container, as dbt flattens test arguments with it. */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? pythonStringRepr(value) : pythonStr(value);
}
