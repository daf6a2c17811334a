// The ordered ids behind a console list, kept for a short while per viewer and filter. The embedded
// database serves equality, $in and one range from its indexes, but never a sort: a page read with
// sort/skip/limit and a count would read and sort every matching customer per page (200,000: seconds,
// bench console-customers); with the ids at hand a page is one `_id: {$in}` read. Rows are always read fresh; only which rows belong to the list may lag by the TTL,
// and every console change that moves customers clears the cache.

const TTL_MS = 30_000;
const MAX_LISTS = 100;

const lists = new Map<string, { ids: unknown[]; at: number }>();

export async function cachedIds<T>(key: string, load: () => Promise<T[]>): Promise<T[]> {
  const now = Date.now();
  const hit = lists.get(key);
  if (hit && now - hit.at < TTL_MS) {
    return hit.ids as T[];
  }
  const ids = await load();
  lists.delete(key);
  lists.set(key, { ids, at: now });
  // Maps keep insertion order: the first entries are the oldest.
  while (lists.size > MAX_LISTS) {
    lists.delete(lists.keys().next().value!);
  }
  return ids;
}

/** After a change that moves customers (rules re-dated, an import, a ruling): lists are read anew. */
export function forgetCachedIds(): void {
  lists.clear();
}
