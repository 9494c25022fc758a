import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { deps } from '../../src/api/commands/deps.js';
import { build } from '../../src/api/commands/run.js';
import { parse } from '../../src/api/session/parse.js';
import { openCatalog } from '../../src/catalog/index.js';

const FIXTURE = resolve('../shared/fixtures/dbt-packages/dbt-utils-1.3.3');

const PROFILE = `integration_tests:
  target: duckdb
  outputs:
    duckdb:
      type: duckdb
      schema: main
      threads: 2
`;

/**
 * The nodes of the integration project that do not pass on DuckDB, each failing in DuckDB itself
 * (its compiled SQL, run directly in DuckDB, fails or gives the same rows), with what ldp reports:
 * - `test_date_spine`: dbt.dateadd adds an interval to the string literal '2018-01-01'; DuckDB
 *   cannot choose between DATE/TIMESTAMP/TIME + INTERVAL for a string literal (dbt-duckdb's
 *   `date_add('2018-01-01', interval …)` fails the same way).
 * - `test_get_relations_by_pattern`, `test_get_relations_by_prefix_and_union`: dbt_utils reads
 *   `<database>.information_schema.tables`; DuckDB has information_schema only unqualified
 *   (`memory.information_schema.tables` fails too, see below).
 * - the `precision: 8` equality test of `data_test_equality_floats_a`, expecting differences
 *   (`error_if: "<1"`), and `assert_equal_test_width_bucket`: the seeds' `float` columns are
 *   DuckDB's 4-byte FLOAT, which cannot hold the 7th decimal the first compares, and rounds a
 *   bucket edge of the second.
 */
const FAILS_IN_DUCKDB: Readonly<Record<string, { status: string; message: RegExp }>> = {
  'model.dbt_utils_integration_tests.test_date_spine': {
    status: 'error',
    message:
      /Binder Error: Could not choose a best candidate function for the function call "\+\(STRING_LITERAL, INTERVAL\)"/,
  },
  'model.dbt_utils_integration_tests.test_get_relations_by_pattern': {
    status: 'error',
    message: /statement\('get_tables'\) failed: .*schema "information_schema" does not exist/,
  },
  'model.dbt_utils_integration_tests.test_get_relations_by_prefix_and_union': {
    status: 'error',
    message: /statement\('get_tables'\) failed: .*schema "information_schema" does not exist/,
  },
  'test.dbt_utils_integration_tests.dbt_utils_equality_data_test_equality_floats_a_ref_data_test_equality_floats_b___8.951adb8669':
    { status: 'fail', message: /Got 0 results, configured to fail if < 1/ },
  'test.dbt_utils_integration_tests.assert_equal_test_width_bucket_actual__expected.5781abe245': {
    status: 'fail',
    message: /Got 1 result, configured to fail if != 0/,
  },
};

/** What is downstream of those nodes, skipped as dbt skips it. */
const SKIPPED = [
  'test.dbt_utils_integration_tests.dbt_utils_equality_test_date_spine_ref_data_date_spine_.47dec42629',
  'test.dbt_utils_integration_tests.dbt_utils_equality_test_get_relations_by_pattern_ref_data_union_events_expected_.11c7165a94',
  'test.dbt_utils_integration_tests.dbt_utils_at_least_one_test_get_relations_by_prefix_and_union_user_id.8ddc00a4b5',
  'test.dbt_utils_integration_tests.not_null_test_get_relations_by_prefix_and_union_event.02af59bb21',
  'test.dbt_utils_integration_tests.not_null_test_get_relations_by_prefix_and_union_user_id.19dbb582c0',
  'test.dbt_utils_integration_tests.unique_test_get_relations_by_prefix_and_union_user_id.4acc530120',
];

/** A copy of dbt-utils 1.3.3 with its integration project, and a DuckDB profile for it. */
function integrationProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'ldp-dbt-utils-'));
  cpSync(FIXTURE, join(root, 'dbt-utils'), { recursive: true });
  const project = join(root, 'dbt-utils', 'integration_tests');
  writeFileSync(join(project, 'profiles.yml'), PROFILE);
  return project;
}

