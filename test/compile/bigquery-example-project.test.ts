import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api/index.js';
import { isolated } from '../support/temp-project.js';

const EXAMPLE = resolve(import.meta.dirname, '../../example_project');
const GOLDEN = resolve(import.meta.dirname, '../fixtures/bigquery-golden/example-project.sql');

// The profile the README documents for the example project, with a project id filled in.
const PROFILES = `taxi:
  target: dev
  outputs:
    dev:
      type: duckdb
    prod:
      type: bigquery
      method: oauth
      project: my-gcp-project
      dataset: taxi
      location: EU
`;

describe('the example project on a BigQuery target', () => {
  it('compiles unchanged, without credentials, to the reviewed GoogleSQL', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ldp-bq-example-'));
    cpSync(EXAMPLE, root, { recursive: true, filter: (path) => !/[/\\](target|warehouse|data)$/.test(path) });
    writeFileSync(join(root, 'profiles.yml'), PROFILES);
    const result = await compile(isolated(root, { target: 'prod' }));
    const nodes = [...result.compiled.nodes.values()].sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
    expect(nodes.length).toBeGreaterThan(20);
    const text = nodes
      .flatMap((node) => [
        `-- ${node.uniqueId}\n${node.sql.trim()}\n`,
        ...(node.incrementalSql
          ? [`-- ${node.uniqueId} (incremental)\n${node.incrementalSql.trim()}\n`]
          : []),
      ])
      .join('\n');
    // DuckDB's spellings that GoogleSQL does not have.
    expect(text).not.toMatch(/::|"[a-z_]+"\."|\bepoch\(|filter \(where|concat_ws|\bhour\(/);
    if (process.env['LDP_UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN)).toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
