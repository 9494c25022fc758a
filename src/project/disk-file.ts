import { readFileSync, type Stats } from 'node:fs';
import { fileSystemError } from '../errors/index.js';
import type { FileStamp, SourceFile, SourceFileKind } from '../model/project.js';

/**
 * A project file whose text is read on first use. A command that reuses the cached parse of an
 * unchanged project needs the text of none of its 10,000 files: their stamps say nothing changed
 * (see `FileHashes`). `text` is an own getter, so copies made by structured clone (worker
 * threads) carry the text; spreading the object reads it.
 */
export function diskFile(
  init: { kind: SourceFileKind; path: string; absolutePath: string; rootPath: string },
  stats: Stats,
): SourceFile {
  let text: string | undefined;
  return {
    ...init,
    stamp: fileStamp(stats),
    get text() {
      text ??= init.kind === 'seed' ? '' : readText(init.absolutePath);
      return text;
    },
  };
}

/** The file under another path (a package's files below the root project): read once, shared. */
export function relocatedFile(file: SourceFile, path: string, rootPath: string): SourceFile {
  return {
    kind: file.kind,
    path,
    absolutePath: file.absolutePath,
    rootPath,
    ...(file.stamp !== undefined ? { stamp: file.stamp } : {}),
    get text() {
      return file.text;
    },
  };
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
