import { isAbsolute, relative } from 'node:path';
import picomatch from 'picomatch';
import { fnmatch, hasGlob } from './fnmatch.js';
import type { NodeMatcher } from './fqn-method.js';

/**
 * dbt's `path` method: a folder or file relative to the project root (`models/silver`,
 * `models/silver/orders.sql`), with or without the extension, or a glob (`models/*\/stg_*`,
 * `models/**\/*.sql`) matched against the file and each of its folders. Sources and tests from
 * properties files match by the YAML file that defines them, as in dbt. An absolute path is
 * taken relative to `projectRoot`.
 */
export function pathMatcher(value: string, projectRoot?: string): NodeMatcher {
  const target = projectRelative(value, projectRoot);
  if (target === undefined) return () => false;
  if (target === '') return () => true;
  if (hasGlob(target)) {
    const match = picomatch(target, { dot: true });
    return (node) => {
      const file = node.originalFilePath;
      return match(file) || match(withoutExtension(file)) || folders(file).some((folder) => match(folder));
    };
  }
  const prefix = `${target}/`;
  return (node) => {
    const file = node.originalFilePath;
    return file === target || file.startsWith(prefix) || withoutExtension(file) === target;
  };
}

/** dbt's `file` method: the file name (`orders.sql`) or its stem (`orders`); wildcards allowed. */
export function fileMatcher(value: string): NodeMatcher {
  const match = fnmatch(value);
  return (node) => {
    const file = node.originalFilePath;
    const name = file.slice(file.lastIndexOf('/') + 1);
    return match(name) || match(withoutExtension(name));
  };
}

/** The value as a `/`-separated path below the project root; undefined when it points outside. */
function projectRelative(value: string, projectRoot?: string): string | undefined {
  let path = value.replace(/\\/g, '/');
  if (isAbsolute(path) || /^[A-Za-z]:\//.test(path)) {
    if (projectRoot === undefined) return undefined;
    path = relative(projectRoot, path).replace(/\\/g, '/');
    if (path === '..' || path.startsWith('../') || isAbsolute(path)) return undefined;
  }
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

function withoutExtension(file: string): string {
  const slash = file.lastIndexOf('/');
  const dot = file.lastIndexOf('.');
  return dot > slash + 1 ? file.slice(0, dot) : file;
}

/** `models/silver/orders.sql` → `models/silver`, `models`. */
function folders(file: string): string[] {
  const result: string[] = [];
  for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
    result.push(file.slice(0, slash));
  }
  return result;
}
