import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOperation } from '../../../src/api/index.js';
import { LdpError } from '../../../src/errors/index.js';
import { CollectingReporter } from '../../../src/model/reporter.js';
import { execute } from '../../support/lakehouse.js';
import { runCli } from '../../support/run-cli.js';
import { isolated, tempProject } from '../../support/temp-project.js';

const MACROS = `
{% macro export_table(table, to) %}
  {% set rows = run_query('select count(*) from ' ~ ref(table)) %}
  {% do log('exporting ' ~ rows.rows[0][0] ~ ' rows of ' ~ table, info=True) %}
  {% call statement('export') %}
    copy (select * from {{ ref(table) }} order by id) to '{{ to }}' (header)
  {% endcall %}
  {{ return(load_result('export').response.rows_affected) }}
{% endmacro %}

{% macro fails() %}
  {% do run_query('select * from no_such_table') %}
{% endmacro %}

{% macro make_table() %}
  {% do run_query('create temporary table scratch as select 1 as n') %}
  {% do run_query('create table main.made as select n from scratch') %}
{% endmacro %}

{% macro drop_orders() %}
  {% do adapter.drop_relation(ref('orders')) %}
{% endmacro %}
`;

function project(): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\n',
    'macros/ops.sql': MACROS,
    'models/orders.sql':
      "{{ config(materialized='table') }} select * from (values (1, 'a'), (2, 'b')) t(id, code)",
  });
}

describe('run-operation', () => {
  it('calls a macro with --args against the lakehouse: its statements run, logs print once', async () => {
    const root = project();
    await execute('run', root);
    const reporter = new CollectingReporter();
    const out = join(root, 'orders.csv');
    const result = await runOperation({
      ...isolated(root),
      reporter,
      macro: 'export_table',
      args: `{table: orders, to: '${out}'}`,
    });
    expect(result.returned).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('id,code\n1,a\n2,b\n');
    const infos = reporter.events
      .filter((e) => e.kind === 'info')
      .map((e) => (e as { message: string }).message);
    expect(infos.filter((m) => m.startsWith('exporting'))).toEqual(['exporting 2 rows of orders']);
  });

  it('refuses a table made with create table (it would not be kept); adapter.drop_relation drops a lakehouse table', async () => {
    const root = project();
    await execute('run', root);
    const refused = await runOperation({ ...isolated(root), macro: 'make_table' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LdpError);
    expect(refused).toMatchObject({ code: 'LDP240', message: expect.stringContaining('main.made') });
    await runOperation({ ...isolated(root), macro: 'drop_orders' });
    const afterDrop = await runOperation({
      ...isolated(root),
      macro: 'export_table',
      args: '{table: orders, to: x.csv}',
    }).catch((e: unknown) => e);
    expect(afterDrop).toMatchObject({ message: expect.stringMatching(/orders/) });
    expect(String((afterDrop as Error).message)).toMatch(/does not exist|not found/i);
  });

  it('reports an unknown macro (LDP234, with the closest name) and bad --args (LDP235)', async () => {
    const root = project();
    const unknown = await runOperation({ ...isolated(root), macro: 'export_tabel' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(LdpError);
    expect((unknown as LdpError).code).toBe('LDP234');
    expect((unknown as LdpError).hint).toContain('export_table');
    const badArgs = await runOperation({ ...isolated(root), macro: 'export_table', args: '{table: [' }).catch(
      (e: unknown) => e,
    );
    expect((badArgs as LdpError).code).toBe('LDP235');
    const notMapping = await runOperation({ ...isolated(root), macro: 'export_table', args: '[1, 2]' }).catch(
      (e: unknown) => e,
    );
    expect((notMapping as LdpError).code).toBe('LDP235');
  });

  it('on the command line: a failing statement is exit 1 with the macro line, no stack trace', () => {
    const root = project();
    const result = runCli(['run-operation', 'fails', '--project-dir', root], root);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain('LDP231');
    expect(result.stderr + result.stdout).toContain('macros/ops.sql:12');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, 'orders.csv'))).toBe(false);
  });
});
