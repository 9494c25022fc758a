import { isAbsolute, resolve } from 'node:path';

/**
 * Iceberg locations are full URIs. They are built by hand, not with `pathToFileURL`, because
 * other readers take the string literally and would not undo its percent-encoding.
 */
export function toUri(path: string): string {
  return `file://${isAbsolute(path) ? path : resolve(path)}`;
}

/** The local path of a `file://` location (or a bare path), stripped literally. */
export function fromUri(location: string): string {
  if (location.startsWith('file://')) return location.slice('file://'.length);
  if (location.startsWith('file:')) return location.slice('file:'.length);
  return location;
}
