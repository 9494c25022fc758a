import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputField, RunEvent } from '../../../src/lineage/index.js';
import { execute } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';
import { SHOP_FILES } from './fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function readEvents(path: string): RunEvent[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as RunEvent);
}

describe('--openlineage <file>', () => {
  it('appends START and COMPLETE/FAIL events per node with schemas and column lineage', async () => {
    const root = tempProject({
      ...SHOP_FILES,
      'models/gold/broken.sql': "select no_such_column from {{ ref('bronze_orders') }}\n",
      'models/gold/after_broken.sql': "select * from {{ ref('broken') }}\n",
    });
    const path = join(root, 'lineage', 'events.jsonl');
    const result = await execute('build', root, { openLineagePath: path });
    const events = readEvents(path);

    const byRun = new Map<string, RunEvent[]>();
    for (const event of events) byRun.set(event.run.runId, [...(byRun.get(event.run.runId) ?? []), event]);
    const ran = result.results.filter((r) => r.status !== 'skipped').map((r) => r.uniqueId);
    expect([...byRun.values()].map((pair) => pair[0]!.job.name).sort()).toEqual([...ran].sort());
    expect(ran).not.toContain('model.shop.after_broken');
    for (const [runId, pair] of byRun) {
      expect(runId).toMatch(UUID);
      expect(pair.map((e) => e.eventType)).toEqual(['START', pair[1]!.eventType]);
      expect(['COMPLETE', 'FAIL']).toContain(pair[1]!.eventType);
      expect(pair[0]!.eventTime <= pair[1]!.eventTime).toBe(true);
      expect(pair.every((e) => e.job.namespace === 'shop')).toBe(true);
    }
    const times = events.map((e) => e.eventTime);
    expect(times).toEqual([...times].sort());

    const complete = (name: string) =>
      events.find((e) => e.job.name === name && e.eventType !== 'START') as RunEvent;
    const silver = complete('model.shop.silver_orders');
    expect(silver.eventType).toBe('COMPLETE');
    // The ephemeral model is read through: its inputs are what it reads.
    expect(silver.inputs.map((d) => d.name)).toEqual(['bronze.bronze_orders', 'bronze.customers']);
    // A seed's whole numbers that fit 32 bits are INTEGER, as dbt's seed loader types them.
    expect(silver.inputs[1]!.facets.schema?.fields).toEqual([
      { name: 'customer_id', type: 'INTEGER' },
      { name: 'name', type: 'VARCHAR' },
    ]);
    const output = silver.outputs[0]!;
    expect(output.name).toBe('silver.silver_orders');
    expect(output.namespace).toMatch(/^file:\/\/.*\/warehouse$/);
    expect(output.facets.schema?.fields.map((f) => `${f.name} ${f.type}`)).toEqual([
      'order_id BIGINT',
      'customer_id BIGINT',
      'customer_name VARCHAR',
      'amount DOUBLE',
    ]);
    const lineage = output.facets.columnLineage!;
    const described = (fields: readonly InputField[]) =>
      fields.map((f) => `${f.name}.${f.field} ${f.transformations[0]?.subtype}`);
    expect(lineage.fields['customer_name']?.inputFields[1]).toEqual({
      namespace: output.namespace,
      name: 'bronze.customers',
      field: 'name',
      transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
    });
    // The join key read from bronze_orders is also a copy into customer_id, so it is not shared.
    expect(described(lineage.fields['customer_name']!.inputFields)).toEqual([
      'bronze.bronze_orders.customer_id JOIN',
      'bronze.customers.name IDENTITY',
    ]);
    expect(described(lineage.dataset ?? [])).toEqual([
      'bronze.bronze_orders.status FILTER',
      'bronze.customers.customer_id JOIN',
    ]);
    expect(silver.job.facets.sql?.query).toContain('__ldp__cte__paid_orders');

    const broken = complete('model.shop.broken');
    expect(broken.eventType).toBe('FAIL');
    expect(broken.run.facets.errorMessage?.message).toContain('no_such_column');
    const test = events.filter((e) => e.job.name.startsWith('test.shop.unique_silver_orders'));
    expect(test.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(test[1]!.outputs).toEqual([]);
    expect(test[1]!.inputs.map((d) => d.name)).toEqual(['silver.silver_orders']);

    await execute('run', root, { openLineagePath: path, select: ['bronze_orders'] });
    const appended = readEvents(path);
    expect(appended.slice(0, events.length)).toEqual(events);
    expect(appended.slice(events.length).map((e) => `${e.eventType} ${e.job.name}`)).toEqual([
      'START model.shop.bronze_orders',
      'COMPLETE model.shop.bronze_orders',
    ]);
  });
});
