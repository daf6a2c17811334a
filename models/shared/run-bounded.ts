// Scheduled work handles many items with a fixed number in flight, and one item's failure never
// stops the others: each failure is collected with the item it belongs to.

export interface ItemFailure<T> {
  item: T;
  error: unknown;
}

/** Runs fn for every item, at most `concurrency` at a time; returns the failures. */
export async function runBounded<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<ItemFailure<T>[]> {
  const failures: ItemFailure<T>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failures.push({ item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return failures;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
