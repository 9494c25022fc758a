import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/util/walk-files.js';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'example_project');
const GENERATED = ['target', 'warehouse', 'data'];

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every file below `dir` with the sha-256 of its bytes. */
function fingerprint(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of walkFiles(dir))
    files[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  return files;
}

describe('ldp demo, show, snapshots, rollback and vacuum on the example project', () => {
  let root: string;

  beforeAll(() => {
    root = join(mkdtempSync(join(tmpdir(), 'ldp-cli-')), 'taxi');
    cpSync(EXAMPLE, root, {
      recursive: true,
      filter: (src) => !GENERATED.some((g) => src === join(EXAMPLE, g)),
    });
    for (const args of [['demo', '--rows', '2000', '--seed', '11'], ['seed'], ['run']]) {
      const result = runCli(args, root);
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it('shows rows as a table, as json and as every row of csv streamed to stdout', () => {
    const count = runCli(
      ['show', '--inline', "select count(*) as n from {{ source('tlc', 'yellow_trips') }}", '-o', 'json'],
      root,
    );
    expect(count.code, count.stderr).toBe(0);
    expect(JSON.parse(count.stdout)).toEqual([{ n: 2000 }]);
    const bronze = runCli(
      ['show', '--inline', "select count(*) as n from {{ ref('bronze_trips') }}", '--log-format', 'json'],
      root,
    );
    const [table] = jsonLines(bronze.stdout).filter((e) => e['event'] === 'table');
    expect(table).toMatchObject({ columns: ['n'] });
    const rows = Number((table!['rows'] as string[][])[0]![0]);
    const csv = runCli(['show', '-s', 'bronze_trips', '-o', 'csv', '--no-limit'], root);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(rows + 1);
    const preview = runCli(['show', '-s', 'gold_payment_mix', '--limit', '3'], root);
    expect(preview.stdout.split('\n')[0]).toMatch(/^\| payment_type_id \| payment_type \|/);
    expect(preview.stdout.trim().split('\n')).toHaveLength(2 + 3);
  });

  it('lists snapshots as JSON, rolls back, and vacuums with a dry run', () => {
    const listed = runCli(['snapshots', 'silver_trips', '-o', 'json'], root);
    expect(listed.code, listed.stderr).toBe(0);
    const history = JSON.parse(listed.stdout) as { snapshotId: string; current: boolean; command: string }[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ current: true, command: 'run' });
    const rolled = runCli(['rollback', 'silver_trips', '--to', history[0]!.snapshotId], root);
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(rolled.stdout).toContain(`silver.silver_trips is at snapshot ${history[0]!.snapshotId} already`);
    const unknown = runCli(['rollback', 'silver_trips', '--to', '77'], root);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'error[LDP423]: snapshot 77 is not in the history of model silver_trips',
    );
    expect(unknown.stderr).toContain(history[0]!.snapshotId);
    const dry = runCli(['vacuum', '--dry-run', '--log-format', 'json'], root);
    expect(dry.code, dry.stderr).toBe(0);
    const [perTable] = jsonLines(dry.stdout).filter((e) => e['event'] === 'table');
    expect((perTable!['rows'] as unknown[][]).map((r) => r[0])).toContain('silver.silver_trips');
  });

  it('a `cp -r` copy refuses to write into the original until `ldp relocate`, then runs on its own', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'ldp-cli-copy-')), 'taxi');
    cpSync(root, copy, { recursive: true });
    const before = fingerprint(join(root, 'warehouse'));
    for (const args of [
      ['vacuum', '--older-than', '0s'],
      ['run', '-s', 'silver_trips'],
    ]) {
      const refused = runCli(args, copy);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toContain('LDP560');
      expect(refused.stderr).toContain('ldp relocate');
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
    const dry = runCli(['relocate', '--dry-run'], copy);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Would relocate [1-9]\d* tables into .*; nothing was changed \(dry run\)/);
    const relocated = runCli(['relocate'], copy);
    expect(relocated.code, relocated.stderr).toBe(0);
    const rerun = runCli(['run', '-s', 'silver_trips'], copy);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(fingerprint(join(root, 'warehouse'))).toEqual(before);
  }, 300_000);
});

describe('errors of the inspection commands', () => {
  const root = tempProject({
    'ldp_project.yml': 'name: shop\n',
    'models/silver/orders.sql': "{{ config(materialized='table') }}select 1 as id",
  });

  function expectUserError(args: string[], expected: string): void {
    const result = runCli(args, root);
    expect(result.code, args.join(' ')).toBe(1);
    expect(result.stderr).toContain(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }

  it('show and snapshots: exit 1 with a code and a hint, never a stack trace', () => {
    expectUserError(
      ['show', '-s', 'orders'],
      'error[LDP422]: model orders has not been built in this warehouse yet',
    );
    expectUserError(['show', '-s', 'ordres'], "hint: Did you mean 'orders'?");
    expectUserError(['snapshots', 'orders'], 'hint: Build it first: ldp run -s orders');
  });

  it('demo, vacuum and rollback: exit 1 with a code and a hint, never a stack trace', () => {
    expectUserError(
      ['demo', '--months', '2023-13'],
      "error[LDP910]: month '2023-13' is not of the form YYYY-MM",
    );
    expectUserError(['vacuum', '--older-than', 'soon'], "error[LDP426]: 'soon' is not a duration");
    expectUserError(
      ['rollback', 'orders'],
      'error[LDP582]: ldp rollback needs --to <snapshot-id> or --to-previous-metadata',
    );
  });
});
