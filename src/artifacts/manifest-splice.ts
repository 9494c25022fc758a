import type { Manifest } from '../model/manifest.js';
import {
  type ArtifactMetadata,
  type ManifestLayout,
  manifestGraphChunks,
  manifestHeaderJson,
  manifestNodeJson,
} from './manifest-json.js';

/** What changed between the manifest a file holds and the one to write. */
export interface ManifestChanges {
  /** Nodes whose JSON may differ (their ids are all in the file: the node set is the same). */
  readonly nodes: ReadonlySet<string>;
  /** The parent or child map differs. */
  readonly graph: boolean;
}

/**
 * The bytes of `manifest` as `manifestJsonChunks` writes it, made from `old` (the file written
 * for the earlier manifest, laid out as `layout`): its bytes are copied but for the header, the
 * changed nodes' records and, when the graph changed, the parent and child maps. Generating the
 * JSON of tens of thousands of unchanged nodes again is what this saves. Undefined when the
 * layout does not list the same nodes.
 */
export function spliceManifestJson(
  old: Buffer,
  layout: ManifestLayout,
  manifest: Manifest,
  meta: ArtifactMetadata,
  changes: ManifestChanges,
): { parts: Buffer[]; layout: ManifestLayout } | undefined {
  const position = new Map(layout.ids.map((id, index) => [id, index]));
  if (position.size !== manifest.nodes.size) return undefined;
  const changed: number[] = [];
  for (const id of changes.nodes) {
    const index = position.get(id);
    if (index === undefined) return undefined;
    changed.push(index);
  }
  changed.sort((a, b) => a - b);
  const header = Buffer.from(manifestHeaderJson(meta));
  const parts: Buffer[] = [header];
  /** For each replaced record, how far it and everything after it moved. */
  const shiftsAfter = new Map<number, number>();
  let cursor = layout.headerBytes;
  let shift = header.length - layout.headerBytes;
  for (const index of changed) {
    const start = layout.starts[index]!;
    const end = layout.ends[index]!;
    const separator = old[start] === COMMA ? ',' : '';
    const record = Buffer.from(
      `${separator}${JSON.stringify(layout.ids[index])}:${manifestNodeJson(manifest, layout.ids[index]!, meta)}`,
    );
    parts.push(old.subarray(cursor, start), record);
    cursor = end;
    shift += record.length - (end - start);
    shiftsAfter.set(index, shift);
  }
  const graphStart = layout.graphStart + shift;
  let size = layout.size + shift;
  if (changes.graph) {
    parts.push(old.subarray(cursor, layout.graphStart));
    size = graphStart;
    for (const chunk of manifestGraphChunks(manifest)) {
      const bytes = Buffer.from(chunk);
      parts.push(bytes);
      size += bytes.length;
    }
  } else {
    parts.push(old.subarray(cursor));
  }
  return {
    parts,
    layout: shifted(layout, shiftsAfter, header.length - layout.headerBytes, { graphStart, size }),
  };
}

const COMMA = 0x2c;

/** The layout after the splice: each record moved by the growth of everything before it. */
function shifted(
  layout: ManifestLayout,
  shiftsAfter: ReadonlyMap<number, number>,
  headerShift: number,
  tail: { graphStart: number; size: number },
): ManifestLayout {
  const starts: number[] = new Array(layout.ids.length);
  const ends: number[] = new Array(layout.ids.length);
  let shift = headerShift;
  for (let index = 0; index < layout.ids.length; index++) {
    starts[index] = layout.starts[index]! + shift;
    shift = shiftsAfter.get(index) ?? shift;
    ends[index] = layout.ends[index]! + shift;
  }
  return { headerBytes: layout.headerBytes + headerShift, ids: layout.ids, starts, ends, ...tail };
}
