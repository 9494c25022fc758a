import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/api/index.js';
import { LdpErrors } from '../../../src/errors/index.js';
import { runCli } from '../../support/run-cli.js';
import { isolated, tempProject } from '../../support/temp-project.js';
import { snapshotAt, writeCsv } from './support.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: orders
        location: data/orders.csv
        options: {header: true}
`;

function project(files: Record<string, string>): string {
  return tempProject({ 'ldp_project.yml': 'name: shop\n', 'models/sources.yml': SOURCES, ...files });
}

const block = (name: string, config: string) =>
  `{% snapshot ${name} %}\n{{ config(${config}) }}\nselect * from {{ source('raw', 'orders') }}\n{% endsnapshot %}\n`;

describe('ldp snapshot: errors', () => {
  it('reports every malformed snapshot config at parse time, with file:line and a hint, exit code 1', () => {
    const root = project({
      'snapshots/a.sql': block('no_key', "strategy='timestamp', updated_at='updated_at'"),
      'snapshots/b.sql': `\n\n${block('no_updated_at', "unique_key='id', strategy='timestamp'")}`,
      'snapshots/c.sql': block('no_check_cols', "unique_key='id', strategy='check'"),
      'snapshots/d.sql': block('no_strategy', "unique_key='id'"),
    });
    writeCsv(root, 'id,updated_at', ['1,2024-01-01']);
    const result = runCli(['snapshot'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error[LDP141]: snapshot 'no_key' has no unique_key");
    expect(result.stderr).toContain('--> snapshots/a.sql:1:1');
    expect(result.stderr).toContain("hint: Add unique_key='<column>'");
    expect(result.stderr).toContain(
      "error[LDP142]: snapshot 'no_updated_at' uses strategy 'timestamp' without updated_at",
    );
    expect(result.stderr).toContain('--> snapshots/b.sql:3:1');
    expect(result.stderr).toContain(
      "error[LDP143]: snapshot 'no_check_cols' uses strategy 'check' without check_cols",
    );
    expect(result.stderr).toContain("error[LDP140]: snapshot 'no_strategy' has no strategy");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses both hard-delete spellings and unknown meta column keys', async () => {
    const root = project({
      'snapshots/a.sql': block(
        'orders_snapshot',
        "unique_key='id', strategy='check', check_cols='all', invalidate_hard_deletes=true, hard_deletes='new_record', snapshot_meta_column_names={'dbt_valid_form': 'valid_from'}",
      ),
    });
    const error = await parse(isolated(root)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LdpErrors);
    const found = (error as LdpErrors).errors.map((e) => [e.code, e.hint]);
    expect(found).toContainEqual(['LDP144', expect.stringContaining("hard_deletes: 'invalidate'")]);
    expect(found).toContainEqual(['LDP145', "Did you mean 'dbt_valid_from'?"]);
  });

  it('points a wrong ref of a YAML-defined snapshot at its relation line', async () => {
    const root = project({
      'models/orders.sql': 'select 1 as id',
      'snapshots/snapshots.yml': `version: 2
snapshots:
  - name: orders_history
    relation: ref('ordrs')
    config: {unique_key: id, strategy: check, check_cols: all}
`,
    });
    const error = await parse(isolated(root)).catch((e: unknown) => e);
    const first = error instanceof LdpErrors ? error.errors[0] : error;
    expect(first).toMatchObject({
      code: 'LDP301',
      span: { file: 'snapshots/snapshots.yml', line: 4 },
      hint: "Did you mean 'orders'?",
    });
  });

  it('fails the snapshot, not the command, when the key is not a column or repeats in the query', async () => {
    const root = project({
      'snapshots/a.sql': block('typo_key', "unique_key='idd', strategy='check', check_cols='all'"),
      'snapshots/b.sql': block('repeated_key', "unique_key='id', strategy='check', check_cols='all'"),
    });
    writeCsv(root, 'id,status', ['1,a', '1,b', '2,c']);
    const result = await snapshotAt(root, '2024-01-01T00:00:00Z');
    expect(result.failed).toBe(true);
    const byName = Object.fromEntries(result.results.map((r) => [r.uniqueId, r]));
    expect(byName['snapshot.shop.typo_key']?.error).toMatchObject({
      code: 'LDP440',
      message: "snapshot 'typo_key': unique_key 'idd' is not a column of its query",
      hint: "Did you mean 'id'?",
      span: { file: 'snapshots/a.sql', line: 1 },
    });
    expect(byName['snapshot.shop.repeated_key']?.error).toMatchObject({
      code: 'LDP442',
      message: "snapshot 'repeated_key': unique_key (id) = (1) occurs in 2 rows of its query",
    });
  });

  it('refuses to continue a history whose meta columns were renamed since', async () => {
    const root = project({
      'snapshots/a.sql': block('orders_snapshot', "unique_key='id', strategy='check', check_cols='all'"),
    });
    writeCsv(root, 'id,status', ['1,a']);
    expect((await snapshotAt(root, '2024-01-01T00:00:00Z')).failed).toBe(false);
    // The same snapshot, now with another name for dbt_valid_to.
    writeFileSync(
      `${root}/snapshots/a.sql`,
      block(
        'orders_snapshot',
        "unique_key='id', strategy='check', check_cols='all', snapshot_meta_column_names={'dbt_valid_to': 'valid_until'}",
      ),
    );
    const second = await snapshotAt(root, '2024-01-02T00:00:00Z');
    expect(second.results[0]?.error).toMatchObject({
      code: 'LDP443',
      message: "snapshot 'orders_snapshot': its table has no column 'valid_until' to keep its history in",
    });
  });
});
