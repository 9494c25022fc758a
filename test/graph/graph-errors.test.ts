import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import { LdpError, LdpErrors } from '../../src/errors/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

async function parseErrors(files: Record<string, string>): Promise<LdpError[]> {
  try {
    await parse(isolated(tempProject({ 'ldp_project.yml': 'name: shop\n', ...files })));
  } catch (error) {
    if (error instanceof LdpErrors) return [...error.errors];
    if (error instanceof LdpError) return [error];
    throw error;
  }
  throw new Error('expected parse to fail');
}

describe('graph errors', () => {
  it('reports an unknown ref with a suggestion and its position', async () => {
    const [error] = await parseErrors({
      'models/orders.sql': 'select 1',
      'models/b.sql': "select *\nfrom {{ ref('ordrs') }}",
    });
    expect(error?.code).toBe('LDP301');
    expect(error?.span).toEqual({ file: 'models/b.sql', line: 2, col: 9 });
    expect(error?.hint).toBe("Did you mean 'orders'?");
  });

  it('reports an unknown source with a suggestion', async () => {
    const [error] = await parseErrors({
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables: [{name: trips}]\n',
      'models/b.sql': "select * from {{ source('raw', 'trip') }}",
    });
    expect(error?.code).toBe('LDP303');
    expect(error?.hint).toBe("Did you mean 'raw.trips'?");
  });

  it('reports duplicate names with both paths', async () => {
    const [error] = await parseErrors({
      'models/a/orders.sql': 'select 1',
      'models/b/orders.sql': 'select 2',
    });
    expect(error?.code).toBe('LDP304');
    expect(error?.message).toContain('models/a/orders.sql and models/b/orders.sql');
    expect(error?.related?.[0]?.span.file).toBe('models/a/orders.sql');
  });

  it('prints a cycle as the full path', async () => {
    const errors = await parseErrors({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
    });
    // In the direction data flows: a feeds b, b feeds c, c feeds a.
    expect(errors.map((e) => e.message)).toEqual(['dependency cycle: a → b → c → a']);
  });

  it('enforces the medallion direction and names both models', async () => {
    const [error] = await parseErrors({
      'models/gold/revenue.sql': 'select 1',
      'models/silver/orders.sql': "select * from {{ ref('revenue') }}",
    });
    expect(error?.code).toBe('LDP306');
    expect(error?.message).toContain(
      "model 'orders' in layer 'silver' refers to model 'revenue' in the higher layer 'gold'",
    );
  });

  it('lets the project turn the layer rule off', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmedallion:\n  enforce_layer_order: false\n',
      'models/gold/revenue.sql': 'select 1',
      'models/silver/orders.sql': "select * from {{ ref('revenue') }}",
    });
    const { manifest } = await parse(isolated(root));
    expect(manifest.parentMap.get('model.shop.orders')).toEqual(['model.shop.revenue']);
  });

  it('reports every error at once, across files', async () => {
    const errors = await parseErrors({
      'models/a.sql': "select * from {{ ref('missing_one') }}",
      'models/b.sql': "select * from {{ ref('missing_two') }}",
      'models/c.sql': '{{ config(materialized="tabel") }}select 1',
      'models/d.sql': 'select {{ broken( }}',
    });
    expect(errors.map((e) => e.code).sort()).toEqual(['LDP201', 'LDP301', 'LDP301', 'LDP104'].sort());
  });

  it('names a ref to a disabled model as such', async () => {
    const [error] = await parseErrors({
      'models/old.sql': '{{ config(enabled=false) }}select 1',
      'models/b.sql': "select * from {{ ref('old') }}",
    });
    expect(error?.code).toBe('LDP302');
  });
});
