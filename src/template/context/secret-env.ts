import { LdpError, offsetToLineCol, type Span } from '../../errors/index.js';

/** dbt's prefix for environment variables whose values must never reach a file or a log. */
export const SECRET_ENV_PREFIX = 'DBT_ENV_SECRET_';

export function isSecretEnvName(name: string): boolean {
  return name.startsWith(SECRET_ENV_PREFIX);
}

/** `env_var('DBT_ENV_SECRET_…')` outside the files that may read secrets (`LDP151`). */
export function secretEnvError(name: string, span?: Span): LdpError {
  return new LdpError({
    code: 'LDP151',
    message: `env_var('${name}') reads a secret, which only profiles.yml and packages.yml/dependencies.yml may do`,
    ...(span ? { span } : {}),
    hint: `Move the value into profiles.yml (e.g. password: "{{ env_var('${name}') }}"), or rename the variable without the ${SECRET_ENV_PREFIX} prefix if it is not a secret.`,
  });
}

const SECRET_CALL = new RegExp(String.raw`env_var\s*\(\s*(['"])(${SECRET_ENV_PREFIX}\w*)\1`, 'g');

/**
 * Calls of `env_var` with a secret's name written in `text`, each as an error at its place. A
 * model reading a secret could print it into compiled SQL, the manifest or the catalog, so it
 * is refused when the file is parsed, even where the template is never rendered (the static
 * parse path); a name built at run time is refused by `env_var` itself.
 */
export function secretEnvUses(file: string, text: string): LdpError[] {
  if (!text.includes(SECRET_ENV_PREFIX)) return [];
  return [...text.matchAll(SECRET_CALL)].map((match) =>
    secretEnvError(match[2]!, { file, ...offsetToLineCol(text, match.index) }),
  );
}
