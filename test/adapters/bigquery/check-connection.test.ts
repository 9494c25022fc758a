import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection } from '../../../src/adapters/bigquery/check-connection.js';
import { openBigQuery } from '../../../src/adapters/bigquery/client.js';
import { JobSlots } from '../../../src/adapters/bigquery/job-slots.js';
import { redact, secretsOf } from '../../../src/adapters/bigquery/redact.js';
import { LdpError } from '../../../src/errors/index.js';
import { startFakeWithDatasets } from '../../support/bigquery-fake/fake-profile.js';
import type { BigQueryFake } from '../../support/bigquery-fake/server.js';
import { fakeTarget } from './fake-target.js';

let fake: BigQueryFake;
beforeAll(async () => {
  fake = await startFakeWithDatasets('acme.analytics@EU');
});
afterAll(() => fake.stop());

describe('checkConnection', () => {
  it('signs every request with a self-signed JWT of the key (no token exchange) and reports the location', async () => {
    const facts = await checkConnection(openBigQuery(fakeTarget(fake, { location: 'eu' })));
    expect(facts.datasetLocation).toBe('EU');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /bigquery/v2/projects/acme/jobs',
      'GET /bigquery/v2/projects/acme/datasets/analytics',
    ]);
    expect(fake.requests.every((r) => !('authorization' in r.headers))).toBe(true);
  });

  it('says the endpoint cannot be reached', async () => {
    const options = fakeTarget(fake, { apiEndpoint: 'http://127.0.0.1:9', jobRetries: 0 });
    const error = (await checkConnection(openBigQuery(options)).catch((e: unknown) => e)) as LdpError;
    expect(error).toBeInstanceOf(LdpError);
    expect(error.code).toBe('LDP884');
    expect(error.message).toMatch(/^cannot reach BigQuery at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
  });

  it('reports a keyfile that is not JSON without echoing it', () => {
    const options = fakeTarget(fake);
    const key = readFileSync(options.keyfile!, 'utf8');
    const broken = `${options.keyfile}.broken`;
    writeFileSync(broken, key.slice(0, 200));
    const error = (() => {
      try {
        openBigQuery({ ...options, keyfile: broken });
      } catch (e) {
        return e as LdpError;
      }
    })();
    expect(error?.code).toBe('LDP880');
    expect(error?.message).toBe(`BigQuery target 'prod': keyfile ${broken} is not JSON`);
  });
});

describe('redact', () => {
  it('removes private keys, bearer tokens, OAuth tokens and known secret values', () => {
    const key = {
      private_key_id: 'abcdef0123456789',
      private_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
    };
    const text = `failed: ${key.private_key} with Bearer eyJhbGciOi.eyJpc3Mi.c2ln and ya29.a0AfB_token id abcdef0123456789`;
    const clean = redact(text, secretsOf(key));
    expect(clean).toBe('failed: [redacted key]\n with Bearer [redacted] and [redacted token] id [redacted]');
  });
});

describe('JobSlots', () => {
  it('never runs more than its size at once, and runs every task', async () => {
    const slots = new JobSlots(2);
    let running = 0;
    let most = 0;
    const task = async (n: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n;
    };
    const done = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => slots.run(() => task(n))));
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
  });
});
