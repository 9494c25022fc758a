import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demo, LdpError } from '../../../src/api/index.js';
import { YELLOW_TRIP_COLUMNS } from '../../../src/demo/index.js';
import { tempProject } from '../../support/temp-project.js';
import { duck, eventsOf, options } from './fixture.js';

describe('ldp demo', () => {
  it('writes the requested months with the 19 TLC columns and row counts into data/ of the project', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: taxi\n' });
    const opts = options(root);
    const result = await demo({ ...opts, months: ['2023-01', '2023-02'], rowsPerMonth: 2500, seed: 5 });
    const data = join(root, 'data');
    expect(readdirSync(data).sort()).toEqual([
      'taxi_zone_lookup.csv',
      'yellow_tripdata_2023-01.parquet',
      'yellow_tripdata_2023-02.parquet',
    ]);
    for (const file of result.files) {
      const columns = await duck(`DESCRIBE SELECT * FROM read_parquet('${file.path}')`);
      expect(columns.map((c) => ({ name: c['column_name'], type: c['column_type'] }))).toEqual(
        YELLOW_TRIP_COLUMNS,
      );
      expect(columns).toHaveLength(19);
      const [count] = await duck(`SELECT count(*)::integer AS n FROM read_parquet('${file.path}')`);
      expect(count!['n']).toBe(2500);
    }
    const [zones] = await duck(`SELECT count(*)::integer AS n FROM read_csv('${result.zonesPath}')`);
    expect(zones!['n']).toBe(265);
    const messages = eventsOf(opts.reporter, 'info').map((e) => e.message);
    expect(messages.some((m) => m.includes('yellow_tripdata_2023-02.parquet  2500 rows'))).toBe(true);
    expect(messages.at(-1)).toMatch(/^Wrote 5000 trips in 2 files/);
  });

  it('writes to --out relative to the project, scaled from the real volume', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: taxi\n' });
    const result = await demo({ ...options(root), out: 'raw/tlc', scale: 0.001 });
    expect(result.files.map((f) => [f.path, f.rows])).toEqual([
      [join(root, 'raw/tlc/yellow_tripdata_2023-01.parquet'), 3067],
    ]);
    const [count] = await duck(`SELECT count(*)::integer AS n FROM read_parquet('${result.files[0]!.path}')`);
    expect(count!['n']).toBe(3067);
  });

  it('rejects bad months, rows and seeds before writing anything', async () => {
    const root = tempProject({ 'ldp_project.yml': 'name: taxi\n' });
    for (const bad of [
      { months: ['2023-13'] },
      { rowsPerMonth: 0 },
      { rowsPerMonth: 1.5 },
      { scale: -1 },
      { seed: -3 },
    ]) {
      const error = await demo({ ...options(root), ...bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LdpError);
      expect((error as LdpError).code).toBe('LDP910');
      expect((error as LdpError).hint).toBeTruthy();
    }
    expect(existsSync(join(root, 'data'))).toBe(false);
  });
});
