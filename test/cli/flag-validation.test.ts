import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

const PROJECT = {
  'ldp_project.yml': 'name: shop\n',
  'models/orders.sql': 'select 1 as id',
};

/** Runs ldp in a small project and expects a clean user error: exit 1, the code, no stack trace. */
function expectUserError(args: readonly string[], code: string) {
  const result = runCli(args, tempProject(PROJECT));
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(`error[${code}]`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result.stderr;
}

// Each case starts ldp from source; on a busy machine that takes seconds.
describe('ldp checks the values of its flags', { timeout: 180_000 }, () => {
  it('refuses a --threads that is not a whole number of 1 or more', () => {
    expect(expectUserError(['run', '--threads', 'abc'], 'LDP920')).toContain(
      "--threads must be a whole number of 1 or more, not 'abc'",
    );
    expect(expectUserError(['parse', '--threads', '0'], 'LDP920')).toContain("not '0'");
    expect(expectUserError(['parse', '--threads', '-1'], 'LDP920')).toContain("not '-1'");
  });

  it('checks the other numeric flags the same way', () => {
    expect(expectUserError(['docs', 'serve', '--port', '70000'], 'LDP920')).toContain(
      '--port must be a whole number from 0 to 65535',
    );
  });

  it('refuses --select and --exclude without a value, as dbt does', () => {
    expect(expectUserError(['ls', '--select'], 'LDP921')).toContain('--select needs a value');
    expect(expectUserError(['run', '--exclude', ''], 'LDP921')).toContain('--exclude needs a value');
  });

  it('refuses --defer and --favor-state without --state', () => {
    expect(expectUserError(['run', '--defer'], 'LDP167')).toContain('--defer needs --state');
    expect(expectUserError(['build', '--favor-state'], 'LDP167')).toContain('needs --state');
  });

  it('refuses a --target that no profiles.yml defines, saying where it looked', () => {
    const stderr = expectUserError(['parse', '--target', 'prod'], 'LDP152');
    expect(stderr).toContain('--target prod needs a profile that defines it');
    expect(stderr).toContain('profiles.yml');
  });

  it('still accepts good values', () => {
    const result = runCli(['ls', '--threads', '3', '-s', 'orders'], tempProject(PROJECT));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('shop.orders');
  });
});
