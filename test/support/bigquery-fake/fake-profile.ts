import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BigQueryFake, startBigQueryFake } from './server.js';

export interface FakeProfileOptions {
  readonly profile: string;
  readonly project: string;
  readonly dataset: string;
  readonly location?: string;
  readonly threads?: number;
}

/**
 * Writes `profiles.yml` into a project folder: a local `dev` output and a `prod` BigQuery output
 * pointed at the fake (`api_endpoint`), authenticated with a service-account key the fake
 * generates for the project and that the folder keeps in `key.json`.
 */
export function writeFakeProfile(fake: BigQueryFake, root: string, options: FakeProfileOptions): void {
  const key = fake.addServiceAccount(
    `ldp-${Math.random().toString(36).slice(2)}@${options.project}.iam.gserviceaccount.com`,
    [options.project],
  );
  writeFileSync(join(root, 'key.json'), JSON.stringify(key));
  writeFileSync(
    join(root, 'profiles.yml'),
    `${options.profile}:
  target: dev
  outputs:
    dev:
      type: duckdb
    prod:
      type: bigquery
      method: service-account
      keyfile: ${join(root, 'key.json')}
      project: ${options.project}
      dataset: ${options.dataset}
      location: ${options.location ?? 'US'}
      threads: ${options.threads ?? 4}
      job_retries: 0
      api_endpoint: ${fake.url}
`,
  );
}

/**
 * Starts a fake holding the datasets named as `project.dataset`, or `project.dataset@LOCATION`
 * for one outside the US: the set-up every BigQuery test begins with.
 */
export async function startFakeWithDatasets(...datasets: readonly string[]): Promise<BigQueryFake> {
  const fake = await startBigQueryFake();
  try {
    for (const name of datasets) {
      const match = /^([^.@]+)\.([^.@]+)(?:@(.+))?$/.exec(name);
      if (!match) throw new Error(`dataset '${name}' is not project.dataset[@LOCATION]`);
      await fake.addDataset(match[1]!, match[2]!, match[3] ?? 'US');
    }
    return fake;
  } catch (error) {
    await fake.stop();
    throw error;
  }
}
