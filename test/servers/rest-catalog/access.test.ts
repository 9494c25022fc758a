import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { serveRestCatalog } from '../../../src/servers/rest-catalog/index.js';
import { RestTestClient } from '../../support/rest-spec.js';
import { type Served, SPEC, serveWarehouse } from './support.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('access', () => {
  it('requires the bearer token on every route when one is set', async () => {
    served = await serveWarehouse({ token: 's3cret' });
    const anonymous = new RestTestClient(SPEC, served.server.url);
    const refused = await anonymous.get('/v1/config');
    expect([refused.status, refused.body.error.type]).toEqual([401, 'NotAuthorizedException']);
    expect((await anonymous.get('/v1/ldp/namespaces')).status).toBe(401);
    const wrong = new RestTestClient(SPEC, served.server.url, { authorization: 'Bearer s3cre7' });
    expect((await wrong.get('/v1/ldp/namespaces')).status).toBe(401);
    expect((await served.client.get('/v1/ldp/namespaces')).status).toBe(200);
  });

  it('refuses every write with 403 in read-only mode and still serves reads', async () => {
    served = await serveWarehouse({ readOnly: true });
    served.catalog.ensureNamespace(['gold']);
    const { client } = served;
    const create = await client.post('/v1/ldp/namespaces', { namespace: ['silver'] });
    expect([create.status, create.body.error.type]).toEqual([403, 'ForbiddenException']);
    expect((await client.delete('/v1/ldp/namespaces/gold')).status).toBe(403);
    expect((await client.post('/v1/ldp/namespaces/gold/properties', { updates: { a: 'b' } })).status).toBe(
      403,
    );
    expect((await client.get('/v1/ldp/namespaces')).body.namespaces).toEqual([['gold']]);
    expect(served.catalog.namespaceExists(['silver'])).toBe(false);
  });

  it('will not listen beyond loopback without a token (LDP800)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldp-rest-'));
    const catalog = openCatalog({ warehousePath: dir });
    try {
      await expect(serveRestCatalog({ catalog, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
        code: 'LDP800',
      });
      await expect(serveRestCatalog({ catalog, port: 0, token: '' })).rejects.toMatchObject({
        code: 'LDP805',
      });
      const exposed = await serveRestCatalog({ catalog, host: '0.0.0.0', port: 0, token: 't' });
      await exposed.close();
    } finally {
      catalog.close();
    }
  });

  it('reports a port in use as LDP801', async () => {
    served = await serveWarehouse();
    await expect(
      serveRestCatalog({ catalog: served.catalog, port: served.server.port }),
    ).rejects.toMatchObject({
      code: 'LDP801',
    });
  });
});

describe('the spec check itself', () => {
  it('flags a body that does not match its schema and an undocumented status', () => {
    const path = '/v1/ldp/namespaces/gold/tables/t';
    expect(SPEC.check('GET', path, 200, JSON.stringify({ 'metadata-location': 'x' }))).not.toEqual([]);
    expect(SPEC.check('GET', path, 200, JSON.stringify({ metadata: { 'format-version': 2 } }))).not.toEqual(
      [],
    );
    expect(SPEC.check('DELETE', path, 409, '')).not.toEqual([]);
    expect(SPEC.check('GET', '/v1/ldp/namespaces', 200, JSON.stringify({ namespaces: [['a']] }))).toEqual([]);
  });
});
