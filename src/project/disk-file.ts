import { readFileSync, type Stats } from 'node:fs';
import { fileSystemError } from '../errors/index.js';
import type { FileStamp, SourceFile, SourceFileKind } from '../model/project.js';

/**
 * A project file whose text is read on first use. A command that reuses the cached parse of an
 * unchanged project needs the text of none of its 10,000 files: their stamps say nothing changed
 * (see `FileHashes`). A class, not an object literal with a getter: V8 makes those ten times
 * slower. (`text` is on the prototype: spreading the object would leave it out.)
 */
class DiskFile implements SourceFile {
  #text: string | undefined;

  constructor(
    readonly kind: SourceFileKind,
    readonly path: string,
    readonly absolutePath: string,
    readonly rootPath: string,
    readonly stamp: FileStamp | undefined,
    /** Where the text comes from: the file itself, or the same file found under another path. */
    private readonly source?: SourceFile,
  ) {}

  get text(): string {
    this.#text ??= this.source?.text ?? (this.kind === 'seed' ? '' : readText(this.absolutePath));
    return this.#text;
  }
}

export function diskFile(
  init: { kind: SourceFileKind; path: string; absolutePath: string; rootPath: string },
  stats: Stats,
): SourceFile {
  return new DiskFile(init.kind, init.path, init.absolutePath, init.rootPath, fileStamp(stats));
}

/** The file under another path (a package's files below the root project): read once, shared. */
export function relocatedFile(file: SourceFile, path: string, rootPath: string): SourceFile {
  return new DiskFile(file.kind, path, file.absolutePath, rootPath, file.stamp, file);
}

function fileStamp(stats: Stats): FileStamp {
  return { size: stats.size, modifiedMs: stats.mtimeMs, changedMs: stats.ctimeMs, inode: stats.ino };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size && a.modifiedMs === b.modifiedMs && a.changedMs === b.changedMs && a.inode === b.inode
  );
}

/** The later of the modification and change times. */
export function stampWrittenAt(stamp: FileStamp): number {
  return Math.max(stamp.modifiedMs, stamp.changedMs);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw (
      fileSystemError(
        error,
        path,
        'read',
        'project file',
        'The file was removed while ldp ran: run the command again.',
      ) ?? error
    );
  }
}
