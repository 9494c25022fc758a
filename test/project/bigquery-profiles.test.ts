import { inspect } from 'node:util';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { projectValueRenderer } from '../../src/api/session/render-project-value.js';
import { LdpError, LdpErrors } from '../../src/errors/index.js';
import { loadProject } from '../../src/project/index.js';
import { tempProject } from '../support/temp-project.js';

const PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-not-a-real-key\\n-----END PRIVATE KEY-----\\n';

function profile(output: string[]): Record<string, string> {
  return {
    'ldp_project.yml': 'name: shop\nprofile: shop\n',
    'profiles.yml': [
      'shop:',
      '  target: prod',
      '  outputs:',
      '    prod:',
      '      type: bigquery',
      ...output.map((line) => `      ${line}`),
    ].join('\n'),
  };
}

async function load(files: Record<string, string>, env: Record<string, string> = {}) {
  const root = tempProject(files);
  return loadProject({ projectDir: root, env, homeDir: root, renderString: projectValueRenderer(env) });
}

async function failure(files: Record<string, string>): Promise<LdpError[]> {
  try {
    await load(files);
  } catch (error) {
    if (error instanceof LdpErrors) return [...error.errors];
    if (error instanceof LdpError) return [error];
    throw error;
  }
  throw new Error('expected the profile to be refused');
}

describe('type: bigquery outputs', () => {
  it("reads dbt-bigquery's keys into a typed target, with dbt's defaults", async () => {
    const project = await load(
      profile([
        'method: service-account',
        'project: my-gcp',
        'dataset: analytics',
        'keyfile: /keys/ldp.json',
        'location: EU',
        'priority: batch',
        'job_execution_timeout_seconds: 600',
        'maximum_bytes_billed: 1000000000',
        'impersonate_service_account: ldp@my-gcp.iam.gserviceaccount.com',
        'api_endpoint: http://127.0.0.1:9050/',
        'threads: 8',
      ]),
    );
    expect(project.target).toMatchObject({
      type: 'bigquery',
      database: 'my-gcp',
      schema: 'analytics',
      threads: 8,
    });
    expect(project.target.bigquery).toEqual({
      project: 'my-gcp',
      dataset: 'analytics',
      location: 'EU',
      priority: 'batch',
      jobTimeoutSeconds: 600,
      jobRetries: 1,
      maximumBytesBilled: 1000000000,
      impersonateServiceAccount: 'ldp@my-gcp.iam.gserviceaccount.com',
      executionProject: 'my-gcp',
      apiEndpoint: 'http://127.0.0.1:9050',
      auth: { method: 'service-account', keyfile: '/keys/ldp.json' },
    });
  });

  it("accepts dbt's aliases database/schema, the older timeout_seconds, and oauth by default", async () => {
    const project = await load(
      profile([
        'database: p1',
        'schema: s1',
        'timeout_seconds: 30',
        'job_retries: 0',
        'execution_project: billing',
      ]),
    );
    expect(project.target.bigquery).toMatchObject({
      project: 'p1',
      dataset: 's1',
      jobTimeoutSeconds: 30,
      jobRetries: 0,
      executionProject: 'billing',
      auth: { method: 'oauth' },
    });
  });

  it('says which required key is missing, at the output', async () => {
    const errors = await failure(profile(['method: oauth']));
    expect(errors.map((e) => [e.code, e.span?.line])).toEqual([
      ['LDP480', 5],
      ['LDP480', 5],
    ]);
    expect(errors[0]!.message).toContain("'project' is required");
    expect(errors[1]!.message).toContain("'dataset' is required");
  });

  it('names the key a method needs', async () => {
    const [error] = await failure(profile(['method: service-account', 'project: p', 'dataset: d']));
    expect(error).toMatchObject({ code: 'LDP481', span: { line: 6 } });
    expect(error!.message).toContain("method service-account needs 'keyfile'");
  });

  it('refuses wrong values with what was expected', async () => {
    const errors = await failure(
      profile(['project: p', 'dataset: d', 'priority: urgent', 'job_retries: -1', 'method: oath']),
    );
    expect(errors.map((e) => [e.code, e.span?.line])).toEqual([
      ['LDP104', 8],
      ['LDP104', 9],
      ['LDP104', 10],
    ]);
    expect(errors[2]!.hint).toContain("Did you mean 'oauth'?");
  });

  it('warns about an unknown key with "did you mean", and accepts the Dataproc keys', async () => {
    const project = await load(profile(['project: p', 'dataset: d', 'locaton: EU', 'gcs_bucket: b']));
    expect(project.warnings.map((w) => [w.code, w.span?.line, w.hint])).toEqual([
      ['LDP102', 8, "Did you mean 'location'?"],
    ]);
  });
});

