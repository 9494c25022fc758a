import type { SecretValue } from './secret-value.js';

/** How ldp authenticates to BigQuery: dbt-bigquery's `method` and the keys each one needs. */
export type BigQueryAuth =
  /** Application default credentials (`gcloud auth application-default login`, workload identity). */
  | { readonly method: 'oauth' }
  /** A service-account key file, by path. */
  | { readonly method: 'service-account'; readonly keyfile: string }
  /** A service-account key written into the profile (`keyfile_json`). */
  | {
      readonly method: 'service-account-json';
      readonly keyfileJson: SecretValue<Readonly<Record<string, unknown>>>;
    }
  /** A token, or a refresh token with its OAuth client. */
  | {
      readonly method: 'oauth-secrets';
      readonly token?: SecretValue<string>;
      readonly refreshToken?: SecretValue<string>;
      readonly clientId?: string;
      readonly clientSecret?: SecretValue<string>;
      readonly tokenUri?: string;
    };

export type BigQueryAuthMethod = BigQueryAuth['method'];

/**
 * A `type: bigquery` output of profiles.yml after validation: everything the BigQuery adapter
 * needs to compile for and connect to the warehouse. Credentials are `SecretValue`s, so this
 * value may be logged or cached without leaking them.
 */
export interface BigQueryTarget {
  /** The project that holds the datasets (`project`, or dbt's alias `database`). */
  readonly project: string;
  /** The default dataset (`dataset`, or dbt's alias `schema`); layers become `<dataset>_<layer>`. */
  readonly dataset: string;
  /** Where jobs run and datasets are created (`US`, `EU`, `europe-west1`…); BigQuery's default when absent. */
  readonly location?: string;
  readonly priority: 'interactive' | 'batch';
  /** Seconds a query job may run before it is cancelled (`job_execution_timeout_seconds`). */
  readonly jobTimeoutSeconds?: number;
  /** Seconds to wait for a job to be created (`job_creation_timeout_seconds`). */
  readonly jobCreationTimeoutSeconds?: number;
  /** How often a job that failed with a transient error is retried (dbt's default: 1). */
  readonly jobRetries: number;
  /** Seconds after which retrying stops (`job_retry_deadline_seconds`). */
  readonly jobRetryDeadlineSeconds?: number;
  /** A query that would bill more bytes fails instead of running. */
  readonly maximumBytesBilled?: number;
  readonly impersonateServiceAccount?: string;
  /** The project billed for jobs; `project` when not set. */
  readonly executionProject: string;
  readonly quotaProject?: string;
  readonly scopes?: readonly string[];
  /** A non-default API root (`http://127.0.0.1:9050`, a private endpoint). */
  readonly apiEndpoint?: string;
  readonly auth: BigQueryAuth;
}
