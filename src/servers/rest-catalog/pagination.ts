import { RestErrors } from './rest-errors.js';

/**
 * The spec's pagination: without `pageToken` everything in one response (`next-page-token`
 * null); with it (empty for the first page) at most `pageSize` items after the token, which is
 * the opaque key of the last item sent. Keys, not offsets, so a page stays right when items
 * are added or dropped between requests.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  query: URLSearchParams,
): { readonly page: readonly T[]; readonly next: string | null } {
  const token = query.get('pageToken');
  const size = pageSize(query.get('pageSize'));
  if (token === null && size === undefined) return { page: items, next: null };
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : undefined;
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = size === undefined ? rest : rest.slice(0, size);
  const more = page.length < rest.length;
  return {
    page,
    next: more ? Buffer.from(keyOf(page[page.length - 1]!), 'utf8').toString('base64url') : null,
  };
}

function pageSize(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1)
    throw RestErrors.badRequest(`pageSize must be a positive integer, got '${value}'`);
  return size;
}