describe('BigQuery credentials', () => {
  const keyJson = JSON.stringify({
    type: 'service_account',
    client_email: 'ldp@p.iam.gserviceaccount.com',
    private_key: PRIVATE_KEY,
  });

  it('reads keyfile_json from a secret environment variable and keeps it out of everything printable', async () => {
    const project = await load(
      profile([
        'method: service-account-json',
        'project: p',
        'dataset: d',
        `keyfile_json: "{{ env_var('DBT_ENV_SECRET_BQ_KEY') }}"`,
      ]),
      { DBT_ENV_SECRET_BQ_KEY: keyJson },
    );
    const auth = project.target.bigquery!.auth;
    if (auth.method !== 'service-account-json') throw new Error(`unexpected method ${auth.method}`);
    expect(auth.keyfileJson.reveal()['client_email']).toBe('ldp@p.iam.gserviceaccount.com');
    expect(project.target.raw).not.toHaveProperty('keyfile_json');
    for (const text of [
      JSON.stringify(project.target),
      inspect(project.target, { depth: 10 }),
      String(auth.keyfileJson),
      serialize(project.target).toString('latin1'),
      JSON.stringify(structuredClone(project.target)),
    ]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain('ldp@p.iam');
    }
  });

  it('reads keyfile_json written as a mapping', async () => {
    const project = await load(
      profile([
        'method: service-account-json',
        'project: p',
        'dataset: d',
        'keyfile_json:',
        '  type: service_account',
        '  client_email: ldp@p.iam.gserviceaccount.com',
        `  private_key: "${PRIVATE_KEY}"`,
      ]),
    );
    expect(project.target.bigquery!.auth.method).toBe('service-account-json');
    expect(JSON.stringify(project.target)).not.toContain('PRIVATE KEY');
  });

  it('refuses a keyfile_json that is not a key without repeating what it holds, and without a code frame', async () => {
    const [error] = await failure(
      profile([
        'method: service-account-json',
        'project: p',
        'dataset: d',
        'keyfile_json:',
        '  type: service_account',
        `  private_key: "${PRIVATE_KEY}"`,
      ]),
    );
    expect(error).toMatchObject({ code: 'LDP482', span: { line: 9 } });
    expect(error!.message).toContain('lacks client_email');
    expect(error!.source).toBeUndefined();
    expect(`${error!.message} ${error!.hint}`).not.toContain('PRIVATE KEY');
  });

  it('keeps tokens of oauth-secrets out of target.raw and out of JSON', async () => {
    const project = await load(
      profile([
        'method: oauth-secrets',
        'project: p',
        'dataset: d',
        'refresh_token: rt-secret-1',
        'client_id: cid',
        'client_secret: cs-secret-2',
        'token_uri: https://oauth2.googleapis.com/token',
      ]),
    );
    expect(Object.keys(project.target.raw)).not.toContain('refresh_token');
    expect(Object.keys(project.target.raw)).not.toContain('client_secret');
    const text = JSON.stringify(project.target);
    expect(text).not.toContain('rt-secret-1');
    expect(text).not.toContain('cs-secret-2');
    const auth = project.target.bigquery!.auth;
    expect(auth.method === 'oauth-secrets' && auth.refreshToken?.reveal()).toBe('rt-secret-1');
  });
});
