import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../../src/model/project.js';
import { parsePropertiesFile } from '../../../src/parse/properties/index.js';

function parse(text: string, path = 'models/schema.yml') {
  const file: SourceFile = { kind: 'properties', path, absolutePath: `/p/${path}`, rootPath: 'models', text };
  const { properties, diagnostics } = parsePropertiesFile(file);
  const brief = (list: readonly { code: string; span?: { line: number; col: number }; message: string }[]) =>
    list.map((d) => [d.code, d.span?.line, d.span?.col, d.message]);
  return { properties, errors: diagnostics.errors, warnings: diagnostics.warnings, brief };
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('properties files: models', () => {
  const MODELS = lines(
    'version: 2',
    'models:',
    '  - name: orders',
    '    description: "{{ doc(\'orders\') }}"',
    '    config:',
    '      materialized: table',
    '      tags: [daily]',
    '    tags: [core]',
    '    meta: {owner: data}',
    '    docs: {show: true}',
    '    latest_version: 2',
    '    versions:',
    '      - v: 1',
    '      - v: 2',
    '        config: {alias: orders_next}',
    '    columns:',
    '      - name: id',
    '        description: key',
    '        data_type: bigint',
    '        quote: true',
    '        tags: [pk]',
    '        meta: {pii: false}',
    '        config: {meta: {sensitive: false}, tags: [key]}',
    '        data_tests: [unique, not_null]',
    '  - description: name comes second',
    '    name: customers',
  );

  it('reads every model key, keeping descriptions raw', () => {
    const { properties, errors, warnings } = parse(MODELS);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const [orders, customers] = properties.models;
    expect(orders).toMatchObject({
      name: 'orders',
      description: "{{ doc('orders') }}",
      config: { materialized: 'table', tags: ['daily'] },
      tags: ['core'],
      meta: { owner: 'data' },
      docs: { show: true },
      latestVersion: 2,
      versions: [
        { v: 1, config: {} },
        { v: 2, config: { alias: 'orders_next' } },
      ],
      span: { file: 'models/schema.yml', line: 3, col: 5 },
    });
    expect(orders?.columns).toEqual([
      {
        name: 'id',
        description: 'key',
        dataType: 'bigint',
        quote: true,
        tags: ['pk', 'key'],
        meta: { pii: false, sensitive: false },
        tests: [
          {
            testName: 'unique',
            args: {},
            config: {},
            span: { file: 'models/schema.yml', line: 24, col: 22 },
          },
          {
            testName: 'not_null',
            args: {},
            config: {},
            span: { file: 'models/schema.yml', line: 24, col: 30 },
          },
        ],
        span: { file: 'models/schema.yml', line: 17, col: 9 },
      },
    ]);
    // The span is the line of `name:`, wherever it is in the entry.
    expect(customers?.span).toEqual({ file: 'models/schema.yml', line: 26, col: 5 });
  });

  it('reads seeds, snapshots and analyses the same way', () => {
    const { properties, errors } = parse(
      lines(
        'version: 2',
        'seeds:',
        '  - name: countries',
        '    config: {column_types: {code: varchar}, delimiter: ";"}',
        'snapshots:',
        '  - name: orders_snapshot',
        '    config: {strategy: timestamp, updated_at: updated_at}',
        'analyses:',
        '  - name: adhoc',
        '    description: one-off',
      ),
    );
    expect(errors).toEqual([]);
    expect(properties.seeds[0]?.config).toEqual({ column_types: { code: 'varchar' }, delimiter: ';' });
    expect(properties.snapshots[0]?.config).toEqual({ strategy: 'timestamp', updated_at: 'updated_at' });
    expect(properties.analyses[0]?.description).toBe('one-off');
  });

  it('reports unknown keys inside entries with did-you-mean, at the key', () => {
    const { errors, brief } = parse(
      lines(
        'version: 2',
        'models:',
        '  - name: orders',
        '    descripton: x',
        '    columns:',
        '      - name: id',
        '        data_type: int',
        '        tets: [unique]',
        '    config:',
        '      materialized: tabel',
      ),
    );
    expect(brief(errors)).toEqual([
      ['LDP131', 4, 5, "unknown key 'descripton' in a model entry"],
      ['LDP104', 10, 7, 'config \'materialized\' has an invalid value "tabel"'],
      ['LDP131', 8, 9, "unknown key 'tets' in a column of model 'orders'"],
    ]);
    expect(errors.map((e) => e.hint?.split(' Allowed')[0])).toEqual([
      "Did you mean 'description'?",
      "Did you mean 'table'?",
      "Did you mean 'tests'?",
    ]);
  });

  it('accepts governance and BigQuery keys quietly, and warns about dbt keys that would change a build', () => {
    const { errors, warnings, brief } = parse(
      lines(
        'version: 2',
        'models:',
        '  - name: orders',
        '    access: public',
        '    group: finance',
        '    deprecation_date: 2030-01-01',
        '    quote_columns: true',
        '    columns:',
        '      - name: id',
        '        policy_tags: [pii]',
        '        granularity: day',
      ),
    );
    expect(errors).toEqual([]);
    expect(brief(warnings)).toEqual([
      [
        'LDP102',
        7,
        5,
        "'quote_columns' in a model entry is accepted for dbt compatibility but not used by ldp yet",
      ],
    ]);
  });

  it('reads column and model-level constraints, each at its line, and reports ones it cannot use', () => {
    const { properties, errors, warnings, brief } = parse(
      lines(
        'version: 2',
        'models:',
        '  - name: orders',
        '    constraints:',
        '      - {type: primary_key, columns: [id, day], name: pk}',
        '      - {type: unique}',
        '    columns:',
        '      - name: id',
        '        constraints:',
        '          - type: not_null',
        '          - {type: check, expression: "id > 0"}',
        '          - {type: chek, expression: "id > 0"}',
        '          - {type: check}',
      ),
    );
    expect(warnings).toEqual([]);
    const [orders] = properties.models;
    expect(orders?.constraints).toEqual([
      {
        type: 'primary_key',
        columns: ['id', 'day'],
        name: 'pk',
        span: { file: 'models/schema.yml', line: 5, col: 10 },
      },
    ]);
    expect(orders?.columns[0]?.constraints).toEqual([
      { type: 'not_null', columns: ['id'], span: { file: 'models/schema.yml', line: 10, col: 13 } },
      {
        type: 'check',
        columns: ['id'],
        expression: 'id > 0',
        span: { file: 'models/schema.yml', line: 11, col: 14 },
      },
    ]);
    expect(brief(errors).map(([code, line]) => [code, line])).toEqual([
      ['LDP132', 12],
      ['LDP132', 13],
      ['LDP132', 6],
    ]);
  });

  it('reports wrong value types at the value', () => {
    const { brief, errors } = parse(
      lines(
        'version: 2',
        'models:',
        '  - name: orders',
        '    tags: {a: 1}',
        '    columns: id',
        '  - description: x',
      ),
    );
    expect(brief(errors)).toEqual([
      ['LDP132', 5, 14, "'columns' in a model entry must be a list"],
      ['LDP132', 4, 11, "'tags' in a model entry must be a string or a list of strings"],
      ['LDP132', 6, 5, "a model entry needs 'name'"],
    ]);
  });
});

describe('properties files: data tests', () => {
  it('reads every form of a test', () => {
    const { properties, errors } = parse(
      lines(
        'version: 2',
        'models:',
        '  - name: orders',
        '    data_tests:',
        '      - dbt_utils.expression_is_true:',
        '          expression: "amount >= 0"',
        '    columns:',
        '      - name: status',
        '        tests:',
        '          - not_null',
        '          - accepted_values:',
        '              values: [placed, shipped]',
        '              severity: warn',
        '              where: "status is not null"',
        '          - accepted_values:',
        '              name: status_is_known',
        '              arguments:',
        '                values: [placed]',
        '                quote: false',
        '              config:',
        '                severity: error',
        '                limit: 10',
        '          - relationships:',
        "              to: ref('customers')",
        '              field: id',
        '              config: {where: "1 = 1"}',
        '          - name: custom_flat',
        '            test_name: accepted_values',
        '            values: [a]',
        '            severity: warn',
        '          - unique:',
      ),
    );
    expect(errors).toEqual([]);
    expect(properties.models[0]?.tests).toEqual([
      {
        testName: 'dbt_utils.expression_is_true',
        args: { expression: 'amount >= 0' },
        config: {},
        span: { file: 'models/schema.yml', line: 5, col: 9 },
      },
    ]);
    const tests = properties.models[0]?.columns[0]?.tests ?? [];
    expect(tests.map(({ span, ...test }) => [span.line, test])).toEqual([
      [10, { testName: 'not_null', args: {}, config: {} }],
      [
        11,
        {
          testName: 'accepted_values',
          args: { values: ['placed', 'shipped'] },
          config: { severity: 'warn', where: 'status is not null' },
        },
      ],
      [
        15,
        {
          testName: 'accepted_values',
          customName: 'status_is_known',
          args: { values: ['placed'], quote: false },
          config: { severity: 'error', limit: 10 },
        },
      ],
      [
        23,
        {
          testName: 'relationships',
          args: { to: "ref('customers')", field: 'id' },
          config: { where: '1 = 1' },
        },
      ],
      [
        27,
        {
          testName: 'accepted_values',
          customName: 'custom_flat',
          args: { values: ['a'] },
          config: { severity: 'warn' },
        },
      ],
      [31, { testName: 'unique', args: {}, config: {} }],
    ]);
  });

  it('validates test config and rejects malformed tests', () => {
    const { brief, errors } = parse(
      lines(
        'version: 2',
        'models:',
        '  - name: orders',
        '    tests: [unique]',
        '    data_tests:',
        '      - unique:',
        '          severity: fatal',
        '      - not_null: {}',
        '        config: {severity: warn}',
      ),
    );
    expect(brief(errors)).toEqual([
      ['LDP132', 4, 12, "'tests' in a model entry has both 'tests' and 'data_tests'"],
      ['LDP104', 7, 11, 'config \'severity\' has an invalid value "fatal"'],
      [
        'LDP132',
        9,
        17,
        "'config' in a test of model 'orders' is not a test: a test is a name (unique), a one-key mapping (accepted_values: {values: [...]}), or has test_name:",
      ],
    ]);
  });
});

describe('properties files: sources', () => {
  it('reads sources, tables and ldp or dbt-duckdb external locations', () => {
    const { properties, errors, warnings } = parse(
      lines(
        'version: 2',
        'sources:',
        '  - name: raw',
        '    description: landing zone',
        '    database: lake',
        '    schema: landing',
        '    loader: airbyte',
        '    loaded_at_field: _loaded_at',
        '    freshness:',
        '      warn_after: {count: 12, period: hour}',
        '      error_after: {count: 1, period: day}',
        '      filter: "_loaded_at > now() - interval 7 day"',
        '    meta:',
        '      external_location: "data/{name}.parquet"',
        '    tags: [raw]',
        '    quoting: {identifier: false}',
        '    config: {enabled: true, tags: [landing]}',
        '    tables:',
        '      - name: trips',
        '        identifier: yellow_trips',
        '        location: "data/trips/*.csv"',
        '        format: csv',
        '        options: {header: true, delim: ","}',
        '        loaded_at_query: "select max(x) from y"',
        '        freshness: null',
        '        columns:',
        '          - name: id',
        '            data_tests: [unique]',
        '      - name: zones',
        '      - name: payments',
        '        config:',
        '          external_location: "s3://b/{identifier}.json"',
      ),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    const [raw] = properties.sources;
    expect(raw).toMatchObject({
      name: 'raw',
      description: 'landing zone',
      database: 'lake',
      schema: 'landing',
      loader: 'airbyte',
      loadedAtField: '_loaded_at',
      freshness: {
        warnAfter: { count: 12, period: 'hour' },
        errorAfter: { count: 1, period: 'day' },
        filter: '_loaded_at > now() - interval 7 day',
      },
      external: { location: 'data/{name}.parquet', options: {} },
      tags: ['raw', 'landing'],
      config: { enabled: true, tags: ['landing'] },
      span: { line: 3, col: 5 },
    });
    const [trips, zones, payments] = raw?.tables ?? [];
    expect(trips).toMatchObject({
      name: 'trips',
      identifier: 'yellow_trips',
      loadedAtQuery: 'select max(x) from y',
      freshness: null,
      external: { location: 'data/trips/*.csv', format: 'csv', options: { header: true, delim: ',' } },
      span: { line: 19, col: 9 },
    });
    expect(trips?.columns[0]?.tests[0]?.testName).toBe('unique');
    expect(zones?.external).toBeUndefined();
    expect(payments?.external).toEqual({ location: 's3://b/{identifier}.json', options: {} });
  });

  it('lets tables inherit a source-level format and options', () => {
    const { properties, errors } = parse(
      lines(
        'version: 2',
        'sources:',
        '  - name: files',
        '    format: csv',
        '    options: {header: true}',
        '    tables:',
        '      - name: a',
        '        location: a.csv',
        '        options: {delim: ";"}',
      ),
    );
    expect(errors).toEqual([]);
    expect(properties.sources[0]?.external).toBeUndefined();
    expect(properties.sources[0]?.tables[0]?.external).toEqual({
      location: 'a.csv',
      format: 'csv',
      options: { header: true, delim: ';' },
    });
  });

  it('reports a misspelt format, freshness mistakes and unknown table keys', () => {
    const { brief, errors } = parse(
      lines(
        'version: 2',
        'sources:',
        '  - name: raw',
        '    freshness:',
        '      warn_after: {count: many, period: hours}',
        '    tables:',
        '      - name: a',
        '        location: a.pq',
        '        format: parquett',
        '        identifer: x',
        '      - name: b',
        '        format: csv',
      ),
    );
    expect(brief(errors)).toEqual([
      ['LDP132', 5, 27, "'count' in warn_after of source 'raw' must be a whole number"],
      [
        'LDP132',
        5,
        41,
        "'period' in warn_after of source 'raw' must be one of minute, hour, day, not 'hours'",
      ],
      ['LDP131', 10, 9, "unknown key 'identifer' in a table of source 'raw'"],
      [
        'LDP132',
        9,
        17,
        "'format' in a table of source 'raw' must be one of parquet, csv, json, ndjson, iceberg, not 'parquett'",
      ],
      ['LDP132', 11, 9, "a table of source 'raw' needs 'location'"],
    ]);
    expect(errors[1]?.hint).toContain("Did you mean 'hour'?");
    expect(errors[2]?.hint).toBe("Did you mean 'identifier'?");
    expect(errors[3]?.hint).toContain("Did you mean 'parquet'?");
  });
});

describe('properties files: macros, exposures, unit tests', () => {
  it('reads macros and exposures', () => {
    const { properties, errors } = parse(
      lines(
        'version: 2',
        'macros:',
        '  - name: cents_to_dollars',
        '    description: converts',
        '    arguments:',
        '      - name: column',
        '        type: string',
        '        description: the column',
        'exposures:',
        '  - name: weekly',
        '    label: Weekly KPIs',
        '    type: dashboard',
        '    maturity: high',
        '    url: https://bi/1',
        '    description: kpis',
        '    owner: {name: Ann, email: ann@x.org}',
        "    depends_on: [\"ref('orders')\", \"source('raw', 'trips')\"]",
        '    tags: [bi]',
        '    meta: {tier: 1}',
      ),
    );
    expect(errors).toEqual([]);
    expect(properties.macros).toEqual([
      {
        name: 'cents_to_dollars',
        description: 'converts',
        arguments: [{ name: 'column', type: 'string', description: 'the column' }],
        span: { file: 'models/schema.yml', line: 3, col: 5 },
      },
    ]);
    expect(properties.exposures).toEqual([
      {
        name: 'weekly',
        label: 'Weekly KPIs',
        type: 'dashboard',
        maturity: 'high',
        url: 'https://bi/1',
        description: 'kpis',
        owner: { name: 'Ann', email: 'ann@x.org' },
        dependsOn: ["ref('orders')", "source('raw', 'trips')"],
        tags: ['bi'],
        meta: { tier: 1 },
        span: { file: 'models/schema.yml', line: 10, col: 5 },
      },
    ]);
  });

  it('checks exposure types', () => {
    const { errors } = parse(
      lines('version: 2', 'exposures:', '  - name: x', '    type: dashbord', '    owner: {nam: a}'),
    );
    expect(errors.map((e) => [e.code, e.span?.line, e.hint])).toEqual([
      [
        'LDP132',
        4,
        "Did you mean 'dashboard'? Allowed values: dashboard, notebook, analysis, ml, application.",
      ],
      ['LDP131', 5, "Did you mean 'name'?"],
    ]);
  });

  it("reads unit tests in dbt's format", () => {
    const at = (line: number, col: number) => ({ file: 'models/schema.yml', line, col });
    const { properties, errors } = parse(
      lines(
        'version: 2',
        'unit_tests:',
        '  - name: test_valid_email',
        '    model: customers',
        '    description: checks emails',
        '    given:',
        "      - input: ref('raw_customers')",
        '        rows:',
        '          - {id: 1, email: a@b.com, signup: 2024-01-01}',
        "      - input: source('raw', 'domains')",
        '        format: csv',
        '        rows: |',
        '          domain',
        '          b.com',
        "      - input: ref('lookup')",
        '        format: sql',
        '        fixture: lookup_rows',
        '    expect:',
        '      rows:',
        '        - {id: 1, valid: true}',
        '    overrides:',
        '      vars: {cutoff: 3}',
        '      macros: {is_incremental: true}',
        '      env_vars: {MODE: test}',
        '    config: {tags: [unit]}',
      ),
    );
    expect(errors).toEqual([]);
    expect(properties.unitTests).toEqual([
      {
        name: 'test_valid_email',
        model: 'customers',
        description: 'checks emails',
        given: [
          {
            input: "ref('raw_customers')",
            inputSpan: at(7, 9),
            format: 'dict',
            rows: [{ id: 1, email: 'a@b.com', signup: '2024-01-01' }],
            span: at(8, 9),
          },
          {
            input: "source('raw', 'domains')",
            inputSpan: at(10, 9),
            format: 'csv',
            rows: 'domain\nb.com\n',
            span: at(12, 9),
          },
          {
            input: "ref('lookup')",
            inputSpan: at(15, 9),
            format: 'sql',
            fixture: 'lookup_rows',
            span: at(17, 9),
          },
        ],
        expect: { format: 'dict', rows: [{ id: 1, valid: true }], span: at(19, 7) },
        overrides: { vars: { cutoff: 3 }, macros: { is_incremental: true }, env_vars: { MODE: 'test' } },
        config: { tags: ['unit'] },
        span: { file: 'models/schema.yml', line: 3, col: 5 },
      },
    ]);
  });

  it('reports unknown keys in unit test parts', () => {
    const { errors } = parse(
      lines(
        'version: 2',
        'unit_tests:',
        '  - name: t',
        '    model: m',
        "    given: [{input: ref('a'), row: []}]",
        '    expect: {rows: [], fromat: dict}',
        '    overrides: {var: {}}',
      ),
    );
    expect(errors.map((e) => [e.span?.line, e.hint])).toEqual([
      [5, "Did you mean 'rows'?"],
      [6, "Did you mean 'format'?"],
      [7, "Did you mean 'vars'?"],
    ]);
  });
});

describe('properties files: the file itself', () => {
  it("skips dbt's semantic layer and groups quietly, and ignores other unknown top-level keys with a warning", () => {
    const { properties, errors, warnings, brief } = parse(
      lines(
        'version: 2',
        'semantic_models:',
        '  - name: x',
        'metrics: []',
        'saved_queries: []',
        'groups: []',
        'modles: []',
      ),
    );
    expect(errors).toEqual([]);
    expect(brief(warnings).map(([code, line]) => [code, line])).toEqual([['LDP133', 7]]);
    expect(warnings[0]?.message).toBe("'modles' in models/schema.yml is not used by ldp and is ignored");
    expect(properties.models).toEqual([]);
  });

  it('reads a file without version: quietly, as dbt 1.5+ does, and rejects version: 1', () => {
    const none = parse(lines('models:', '  - name: a'));
    expect(none.errors).toEqual([]);
    expect(none.warnings).toEqual([]);
    expect(none.properties.models.map((m) => m.name)).toEqual(['a']);
    const one = parse(lines('version: 1', 'models: []'));
    expect(one.brief(one.errors)).toEqual([['LDP134', 1, 1, 'properties file version 1 is not supported']]);
  });

  it('reports YAML syntax errors at their place, and accepts an empty file', () => {
    const bad = parse(lines('version: 2', 'models:', '  - name: "a'));
    expect(bad.brief(bad.errors)).toEqual([['LDP101', 4, 1, 'invalid YAML: Missing closing "quote']]);
    const empty = parse('');
    expect(empty.errors).toEqual([]);
    expect(empty.properties.models).toEqual([]);
  });
});
