import { describe, expect, it } from 'vitest';
import { execute } from '../../support/lakehouse.js';
import { errorsOf, unitResult, unitTestProject } from './support.js';

const MODELS = {
  'models/silver/orders.sql': 'select 1 as id, 2.5 as amount',
  'models/silver/customers.sql': 'select 1 as id',
  'models/gold/totals.sql': "select id, sum(amount) as total from {{ ref('orders') }} group by id",
};

/** A project whose only properties file is `yaml` (line 1 is `version: 2`). */
const withYaml = (yaml: string) => unitTestProject({ ...MODELS, 'models/gold/gold.yml': yaml });

describe('unit test errors', () => {
  it('names an unknown model at the unit test, with a suggestion', async () => {
    const root = withYaml(
      [
        'version: 2',
        'unit_tests:',
        '  - name: bad_model',
        '    model: totls',
        '    given: []',
        '    expect: {rows: []}',
      ].join('\n'),
    );
    const [error] = await errorsOf(execute('test', root));
    expect(error).toMatchObject({
      code: 'LDP610',
      message: "unit test 'bad_model' tests model 'totls', which does not exist",
      span: { file: 'models/gold/gold.yml', line: 3 },
      hint: "Did you mean 'totals'?",
    });
  });

  it('names an unknown input and an input that is not a ref, source or this, at its line', async () => {
    const root = withYaml(
      [
        'version: 2',
        'unit_tests:',
        '  - name: unknown_ref',
        '    model: totals',
        '    given:',
        "      - input: ref('ordrs')",
        '        rows: []',
        '    expect: {rows: []}',
        '  - name: unknown_source',
        '    model: totals',
        '    given:',
        "      - input: source('raw', 'orders')",
        '    expect: {rows: []}',
        '  - name: not_a_call',
        '    model: totals',
        '    given:',
        '      - input: orders',
        '    expect: {rows: []}',
      ].join('\n'),
    );
    const errors = await errorsOf(execute('test', root));
    expect(errors.map((e) => [e.code, e.span?.line, e.message])).toEqual([
      ['LDP611', 6, "unit test 'unknown_ref' gives input ref('ordrs'), which does not exist"],
      ['LDP611', 12, "unit test 'unknown_source' gives input source('raw', 'orders'), which does not exist"],
      ['LDP611', 17, 'unit test \'not_a_call\' gives input "orders", which is not a ref(), source() or this'],
    ]);
    expect(errors[0]!.hint).toBe("Did you mean 'orders'?");
  });

  it('rejects an input the model does not read', async () => {
    const root = withYaml(
      [
        'version: 2',
        'unit_tests:',
        '  - name: extra_input',
        '    model: totals',
        '    given:',
        "      - input: ref('orders')",
        '        rows: [{id: 1, amount: 1}]',
        "      - input: ref('customers')",
        '        rows: [{id: 1}]',
        '    expect: {rows: [{id: 1, total: 1}]}',
      ].join('\n'),
    );
    const [error] = await errorsOf(execute('test', root));
    expect(error).toMatchObject({
      code: 'LDP612',
      message: "unit test 'extra_input' gives input ref('customers'), which model 'totals' does not read",
      span: { file: 'models/gold/gold.yml', line: 8 },
    });
  });

  it('rejects malformed rows: not a list of mappings, broken CSV, missing fixture files', async () => {
    const root = withYaml(
      [
        'version: 2',
        'unit_tests:',
        '  - name: rows_not_mappings',
        '    model: totals',
        '    given:',
        "      - input: ref('orders')",
        '        rows: [1, 2]',
        '    expect: {rows: []}',
        '  - name: ragged_csv',
        '    model: totals',
        '    given:',
        "      - input: ref('orders')",
        '        format: csv',
        '        rows: |',
        '          id,amount',
        '          1,2.5',
        '          2,3.5,oops',
        '    expect: {rows: []}',
        '  - name: missing_fixture',
        '    model: totals',
        '    given:',
        "      - input: ref('orders')",
        '        format: csv',
        '        fixture: no_such_rows',
        '    expect: {rows: []}',
      ].join('\n'),
    );
    const errors = await errorsOf(execute('test', root));
    expect(errors.map((e) => [e.code, e.span?.line, e.message])).toEqual([
      [
        'LDP613',
        7,
        "unit test 'rows_not_mappings': the rows of input ref('orders') must be a list of mappings, but row 1 is 1",
      ],
      [
        'LDP613',
        17,
        "unit test 'ragged_csv': the rows of input ref('orders') is not valid CSV: it has 3 fields where the header has 2",
      ],
      [
        'LDP614',
        24,
        "unit test 'missing_fixture': the fixture 'no_such_rows' of the rows of input ref('orders') does not exist",
      ],
    ]);
    expect(errors[2]!.hint).toContain('tests/fixtures/no_such_rows.csv');
  });

  it('points a SQL error of the model at its line in the compiled unit test file', async () => {
    const root = unitTestProject({
      'models/silver/orders.sql': 'select 1 as id',
      'models/gold/broken.sql': "select id,\n  no_such_column\nfrom {{ ref('orders') }}",
      'models/gold/gold.yml': [
        'version: 2',
        'unit_tests:',
        '  - name: on_broken_model',
        '    model: broken',
        '    given: [{input: "ref(\'orders\')", rows: [{id: 1}]}]',
        '    expect: {rows: []}',
      ].join('\n'),
    });
    const result = await execute('test', root);
    const unit = unitResult(result, 'on_broken_model');
    const compiled = 'target/compiled/shop/models/gold/gold.yml/broken/on_broken_model.sql';
    expect(unit.status).toBe('error');
    // Two comment lines name the test and its input, so the model's line 2 is line 4.
    expect(unit.error?.span).toEqual({ file: compiled, line: 4, col: 3 });
    expect(unit.message).toContain(`failed on the fixtures (${compiled}:4)`);
    expect(unit.message).toContain('no_such_column');
  });

  it('names expected columns the model does not return, and values that do not fit a type', async () => {
    const root = withYaml(
      [
        'version: 2',
        'unit_tests:',
        '  - name: unknown_expected_column',
        '    model: totals',
        '    given: [{input: "ref(\'orders\')", rows: [{id: 1, amount: 1}]}]',
        '    expect:',
        '      rows: [{id: 1, totl: 1}]',
        '  - name: value_does_not_fit',
        '    model: totals',
        '    given: [{input: "ref(\'orders\')", rows: [{id: 1, amount: 1}]}]',
        '    expect:',
        '      rows: [{id: 1, total: lots}]',
      ].join('\n'),
    );
    const result = await execute('test', root);
    const unknown = unitResult(result, 'unknown_expected_column');
    expect(unknown.status).toBe('error');
    expect(unknown.error).toMatchObject({ code: 'LDP616', span: { file: 'models/gold/gold.yml', line: 7 } });
    expect(unknown.message).toContain("expect has column 'totl', which model 'totals' does not return");
    expect(unknown.error?.hint).toBe('The model returns: id, total.');
    const misfit = unitResult(result, 'value_does_not_fit');
    expect(misfit.error).toMatchObject({ code: 'LDP617', span: { line: 12 } });
    expect(misfit.message).toMatch(/expect cannot be loaded \(models\/gold\/gold.yml:12\): .*lots/);
  });
});
