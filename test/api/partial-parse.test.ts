import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, parse } from '../../src/api/index.js';
import type { ModelNode } from '../../src/model/node.js';
import { isolated, tempProject } from '../support/temp-project.js';

const FILES = {
  'ldp_project.yml': 'name: shop\nvars:\n  limit: 5\n',
  'models/a.sql': "select {{ var('limit') }} as n, '{{ env_var('REGION', 'eu') }}' as region",
  'models/b.sql': "select * from {{ ref('a') }}",
  'models/stamped.sql': "select '{{ invocation_id }}' as invocation",
};

describe('partial parsing and compile reuse', () => {
  it('reuses the parse when nothing changed, and parses again when a file changes', async () => {
    const root = tempProject(FILES);
    expect((await parse(isolated(root))).fromCache).toBe(false);
    expect((await parse(isolated(root))).fromCache).toBe(true);
    writeFileSync(join(root, 'models/b.sql'), 'select 2 as n');
    const changed = await parse(isolated(root));
    expect(changed.fromCache).toBe(false);
    expect((changed.manifest.nodes.get('model.shop.b') as ModelNode).refs).toEqual([]);
    expect((await parse(isolated(root, { partialParse: false }))).fromCache).toBe(false);
  });

  it('reads the cached manifest only when asked, and parses again if the file changed meanwhile', async () => {
    const root = tempProject(FILES);
    const first = await parse(isolated(root));
    const cached = await parse(isolated(root));
    expect(cached.fromCache).toBe(true);
    // Truncated after the header was read: the manifest comes from a new parse, not the file.
    const cache = join(root, 'target/partial_parse.ldp');
    writeFileSync(cache, readFileSync(cache).subarray(0, 200));
    expect([...cached.manifest.nodes.keys()]).toEqual([...first.manifest.nodes.keys()]);
    expect(cached.manifest.parentMap.get('model.shop.b')).toEqual(['model.shop.a']);
  });

  it('parses again when --vars or a read environment variable changes', async () => {
    const root = tempProject(FILES);
    await parse(isolated(root));
    expect((await parse(isolated(root, { vars: '{limit: 6}' }))).fromCache).toBe(false);
    await parse(isolated(root));
    expect((await parse(isolated(root))).fromCache).toBe(true);
    const compiled = await compile(isolated(root, { env: { REGION: 'us' } }));
    expect(compiled.compiled.nodes.get('model.shop.a')?.sql).toBe("select 5 as n, 'us' as region");
    // Reused once (nothing changed), the node must still notice the variable changing later.
    const reused = await compile(isolated(root, { env: { REGION: 'us' } }));
    expect(reused.compiled.nodes.get('model.shop.a')?.sql).toBe("select 5 as n, 'us' as region");
    const again = await compile(isolated(root, { env: { REGION: 'ap' } }));
    expect(again.compiled.nodes.get('model.shop.a')?.sql).toBe("select 5 as n, 'ap' as region");
  });

  it('reuses compiled SQL of unchanged nodes but always renders per-run values', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root, { invocationId: 'first' }));
    const second = await compile(isolated(root, { invocationId: 'second' }));
    expect(second.parsed.fromCache).toBe(true);
    expect(second.compiled.nodes.get('model.shop.stamped')?.sql).toBe("select 'second' as invocation");
    expect(readFileSync(join(root, 'target/compiled/shop/models/stamped.sql'), 'utf8')).toBe(
      "select 'second' as invocation\n",
    );
    expect(second.compiled.nodes.get('model.shop.b')?.sql).toBe('select * from "main"."a"');
  });

  it('takes an unchanged full compile from the cache, and a partial one does not count as full', async () => {
    const root = tempProject({ ...FILES, 'models/stamped.sql': 'select 1 as n' });
    const partial = await compile(isolated(root, { select: ['a'] }));
    expect([...partial.compiled.nodes.keys()]).toEqual(['model.shop.a']);
    const full = await compile(isolated(root));
    expect([...full.compiled.nodes.keys()]).toEqual(['model.shop.a', 'model.shop.b', 'model.shop.stamped']);
    const cache = join(root, 'target/compile_cache.ldp');
    const written = statSync(cache).mtimeMs;
    const again = await compile(isolated(root));
    expect([...again.compiled.nodes.entries()]).toEqual([...full.compiled.nodes.entries()]);
    // Nothing rendered: the cache was not written again.
    expect(statSync(cache).mtimeMs).toBe(written);
    expect(again.compiled.manifest.nodes.size).toBe(3);
    const selected = await compile(isolated(root, { select: ['b'] }));
    expect([...selected.compiled.nodes.keys()]).toEqual(['model.shop.b']);
  });

  it('rewrites a compiled file that was changed by hand, even when the node is reused', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root));
    const file = join(root, 'target/compiled/shop/models/b.sql');
    writeFileSync(file, 'x');
    await compile(isolated(root));
    expect(readFileSync(file, 'utf8')).toBe('select * from "main"."a"\n');
  });
});
