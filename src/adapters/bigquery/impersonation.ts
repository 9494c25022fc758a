import { GoogleAuth, Impersonated, JWT, OAuth2Client } from 'google-auth-library';

/** The scope the impersonated token is asked for, and the one the source needs for the IAM API. */
const BIGQUERY_SCOPE = 'https://www.googleapis.com/auth/bigquery';
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const DEFAULT_IAM_ENDPOINT = 'https://iamcredentials.googleapis.com';

export interface ImpersonationOptions {
  /** The service account whose short-lived token BigQuery requests carry. */
  readonly targetPrincipal: string;
  /** The IAM Service Account Credentials API (`iam_credentials_endpoint`). */
  readonly endpoint?: string;
  /** A service-account key as the source credentials; without one, application default credentials. */
  readonly key?: Readonly<Record<string, unknown>>;
}

/**
 * Credentials that impersonate a service account: the source credentials (a service-account key,
 * signing self-signed JWTs as ldp's own key methods do, or application default credentials) ask
 * the IAM Credentials API's `generateAccessToken` for a one-hour token of the target with the
 * BigQuery scope, renewed before it expires — what google-auth-library's `Impersonated` does.
 */
export function impersonatedAuth(options: ImpersonationOptions): Impersonated {
  const settings = {
    targetPrincipal: options.targetPrincipal,
    targetScopes: [BIGQUERY_SCOPE],
    lifetime: 3600,
    delegates: [],
    endpoint: options.endpoint ?? DEFAULT_IAM_ENDPOINT,
  };
  return options.key
    ? new Impersonated({ ...settings, sourceClient: selfSignedSource(options.key) })
    : new ImpersonatedFromDefault(settings);
}

/** A service-account key that signs its own JWTs (no token exchange with Google's OAuth server). */
function selfSignedSource(key: Readonly<Record<string, unknown>>): JWT {
  const jwt = new SelfSignedJwt({
    email: String(key['client_email'] ?? ''),
    key: String(key['private_key'] ?? ''),
    ...(typeof key['private_key_id'] === 'string' ? { keyId: key['private_key_id'] } : {}),
    scopes: [CLOUD_PLATFORM_SCOPE],
  });
  jwt.useJWTAccessWithScope = true;
  return jwt;
}

/**
 * `Impersonated` asks its source for an access token before each exchange; a self-signed key
 * has none to fetch (its requests carry a JWT it signs), so the answer is that JWT.
 */
class SelfSignedJwt extends JWT {
  override async getAccessToken(): Promise<{ token?: string | null }> {
    const headers = await this.getRequestHeaders(DEFAULT_IAM_ENDPOINT);
    return { token: (headers.get('authorization') ?? '').replace(/^Bearer /, '') };
  }
}

/** Impersonation with application default credentials as the source, found on first use. */
class ImpersonatedFromDefault extends Impersonated {
  private readonly defaults = new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });

  constructor(settings: ConstructorParameters<typeof Impersonated>[0]) {
    super({ ...settings, sourceClient: new OAuth2Client() });
  }

  protected override async refreshToken(): ReturnType<Impersonated['refreshToken']> {
    (this as unknown as { sourceClient: unknown }).sourceClient = await this.defaults.getClient();
    return super.refreshToken();
  }
}
