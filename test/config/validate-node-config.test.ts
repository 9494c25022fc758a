import { describe, expect, it } from 'vitest';
import { validateNodeConfig } from '../../src/config/index.js';

const AT = { file: 'models/orders.sql', line: 1, col: 4 };

describe('validateNodeConfig', () => {
  it('accepts every config key ldp uses, in dbt spellings', () => {
    const { errors, warnings } = validateNodeConfig(
      {
        materialized: 'incremental',
        '+schema': 'silver',
        alias: 'o',
        tags: 'one',
        meta: { a: 1 },
        'pre-hook': 'select 1',
        pre_hook: ['select 2', { sql: 'select 3', transaction: false }],
        'post-hook': ['select 4'],
        incremental_strategy: 'delete+insert',
        unique_key: ['id', 'day'],
        on_schema_change: 'append_new_columns',
        partition_by: [{ field: 'd', data_type: 'date', granularity: 'month' }, 'day(ts)'],
        full_refresh: false,
        layer: 'silver',
        enabled: true,
        severity: 'WARN',
        where: 'x > 1',
        limit: 10,
        check_cols: 'all',
      },
      AT,
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('keeps an unknown key as custom config, warning with did-you-mean only when it looks like a typo', () => {
    const spans: Record<string, { file: string; line: number; col: number }> = {
      materialised: { file: 'p.yml', line: 7, col: 9 },
    };
    const typo = validateNodeConfig({ materialised: 'table' }, (key) => spans[key]!);
    expect(typo.errors).toEqual([]);
    expect(typo.warnings).toHaveLength(1);
    expect(typo.warnings[0]).toMatchObject({
      code: 'LDP150',
      severity: 'warning',
      span: { file: 'p.yml', line: 7, col: 9 },
    });
    expect(typo.warnings[0]?.hint).toContain("Did you mean 'materialized'?");
    const custom = validateNodeConfig({ owner: 'finance', '+contains_pii': true, my_key: { a: 1 } }, AT);
    expect(custom).toEqual({ errors: [], warnings: [] });
  });

  it('still checks the value of every known key', () => {
    expect(validateNodeConfig({ materialized: 'tabel', owner: 'x' }, AT).errors.map((e) => e.code)).toEqual([
      'LDP104',
    ]);
  });

  it.each(['access', 'group', 'packages', 'cluster_by', 'labels', 'kms_key_name', 'file_format'])(
    'accepts the dbt key %s without a word: it changes nothing ldp builds locally',
    (key) => {
      const { errors, warnings } = validateNodeConfig({ [`+${key}`]: {} }, AT);
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
    },
  );

  it.each(['quoting', 'sql_header', 'incremental_predicates', 'on_configuration_change'])(
    'warns, not fails, on the known-unused dbt key %s',
    (key) => {
      const { errors, warnings } = validateNodeConfig({ [`+${key}`]: {} }, AT);
      expect(errors).toEqual([]);
      expect(warnings.map((w) => [w.code, w.severity, w.span])).toEqual([['LDP102', 'warning', AT]]);
    },
  );

  it('accepts docs, contract, persist_docs and grants quietly, and checks their shape', () => {
    const quiet = validateNodeConfig(
      {
        '+docs': { show: false, node_color: '#ffaa00' },
        '+contract': { enforced: true },
        '+persist_docs': { relation: true, columns: true },
        '+grants': { select: ['analyst'] },
      },
      AT,
    );
    expect(quiet.errors).toEqual([]);
    expect(quiet.warnings).toEqual([]);
    const [error] = validateNodeConfig({ contract: { enforce: true } }, AT).errors;
    expect(error?.code).toBe('LDP104');
  });

  it('lists the allowed values of a misspelt enum with a suggestion', () => {
    const [error] = validateNodeConfig({ materialized: 'tabel' }, AT).errors;
    expect(error?.code).toBe('LDP104');
    expect(error?.message).toBe('config \'materialized\' has an invalid value "tabel"');
    expect(error?.hint).toBe(
      "Did you mean 'table'? Allowed values: table, view, incremental, ephemeral, external, seed, snapshot, test.",
    );
  });

  it.each([
    [{ enabled: 'yes' }, 'Expected a boolean.'],
    [{ tags: 5 }, 'Expected a string or a list of strings.'],
    [{ merge_update_columns: 'a' }, 'Expected a list.'],
    [{ pre_hook: [1] }, 'Expected SQL text, {sql, transaction}, or a list of them.'],
    [{ partition_by: { column: 'd' } }, "Expected a column name, 'day(column)'"],
    [{ limit: -1 }, 'Expected Too small: expected number to be >=0.'],
  ])('names the expected type of %j', (values, hint) => {
    const [error] = validateNodeConfig(values, AT).errors;
    expect(error?.code).toBe('LDP104');
    expect(error?.hint).toContain(hint);
  });

  it('rejects a partition transform it cannot write', () => {
    const [error] = validateNodeConfig({ partition_by: 'week(ts)' }, AT).errors;
    expect(error?.code).toBe('LDP104');
    expect(error?.message).toContain("unknown partition transform 'week(ts)'");
    expect(error?.hint).toContain('bucket[N]');
  });
});
