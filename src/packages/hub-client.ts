import { didYouMeanHint, LdpError, type Span } from '../errors/index.js';

export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

/** A server that accepts but never answers must not hang `ldp deps`. */
const FETCH_TIMEOUT_MS = 120_000;

/** One published version of a hub package, as the hub's JSON API describes it. */
export interface HubVersion {
  readonly version: string;
  /** The dbt project name the package installs as (`dbt_utils`). */
  readonly name: string;
  readonly tarball: string;
  /** The packages this version asks for, in packages.yml form. */
  readonly packages: readonly Record<string, unknown>[];
  readonly requireDbtVersion?: unknown;
}

/**
 * Reads the dbt package hub's JSON API: `api/v1/<namespace>/<name>.json` lists every version
 * with its tarball and dependencies; `api/v1/index.json` lists every package. The base URL is
 * dbt's `DBT_PACKAGE_HUB_URL` (a private mirror, or a test server). Answers are kept for the
 * life of the client (one `ldp deps`), so each package is asked for once.
 */
export class HubClient {
  private readonly packages = new Map<string, Promise<readonly HubVersion[]>>();

  constructor(
    readonly baseUrl: string = DEFAULT_HUB_URL,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** Every published version of `pkg` (`dbt-labs/dbt_utils`); `span` is where it was asked for. */
  versions(pkg: string, span?: Span): Promise<readonly HubVersion[]> {
    const key = pkg.toLowerCase();
    let answer = this.packages.get(key);
    if (answer === undefined) {
      answer = this.readVersions(pkg, span);
      this.packages.set(key, answer);
    }
    return answer;
  }

  private async readVersions(pkg: string, span: Span | undefined): Promise<readonly HubVersion[]> {
    const url = this.url(`api/v1/${pkg}.json`);
    const response = await fetchOrFail(this.fetchFn, url, `hub package '${pkg}'`, span);
    if (response.status === 404) throw await this.notFound(pkg, url, span);
    if (!response.ok) throw httpError(`hub package '${pkg}'`, url, response.status, span);
    const body = (await readJson(response, url, span)) as { versions?: unknown };
    if (body.versions === null || typeof body.versions !== 'object') {
      throw new LdpError({
        code: 'LDP866',
        message: `the package hub's answer for '${pkg}' (${url}) has no versions`,
        ...(span !== undefined ? { span } : {}),
        hint: 'Check DBT_PACKAGE_HUB_URL: it must point at a dbt package hub.',
      });
    }
    return Object.entries(body.versions as Record<string, unknown>).flatMap(([version, info]) =>
      toHubVersion(pkg, version, info),
    );
  }

  /** 404: says so, with a close name from the hub's index when there is one. */
  private async notFound(pkg: string, url: string, span: Span | undefined): Promise<LdpError> {
    let names: string[] = [];
    try {
      const index = await this.fetchFn(this.url('api/v1/index.json'), {
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (index.ok)
        names = ((await index.json()) as unknown[]).filter((n): n is string => typeof n === 'string');
    } catch {
      // The index only improves the hint; the error stands without it.
    }
    return new LdpError({
      code: 'LDP854',
      message: `package '${pkg}' is not on the package hub (${url} answered 404)`,
      ...(span !== undefined ? { span } : {}),
      hint: didYouMeanHint(pkg, names) ?? 'Check the namespace and name on https://hub.getdbt.com.',
    });
  }

  private url(path: string): string {
    return `${this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`}${path}`;
  }
}

function toHubVersion(pkg: string, version: string, info: unknown): HubVersion[] {
  if (info === null || typeof info !== 'object') return [];
  const entry = info as Record<string, unknown>;
  const downloads = entry['downloads'] as Record<string, unknown> | undefined;
  const tarball = downloads?.['tarball'];
  if (typeof tarball !== 'string') return [];
  const packages = Array.isArray(entry['packages']) ? (entry['packages'] as Record<string, unknown>[]) : [];
  return [
    {
      version,
      name: typeof entry['name'] === 'string' ? entry['name'] : pkg.split('/')[1]!,
      tarball,
      packages,
      ...(entry['require_dbt_version'] !== undefined
        ? { requireDbtVersion: entry['require_dbt_version'] }
        : {}),
    },
  ];
}

/** `fetch`, with a machine fault (no network, refused, DNS) as an error naming what and where. */
export async function fetchOrFail(
  fetchFn: typeof fetch,
  url: string,
  what: string,
  span: Span | undefined,
): Promise<Response> {
  try {
    return await fetchFn(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new LdpError(
      {
        code: 'LDP853',
        message: `could not fetch ${what} from ${url}: ${reason}`,
        ...(span !== undefined ? { span } : {}),
        hint: 'Check the network connection (and DBT_PACKAGE_HUB_URL); with package-lock.yml and installed packages, ldp deps needs no network.',
      },
      { cause: error },
    );
  }
}

export function httpError(what: string, url: string, status: number, span: Span | undefined): LdpError {
  return new LdpError({
    code: 'LDP853',
    message: `could not fetch ${what} from ${url}: the server answered ${status}`,
    ...(span !== undefined ? { span } : {}),
    hint: 'Check the URL; try again later if the server is unavailable.',
  });
}

async function readJson(response: Response, url: string, span: Span | undefined): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    throw new LdpError(
      {
        code: 'LDP866',
        message: `the package hub's answer from ${url} is not JSON`,
        ...(span !== undefined ? { span } : {}),
        hint: 'Check DBT_PACKAGE_HUB_URL: it must point at a dbt package hub.',
      },
      { cause: error },
    );
  }
}
