/**
 * Removes credentials from text that may reach a log, an artifact or an error: private keys,
 * bearer and OAuth tokens, and any exact secret value the caller knows (a key file's fields).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let clean = text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted key]')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]')
    .replace(/\bya29\.[A-Za-z0-9._-]+/g, '[redacted token]')
    .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '[redacted token]');
  for (const secret of secrets) if (secret.length >= 8) clean = clean.split(secret).join('[redacted]');
  return clean;
}

/** The secret strings of a key file: what `redact` must also hide when it appears verbatim. */
export function secretsOf(keyfile: Readonly<Record<string, unknown>> | undefined): string[] {
  if (!keyfile) return [];
  return ['private_key', 'private_key_id', 'refresh_token', 'client_secret']
    .map((key) => keyfile[key])
    .filter((value): value is string => typeof value === 'string');
}
