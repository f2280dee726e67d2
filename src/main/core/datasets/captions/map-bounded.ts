/**
 * `fn` over every item with at most `limit` calls in flight, results in the items' order. Caption work
 * over a whole dataset goes through this: libuv's pool (4 threads) is shared with every other file read
 * of the host, so a dataset of 50,000 captions must not queue 50,000 reads ahead of them.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}

/** How many caption files are read or written at once: one thread of the pool always stays free. */
export const captionConcurrency = 3;
