import { randomBytes } from 'node:crypto';

/**
 * The IAM Service Account Credentials API's `generateAccessToken`, as the fake answers it:
 * `POST /v1/projects/-/serviceAccounts/{email}:generateAccessToken` with
 * `{delegates, scope, lifetime: "3600s"}` answers `{accessToken, expireTime}` (RFC 3339) when the
 * caller may create tokens for that account (roles/iam.serviceAccountTokenCreator), else 403
 * `PERMISSION_DENIED` in the Google API error shape (`{error: {code, message, status}}`).
 */
export class FakeIamCredentials {
  /** Token creators: target account → callers allowed to impersonate it. */
  private readonly creators = new Map<string, Set<string>>();
  /** Access tokens issued: token → the account it stands for, and when it expires (ms). */
  readonly issued = new Map<string, { readonly email: string; readonly expires: number }>();

  allow(caller: string, target: string): void {
    const callers = this.creators.get(target) ?? new Set<string>();
    callers.add(caller);
    this.creators.set(target, callers);
  }

  /** The route's path pattern; the email is the account asked for. */
  static match(path: string): string | undefined {
    const match = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(path);
    return match ? decodeURIComponent(match[1]!) : undefined;
  }

  generateAccessToken(caller: string, target: string, body: Record<string, unknown>): IamAnswer {
    if (!this.creators.get(target)?.has(caller))
      return failure(
        403,
        'PERMISSION_DENIED',
        "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
      );
    const scope = body['scope'];
    if (!Array.isArray(scope) || scope.length === 0)
      return failure(400, 'INVALID_ARGUMENT', 'Scope required.');
    const seconds = Number(/^(\d+)s$/.exec(String(body['lifetime'] ?? '3600s'))?.[1] ?? Number.NaN);
    if (!(seconds > 0 && seconds <= 43_200))
      return failure(400, 'INVALID_ARGUMENT', 'The lifetime must be a duration of at most 43200s.');
    const accessToken = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    const expires = Date.now() + seconds * 1000;
    this.issued.set(accessToken, { email: target, expires });
    return { status: 200, body: { accessToken, expireTime: new Date(expires).toISOString() } };
  }
}

export interface IamAnswer {
  readonly status: number;
  readonly body: unknown;
}

function failure(code: number, status: string, message: string): IamAnswer {
  return { status: code, body: { error: { code, message, status } } };
}
