import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { ManifestLayout } from '../../artifacts/manifest-json.js';

const LAYOUT_FORMAT = 1;

/** `target/manifest_layout.ldp`: where each node lies in manifest.json (see `ManifestLayout`). */
export const MANIFEST_LAYOUT_FILE = 'manifest_layout.ldp';

interface StoredLayout {
  readonly format: number;
  /** The inputs fingerprint of the manifest it lays out. */
  readonly inputs: string;
  readonly layout: ManifestLayout;
}

/** The layout of the manifest written from `inputs`, if that is the one stored. */
export function readManifestLayout(path: string, inputs: string): ManifestLayout | undefined {
  try {
    const stored = deserialize(readFileSync(path)) as StoredLayout;
    return stored.format === LAYOUT_FORMAT && stored.inputs === inputs ? stored.layout : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the layout of the manifest just written (atomically), or forgets it (`undefined`). */
export function writeManifestLayout(path: string, inputs: string, layout: ManifestLayout | undefined): void {
  if (layout === undefined) {
    rmSync(path, { force: true });
    return;
  }
  const stored: StoredLayout = { format: LAYOUT_FORMAT, inputs, layout };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(stored));
  renameSync(temporary, path);
}
