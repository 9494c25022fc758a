import { LdpError } from '../../errors/index.js';
import { pyFunction } from '../python/py-args.js';
import { PyDateTime } from './py-datetime.js';
import { isSecretEnvName, secretEnvError } from './secret-env.js';

export interface BaseContextOptions {
  /** Project vars (or already merged project and CLI vars). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** `--vars` from the command line, already parsed; they win over project vars. */
  readonly cliVars?: Readonly<Record<string, unknown>>;
  /**
   * The vars of the node being rendered when it belongs to an installed package (its own
   * precedence already applied); undefined for the root project's nodes, which see `vars`.
   */
  readonly packageVars?: () => Readonly<Record<string, unknown>> | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly target: Readonly<Record<string, unknown>>;
  readonly projectName: string;
  readonly invocationId: string;
  readonly runStartedAt: Date;
  readonly execute: boolean;
  /**
   * Whether `env_var` may read `DBT_ENV_SECRET_…` variables: only while rendering profiles.yml
   * and packages files, as in dbt. Everywhere else such a read is `LDP151`.
   */
  readonly secretsAllowed?: boolean;
}

/**
 * The per-invocation part of dbt's context: `var`, `env_var`, `target`, `project_name`,
 * `run_started_at`, `invocation_id`, `execute`. Build it once per command and spread it into
 * each node's context; engine-wide builtins (`modules`, `adapter`, `exceptions`…) are globals.
 */
export function baseContext(options: BaseContextOptions): Record<string, unknown> {
  const rootVars: Readonly<Record<string, unknown>> = { ...options.vars, ...options.cliVars };
  const visibleVars = () => options.packageVars?.() ?? rootVars;
  const variable = pyFunction('var', ['var_name', 'default'], (...args: unknown[]) => {
    const key = String(args[0]);
    const vars = visibleVars();
    if (Object.hasOwn(vars, key)) return vars[key];
    if (args[1] !== undefined) return args[1];
    throw new LdpError({
      code: 'LDP203',
      message: `var('${key}') is not defined and has no default`,
      hint: `Define it under vars: in the project file, pass --vars '{${key}: …}', or give a default: var('${key}', <default>).`,
    });
  });
  const envVar = pyFunction('env_var', ['var', 'default'], (name: unknown, fallback: unknown) => {
    const key = String(name);
    if (isSecretEnvName(key) && !options.secretsAllowed) throw secretEnvError(key);
    const value = options.env[key];
    if (value !== undefined) return value;
    // dbt treats a default of None as no default.
    if (fallback !== undefined && fallback !== null) return fallback;
    throw new LdpError({
      code: 'LDP204',
      message: `environment variable '${key}' is not set and env_var() has no default`,
      hint: `Set it (export ${key}=…) or give a default: env_var('${key}', '<default>').`,
    });
  });
  return {
    var: Object.assign(variable, { has: (name: unknown) => Object.hasOwn(visibleVars(), String(name)) }),
    env_var: envVar,
    target: options.target,
    project_name: options.projectName,
    invocation_id: options.invocationId,
    run_started_at: PyDateTime.fromDate(options.runStartedAt, true),
    execute: options.execute,
  };
}
