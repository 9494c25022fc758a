import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { list, parse } from '../../../src/api/index.js';
import { LdpError } from '../../../src/errors/index.js';
import { CollectingReporter } from '../../../src/model/reporter.js';
import { isolated, tempProject } from '../../support/temp-project.js';

const FILES = {
  'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'macros/cents.sql': '{% macro cents(col) %}({{ col }} * 100){% endmacro %}',
  'models/silver/orders.sql': 'select 1 as id, 2 as amount',
  'models/silver/payments.sql': "select id, {{ cents('amount') }} as cents from {{ ref('orders') }}",
  'models/gold/totals.sql': "select count(*) as n from {{ ref('orders') }}",
  'models/gold/report.sql': "select * from {{ ref('totals') }}",
  'models/gold/described.sql': 'select 1 as id',
  'models/gold/gold.yml': [
    'version: 2',
    'models:',
    '  - name: described',
    '    description: first words',
    '    config: {persist_docs: {relation: true}}',
    '  - name: report',
    '    description: not persisted',
  ].join('\n'),
};

/** A project parsed once (its manifest.json copied aside as the state), then edited. */
async function editedProject(edits: Record<string, string>) {
  const root = tempProject(FILES);
  await parse({ ...isolated(root), writeManifest: true });
  const state = mkdtempSync(join(tmpdir(), 'ldp-state-'));
  cpSync(join(root, 'target', 'manifest.json'), join(state, 'manifest.json'));
  for (const [path, text] of Object.entries(edits)) writeFileSync(join(root, path), text);
  const select = async (selector: string) =>
    (
      await list({
        ...isolated(root),
        reporter: new CollectingReporter(),
        select: [selector],
        state,
        output: 'name',
        resourceTypes: ['model'],
      })
    ).sort();
  return { root, state, select };
}

describe('state: selection against a previous manifest.json', () => {
  it('selects new and modified nodes, and each kind of change on its own', async () => {
    const { select } = await editedProject({
      'models/silver/orders.sql': 'select 1 as id, 3 as amount',
      'macros/cents.sql': '{% macro cents(col) %}({{ col }} * 1000){% endmacro %}',
      'models/gold/totals.sql':
        "{{ config(materialized='view') }}select count(*) as n from {{ ref('orders') }}",
      'models/gold/fresh.sql': 'select 1 as id',
      'models/gold/gold.yml': FILES['models/gold/gold.yml']
        .replace('first words', 'other words')
        .replace('not persisted', 'still not persisted'),
    });
    expect(await select('state:modified')).toEqual(['described', 'fresh', 'orders', 'payments', 'totals']);
    expect(await select('state:new')).toEqual(['fresh']);
    expect(await select('state:modified.body')).toEqual(['orders', 'totals']);
    expect(await select('state:modified.configs')).toEqual(['totals']);
    expect(await select('state:modified.macros')).toEqual(['payments']);
    expect(await select('state:modified.persisted_descriptions')).toEqual(['described']);
    expect(await select('state:modified.relation')).toEqual([]);
    expect(await select('state:unmodified')).toEqual(['report']);
    expect(await select('state:modified+')).toEqual([
      'described',
      'fresh',
      'orders',
      'payments',
      'report',
      'totals',
    ]);
  });

  it('a changed alias is a modified relation', async () => {
    const { select } = await editedProject({
      'models/silver/orders.sql': "{{ config(alias='orders_v2') }}select 1 as id, 2 as amount",
    });
    expect(await select('state:modified.relation')).toEqual(['orders']);
  });

  it('without --state, or with a folder without manifest.json, the selector is a clear error', async () => {
    const { root, state, select } = await editedProject({});
    const noState = list({
      ...isolated(root),
      reporter: new CollectingReporter(),
      select: ['state:modified'],
    });
    await expect(noState).rejects.toMatchObject({ code: 'LDP161' });
    rmSync(join(state, 'manifest.json'));
    const error = await select('state:modified').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpError);
    expect((error as LdpError).code).toBe('LDP160');
    expect((error as LdpError).message).toContain(join(state, 'manifest.json'));
    await expect(select('state:changed')).rejects.toMatchObject({ code: 'LDP160' });
  });
});
