import { afterEach, describe, expect, it } from 'vitest';
import { killStartedClis, runCli, startCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

afterEach(killStartedClis);

function builtProject(): string {
  const root = tempProject({
    'ldp_project.yml': 'name: shop\n',
    'models/silver/orders.sql': "{{ config(materialized='table') }}\nselect 1::BIGINT as id",
  });
  const run = runCli(['run'], root);
  expect(run.code, run.stderr).toBe(0);
  return root;
}

describe('ldp catalog serve', () => {
  it('serves the warehouse until SIGTERM, with the token from LDP_CATALOG_TOKEN', async () => {
    const root = builtProject();
    const cli = startCli(['catalog', 'serve', '--port', '0'], root, { LDP_CATALOG_TOKEN: 'tok' });
    let output = '';
    cli.child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await cli.printed('Iceberg REST catalog at');
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(`${url}/v1/ldp/namespaces`)).status).toBe(401);
    const tables = await fetch(`${url}/v1/ldp/namespaces/silver/tables`, {
      headers: { authorization: 'Bearer tok' },
    });
    expect(await tables.json()).toEqual({
      identifiers: [{ namespace: ['silver'], name: 'orders' }],
      'next-page-token': null,
    });
    cli.child.kill('SIGTERM');
    expect((await cli.done).code).toBe(0);
  });

  it('refuses --host beyond loopback without a token: exit 1, LDP800, no stack trace', () => {
    const root = builtProject();
    const result = runCli(['catalog', 'serve', '--host', '0.0.0.0', '--port', '0'], root);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain('LDP800');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
