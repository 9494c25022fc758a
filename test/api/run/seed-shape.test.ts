import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, hasTable, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

describe('seed CSV shape', () => {
  it.each([
    ['a row with fewer fields', 'id,label\n1,x\n2\n3,z\n', 3, 'expected 2 fields, found 1'],
    ['a row with more fields', 'id,label\n1,x\n2,y,extra\n', 3, 'expected 2 fields, found 3'],
    ['a quoted value that runs on', 'id,label\n1,"x\n2,y\n', 2, 'quote that is never closed'],
  ])('fails in the seed at the line of %s, and writes nothing', async (_, csv, line, problem) => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'seeds/codes.csv': csv,
      'models/silver/uses_codes.sql': "select * from {{ ref('codes') }}",
    });
    const result = await execute('build', root);
    expect(statuses(result)).toEqual({ codes: 'error', uses_codes: 'skipped' });
    const error = result.results.find((r) => r.status === 'error')!.error!;
    expect(error.code).toBe('LDP416');
    expect(error.message).toContain(`seeds/codes.csv:${line}: `);
    expect(error.message).toContain(problem);
    expect(error.span).toEqual({ file: 'seeds/codes.csv', line, col: 1 });
    expect(hasTable(root, 'main.codes')).toBe(false);
    expect(existsSync(join(root, 'warehouse', 'main', 'codes'))).toBe(false);
  });

  it('keeps type inference (whole numbers as dbt types them: INTEGER when they fit), quoted delimiters and a configured delimiter', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nseeds:\n  shop:\n    semi:\n      +delimiter: ";"\n',
      'seeds/codes.csv': 'id,label\n1,"a, b"\n2,"say ""hi"""\n',
      'seeds/semi.csv': 'id;label;big\n7;x,y;3000000000\n',
    });
    const result = await execute('seed', root);
    expect(statuses(result)).toEqual({ codes: 'success', semi: 'success' });
    expect(await tableRows(root, 'main.codes', { orderBy: 'id' })).toEqual([
      { id: 1, label: 'a, b' },
      { id: 2, label: 'say "hi"' },
    ]);
    expect(
      await tableRows(root, 'main.semi', { columns: 'typeof(id) AS t, label, typeof(big) AS big_type' }),
    ).toEqual([{ t: 'INTEGER', label: 'x,y', big_type: 'BIGINT' }]);
  });

  it('types booleans, dates and times as dbt loads them: yes/no, US dates and times of day stay text', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'seeds/flags.csv':
        'id,maintenance,active,us_date,iso_date,happened,clock\n' +
        '1,Yes,true,01/31/2024,2024-01-31,2024-01-31 10:00:00,12:30:00\n' +
        '2,No,FALSE,02/01/2024,2024-02-01,2024-02-01 11:00:00,13:00:00\n',
      'models/silver/trimmed.sql': "select trim(maintenance) as maintenance from {{ ref('flags') }}",
    });
    const result = await execute('build', root);
    expect(statuses(result)).toEqual({ flags: 'success', trimmed: 'success' });
    const types =
      'typeof(maintenance) AS m, typeof(active) AS a, typeof(us_date) AS u, typeof(iso_date) AS d, typeof(happened) AS t, typeof(clock) AS c';
    expect(await tableRows(root, 'main.flags', { columns: types, orderBy: 'id' })).toEqual([
      { m: 'VARCHAR', a: 'BOOLEAN', u: 'VARCHAR', d: 'DATE', t: 'TIMESTAMP', c: 'VARCHAR' },
      { m: 'VARCHAR', a: 'BOOLEAN', u: 'VARCHAR', d: 'DATE', t: 'TIMESTAMP', c: 'VARCHAR' },
    ]);
    expect(await tableRows(root, 'main.flags', { columns: 'maintenance, us_date', orderBy: 'id' })).toEqual([
      { maintenance: 'Yes', us_date: '01/31/2024' },
      { maintenance: 'No', us_date: '02/01/2024' },
    ]);
  });
});
