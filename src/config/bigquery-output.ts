import { z } from 'zod';
import { didYouMeanHint, LdpError, LdpErrors } from '../errors/index.js';
import type { BigQueryAuth, BigQueryTarget } from '../model/bigquery-target.js';
import { SecretValue } from '../model/secret-value.js';
import type { YamlPath, YamlSource } from './yaml-source.js';
import { issuesToErrors } from './zod-issues.js';

/** Keys whose values are credentials: never kept in `target.raw`, never printed. */
export const BIGQUERY_SECRET_KEYS: ReadonlySet<string> = new Set([
  'keyfile_json',
  'token',
  'refresh_token',
  'client_secret',
]);

const METHODS = ['oauth', 'oauth-secrets', 'service-account', 'service-account-json'] as const;
const seconds = z.number().positive();
const name = z.string().min(1);

/** The value shapes of the dbt-bigquery keys ldp reads; other known keys are only accepted. */
const BIGQUERY_OUTPUT = z.object({
  type: z.literal('bigquery'),
  method: z.enum(METHODS).optional(),
  project: name.optional(),
  database: name.optional(),
  dataset: name.optional(),
  schema: name.optional(),
  keyfile: name.optional(),
  keyfile_json: z.union([z.record(z.string(), z.unknown()), z.string().min(1)]).optional(),
  token: name.optional(),
  refresh_token: name.optional(),
  client_id: name.optional(),
  client_secret: name.optional(),
  token_uri: name.optional(),
  location: name.optional(),
  threads: z.number().int().positive().optional(),
  priority: z.enum(['interactive', 'batch']).optional(),
  job_execution_timeout_seconds: seconds.optional(),
  timeout_seconds: seconds.optional(),
  job_timeout_seconds: seconds.optional(),
  job_creation_timeout_seconds: seconds.optional(),
  job_retries: z.number().int().nonnegative().optional(),
  retries: z.number().int().nonnegative().optional(),
  job_retry_deadline_seconds: seconds.optional(),
  maximum_bytes_billed: z.number().int().positive().optional(),
  impersonate_service_account: name.optional(),
  execution_project: name.optional(),
  quota_project: name.optional(),
  scopes: z.array(name).optional(),
  api_endpoint: z.url({ protocol: /^https?$/ }).optional(),
  iam_credentials_endpoint: z.url({ protocol: /^https?$/ }).optional(),
});

type Output = z.infer<typeof BIGQUERY_OUTPUT>;

/** dbt-bigquery keys that ldp accepts and does not use (Python models on Dataproc, …). */
const ACCEPTED_UNUSED = [
  'gcs_bucket',
  'dataproc_region',
  'dataproc_cluster_name',
  'dataproc_batch',
  'submission_method',
  'compute_region',
  'include_project_in_schema',
];

/** Every key a `type: bigquery` output may have; any other is a warning with "did you mean". */
export const BIGQUERY_KEYS: readonly string[] = [...Object.keys(BIGQUERY_OUTPUT.shape), ...ACCEPTED_UNUSED];

export interface BigQueryOutputContext {
  readonly yaml: YamlSource;
  /** Where the output sits in profiles.yml. */
  readonly path: YamlPath;
  /** `output 'prod' of profile 'taxi'`, for messages. */
  readonly what: string;
}

/**
 * Validates a rendered `type: bigquery` output. Problems point at their line but never show
 * the file's text: a code frame could show a key written next to them.
 */
export function readBigQueryOutput(
  raw: Readonly<Record<string, unknown>>,
  context: BigQueryOutputContext,
): { bigquery: BigQueryTarget; warnings: LdpError[] } {
  const { yaml, path, what } = context;
  const checked = BIGQUERY_OUTPUT.safeParse(raw);
  if (!checked.success) {
    const { errors } = issuesToErrors(checked.error, {
      yaml,
      what,
      knownKeysAt: () => BIGQUERY_KEYS,
      prefix: path,
    });
    throw several(errors.map(withoutSource));
  }
  const output = checked.data;
  const problems: LdpError[] = [];
  const missing = (key: string, message: string, hint: string) =>
    problems.push(
      new LdpError({
        code: 'LDP480',
        message: `${message} in ${what}`,
        span: yaml.spanOf([...path, key]),
        hint,
      }),
    );
  const project = output.project ?? output.database;
  const dataset = output.dataset ?? output.schema;
  if (project === undefined)
    missing(
      'type',
      "'project' is required",
      'Add project: <your Google Cloud project id> (dbt also reads it as database:).',
    );
  if (dataset === undefined)
    missing(
      'type',
      "'dataset' is required",
      'Add dataset: <the default dataset> (dbt also reads it as schema:); layers become <dataset>_<layer>.',
    );
  const auth = authOf(output, context, problems);
  if (problems.length > 0 || project === undefined || dataset === undefined || auth === undefined)
    throw several(problems);
  return { bigquery: bigqueryTarget(output, project, dataset, auth), warnings: unknownKeys(raw, context) };
}

