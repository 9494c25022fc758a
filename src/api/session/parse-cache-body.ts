import { deserialize, serialize } from 'node:v8';
import type { Manifest } from '../../model/manifest.js';
import type { GraphNode } from '../../model/node.js';
import type { PropertiesFile } from '../../model/properties.js';

/** Nodes per stored segment: a partial parse writes again only the segments of changed nodes. */
const NODES_PER_SEGMENT = 1024;
const LENGTH_BYTES = 4;

/** What the parse cache keeps after its header. */
export interface ParseCacheBody {
  /** The checked manifest, with its parent and child maps stored as compact edge lists. */
  readonly manifest: Omit<Manifest, 'parentMap' | 'childMap'>;
  readonly edges: Int32Array;
  /** The properties files as parsed, for re-parsing a changed model without reading them again. */
  readonly properties: readonly PropertiesFile[];
}

/**
 * A body as read, with the stored bytes of each of its node segments: a later write of the same
 * nodes in the same order, some of them replaced, copies the bytes of segments it did not touch
 * instead of serializing tens of thousands of nodes again.
 */
export interface StoredBody extends ParseCacheBody {
  readonly segments: readonly Buffer[];
  /** The stored bytes of the project part and of the edges, each with its length. */
  readonly projectPart: Buffer;
  readonly edgesPart: Buffer;
  readonly propertiesPart: Buffer;
}

/**
 * What a body is stored as, in order: the project part, the edges, the properties files, then
 * the node segments. The properties are apart from the rest of the project part: stored as JSON
 * when they can be, they read in a third of the time.
 */
interface ProjectPart {
  readonly projectName: string;
  readonly macros: Manifest['macros'];
  readonly docs: Manifest['docs'];
  readonly segmentCount: number;
}

/**
 * The body's bytes. With `earlier` (the body this one replaces some nodes of) and the ids of
 * those nodes, a segment holding none of them is copied from `earlier` when it holds the same
 * nodes in the same place.
 */
export function encodeBody(
  body: ParseCacheBody,
  earlier?: { body: StoredBody; changed: ReadonlySet<string> },
): Buffer[] {
  const nodes = [...body.manifest.nodes.values()];
  const segmentCount = Math.ceil(nodes.length / NODES_PER_SEGMENT);
  const reusable =
    earlier && sameOrder(earlier.body.manifest.nodes, body.manifest.nodes) ? earlier : undefined;
  const project: ProjectPart = {
    projectName: body.manifest.projectName,
    macros: body.manifest.macros,
    docs: body.manifest.docs,
    segmentCount,
  };
  // A partial parse keeps the earlier macros, docs and properties (the same objects) and, when
  // no graph check could see its change, the same edges: their bytes are copied too.
  const before = reusable?.body;
  const sameProject =
    before !== undefined &&
    before.manifest.projectName === project.projectName &&
    before.manifest.macros === project.macros &&
    before.manifest.docs === project.docs &&
    before.properties === body.properties;
  const parts: Buffer[] = [
    ...(sameProject ? [before.projectPart] : framed(serialize(project))),
    ...(before !== undefined && sameEdges(before.edges, body.edges)
      ? [before.edgesPart]
      : framed(serialize(body.edges))),
    ...(sameProject ? [before.propertiesPart] : framed(encodeValues(body.properties))),
  ];
  for (let s = 0; s < segmentCount; s++) {
    const segment = nodes.slice(s * NODES_PER_SEGMENT, (s + 1) * NODES_PER_SEGMENT);
    const kept = reusable?.body.segments[s];
    if (kept !== undefined && !segment.some((node) => reusable!.changed.has(node.uniqueId))) parts.push(kept);
    else parts.push(...framed(encodeValues(segment)));
  }
  return parts;
}

/** Reads what `encodeBody` wrote; throws when the bytes are not such a body. */
export function decodeBody(bytes: Buffer): StoredBody {
  let offset = 0;
  const next = (): Buffer => {
    const length = bytes.readUInt32LE(offset);
    const end = offset + LENGTH_BYTES + length;
    if (end > bytes.length) throw new Error('the parse cache ends early');
    const framedBytes = bytes.subarray(offset, end);
    offset = end;
    return framedBytes;
  };
  const projectPart = next();
  const project = deserialize(projectPart.subarray(LENGTH_BYTES)) as ProjectPart;
  const edgesPart = next();
  const edges = deserialize(edgesPart.subarray(LENGTH_BYTES)) as Int32Array;
  const propertiesPart = next();
  const properties = decodeValues(propertiesPart.subarray(LENGTH_BYTES)) as PropertiesFile[];
  const nodes = new Map<string, GraphNode>();
  const segments: Buffer[] = [];
  for (let s = 0; s < project.segmentCount; s++) {
    const segment = next();
    segments.push(segment);
    for (const node of decodeValues(segment.subarray(LENGTH_BYTES)) as GraphNode[])
      nodes.set(node.uniqueId, node);
  }
  if (offset !== bytes.length) throw new Error('the parse cache has bytes after its body');
  return {
    manifest: { projectName: project.projectName, nodes, macros: project.macros, docs: project.docs },
    edges,
    properties,
    segments,
    projectPart,
    edgesPart,
    propertiesPart,
  };
}

/** The first byte of a node segment or of the properties: how the values after it are stored. */
const V8_SEGMENT = 0;
const JSON_SEGMENT = 1;

/**
 * Nodes or properties files as JSON when JSON gives back exactly these values (it writes and,
 * more to the point, reads them in a third to two thirds of the time of `v8.serialize`), else as
 * `v8.serialize` writes them. A node holds what a properties file can hold: ±Infinity, NaN, a
 * date or an absent value in a list would not survive JSON.
 */
function encodeValues(values: readonly unknown[]): Buffer {
  const json = values.every(survivesJson);
  const payload = json ? Buffer.from(JSON.stringify(values)) : serialize(values);
  const bytes = Buffer.allocUnsafe(1 + payload.length);
  bytes[0] = json ? JSON_SEGMENT : V8_SEGMENT;
  payload.copy(bytes, 1);
  return bytes;
}

function decodeValues(bytes: Buffer): unknown[] {
  const payload = bytes.subarray(1);
  if (bytes[0] === JSON_SEGMENT) return JSON.parse(payload.toString('utf8')) as unknown[];
  if (bytes[0] === V8_SEGMENT) return deserialize(payload) as unknown[];
  throw new Error('the parse cache holds an unknown kind of segment');
}

/**
 * Whether `JSON.parse(JSON.stringify(value))` is an equal value: strings, booleans, null, finite
 * numbers (not -0), lists without holes or undefined, and plain objects of such values (no
 * undefined value: JSON would drop the key).
 */
function survivesJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !survivesJson(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) {
        if (key === '__proto__' || !survivesJson((value as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Its length, then the bytes (not copied into one buffer: a segment can be megabytes). */
function framed(bytes: Buffer): [Buffer, Buffer] {
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(bytes.length);
  return [length, bytes];
}

function sameEdges(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameOrder(a: ReadonlyMap<string, GraphNode>, b: ReadonlyMap<string, GraphNode>): boolean {
  if (a.size !== b.size) return false;
  const ids = b.keys();
  for (const id of a.keys()) if (ids.next().value !== id) return false;
  return true;
}
