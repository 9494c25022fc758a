/**
 * nunjucks passes keyword arguments to JS functions as a trailing object flagged `__keywords`.
 * This turns a call's arguments back into Python's positional and keyword parts.
 */
export function splitArgs(args: readonly unknown[]): {
  positional: unknown[];
  keywords: Record<string, unknown>;
} {
  const last = args[args.length - 1];
  if (isKeywords(last)) {
    const keywords: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(last)) if (key !== '__keywords') keywords[key] = value;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: [...args], keywords: {} };
}

export function isKeywords(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && (value as { __keywords?: unknown }).__keywords === true
  );
}
