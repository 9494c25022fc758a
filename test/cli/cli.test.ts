import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand, runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'example_project');

describe('ldp CLI', () => {
  it('prints help and version', () => {
    const help = runCli(['--help'], EXAMPLE);
    expect(help.code).toBe(0);
    for (const command of ['init', 'parse', 'compile', 'ls', 'debug', 'clean'])
      expect(help.stdout).toContain(`ldp ${command}`);
    const version = runCli(['--version'], EXAMPLE);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('finishes quietly when its reader closes the output early (`ldp ls | head`)', () => {
    const root = tempProject({});
    // `true` exits at once without reading: ldp's first write meets a closed pipe.
    const script = `"$@" 2>"${join(root, 'stderr.txt')}" | true; echo "exit \${PIPESTATUS[0]}"`;
    const reader = spawnSync('bash', ['-c', script, 'ldp', ...cliCommand(), 'ls'], {
      cwd: EXAMPLE,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(reader.stdout.trim()).toBe('exit 0');
    expect(readFileSync(join(root, 'stderr.txt'), 'utf8')).toBe('');
  });

  it('parses and compiles the example project', () => {
    const root = tempProject({});
    const parsed = runCli(['parse', '--project-dir', EXAMPLE, '--log-format', 'json'], root);
    expect(parsed.code).toBe(0);
    const events = parsed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.at(-1).message).toMatch(
      /^Found 9 models, 1 seed, 1 snapshot, \d+ data tests, 1 unit test, 2 sources, \d+ macros$/,
    );
    const compiled = runCli(['compile', '--project-dir', EXAMPLE, '-s', '+gold_tip_rates'], root);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/Compiled \d+ nodes/);
  });

  it('fails with exit code 1, file:line:col, a code frame and a hint on user errors, without a stack trace', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1',
      'models/b.sql': "select *\nfrom {{ ref('ordrs') }}",
    });
    const result = runCli(['compile'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[LDP301]');
    expect(result.stderr).toContain('--> models/b.sql:2:9');
    expect(result.stderr).toContain("> 2 | from {{ ref('ordrs') }}");
    expect(result.stderr).toContain("hint: Did you mean 'orders'?");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports errors as JSON lines with --log-format json', () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\nmodel-path: [x]\n' });
    const result = runCli(['parse', '--log-format', 'json'], root);
    expect(result.code).toBe(1);
    const event = JSON.parse(result.stdout.trim().split('\n')[0]!);
    expect(event).toMatchObject({
      event: 'diagnostic',
      code: 'LDP103',
      file: 'ldp_project.yml',
      line: 2,
      col: 1,
    });
  });

  it('rejects unknown flags and commands with exit code 1', () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n' });
    const flag = runCli(['parse', '--selekt', 'x'], root);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('Unknown argument');
    expect(runCli(['compil'], root).code).toBe(1);
  });

  it('scaffolds a project with init that parses and compiles', () => {
    const root = tempProject({});
    const init = runCli(['init', 'my_shop'], root);
    expect(init.code).toBe(0);
    const project = join(root, 'my_shop');
    expect(readFileSync(join(project, 'ldp_project.yml'), 'utf8')).toContain('name: my_shop');
    expect(runCli(['compile'], project).code).toBe(0);
    expect(existsSync(join(project, 'target/compiled/my_shop/models/gold/gold_customer_revenue.sql'))).toBe(
      true,
    );
    expect(runCli(['init', 'my_shop'], root).code).toBe(1);
  });

  it('lists nodes as names, paths and JSON', () => {
    const root = tempProject({});
    const names = runCli(
      [
        'ls',
        '--project-dir',
        EXAMPLE,
        '-s',
        '+gold_payment_mix',
        '--resource-type',
        'model',
        'seed',
        '--output',
        'name',
      ],
      root,
    );
    expect(names.stdout.trim().split('\n')).toEqual([
      'bronze_trips',
      'bronze_zones',
      'gold_payment_mix',
      'silver_trips',
      'silver_zones',
      'payment_types',
    ]);
    const paths = runCli(
      ['ls', '--project-dir', EXAMPLE, '-s', 'layer:gold', '--resource-type', 'model', '--output', 'path'],
      root,
    );
    expect(paths.stdout.trim().split('\n')).toContain('models/gold/gold_tip_rates.sql');
    const json = runCli(
      [
        'ls',
        '--project-dir',
        EXAMPLE,
        '-s',
        'gold_tip_rates',
        '--resource-type',
        'model',
        '--output',
        'json',
      ],
      root,
    );
    expect(JSON.parse(json.stdout.trim())).toMatchObject({
      name: 'gold_tip_rates',
      resource_type: 'model',
      layer: 'gold',
    });
  });

  it('debug shows the resolved target and clean removes target/', () => {
    const root = tempProject({ 'ldp_project.yml': 'name: shop\n', 'models/a.sql': 'select 1' });
    const debug = runCli(['debug'], root);
    expect(debug.code).toBe(0);
    expect(debug.stdout).toContain('embedded default');
    expect(debug.stdout).toContain(join(root, 'warehouse', 'catalog.db'));
    runCli(['compile'], root);
    expect(existsSync(join(root, 'target'))).toBe(true);
    expect(runCli(['clean'], root).code).toBe(0);
    expect(existsSync(join(root, 'target'))).toBe(false);
  });
});
