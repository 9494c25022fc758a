import { describe, expect, it } from 'vitest';
import { IcebergTable, liveFiles } from '../../src/iceberg/index.js';
import type { DataFile } from '../../src/iceberg/types.js';
import { newWarehouse } from './support.js';

/** Column bounds against the spec's rules (data_file fields 125/128, Appendix D). */
async function firstFile(sql: string): Promise<{ file: DataFile; id: (name: string) => number }> {
  const wh = await newWarehouse();
  const table = await IcebergTable.create(
    wh.catalog,
    { namespace: ['t'], name: 'b' },
    { conn: wh.conn, sql },
  );
  await table.append(wh.conn, sql);
  const file = liveFiles(table.currentSnapshot)[0]!.entry.dataFile;
  return { file, id: (name) => table.schema.fields.find((f) => f.name === name)!.id };
}

describe('column bounds', () => {
  it('orders -0.0 before +0.0: a zero lower bound is -0.0, a zero upper bound +0.0', async () => {
    const { file, id } = await firstFile(
      `SELECT v::DOUBLE AS d, v::FLOAT AS f FROM (VALUES (-0.0), (0.0), (-0.0)) t(v)`,
    );
    for (const [name, read] of [
      ['d', (b: Buffer) => b.readDoubleLE()],
      ['f', (b: Buffer) => b.readFloatLE()],
    ] as const) {
      expect(Object.is(read(Buffer.from(file.lowerBounds.get(id(name))!)), -0), name).toBe(true);
      expect(Object.is(read(Buffer.from(file.upperBounds.get(id(name))!)), 0), name).toBe(true);
    }
  });

  it('writes no float bounds for a file with NaN, and never NaN as a bound', async () => {
    const { file, id } = await firstFile(`SELECT v AS d FROM (VALUES (1.5::DOUBLE), ('NaN'::DOUBLE)) t(v)`);
    expect(file.lowerBounds.has(id('d'))).toBe(false);
    expect(file.upperBounds.has(id('d'))).toBe(false);
    expect(file.valueCounts.get(id('d'))).toBe(2);
  });

  it('truncates string bounds to 16 code points, rounding the upper bound up', async () => {
    const { file, id } = await firstFile(
      `SELECT v AS s FROM (VALUES ('abcdefghijklmnopqrstuvwxyz'), ('abcdefghijklmnop'), ('ééééééééééééééééé')) t(v)`,
    );
    expect(Buffer.from(file.lowerBounds.get(id('s'))!).toString()).toBe('abcdefghijklmnop');
    expect(Buffer.from(file.upperBounds.get(id('s'))!).toString()).toBe('éééééééééééééééê');
  });

  it('writes no bounds rather than wrong ones for infinite dates', async () => {
    const { file, id } = await firstFile(
      `SELECT d FROM (VALUES (DATE '2024-01-01'), (DATE 'infinity')) t(d)`,
    );
    expect(file.upperBounds.has(id('d'))).toBe(false);
    expect(file.lowerBounds.has(id('d'))).toBe(false);
  });
});
