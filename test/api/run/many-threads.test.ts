import { afterEach, describe, expect, it } from 'vitest';
import { execute, statuses } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const warnings: Error[] = [];
const collect = (warning: Error) => warnings.push(warning);

afterEach(() => {
  process.off('warning', collect);
});

describe('a run with many threads', () => {
  it('runs 30 models on 24 threads without a Node warning (MaxListenersExceededWarning)', async () => {
    const models = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [
        `models/silver/m${i}.sql`,
        `select ${i} as id from {{ ref('base') }}`,
      ]),
    );
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/bronze/base.sql': "{{ config(materialized='table') }}select 1 as id",
      ...models,
    });
    process.on('warning', collect);
    const result = await execute('run', root, { threads: 24 });
    expect(Object.values(statuses(result)).filter((status) => status === 'success')).toHaveLength(31);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });
});
