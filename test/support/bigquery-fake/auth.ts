import { generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { FakeError } from './types.js';

/** A service-account key file as the Cloud console downloads it. */
export interface ServiceAccountKey {
  readonly type: 'service_account';
  readonly project_id: string;
  readonly private_key_id: string;
  readonly private_key: string;
  readonly client_email: string;
  readonly client_id: string;
  readonly auth_uri: string;
  readonly token_uri: string;
}

/** A new RSA service account: its key file (for the client) and public key (for the fake). */
export function newServiceAccount(
  email: string,
  project: string,
): { key: ServiceAccountKey; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    key: {
      type: 'service_account',
      project_id: project,
      private_key_id: randomUUID().replaceAll('-', ''),
      private_key: privateKey,
      client_email: email,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    publicKey,
  };
}

const unauthenticated = (message: string) =>
  new FakeError(401, { reason: 'unauthorized', message, domain: 'global' });

/**
 * The principal of a request: its `Authorization: Bearer` token must be a self-signed JWT
 * (RS256) of a registered service account, signed by that account's key and not expired, or an
 * unexpired access token the fake's IAM Credentials API issued.
 */
export function principalOf(
  header: string | undefined,
  publicKeys: ReadonlyMap<string, string>,
  accessTokens: ReadonlyMap<string, { readonly email: string; readonly expires: number }> = new Map(),
): string {
  if (!header?.startsWith('Bearer '))
    throw unauthenticated(
      'Request is missing required authentication credential. Expected OAuth 2 access token.',
    );
  // An access token the fake's IAM Credentials API issued (an impersonated account).
  const issued = accessTokens.get(header.slice('Bearer '.length));
  if (issued) {
    if (issued.expires < Date.now()) throw unauthenticated('Request had expired credentials.');
    return issued.email;
  }
  const [head, payload, signature] = header.slice('Bearer '.length).split('.');
  if (!head || !payload || !signature)
    throw unauthenticated('Request had invalid authentication credentials.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const email = String(claims['iss']);
  const key = publicKeys.get(email);
  const signed = Buffer.from(`${head}.${payload}`);
  if (!key || !verify('RSA-SHA256', signed, key, Buffer.from(signature, 'base64url')))
    throw unauthenticated('Request had invalid authentication credentials.');
  if (Number(claims['exp']) * 1000 < Date.now()) throw unauthenticated('Request had expired credentials.');
  return email;
}
