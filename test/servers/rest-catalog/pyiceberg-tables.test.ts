import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pyicebergWarehouse } from '../../support/pyiceberg-fixture.js';
import { type Served, serveWarehouse } from './support.js';

const T = '/v1/ldp/namespaces';
const fixture = pyicebergWarehouse();
const expected = fixture.expected['bronze.trips_partitioned']!;
const fixtureMetadata = join(fixture.path, 'bronze', 'trips_partitioned', 'metadata');

let served: Served;
beforeEach(async () => {
  served = await serveWarehouse();
});
afterEach(async () => {
  await served.close();
});

describe('a table pyiceberg wrote', () => {
  it('is registered, loaded with exact ids, moved, appended to, renamed and purged over HTTP', async () => {
    const { client, engine, dir } = served;
    const untouched = readdirSync(fixtureMetadata).sort();
    const metadataLocation = (expected as unknown as { metadata_location: string }).metadata_location;
    await client.post(T, { namespace: ['bronze'] });
    const registered = await client.post(`${T}/bronze/register`, {
      name: 'trips',
      'metadata-location': metadataLocation,
    });
    expect(registered.body['metadata-location']).toBe(metadataLocation);
    for (const snapshot of expected.snapshots) expect(registered.text).toContain(snapshot.snapshot_id);
    expect(
      (await client.post(`${T}/bronze/register`, { name: 'trips', 'metadata-location': metadataLocation }))
        .status,
    ).toBe(409);

    const path = `${T}/bronze/tables/trips`;
    const loaded = await engine.load(path);
    expect(loaded.metadata.snapshots.map((s) => String(s['snapshot-id']))).toEqual(
      expected.snapshots.map((s) => s.snapshot_id),
    );
    expect(await engine.count(loaded.metadata)).toBe(expected.current_rows);

    // New files go to a folder of this warehouse; the fixture's files stay as they are.
    const moved = await engine.commit(path, {
      requirements: [{ type: 'assert-table-uuid', uuid: loaded.metadata['table-uuid'] }],
      updates: [{ action: 'set-location', location: `file://${join(dir, 'bronze', 'trips')}` }],
    });
    expect(moved.status).toBe(200);
    expect(moved.body['metadata-location']).toMatch(
      new RegExp(`^file://${dir}/bronze/trips/metadata/00003-`),
    );
    await engine.append(
      path,
      `SELECT 1000 + range AS trip_id, 'ldp' AS vendor, DATE '2024-02-01' AS pickup_date,
         TIMESTAMP '2024-02-01 08:00:00' AS pickup_ts, 2.5::DOUBLE AS distance, 9.75::DECIMAL(10,2) AS fare,
         1 AS passengers, false AS is_airport FROM range(3)`,
    );
    const after = await engine.load(path);
    expect(after.metadata.snapshots).toHaveLength(expected.snapshots.length + 1);
    expect(await engine.count(after.metadata)).toBe(expected.current_rows + 3);

    await client.post('/v1/ldp/tables/rename', {
      source: { namespace: ['bronze'], name: 'trips' },
      destination: { namespace: ['bronze'], name: 'trips_archive' },
    });
    expect((await client.delete(`${T}/bronze/tables/trips_archive?purgeRequested=true`)).status).toBe(204);
    expect(existsSync(join(dir, 'bronze', 'trips'))).toBe(false);
    expect(readdirSync(fixtureMetadata).sort()).toEqual(untouched);
  });
});