function bigqueryTarget(
  output: Output,
  project: string,
  dataset: string,
  auth: BigQueryAuth,
): BigQueryTarget {
  const timeout =
    output.job_execution_timeout_seconds ?? output.job_timeout_seconds ?? output.timeout_seconds;
  const optional = {
    location: output.location,
    jobTimeoutSeconds: timeout,
    jobCreationTimeoutSeconds: output.job_creation_timeout_seconds,
    jobRetryDeadlineSeconds: output.job_retry_deadline_seconds,
    maximumBytesBilled: output.maximum_bytes_billed,
    impersonateServiceAccount: output.impersonate_service_account,
    quotaProject: output.quota_project,
    scopes: output.scopes,
    apiEndpoint: output.api_endpoint?.replace(/\/+$/, ''),
  };
  return {
    project,
    dataset,
    priority: output.priority ?? 'interactive',
    jobRetries: output.job_retries ?? output.retries ?? 1,
    executionProject: output.execution_project ?? project,
    auth,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/** dbt-bigquery's methods and the keys each one needs. */
function authOf(
  output: Output,
  context: BigQueryOutputContext,
  problems: LdpError[],
): BigQueryAuth | undefined {
  const { yaml, path, what } = context;
  const method = output.method ?? 'oauth';
  const need = (key: string, hint: string): undefined => {
    problems.push(
      new LdpError({
        code: 'LDP481',
        message: `method ${method} needs '${key}' in ${what}`,
        span: yaml.spanOf([...path, output.method === undefined ? 'type' : 'method']),
        hint,
      }),
    );
    return undefined;
  };
  switch (method) {
    case 'oauth':
      return { method };
    case 'service-account':
      return output.keyfile === undefined
        ? need(
            'keyfile',
            'Add keyfile: <path of the service-account JSON key>, or use method: oauth for application default credentials.',
          )
        : { method, keyfile: output.keyfile };
    case 'service-account-json': {
      if (output.keyfile_json === undefined)
        return need(
          'keyfile_json',
          "Add keyfile_json: with the key's fields, best from an environment variable: \"{{ env_var('DBT_ENV_SECRET_BIGQUERY_KEY') }}\".",
        );
      const key = keyfileJson(output.keyfile_json, context, problems);
      return key === undefined ? undefined : { method, keyfileJson: new SecretValue(key) };
    }
    case 'oauth-secrets':
      if (output.token === undefined && output.refresh_token === undefined)
        return need(
          'token',
          'Add token: (a temporary access token), or refresh_token: with client_id, client_secret and token_uri.',
        );
      return oauthSecrets(output);
  }
}

function oauthSecrets(output: Output): BigQueryAuth {
  const secret = (value: string | undefined) => (value === undefined ? undefined : new SecretValue(value));
  const fields = {
    token: secret(output.token),
    refreshToken: secret(output.refresh_token),
    clientId: output.client_id,
    clientSecret: secret(output.client_secret),
    tokenUri: output.token_uri,
  };
  return {
    method: 'oauth-secrets',
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}

/**
 * `keyfile_json` as a mapping, or as the key file's JSON text (an environment variable holds it
 * that way). What a bad one holds is never repeated: only which field is wrong.
 */
function keyfileJson(
  value: Readonly<Record<string, unknown>> | string,
  { yaml, path, what }: BigQueryOutputContext,
  problems: LdpError[],
): Readonly<Record<string, unknown>> | undefined {
  let key: unknown = value;
  if (typeof value === 'string') {
    try {
      key = JSON.parse(value);
    } catch {
      key = undefined;
    }
  }
  const fields = ['type', 'client_email', 'private_key'];
  const lacking =
    key === null || typeof key !== 'object' || Array.isArray(key)
      ? ['a JSON object']
      : fields.filter((field) => typeof (key as Record<string, unknown>)[field] !== 'string');
  if (lacking.length === 0) return key as Readonly<Record<string, unknown>>;
  problems.push(
    new LdpError({
      code: 'LDP482',
      message: `keyfile_json in ${what} is not a service-account key: it lacks ${lacking.join(', ')} (its contents are not shown)`,
      span: yaml.spanOf([...path, 'keyfile_json']),
      hint: 'Give the whole JSON key Google Cloud created for the service account, as a mapping or as its text.',
    }),
  );
  return undefined;
}

function unknownKeys(
  raw: Readonly<Record<string, unknown>>,
  { yaml, path, what }: BigQueryOutputContext,
): LdpError[] {
  return Object.keys(raw)
    .filter((key) => !BIGQUERY_KEYS.includes(key))
    .map(
      (key) =>
        new LdpError({
          code: 'LDP102',
          severity: 'warning',
          message: `unknown key '${key}' in ${what} (type bigquery)`,
          span: yaml.spanOf([...path, key]),
          ...(didYouMeanHint(key, BIGQUERY_KEYS) ? { hint: didYouMeanHint(key, BIGQUERY_KEYS)! } : {}),
        }),
    );
}

/** The output's keys without its credentials: what templates (`target.*`) and artifacts may see. */
export function bigqueryRawWithoutSecrets(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !BIGQUERY_SECRET_KEYS.has(key)));
}

function withoutSource(error: LdpError): LdpError {
  return new LdpError({
    code: error.code,
    message: error.message,
    severity: error.severity,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.span ? { span: error.span } : {}),
  });
}

function several(errors: LdpError[]): Error {
  return errors.length === 1 ? errors[0]! : new LdpErrors(errors);
}
