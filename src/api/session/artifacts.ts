import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ArtifactMetadata,
  LayoutRecorder,
  MANIFEST_SCHEMA_VERSION,
  type ManifestLayout,
  manifestJsonChunks,
  manifestMetadataJson,
} from '../../artifacts/manifest-json.js';
import { spliceManifestJson } from '../../artifacts/manifest-splice.js';
import { fileSystemError } from '../../errors/index.js';
import { LDP_VERSION } from './ldp-version.js';
import { MANIFEST_LAYOUT_FILE, readManifestLayout, writeManifestLayout } from './manifest-layout-file.js';
import type { ParsedProject } from './parse.js';

/** Absolute path of the project's target folder. */
export function targetDir(parsed: Pick<ParsedProject, 'project'>): string {
  return join(parsed.project.root, parsed.project.config.targetPath);
}

/**
 * Writes `target/manifest.json`. When the parse came from the cache and the file on disk was
 * written from the same inputs, only its metadata (time, invocation id) differs: that header is
 * rewritten in place instead of the tens of megabytes after it. After a partial parse, the file
 * written for the parse it started from is copied with the changed nodes replaced
 * (`spliceManifestJson`, guided by the layout kept in `target/manifest_layout.ldp`).
 */
export function writeManifestArtifact(parsed: ParsedProject, now: Date): string {
  return writeNow(planManifest(parsed, now));
}

function writeNow(plan: ManifestPlan): string {
  if (plan.kind === 'patched') return plan.path;
  const fd = openSync(plan.temporary, 'w');
  try {
    for (const chunk of plan.chunks) writeAll(fd, chunk);
  } catch (error) {
    closeSync(fd);
    throw writeFailure(plan, error);
  }
  closeSync(fd);
  return finish(plan);
}

/**
 * `writeManifestArtifact`, with the bytes of a partial parse's spliced file written by Node's
 * thread pool: a command that compiles meanwhile does not wait for tens of megabytes to be
 * copied. (A manifest generated in full is written at once: making its JSON is the work.)
 */
export async function writeManifestArtifactInBackground(parsed: ParsedProject, now: Date): Promise<string> {
  const plan = planManifest(parsed, now);
  if (plan.kind !== 'spliced') return writeNow(plan);
  let handle: FileHandle | undefined;
  try {
    handle = await open(plan.temporary, 'w');
    // One call for all parts: the pool writes them while the caller's synchronous work goes on.
    let parts = plan.chunks.filter((part) => part.length > 0);
    while (parts.length > 0) parts = unwritten(parts, (await handle.writev(parts)).bytesWritten);
  } catch (error) {
    await handle?.close();
    throw writeFailure(plan, error);
  }
  await handle.close();
  return finish(plan);
}

interface ManifestFile {
  readonly path: string;
  /** Written aside and then moved in, so a reader never sees half a file. */
  readonly temporary: string;
  readonly layoutPath: string;
  readonly inputs: string;
  readonly layout: () => ManifestLayout | undefined;
}

/** What is left of `parts` after their first `written` bytes. */
function unwritten(parts: readonly Buffer[], written: number): Buffer[] {
  const left: Buffer[] = [];
  for (const part of parts) {
    if (written >= part.length) written -= part.length;
    else {
      left.push(written > 0 ? part.subarray(written) : part);
      written = 0;
    }
  }
  return left;
}

type ManifestPlan =
  | { readonly kind: 'patched'; readonly path: string }
  | (ManifestFile & { readonly kind: 'spliced'; readonly chunks: readonly Buffer[] })
  | (ManifestFile & { readonly kind: 'generated'; readonly chunks: Iterable<string> });

