import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqlError } from '../../src/adapters/duckdb/materialize/sql-errors.js';
import { fileSystemError, LdpError, machineFaultOf } from '../../src/errors/index.js';
import { writeAvroFile } from '../../src/iceberg/avro/container.js';
import { MANIFEST_FILE_SCHEMA } from '../../src/iceberg/avro/schemas.js';
import { decodeManifestList } from '../../src/iceberg/manifest-io.js';
import { readTableFile, writeTableFile } from '../../src/iceberg/table-files.js';
import type { StepCommon } from '../../src/model/execution-plan.js';

/** The error a real system call throws (these work as root too, unlike a read-only folder). */
function thrownBy(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const STEP: StepCommon = {
  uniqueId: 'model.p.m',
  name: 'm',
  resourceType: 'model',
  partitionBy: [],
  preHooks: [],
  postHooks: [],
  sqlFingerprint: '',
};

describe('machine faults on files', () => {
  it('a full disk (a real ENOSPC from writing /dev/full) is LDP575 naming the path and the disk', () => {
    const error = thrownBy(() => writeTableFile('/dev/full', 'the manifest', Buffer.alloc(8192)));
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP575');
    expect((error as LdpError).message).toContain('cannot write the manifest /dev/full: the disk is full');
    expect((error as LdpError).hint).toContain('no fault of the project');
  });

  it('a folder in place of a file (EISDIR) and a file in place of a folder (ENOTDIR) are LDP577', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldp-faults-'));
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'file'), '');
    const isDir = thrownBy(() => readTableFile(join(dir, 'folder'), 'the manifest list'));
    expect((isDir as LdpError).code).toBe('LDP577');
    expect((isDir as LdpError).message).toContain('it is a folder');
    const notDir = thrownBy(() => writeTableFile(join(dir, 'file', 'x.avro'), 'the manifest', ''));
    expect((notDir as LdpError).code).toBe('LDP577');
    expect((notDir as LdpError).message).toContain(join(dir, 'file', 'x.avro'));
  });

  it('EACCES, EPERM and EROFS are permission errors (Node error objects as Node builds them)', () => {
    for (const code of ['EACCES', 'EPERM', 'EROFS']) {
      const error = Object.assign(new Error(`${code}: denied`), { code, syscall: 'open', path: '/w/x' });
      const mapped = machineFaultOf(error);
      expect(mapped?.code, code).toBe('LDP576');
      expect(mapped?.message).toContain('/w/x');
    }
  });

  it("SQLite's own 'database or disk is full' (a real SQLITE_FULL) is LDP575 about the catalog", () => {
    const db = new Database(':memory:');
    db.pragma('max_page_count = 2');
    db.exec('CREATE TABLE t (x TEXT)');
    const full = thrownBy(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
    db.close();
    expect((full as { code?: string }).code).toBe('SQLITE_FULL');
    const mapped = machineFaultOf(full);
    expect(mapped?.code).toBe('LDP575');
    expect(mapped?.message).toContain('the catalog database');
  });

  it('leaves errors that are no machine fault alone (a bug stays a bug)', () => {
    expect(machineFaultOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(fileSystemError(new Error('plain'), '/p', 'read')).toBeUndefined();
  });

  it("DuckDB's own 'No space left on device' is LDP575, not a SQL error of the model", async () => {
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const conn = await instance.connect();
      const failure = await conn
        .run("COPY (SELECT range FROM range(100000)) TO '/dev/full' (FORMAT parquet)")
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      const mapped = sqlError(failure, STEP, 0);
      expect(mapped.code).toBe('LDP575');
      expect(mapped.message).toContain('/dev/full');
      expect(mapped.message).not.toContain('failed in DuckDB');
    } finally {
      instance.closeSync();
    }
  });
});

describe('damaged Avro files', () => {
  it('a manifest list cut at a block boundary fails instead of reading fewer manifests', () => {
    const bytes = writeAvroFile(MANIFEST_FILE_SCHEMA, [], { 'format-version': '2' });
    const withBlock = Buffer.concat([bytes, Buffer.from([0x02, 0x00])]);
    expect(() => decodeManifestList(withBlock)).toThrow(/cut short|sync marker/);
    expect(() => decodeManifestList(bytes.subarray(0, 10))).toThrow(/cut short/);
  });
});
