import { LdpError } from '../../errors/index.js';
import { type BigQueryFault, faultOf, isUnreachable } from './bigquery-errors.js';
import type { BigQueryConnection } from './client.js';

/** What a working connection found out. */
export interface ConnectionFacts {
  /** The service account's email, when the credentials name one. */
  readonly principal?: string;
  readonly datasetLocation: string;
}

/**
 * `ldp debug` for a BigQuery target, in the order a fix has to happen: credentials, then the
 * right to run jobs in the execution project (a free dry run), then the dataset and its
 * location. The first problem is one `LdpError` whose message says what is wrong and how to
 * fix it; credentials never appear in it.
 */
export async function checkConnection(connection: BigQueryConnection): Promise<ConnectionFacts> {
  const principal = await checkCredentials(connection);
  await checkJobPermission(connection, principal);
  const datasetLocation = await checkDataset(connection, principal);
  return { ...(principal ? { principal } : {}), datasetLocation };
}

async function checkCredentials(connection: BigQueryConnection): Promise<string | undefined> {
  const { options, client } = connection;
  try {
    const credentials = await client.authClient.getCredentials();
    await client.authClient.getRequestHeaders(`${client.apiEndpoint}/bigquery/v2/`);
    return credentials.client_email;
  } catch (error) {
    const how =
      options.method === 'oauth'
        ? 'run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS to a key file'
        : `check the service-account key${options.keyfile ? ` in ${options.keyfile}` : ' in keyfile_json'}`;
    throw new LdpError({
      code: 'LDP880',
      message: `no usable BigQuery credentials for target '${options.targetName}' (method ${options.method}): ${firstLine(connection, error)}; ${how}`,
    });
  }
}

async function checkJobPermission(
  connection: BigQueryConnection,
  principal: string | undefined,
): Promise<void> {
  const { options, client } = connection;
  try {
    await client.createQueryJob({ query: 'SELECT 1', useLegacySql: false, dryRun: true });
  } catch (error) {
    const fault = faultOf(error);
    throw requestProblem(connection, fault, error, () => ({
      code: 'LDP881',
      message: `${who(principal)} may not run jobs in project '${options.executionProject}' (BigQuery: ${connection.redact(fault.message)}); grant it roles/bigquery.jobUser on that project${options.executionProject === options.project ? '' : ', or change execution_project'}`,
    }));
  }
}

async function checkDataset(connection: BigQueryConnection, principal: string | undefined): Promise<string> {
  const { options, client } = connection;
  const name = `${options.project}:${options.dataset}`;
  let metadata: { location?: string };
  try {
    [metadata] = await client.dataset(options.dataset, { projectId: options.project }).getMetadata();
  } catch (error) {
    const fault = faultOf(error);
    if (fault.status === 404)
      throw new LdpError({
        code: 'LDP882',
        message: `BigQuery dataset ${name} does not exist; create it (bq mk --dataset${options.location ? ` --location=${options.location}` : ''} ${name}) or set dataset: in profiles.yml to an existing one`,
      });
    throw requestProblem(connection, fault, error, () => ({
      code: 'LDP881',
      message: `${who(principal)} may not read dataset ${name} (BigQuery: ${connection.redact(fault.message)}); grant it roles/bigquery.dataViewer on the dataset or project '${options.project}'`,
    }));
  }
  const location = String(metadata.location ?? '');
  if (options.location && location && options.location.toLowerCase() !== location.toLowerCase())
    throw new LdpError({
      code: 'LDP883',
      message: `BigQuery dataset ${name} is in location ${location} but target '${options.targetName}' has location: ${options.location}; set location: ${location} in profiles.yml (jobs run where the data is)`,
    });
  return location;
}

/** An unreachable endpoint or rejected credentials, else the caller's permission problem. */
function requestProblem(
  connection: BigQueryConnection,
  fault: BigQueryFault,
  error: unknown,
  denied: () => { code: 'LDP881'; message: string },
): LdpError {
  const { options } = connection;
  if (isUnreachable(error))
    return new LdpError({
      code: 'LDP884',
      message: `cannot reach BigQuery at ${options.apiEndpoint ?? 'https://bigquery.googleapis.com'}: ${firstLine(connection, error)}; check the network${options.apiEndpoint ? ' and api_endpoint in profiles.yml' : ''}`,
    });
  if (fault.status === 401)
    return new LdpError({
      code: 'LDP880',
      message: `BigQuery rejected the credentials of target '${options.targetName}' (${connection.redact(fault.message)}); use a valid key or log in again`,
    });
  if (fault.status === 403) return new LdpError(denied());
  return new LdpError({
    code: 'LDP491',
    message: `BigQuery answered ${fault.status ?? 'an error'}${fault.reason ? ` ${fault.reason}` : ''}: ${connection.redact(fault.message)}`,
  });
}

function who(principal: string | undefined): string {
  return principal ? `service account ${principal}` : 'these credentials';
}

function firstLine(connection: BigQueryConnection, error: unknown): string {
  return connection.redact(
    String((error as Error).message ?? error)
      .split('\n')[0]!
      .replace(/\.$/, ''),
  );
}
