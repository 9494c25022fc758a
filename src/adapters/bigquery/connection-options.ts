import { LdpError } from '../../errors/index.js';
import type { ResolvedTarget } from '../../model/project.js';

/** dbt-bigquery's authentication methods ldp supports. */
export type BigQueryMethod = 'oauth' | 'service-account' | 'service-account-json';

/**
 * What connecting to BigQuery needs, read from a `type: bigquery` output (dbt-bigquery's keys).
 * Key validation with YAML positions happens where profiles are read; this is the typed view
 * the adapter works with.
 */
export interface BigQueryConnectionOptions {
  readonly targetName: string;
  readonly method: BigQueryMethod;
  /** The project holding the target's datasets. */
  readonly project: string;
  readonly dataset: string;
  /** Where jobs run and datasets are created (`US`, `EU`, `europe-west1`, …). */
  readonly location?: string;
  readonly priority: 'interactive' | 'batch';
  readonly jobTimeoutSeconds?: number;
  /** How often a job that failed for a transient reason is started again. */
  readonly jobRetries: number;
  readonly maximumBytesBilled?: number;
  /** The project jobs run (and are billed) in; defaults to `project`. */
  readonly executionProject: string;
  readonly apiEndpoint?: string;
  /** Path of a service-account key file (`service-account`). */
  readonly keyfile?: string;
  /** The key file's content (`service-account-json`). Never printed. */
  readonly keyfileJson?: Readonly<Record<string, unknown>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly threads: number;
  /** A service account whose short-lived tokens requests carry (the method's credentials ask for them). */
  readonly impersonateServiceAccount?: string;
  /** The IAM Credentials API those tokens come from; Google's unless set. */
  readonly iamCredentialsEndpoint?: string;
}

const METHODS: readonly BigQueryMethod[] = ['oauth', 'service-account', 'service-account-json'];

function optionalNumber(raw: Readonly<Record<string, unknown>>, ...keys: string[]): number | undefined {
  for (const key of keys) if (raw[key] !== undefined && raw[key] !== null) return Number(raw[key]);
  return undefined;
}

function invalidOption(target: string, message: string, hint: string): LdpError {
  return new LdpError({ code: 'LDP490', message: `BigQuery target '${target}': ${message}`, hint });
}

/** The connection options of a BigQuery target; a missing or wrong key is `LDP490`. */
export function bigQueryConnectionOptions(target: ResolvedTarget): BigQueryConnectionOptions {
  const raw = target.raw;
  const method = String(raw['method'] ?? 'oauth') as BigQueryMethod;
  if (!METHODS.includes(method))
    throw invalidOption(
      target.name,
      `unknown method '${method}'`,
      `Set method to one of: ${METHODS.join(', ')}.`,
    );
  const project = String(raw['project'] ?? raw['database'] ?? '');
  if (!project)
    throw invalidOption(
      target.name,
      "no 'project'",
      'Add project: <your-gcp-project> to the output in profiles.yml.',
    );
  if (method === 'service-account' && typeof raw['keyfile'] !== 'string')
    throw invalidOption(
      target.name,
      "method service-account needs 'keyfile'",
      'Set keyfile: /path/to/key.json.',
    );
  const keyfileJson = raw['keyfile_json'];
  if (method === 'service-account-json' && (keyfileJson === null || typeof keyfileJson !== 'object'))
    throw invalidOption(
      target.name,
      "method service-account-json needs 'keyfile_json' (a mapping)",
      'Paste the key file as a mapping under keyfile_json, or use method: service-account with keyfile.',
    );
  const priority = String(raw['priority'] ?? 'interactive').toLowerCase();
  if (priority !== 'interactive' && priority !== 'batch')
    throw invalidOption(target.name, `priority '${priority}'`, 'Set priority to interactive or batch.');
  const jobTimeoutSeconds = optionalNumber(
    raw,
    'job_timeout_seconds',
    'job_execution_timeout_seconds',
    'timeout_seconds',
  );
  const maximumBytesBilled = optionalNumber(raw, 'maximum_bytes_billed');
  return {
    targetName: target.name,
    method,
    project,
    dataset: String(raw['dataset'] ?? raw['schema'] ?? target.schema),
    ...(raw['location'] ? { location: String(raw['location']) } : {}),
    priority,
    ...(jobTimeoutSeconds !== undefined ? { jobTimeoutSeconds } : {}),
    jobRetries: optionalNumber(raw, 'job_retries') ?? 1,
    ...(maximumBytesBilled !== undefined ? { maximumBytesBilled } : {}),
    executionProject: String(raw['execution_project'] ?? project),
    ...(raw['api_endpoint'] ? { apiEndpoint: String(raw['api_endpoint']) } : {}),
    ...(typeof raw['keyfile'] === 'string' ? { keyfile: raw['keyfile'] } : {}),
    ...(method === 'service-account-json' ? { keyfileJson: keyfileJson as Record<string, unknown> } : {}),
    labels: stringRecord(raw['labels']),
    threads: target.threads,
    ...(raw['impersonate_service_account']
      ? { impersonateServiceAccount: String(raw['impersonate_service_account']) }
      : {}),
    ...(raw['iam_credentials_endpoint']
      ? { iamCredentialsEndpoint: String(raw['iam_credentials_endpoint']) }
      : {}),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
