import { readFileSync, writeFileSync } from 'node:fs';
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

  it('rewrites a compiled file that was changed by hand, even when the node is reused', async () => {
    const root = tempProject(FILES);
    await compile(isolated(root));
    const file = join(root, 'target/compiled/shop/models/b.sql');
    writeFileSync(file, 'x');
    await compile(isolated(root));
    expect(readFileSync(file, 'utf8')).toBe('select * from "main"."a"\n');
  });
});