describe('dbt-utils 1.3.3 integration tests', () => {
  it('install dbt_utils (local: ../) and parse with its macros, generic tests and dispatch config', async () => {
    const project = integrationProject();
    const options = { projectDir: project, env: {}, homeDir: join(project, '.no-home') };
    await deps(options);
    const parsed = await parse(options);
    const nodes = [...parsed.manifest.nodes.values()];
    const count = (type: string) => nodes.filter((node) => node.resourceType === type).length;
    expect([count('model'), count('seed'), count('test')]).toEqual([50, 75, 111]);
    const star = parsed.manifest.macros.get('macro.dbt_utils.star');
    expect(star?.packageName).toBe('dbt_utils');
    const equality = nodes.find((node) => node.name.startsWith('dbt_utils_equality_test_generate_series'));
    expect(equality).toMatchObject({
      resourceType: 'test',
      packageName: 'dbt_utils_integration_tests',
      testMetadata: { name: 'equality', namespace: 'dbt_utils' },
    });
  });

  it('build: every model, seed and test runs; only nodes that fail in DuckDB itself do not pass', async () => {
    const project = integrationProject();
    const options = { projectDir: project, env: {}, homeDir: join(project, '.no-home') };
    await deps(options);
    const built = await build(options);
    const results = new Map(built.results.map((result) => [result.uniqueId, result]));
    expect(results.size).toBe(235);
    const notPassing = [...results.values()].filter(
      (result) => result.status !== 'pass' && result.status !== 'success',
    );
    expect(
      Object.fromEntries(
        notPassing
          .filter((result) => result.status !== 'skipped')
          .map((result) => [result.uniqueId, { status: result.status, message: String(result.message) }]),
      ),
    ).toEqual(
      Object.fromEntries(
        Object.entries(FAILS_IN_DUCKDB).map(([id, { status, message }]) => [
          id,
          { status, message: expect.stringMatching(message) },
        ]),
      ),
    );
    expect(
      notPassing
        .filter((result) => result.status === 'skipped')
        .map((result) => result.uniqueId)
        .sort(),
    ).toEqual([...SKIPPED].sort());

    // The compiled SQL of test_date_spine, and dbt_utils' information_schema query under the
    // in-memory database's name (target.database, as in dbt-duckdb), fail in DuckDB alone as in ldp.
    const duckdb = await (await DuckDBInstance.create(':memory:')).connect();
    const compiled = readFileSync(
      join(project, 'target/compiled/dbt_utils_integration_tests/models/datetime/test_date_spine.sql'),
      'utf8',
    );
    await expect(duckdb.run(compiled)).rejects.toThrow(/\+\(STRING_LITERAL, INTERVAL\)/);
    await expect(
      duckdb.run(
        "select table_name from memory.information_schema.tables where table_name ilike 'data_events_%'",
      ),
    ).rejects.toThrow(/schema "information_schema" does not exist/);
    duckdb.closeSync();

    // Introspection: star, union_relations, unpivot, get_column_values read the built tables.
    for (const model of [
      'test_star',
      'test_union',
      'test_unpivot',
      'test_get_column_values',
      'test_generate_surrogate_key',
      'test_safe_divide',
      'test_pivot',
      'test_url_host',
    ])
      expect(results.get(`model.dbt_utils_integration_tests.${model}`)?.status).toBe('success');
    // The seed's post-hook `adapter.drop_relation(this.incorporate(type='table'))` dropped it.
    const catalog = openCatalog({
      warehousePath: join(project, 'warehouse'),
      path: join(project, 'warehouse', 'catalog.db'),
    });
    try {
      expect(results.get('seed.dbt_utils_integration_tests.data_get_column_values_dropped')?.status).toBe(
        'success',
      );
      expect(catalog.tableExists({ namespace: ['main'], name: 'data_get_column_values_dropped' })).toBe(
        false,
      );
      expect(catalog.tableExists({ namespace: ['main'], name: 'data_get_column_values' })).toBe(true);
    } finally {
      catalog.close();
    }
  });
});
