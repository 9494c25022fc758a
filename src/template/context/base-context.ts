import { LdpError } from '../../errors/index.js';
import { splitArgs } from '../split-args.js';
import { PyDateTime } from './py-datetime.js';

export interface BaseContextOptions {
  /** Project vars overlaid with `--vars`. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly target: Readonly<Record<string, unknown>>;
  readonly projectName: string;
  readonly invocationId: string;
  readonly runStartedAt: Date;
  readonly execute: boolean;
}

/**
 * The per-invocation part of dbt's context: `var`, `env_var`, `target`, `project_name`,
 * `run_started_at`, `invocation_id`, `execute`. Engine-wide builtins (`modules`, `adapter`,
 * `exceptions`, `return`, …) are globals of the engine.
 */
export function baseContext(options: BaseContextOptions): Record<string, unknown> {
  const vars = options.vars;
  const variable = (name: unknown, ...rest: unknown[]) => {
    const key = String(name);
    if (Object.hasOwn(vars, key)) return vars[key];
    const { positional, keywords } = splitArgs(rest);
    if (positional.length > 0) return positional[0];
    if (Object.hasOwn(keywords, 'default')) return keywords['default'];
    throw new LdpError({
      code: 'LDP203',
      message: `var('${key}') is not defined and has no default`,
      hint: `Define it under vars: in the project file, pass --vars '{${key}: …}', or give a default: var('${key}', <default>).`,
    });
  };
  const envVar = (name: unknown, ...rest: unknown[]) => {
    const key = String(name);
    const value = options.env[key];
    if (value !== undefined) return value;
    const { positional } = splitArgs(rest);
    if (positional.length > 0) return positional[0];
    throw new LdpError({
      code: 'LDP204',
      message: `environment variable '${key}' is not set and env_var() has no default`,
      hint: `Set it (export ${key}=…) or give a default: env_var('${key}', '<default>').`,
    });
  };
  return {
    var: Object.assign(variable, { has: (name: unknown) => Object.hasOwn(vars, String(name)) }),
    env_var: envVar,
    target: options.target,
    project_name: options.projectName,
    invocation_id: options.invocationId,
    run_started_at: new PyDateTime(options.runStartedAt),
    execute: options.execute,
  };
}
