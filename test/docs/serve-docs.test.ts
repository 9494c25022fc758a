import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocsServer, serveDocs } from '../../src/docs/index.js';
import { tempProject } from '../support/temp-project.js';

let root: string;
let server: DocsServer;

/** A raw request: `fetch` would normalize `..` segments before they reach the server. */
function get(
  path: string,
  method = 'GET',
  host?: string,
): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = host === undefined ? {} : { Host: host };
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = tempProject({
    'secret.txt': 'outside the site',
    'target/docs/index.html': '<!doctype html><title>docs</title>',
    'target/docs/assets/ldp-docs.js': 'start();',
    'target/docs/assets/ldp-docs.css': 'body{}',
    'target/docs/assets/notes.txt': 'licenses',
    'target/docs/assets/data.bin': 'bytes',
    'target/docs/nested/index.html': 'nested page',
  });
  const site = join(root, 'target', 'docs');
  symlinkSync(join(root, 'secret.txt'), join(site, 'leak.txt'));
  symlinkSync(root, join(site, 'project'));
  symlinkSync(join(site, 'assets', 'ldp-docs.css'), join(site, 'style-link.css'));
  server = await serveDocs({ dir: site, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close();
});

describe('serveDocs', () => {
  it('returns the bound port and serves the site with the right MIME types', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const cases: [string, string, string][] = [
      ['/', 'text/html; charset=utf-8', '<!doctype html><title>docs</title>'],
      ['/index.html?x=1#top', 'text/html; charset=utf-8', '<!doctype html><title>docs</title>'],
      ['/assets/ldp-docs.js', 'text/javascript; charset=utf-8', 'start();'],
      ['/assets/ldp-docs.css', 'text/css; charset=utf-8', 'body{}'],
      ['/assets/notes.txt', 'text/plain; charset=utf-8', 'licenses'],
      ['/assets/data.bin', 'application/octet-stream', 'bytes'],
      ['/nested/', 'text/html; charset=utf-8', 'nested page'],
      ['/style-link.css', 'text/css; charset=utf-8', 'body{}'],
    ];
    for (const [path, type, body] of cases) {
      expect(await get(path), path).toEqual({ status: 200, type, body });
    }
  });

  it('answers 404 for files that do not exist', async () => {
    expect((await get('/missing.html')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(404);
  });

  it('refuses paths that leave the site folder, however they are written', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(403);
      expect(response.body).not.toContain('outside the site');
    }
    expect((await get('/..\\secret.txt')).status).toBe(400);
    expect((await get('/index.html%00.txt')).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });

  it('refuses symlinks that point outside the site', async () => {
    expect((await get('/leak.txt')).status).toBe(403);
    expect((await get('/project/secret.txt')).status).toBe(403);
  });

  it('only reads: HEAD has no body, other methods get 405', async () => {
    expect(await get('/index.html', 'HEAD')).toEqual({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '',
    });
    expect((await get('/index.html', 'POST')).status).toBe(405);
    expect((await get('/index.html', 'DELETE')).status).toBe(405);
  });

  it('answers only requests addressed to a loopback name with its port (no DNS rebinding)', async () => {
    const port = server.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`]) {
      expect((await get('/', 'GET', host)).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `192.168.1.10:${port}`,
      `localhost:${port + 1}`,
      'localhost',
    ]) {
      const answer = await get('/index.html', 'GET', host);
      expect(answer.status, host).toBe(421);
      expect(answer.body).toContain('421 Misdirected request');
      expect(answer.body).not.toContain('docs');
    }
  });

  it('reports a folder without a generated site as LDP760', async () => {
    const empty = tempProject({});
    mkdirSync(join(empty, 'target'));
    await expect(serveDocs({ dir: join(empty, 'target', 'docs'), port: 0 })).rejects.toMatchObject({
      code: 'LDP760',
      hint: expect.stringContaining('ldp docs generate'),
    });
  });

  it('reports a port in use as LDP761', async () => {
    const site = join(root, 'target', 'docs');
    await expect(serveDocs({ dir: site, port: server.port, host: '127.0.0.1' })).rejects.toMatchObject({
      code: 'LDP761',
      message: expect.stringContaining('in use'),
    });
    writeFileSync(join(site, 'after.txt'), 'still serving');
    expect((await get('/after.txt')).body).toBe('still serving');
  });
});
