import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteLocation } from '../../../src/adapters/duckdb/source-location.js';
import { tempProject } from '../../support/temp-project.js';

describe('absoluteLocation', () => {
  it('reads relative paths from the project, or from the working folder when only it has them (as dbt-duckdb)', () => {
    const repo = tempProject({});
    const project = join(repo, 'dbt_project');
    mkdirSync(join(repo, 'data/products'), { recursive: true });
    mkdirSync(join(project, 'seeds'), { recursive: true });
    writeFileSync(join(repo, 'data/sales.csv'), 'id\n1\n');
    writeFileSync(join(project, 'seeds/own.csv'), 'id\n1\n');
    writeFileSync(join(repo, 'seeds.csv'), 'id\n1\n');

    // Only beside the project: the working folder's, as dbt run from the repository reads it.
    expect(absoluteLocation('data/sales.csv', project, repo)).toBe(join(repo, 'data/sales.csv'));
    expect(absoluteLocation('data/products/*.json', project, repo)).toBe(join(repo, 'data/products/*.json'));
    // In the project: the project's, wherever ldp runs.
    expect(absoluteLocation('seeds/own.csv', project, repo)).toBe(join(project, 'seeds/own.csv'));
    // Nowhere: the project's path, which the missing-file check then names.
    expect(absoluteLocation('data/none.csv', project, join(repo, 'elsewhere'))).toBe(
      join(project, 'data/none.csv'),
    );
    expect(absoluteLocation('s3://bucket/x.parquet', project, repo)).toBe('s3://bucket/x.parquet');
  });
});
