import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { BoundedCache, type CacheBounds } from '../../util/bounded-cache.js';
import { bigintLongType } from './long-type.js';

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);
const META = avro.Type.forSchema({ type: 'map', values: 'bytes' });
const LONG = avro.Type.forSchema('long');

/**
 * Avro object container files, read and written synchronously. The header carries the schema
 * JSON exactly as given (avsc would drop Iceberg's `field-id`s if it serialized the schema),
 * and longs are bigint so ids above 2^53 survive.
 */
export function writeAvroFile(
  schema: object,
  records: readonly unknown[],
  metadata: Record<string, string>,
): Buffer {
  const text = JSON.stringify(schema);
  return encodeContainer(text, typeFor(text, schema), records, metadata);
}

function encodeContainer(
  schemaText: string,
  type: avro.Type,
  records: readonly unknown[],
  metadata: Readonly<Record<string, string>>,
): Buffer {
  const sync = randomBytes(16);
  const meta: Record<string, Buffer> = {
    'avro.schema': Buffer.from(schemaText),
    'avro.codec': Buffer.from('deflate'),
  };
  for (const [key, value] of Object.entries(metadata)) meta[key] = Buffer.from(value);
  const blocks: Buffer[] = [];
  if (records.length > 0) {
    const raw = Buffer.concat(records.map((record) => type.toBuffer(record)));
    const body = deflateRawSync(raw, deflateOptionsFor(raw.length));
    blocks.push(LONG.toBuffer(records.length), LONG.toBuffer(body.length), body, sync);
  }
  return Buffer.concat([MAGIC, META.toBuffer(meta), sync, ...blocks]);
}

/**
 * zlib's default deflate state (a 32 KiB window, memLevel 8) takes ~0.5 ms to set up, far more
 * than compressing a manifest of a few files, and every commit writes two or three. The window is
 * sized to the body instead: no match reaches further back than the body is long, so the output
 * is as small, and any inflater reads it (the window only bounds back references).
 */
export function deflateOptionsFor(size: number): { windowBits: number; memLevel: number } {
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(size + 1))));
  return { windowBits, memLevel: windowBits < 15 ? 4 : 8 };
}

export interface AvroFile {
  readonly schema: Record<string, unknown>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly records: readonly Record<string, unknown>[];
}

/** Reads a container file written by any engine (codecs null and deflate). */
/**
 * Leaves fields out of the decoded records: returns the reader schema for a writer schema.
 * Skipped fields are stepped over without building objects (planning needs no column metrics).
 */
export interface Projection {
  readonly key: string;
  project(writerSchema: Record<string, unknown>): Record<string, unknown>;
}

export function readAvroFile(buffer: Buffer, projection?: Projection): AvroFile {
  let reader: Reader | undefined;
  const file = decodeContainer(buffer, (text) => {
    reader = readerFor(text, projection);
    return reader;
  });
  return { schema: reader!.schema, metadata: file.metadata, records: file.records };
}

/**
 * Rewrites a container file written by any engine record by record, keeping its schema text
 * and key-value metadata exactly. Unions are decoded wrapped (`{long: …}`), so every value,
 * including longs beyond 2^53 in optional fields, is written back in the branch it was read from.
 */
export function rewriteAvroRecords(
  buffer: Buffer,
  rewrite: (record: Record<string, unknown>) => Record<string, unknown>,
): Buffer {
  let schemaText = '{}';
  let type: avro.Type | undefined;
  const file = decodeContainer(buffer, (text) => {
    schemaText = text;
    type = avro.Type.forSchema(JSON.parse(text) as avro.Schema, {
      registry: { long: bigintLongType } as never,
      wrapUnions: true,
    });
    return { type };
  });
  return encodeContainer(schemaText, type!, file.records.map(rewrite), file.metadata);
}

