import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IcebergTable } from '../../../src/iceberg/index.js';
import { type Served, serveWarehouse } from './support.js';

const T = '/v1/ldp/namespaces';

let served: Served;
beforeEach(async () => {
  served = await serveWarehouse();
});
afterEach(async () => {
  await served.close();
});

const schema = {
  type: 'struct',
  fields: [
    { id: 1, name: 'id', type: 'long', required: false },
    { id: 2, name: 'label', type: 'string', required: false },
  ],
};

describe('config', () => {
  it('names the prefix and the endpoints it serves, and refuses another warehouse', async () => {
    const { client, dir } = served;
    const config = await client.get('/v1/config');
    expect(config.body.overrides.prefix).toBe('ldp');
    expect(config.body.endpoints).toContain('POST /v1/{prefix}/namespaces/{namespace}/tables/{table}');
    expect((await client.get(`/v1/config?warehouse=${encodeURIComponent(`file://${dir}`)}`)).status).toBe(
      200,
    );
    const other = await client.get('/v1/config?warehouse=elsewhere');
    expect(other.status).toBe(404);
    expect(other.body.error.type).toBe('NoSuchWarehouseException');
  });
});

describe('namespaces', () => {
  it('creates, lists (with parent and pages), loads, updates and drops only when empty', async () => {
    const { client, catalog } = served;
    for (const ns of [['bronze'], ['gold'], ['silver'], ['gold', 'marts']])
      expect((await client.post(T, { namespace: ns, properties: { owner: 'data' } })).status).toBe(200);
    expect((await client.post(T, { namespace: ['gold'] })).status).toBe(409);
    expect((await client.get(T)).body.namespaces).toEqual([['bronze'], ['gold'], ['silver']]);
    expect((await client.get(`${T}?parent=gold`)).body.namespaces).toEqual([['gold', 'marts']]);
    expect((await client.get(`${T}?parent=nowhere`)).status).toBe(404);

    const first = await client.get(`${T}?pageToken=&pageSize=2`);
    expect(first.body.namespaces).toEqual([['bronze'], ['gold']]);
    const second = await client.get(`${T}?pageToken=${first.body['next-page-token']}&pageSize=2`);
    expect(second.body).toEqual({ namespaces: [['silver']], 'next-page-token': null });

    expect((await client.get(`${T}/gold%1Fmarts`)).body).toEqual({
      namespace: ['gold', 'marts'],
      properties: { owner: 'data' },
    });
    expect((await client.head(`${T}/gold`)).status).toBe(204);
    expect((await client.head(`${T}/nowhere`)).status).toBe(404);

    const update = await client.post(`${T}/gold/properties`, {
      updates: { tier: '1' },
      removals: ['owner', 'absent'],
    });
    expect(update.body).toEqual({ updated: ['tier'], removed: ['owner'], missing: ['absent'] });
    const conflict = await client.post(`${T}/gold/properties`, { updates: { a: '1' }, removals: ['a'] });
    expect(conflict.status).toBe(422);

    catalog.ensureNamespace(['bronze']);
    await client.post(`${T}/bronze/tables`, { name: 'trips', schema });
    const notEmpty = await client.delete(`${T}/bronze`);
    expect([notEmpty.status, notEmpty.body.error.type]).toEqual([409, 'NamespaceNotEmptyException']);
    expect((await client.delete(`${T}/silver`)).status).toBe(204);
    expect((await client.delete(`${T}/silver`)).status).toBe(404);
    expect(catalog.namespaceExists(['silver'])).toBe(false);
  });
});

describe('a table ldp wrote', () => {
  it('goes through load → append (commit) → load → rename → drop over HTTP', async () => {
    const { client, catalog, conn, engine } = served;
    const table = await IcebergTable.create(
      catalog,
      { namespace: ['silver'], name: 'trips' },
      { conn, sql: 'SELECT 1::BIGINT AS id, 1.5::DOUBLE AS fare' },
    );
    await table.append(conn, 'SELECT range::BIGINT AS id, range / 2.0 AS fare FROM range(10)');
    expect((await client.get(`${T}/silver/tables`)).body.identifiers).toEqual([
      { namespace: ['silver'], name: 'trips' },
    ]);

    const path = `${T}/silver/tables/trips`;
    const loaded = await engine.load(path);
    expect(loaded.response.body['metadata-location']).toBe(catalog.currentMetadataLocation(table.id));
    expect(loaded.metadata['current-snapshot-id']).toBe(table.refresh().currentSnapshot?.['snapshot-id']);

    const { snapshotId } = await engine.append(
      path,
      'SELECT range::BIGINT AS id, 0.5::DOUBLE AS fare FROM range(5)',
    );
    const after = await engine.load(path);
    expect(after.metadata['current-snapshot-id']).toBe(snapshotId);
    expect(after.metadata['metadata-log'].at(-1)?.['metadata-file']).toBe(
      loaded.response.body['metadata-location'],
    );
    expect(await engine.count(after.metadata)).toBe(15);
    // ldp reads the REST commit like its own.
    expect(table.refresh().currentSnapshot?.['snapshot-id']).toBe(snapshotId);

    await client.post(T, { namespace: ['gold'] });
    const rename = await client.post('/v1/ldp/tables/rename', {
      source: { namespace: ['silver'], name: 'trips' },
      destination: { namespace: ['gold'], name: 'trips_v2' },
    });
    expect(rename.status).toBe(204);
    expect((await client.get(path)).body.error.type).toBe('NoSuchTableException');
    expect((await client.head(`${T}/gold/tables/trips_v2`)).status).toBe(204);

    expect((await client.delete(`${T}/gold/tables/trips_v2`)).status).toBe(204);
    expect((await client.head(`${T}/gold/tables/trips_v2`)).status).toBe(404);
    // Without purge the files stay.
    expect(existsSync(join(served.dir, 'silver', 'trips', 'metadata'))).toBe(true);
  });
});

describe('a table created over HTTP', () => {
  it('is created, appended to, loaded, renamed and purged', async () => {
    const { client, engine, catalog } = served;
    await client.post(T, { namespace: ['bronze'] });
    const created = await client.post(`${T}/bronze/tables`, {
      name: 'events',
      schema,
      'partition-spec': { fields: [{ 'source-id': 2, name: 'label', transform: 'identity' }] },
      properties: { owner: 'rest' },
    });
    expect(created.body.metadata['partition-specs']).toEqual([
      { 'spec-id': 0, fields: [{ 'source-id': 2, 'field-id': 1000, name: 'label', transform: 'identity' }] },
    ]);
    expect(created.body.metadata.properties).toEqual({ owner: 'rest' });
    expect(created.body.metadata.location).toBe(`file://${join(served.dir, 'bronze', 'events')}`);
    expect((await client.post(`${T}/bronze/tables`, { name: 'events', schema })).status).toBe(409);

    const path = `${T}/bronze/tables/events`;
    await engine.append(path, "SELECT range::BIGINT AS id, 'a' || (range % 2) AS label FROM range(6)");
    await engine.append(path, "SELECT 100::BIGINT AS id, 'z' AS label");
    const loaded = await engine.load(path);
    expect(loaded.metadata.snapshots).toHaveLength(2);
    expect(await engine.count(loaded.metadata)).toBe(7);

    await client.post('/v1/ldp/tables/rename', {
      source: { namespace: ['bronze'], name: 'events' },
      destination: { namespace: ['bronze'], name: 'events_old' },
    });
    expect((await client.delete(`${T}/bronze/tables/events_old?purgeRequested=true`)).status).toBe(204);
    expect(existsSync(join(served.dir, 'bronze', 'events'))).toBe(false);
    expect(catalog.listTables(['bronze'])).toEqual([]);
  });

  it('commits a staged create (create transaction) with assert-create', async () => {
    const { client } = served;
    await client.post(T, { namespace: ['bronze'] });
    const staged = await client.post(`${T}/bronze/tables`, { name: 'ctas', schema, 'stage-create': true });
    expect(staged.body['metadata-location']).toBeNull();
    expect((await client.head(`${T}/bronze/tables/ctas`)).status).toBe(404);
    const body = {
      requirements: [{ type: 'assert-create' }],
      updates: [
        { action: 'assign-uuid', uuid: staged.body.metadata['table-uuid'] },
        { action: 'upgrade-format-version', 'format-version': 2 },
        { action: 'add-schema', schema },
        { action: 'set-current-schema', 'schema-id': -1 },
        { action: 'add-spec', spec: { fields: [] } },
        { action: 'set-default-spec', 'spec-id': -1 },
        { action: 'add-sort-order', 'sort-order': { 'order-id': 0, fields: [] } },
        { action: 'set-default-sort-order', 'sort-order-id': -1 },
        { action: 'set-properties', updates: { created: 'ctas' } },
      ],
    };
    const committed = await client.post(`${T}/bronze/tables/ctas`, body);
    expect(committed.status).toBe(200);
    expect(committed.body.metadata['table-uuid']).toBe(staged.body.metadata['table-uuid']);
    expect(committed.body.metadata.properties).toEqual({ created: 'ctas' });
    const again = await client.post(`${T}/bronze/tables/ctas`, body);
    expect([again.status, again.body.error.type]).toEqual([409, 'CommitFailedException']);
  });
});

describe('commits', () => {
  it('refuses a stale requirement with 409 CommitFailedException and changes nothing', async () => {
    const { client, engine } = served;
    await client.post(T, { namespace: ['bronze'] });
    await client.post(`${T}/bronze/tables`, { name: 'events', schema });
    const path = `${T}/bronze/tables/events`;
    await engine.append(path, "SELECT 1::BIGINT AS id, 'a' AS label");
    const before = await client.get(path);
    const stale = await engine.commit(path, {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }],
      updates: [{ action: 'set-properties', updates: { lost: 'yes' } }],
    });
    expect([stale.status, stale.body.error.type, stale.body.error.code]).toEqual([
      409,
      'CommitFailedException',
      409,
    ]);
    expect((await client.get(path)).body['metadata-location']).toBe(before.body['metadata-location']);
  });

  it('answers 400 to unknown updates and requirements, 404 to a missing table', async () => {
    const { client, engine } = served;
    await client.post(T, { namespace: ['bronze'] });
    await client.post(`${T}/bronze/tables`, { name: 'events', schema });
    const path = `${T}/bronze/tables/events`;
    const unknownUpdate = await engine.commit(path, {
      requirements: [],
      updates: [{ action: 'rewrite-everything' }],
    });
    expect(unknownUpdate.status).toBe(400);
    const unknownRequirement = await engine.commit(path, {
      requirements: [{ type: 'assert-mood' }],
      updates: [],
    });
    expect(unknownRequirement.status).toBe(400);
    const badRef = await engine.commit(path, {
      requirements: [],
      updates: [{ action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 42 }],
    });
    expect([badRef.status, badRef.body.error.message]).toEqual([
      400,
      expect.stringContaining('unknown snapshot 42'),
    ]);
    expect(
      (await engine.commit(`${T}/bronze/tables/nothing`, { requirements: [], updates: [] })).status,
    ).toBe(404);
    expect((await client.request('POST', path, '{not json')).status).toBe(400);
  });

  it('keeps snapshot ids above 2^53 exact in commits and loads', async () => {
    const { client, engine } = served;
    await client.post(T, { namespace: ['bronze'] });
    await client.post(`${T}/bronze/tables`, { name: 'events', schema });
    const path = `${T}/bronze/tables/events`;
    const { metadata } = await engine.load(path);
    const big = 9_007_199_254_740_993n; // 2^53 + 1: a JS number would read 9007199254740992
    const response = await engine.commit(path, {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': null }],
      updates: [
        {
          action: 'add-snapshot',
          snapshot: {
            'snapshot-id': big,
            'sequence-number': 1,
            'timestamp-ms': 1_700_000_000_000,
            'manifest-list': `${metadata.location}/metadata/none.avro`,
            summary: { operation: 'append' },
            'schema-id': 0,
          },
        },
        { action: 'set-snapshot-ref', 'ref-name': 'audit', type: 'tag', 'snapshot-id': big },
      ],
    });
    expect(response.status).toBe(200);
    const text = (await client.get(path)).text;
    expect(text).toContain('"snapshot-id": 9007199254740993');
    expect((await engine.load(path)).metadata.refs['audit']?.['snapshot-id']).toBe(big);
  });

  it('answers 304 to a matching If-None-Match, gzip when accepted, only referenced snapshots with snapshots=refs', async () => {
    const { client, engine } = served;
    await client.post(T, { namespace: ['bronze'] });
    await client.post(`${T}/bronze/tables`, { name: 'events', schema });
    const path = `${T}/bronze/tables/events`;
    await engine.append(path, "SELECT 1::BIGINT AS id, 'a' AS label");
    await engine.append(path, "SELECT 2::BIGINT AS id, 'b' AS label");
    const loaded = await client.get(path);
    // fetch asks for gzip and decompresses: the spec check above saw the JSON it carried.
    expect(loaded.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(`${served.server.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
    expect([plain.headers.get('content-encoding'), await plain.text()]).toEqual([null, loaded.text]);
    const etag = loaded.headers.get('etag')!;
    expect((await client.get(path, { 'if-none-match': etag })).status).toBe(304);
    expect((await client.get(`${path}?snapshots=refs`)).body.metadata.snapshots).toHaveLength(1);
    await engine.append(path, "SELECT 3::BIGINT AS id, 'c' AS label");
    expect((await client.get(path, { 'if-none-match': etag })).status).toBe(200);
  });
});

describe('views as ldp keeps them', () => {
  it('lists, loads, checks and drops a view model', async () => {
    const { client, catalog } = served;
    catalog.ensureNamespace(['gold']);
    catalog.upsertView({
      namespace: ['gold'],
      name: 'daily',
      sql: 'SELECT 1 AS n',
      columns: [{ name: 'n', type: 'INTEGER' }],
    });
    expect((await client.get(`${T}/gold/views`)).body.identifiers).toEqual([
      { namespace: ['gold'], name: 'daily' },
    ]);
    const view = await client.get(`${T}/gold/views/daily`);
    expect(view.body.metadata.versions[0].representations).toEqual([
      { type: 'sql', sql: 'SELECT 1 AS n', dialect: 'duckdb' },
    ]);
    expect(view.body.metadata.schemas[0].fields).toEqual([
      { id: 1, name: 'n', type: 'int', required: false },
    ]);
    expect((await client.get(`${T}/gold/views/daily`)).body.metadata['view-uuid']).toBe(
      view.body.metadata['view-uuid'],
    );
    expect((await client.head(`${T}/gold/views/daily`)).status).toBe(204);
    expect((await client.delete(`${T}/gold/views/daily`)).status).toBe(204);
    expect((await client.get(`${T}/gold/views/daily`)).status).toBe(404);
  });
});
