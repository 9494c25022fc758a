import { describe, expect, it } from 'vitest';
import { execute, hasTable } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

describe('a column type an Iceberg table cannot store', () => {
  it('fails the node naming the model and its file', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/waits.sql': "select 1 as id, interval '2 days' as waited",
    });
    const [failed] = (await execute('run', root)).results;
    expect(failed?.status).toBe('error');
    expect(failed?.error?.code).toBe('LDP506');
    expect(failed?.message).toBe(
      "model 'waits': column 'waited' has type INTERVAL, which an Iceberg table cannot store",
    );
    expect(failed?.error?.span).toEqual({ file: 'models/silver/waits.sql', line: 1, col: 1 });
    expect(hasTable(root, 'silver.waits')).toBe(false);
  });
});