/** Decodes the blocks of a container file (codecs null and deflate) with the type `typeOf` gives. */
function decodeContainer(
  buffer: Buffer,
  typeOf: (schemaText: string) => { readonly type: avro.Type; readonly resolver?: avro.Resolver },
): { metadata: Record<string, string>; records: Record<string, unknown>[] } {
  if (!buffer.subarray(0, 4).equals(MAGIC)) throw new Error('not an Avro object container file');
  const header = META.decode(buffer, 4) as { value: Record<string, Buffer>; offset: number };
  // avsc answers a read past the end with offset -1 rather than an error.
  if (header.offset < 0 || header.offset + 16 > buffer.length)
    throw new Error('the file header is cut short');
  const meta = Object.fromEntries(Object.entries(header.value).map(([k, v]) => [k, v.toString()]));
  const { type, resolver } = typeOf(meta['avro.schema'] ?? '{}');
  const codec = meta['avro.codec'] ?? 'null';
  if (codec !== 'null' && codec !== 'deflate') throw new Error(`unsupported Avro codec '${codec}'`);
  const records: Record<string, unknown>[] = [];
  const sync = buffer.subarray(header.offset, header.offset + 16);
  let offset = header.offset + 16;
  while (offset < buffer.length) {
    const count = LONG.decode(buffer, offset) as { value: number; offset: number };
    const size = LONG.decode(buffer, count.offset) as { value: number; offset: number };
    // A cut or overwritten file must fail here, not decode into fewer or garbled records.
    const end = size.offset + size.value;
    if (!(end + 16 <= buffer.length && buffer.subarray(end, end + 16).equals(sync)))
      throw new Error(`the block at byte ${offset} is cut short or its sync marker is wrong`);
    const raw = buffer.subarray(size.offset, end);
    const block = codec === 'deflate' ? inflateRawSync(raw) : raw;
    let position = 0;
    for (let i = 0; i < count.value; i++) {
      const decoded = (resolver ? type.decode(block, position, resolver) : type.decode(block, position)) as {
        value: Record<string, unknown>;
        offset: number;
      };
      if (decoded.offset < 0) throw new Error(`record ${records.length + 1} is cut short`);
      records.push(decoded.value);
      position = decoded.offset;
    }
    offset = size.offset + size.value + 16;
  }
  const { 'avro.schema': _schema, 'avro.codec': _codec, ...metadata } = meta;
  return { metadata, records };
}

/**
 * avsc types and readers by schema text: building one is far costlier than decoding a small
 * manifest. A type depends on nothing but its schema text, so it never goes stale. There are few
 * distinct schemas (one per table schema and partition spec, times the planning projection), but
 * schemas evolve over a long-running process, so each cache keeps at most 256 of them.
 */
export const AVRO_TYPE_CACHE_BOUNDS: CacheBounds = { maxEntries: 256 };
const types = new BoundedCache<string, avro.Type>(AVRO_TYPE_CACHE_BOUNDS);
const readers = new BoundedCache<string, Reader>(AVRO_TYPE_CACHE_BOUNDS);

interface Reader {
  readonly schema: Record<string, unknown>;
  readonly type: avro.Type;
  readonly resolver?: avro.Resolver;
}

function readerFor(text: string, projection?: Projection): Reader {
  const key = projection ? `${projection.key}\u0000${text}` : text;
  let reader = readers.get(key);
  if (!reader) {
    const schema = JSON.parse(text) as Record<string, unknown>;
    const writer = typeFor(text, schema);
    if (projection) {
      const projected = projection.project(schema);
      const type = typeFor(JSON.stringify(projected), projected);
      reader = { schema, type, resolver: type.createResolver(writer) };
    } else reader = { schema, type: writer };
    readers.set(key, reader);
  }
  return reader;
}

function typeFor(text: string, schema: object): avro.Type {
  let type = types.get(text);
  if (!type) {
    type = avro.Type.forSchema(schema as avro.Schema, {
      registry: { long: bigintLongType } as never,
      wrapUnions: false,
    });
    types.set(text, type);
  }
  return type;
}