/** How this parse's manifest is written: its metadata patched in place, spliced, or generated. */
function planManifest(parsed: ParsedProject, now: Date): ManifestPlan {
  const dir = targetDir(parsed);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const meta: ArtifactMetadata = {
    ldpVersion: LDP_VERSION,
    generatedAt: now.toISOString(),
    invocationId: parsed.invocationId,
    adapterType: parsed.project.target.type,
    targetName: parsed.project.target.name,
    projectName: parsed.project.config.name,
    targetDatabase: parsed.project.target.database,
    inputsFingerprint: parsed.inputsFingerprint,
    ...(parsed.project.target.type === 'duckdb'
      ? { catalog: { path: parsed.project.target.catalogPath, name: parsed.project.target.catalogName } }
      : {}),
  };
  if (parsed.fromCache && patchMetadata(path, meta)) return { kind: 'patched', path };
  const layoutPath = join(dir, MANIFEST_LAYOUT_FILE);
  const common = {
    path,
    temporary: `${path}.${process.pid}.tmp`,
    layoutPath,
    inputs: parsed.inputsFingerprint,
  };
  const spliced = splicedManifest(path, layoutPath, parsed, meta);
  if (spliced) return { kind: 'spliced', ...common, chunks: spliced.parts, layout: () => spliced.layout };
  // Compact, as dbt writes it.
  const recorder = new LayoutRecorder();
  return {
    kind: 'generated',
    ...common,
    chunks: manifestJsonChunks(parsed.manifest, meta, recorder),
    layout: () => recorder.layout(),
  };
}

/**
 * Moves the written file in and saves its layout. The old file is removed first: replacing a
 * large file by rename or truncation makes ext4 flush the new one to disk.
 */
function finish(plan: ManifestFile): string {
  rmSync(plan.path, { force: true });
  renameSync(plan.temporary, plan.path);
  writeManifestLayout(plan.layoutPath, plan.inputs, plan.layout());
  return plan.path;
}

/** The fd-based write carries no path: the file is named here (a full disk is the usual cause). */
function writeFailure(plan: ManifestFile, error: unknown): unknown {
  rmSync(plan.temporary, { force: true });
  return fileSystemError(error, plan.path, 'write', 'the manifest artifact') ?? error;
}

/**
 * The new manifest's bytes made from the file on disk, when that file was written for the parse
 * this partial parse started from and its layout is known. Undefined otherwise.
 */
function splicedManifest(
  path: string,
  layoutPath: string,
  parsed: ParsedProject,
  meta: ArtifactMetadata,
): { parts: Buffer[]; layout: ManifestLayout } | undefined {
  const changes = parsed.partialParse?.manifestChanges;
  if (changes === undefined) return undefined;
  const layout = readManifestLayout(layoutPath, parsed.partialParse!.from);
  if (layout === undefined) return undefined;
  let old: Buffer;
  try {
    old = readFileSync(path);
  } catch {
    return undefined;
  }
  if (
    old.length !== layout.size ||
    metadataOf(old.subarray(0, layout.headerBytes))?.inputs_fingerprint !== parsed.partialParse!.from
  )
    return undefined;
  return spliceManifestJson(old, layout, parsed.manifest, meta, changes);
}

/** The metadata object of a manifest's first bytes (`manifestHeaderJson`), if they are one. */
function metadataOf(header: Buffer): { inputs_fingerprint?: string } | undefined {
  const text = header.toString('utf8');
  const prefix = `{"schemaVersion":${MANIFEST_SCHEMA_VERSION},"metadata":`;
  if (!text.startsWith(prefix)) return undefined;
  try {
    return JSON.parse(text.slice(prefix.length)) as { inputs_fingerprint?: string };
  } catch {
    return undefined;
  }
}

/** `writeSync` may write less than it was given. */
function writeAll(fd: number, chunk: string | Buffer): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

const HEADER_BYTES = 4096;

/** Rewrites the metadata object at the start of the file if it has the same inputs and length. */
function patchMetadata(path: string, meta: ArtifactMetadata): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(HEADER_BYTES);
    const read = readSync(fd, head, 0, HEADER_BYTES, 0);
    const text = head.subarray(0, read).toString('utf8');
    // A file of another manifest version is not this one with other metadata.
    if (!text.startsWith(`{"schemaVersion":${MANIFEST_SCHEMA_VERSION},`)) return false;
    const start = text.indexOf('"metadata":');
    const end = text.indexOf('}', start);
    if (start === -1 || end === -1) return false;
    const old = text.slice(start + '"metadata":'.length, end + 1);
    const previous = JSON.parse(old) as { inputs_fingerprint?: string };
    if (previous.inputs_fingerprint !== meta.inputsFingerprint) return false;
    const next = JSON.stringify(manifestMetadataJson(meta));
    if (Buffer.byteLength(next) !== Buffer.byteLength(old)) return false;
    writeSync(fd, next, Buffer.byteLength(text.slice(0, start + '"metadata":'.length)), 'utf8');
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
