import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileStamp, SourceFile } from '../../model/project.js';
import { sha256 } from '../../parse/naming.js';
import { sameStamp, stampWrittenAt } from '../../project/index.js';

export const FILE_HASHES_FILE = 'file_hashes.ldp';

const FORMAT = 1;

/**
 * A stamp is trusted only for a file last written this long before the hashes were saved. A
 * file system keeps times to some resolution (a clock tick, a second, two on FAT): a file written
 * twice within it, the same size both times, keeps its stamp. Git's index has the same problem
 * ("racily clean" entries) and the same cure: such files are hashed again.
 */
const RESOLUTION_MARGIN_MS = 2000;

interface Stored {
  readonly format: number;
  /** Absolute path, the stamp the file had and the hash of its text then. */
  readonly files: readonly StoredFile[];
}

type StoredFile = readonly [
  path: string,
  size: number,
  modifiedMs: number,
  changedMs: number,
  inode: number,
  hash: string,
];

interface Known {
  readonly stamp: FileStamp;
  readonly hash: string;
}

/**
 * Hashes of the text of project files, kept in `target/` by stamp (size, times, inode): a command
 * on an unchanged project of 10,000 files stats them instead of reading and hashing them, which
 * takes a few times longer. Only what was hashed anew is read.
 */
export class FileHashes {
  private readonly seen = new Map<string, Known>();
  /** Whether saving would change what is stored: a new hash, or a stamp that can now be trusted. */
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly known: ReadonlyMap<string, Known>,
    /** Stamps of files written before this (ms since the epoch, file system clock) are trusted. */
    private readonly trustedBefore: number,
  ) {}

  /** The hashes saved at `path`; none when the file is missing or unreadable (all are hashed). */
  static read(path: string): FileHashes {
    try {
      const savedAt = statSync(path).mtimeMs;
      const stored = JSON.parse(readFileSync(path, 'utf8')) as Stored;
      if (stored.format === FORMAT && Array.isArray(stored.files)) {
        const known = new Map(
          stored.files.map(([file, size, modifiedMs, changedMs, inode, hash]) => [
            file,
            { stamp: { size, modifiedMs, changedMs, inode }, hash },
          ]),
        );
        return new FileHashes(path, known, savedAt - RESOLUTION_MARGIN_MS);
      }
    } catch {
      // No saved hashes yet, or a damaged file: every file is hashed, and the file written again.
    }
    return new FileHashes(path, new Map(), 0);
  }

  /**
   * The SHA-256 of the file's text (as a node's checksum holds it): the saved one when the file's
   * stamp is unchanged and trusted.
   */
  hashOf(file: SourceFile): string {
    const known = this.known.get(file.absolutePath);
    let hash: string;
    const unchanged = known !== undefined && file.stamp !== undefined && sameStamp(known.stamp, file.stamp);
    if (unchanged && this.trusted(file.stamp!)) hash = known!.hash;
    else {
      hash = sha256(file.text);
      const same = unchanged && known!.hash === hash;
      // A file hashed again only because it was written just before the last save: saving now
      // makes its stamp trusted, once it is old enough. Until then, saving would change nothing.
      if (
        !same ||
        (file.stamp !== undefined && this.writtenBefore(file.stamp, Date.now() - RESOLUTION_MARGIN_MS))
      )
        this.dirty = true;
    }
    if (file.stamp !== undefined) this.seen.set(file.absolutePath, { stamp: file.stamp, hash });
    return hash;
  }

  /**
   * Saves the hashes of the files asked about, when that changes what is stored (atomically; a
   * cache, so a failure to write is not the command's failure: the next command hashes again).
   */
  save(): void {
    if (!this.dirty && this.seen.size === this.known.size) return;
    const stored: Stored = {
      format: FORMAT,
      files: [...this.seen].map(
        ([file, { stamp, hash }]): StoredFile => [
          file,
          stamp.size,
          stamp.modifiedMs,
          stamp.changedMs,
          stamp.inode,
          hash,
        ],
      ),
    };
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(temporary, JSON.stringify(stored));
      renameSync(temporary, this.path);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  private trusted(stamp: FileStamp): boolean {
    return this.writtenBefore(stamp, this.trustedBefore);
  }

  private writtenBefore(stamp: FileStamp, time: number): boolean {
    return stampWrittenAt(stamp) < time;
  }
}
