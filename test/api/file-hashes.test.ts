import { createHash } from 'node:crypto';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectingReporter, parse } from '../../src/api/index.js';
import { FILE_HASHES_FILE, FileHashes } from '../../src/api/session/file-hashes.js';
import type { FileStamp, SourceFile } from '../../src/model/project.js';
import { isolated, tempProject } from '../support/temp-project.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A file as discovery finds it, with the given stamp and text. */
function file(stamp: FileStamp, text: () => string): SourceFile {
  return {
    kind: 'model',
    path: 'models/a.sql',
    absolutePath: '/project/models/a.sql',
    rootPath: 'models',
    stamp,
    get text() {
      return text();
    },
  };
}

const stampAt = (writtenMs: number): FileStamp => ({
  size: 8,
  modifiedMs: writtenMs,
  changedMs: writtenMs,
  inode: 42,
});

describe('FileHashes', () => {
  it('gives the saved hash of a file whose stamp is unchanged, without reading it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ldp-hashes-')), FILE_HASHES_FILE);
    const old = stampAt(Date.now() - 60_000);
    const first = FileHashes.read(path);
    expect(first.hashOf(file(old, () => 'select 1'))).toBe(sha256('select 1'));
    first.save();
    const unreadable = () => {
      throw new Error('read');
    };
    expect(FileHashes.read(path).hashOf(file(old, unreadable))).toBe(sha256('select 1'));
  });

  it('hashes again a file whose stamp changed', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ldp-hashes-')), FILE_HASHES_FILE);
    const first = FileHashes.read(path);
    first.hashOf(file(stampAt(Date.now() - 60_000), () => 'select 1'));
    first.save();
    const edited = file({ ...stampAt(Date.now() - 60_000), changedMs: Date.now() }, () => 'select 2');
    expect(FileHashes.read(path).hashOf(edited)).toBe(sha256('select 2'));
  });

  it('hashes again a file written just before the hashes were saved: its stamp may hide a second write', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ldp-hashes-')), FILE_HASHES_FILE);
    // Written twice within the file system's time resolution: same size, same times, new text.
    const racy = stampAt(Date.now());
    const first = FileHashes.read(path);
    first.hashOf(file(racy, () => 'select 1'));
    first.save();
    expect(FileHashes.read(path).hashOf(file(racy, () => 'select 2'))).toBe(sha256('select 2'));
  });

  it('starts afresh from a damaged file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ldp-hashes-')), FILE_HASHES_FILE);
    writeFileSync(path, '{"format": 1, "files": [[');
    expect(FileHashes.read(path).hashOf(file(stampAt(0), () => 'select 1'))).toBe(sha256('select 1'));
  });
});

describe('a parse of a project whose files keep their stamps', () => {
  it('sees an edit that kept the size and set the modification time back', async () => {
    const dir = tempProject({
      'ldp_project.yml': 'name: shop',
      'models/orders.sql': 'select 1 as id',
    });
    const model = join(dir, 'models', 'orders.sql');
    const long = new Date(Date.now() - 3_600_000);
    utimesSync(model, long, long);
    const options = { reporter: new CollectingReporter(), ...isolated(dir) };
    await parse(options);
    writeFileSync(model, 'select 2 as id');
    utimesSync(model, long, long);
    const again = await parse(options);
    expect(again.fromCache).toBe(false);
    const node = again.manifest.nodes.get('model.shop.orders');
    expect(node && 'rawSql' in node ? node.rawSql : undefined).toBe('select 2 as id');
  });
});
