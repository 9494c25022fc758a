import { readFileSync } from 'node:fs';
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import { LdpError } from '../../errors/index.js';
import type { BigQueryConnectionOptions } from './connection-options.js';
import { impersonatedAuth } from './impersonation.js';
import { redact, secretsOf } from './redact.js';

/** A BigQuery client for one target, and the secrets no message about it may contain. */
export interface BigQueryConnection {
  readonly options: BigQueryConnectionOptions;
  readonly client: BigQuery;
  /** `redact` with this connection's key material. */
  readonly redact: (text: string) => string;
}

/**
 * Opens a client (no request is made yet). `oauth` uses application default credentials
 * (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's ADC file, or the metadata server); the
 * service-account methods read the key file or the inline key. Service-account keys sign
 * self-signed JWTs with the BigQuery scope (no token exchange with Google's OAuth server), which
 * also lets `api_endpoint` point at a loopback server without any other network access.
 * With `impersonate_service_account`, those credentials only ask the IAM Credentials API for
 * short-lived tokens of that account, which every BigQuery request then carries.
 */
export function openBigQuery(options: BigQueryConnectionOptions): BigQueryConnection {
  const keyfile = options.keyfileJson ?? readKeyfile(options);
  const credentials: BigQueryOptions = options.impersonateServiceAccount
    ? {
        authClient: impersonatedAuth({
          targetPrincipal: options.impersonateServiceAccount,
          ...(options.iamCredentialsEndpoint ? { endpoint: options.iamCredentialsEndpoint } : {}),
          ...(keyfile ? { key: keyfile } : {}),
        }),
      }
    : {
        ...(options.keyfile ? { keyFilename: options.keyfile } : {}),
        ...(options.keyfileJson
          ? { credentials: options.keyfileJson as BigQueryOptions['credentials'] }
          : {}),
      };
  const clientOptions: BigQueryOptions = {
    projectId: options.executionProject,
    ...(options.location ? { location: options.location } : {}),
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...credentials,
    autoRetry: options.jobRetries > 0,
    maxRetries: Math.max(0, options.jobRetries),
    userAgent: 'ldp',
  };
  const client = new BigQuery(clientOptions);
  // Read by the auth library when it builds the service-account client on the first request.
  client.authClient.useJWTAccessWithScope = true;
  const secrets = secretsOf(keyfile);
  return { options, client, redact: (text) => redact(text, secrets) };
}

/** The key file's fields, only to know which strings to redact; a missing file is `LDP880`. */
function readKeyfile(options: BigQueryConnectionOptions): Record<string, unknown> | undefined {
  if (!options.keyfile) return undefined;
  let text: string;
  try {
    text = readFileSync(options.keyfile, 'utf8');
  } catch {
    throw new LdpError({
      code: 'LDP880',
      message: `BigQuery target '${options.targetName}': cannot read keyfile ${options.keyfile}`,
      hint: 'Point keyfile at the service-account JSON key downloaded from the Cloud console.',
    });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new LdpError({
      code: 'LDP880',
      message: `BigQuery target '${options.targetName}': keyfile ${options.keyfile} is not JSON`,
      hint: 'Use the JSON key of a service account (not a P12 key).',
    });
  }
}
