// Work on one key (e.g. a customer), one at a time in this process, in the order it was asked for. Concurrent
// operations on one document would otherwise race each other through the database, where all but one lose
// after they already paid for their writes (a reservation and its give-back, a guarded update that misses).
// Other instances still race as before: this only orders the operations of one process.

const tails = new Map<string, Promise<void>>();

/**
 * Runs `work` once the work asked for earlier on the same key has settled; `waited` says whether there was any
 * (so what was read before may be stale). Its own result or error is the caller's; the next in line runs either way.
 */
export function inTurn<T>(key: string, work: (waited: boolean) => Promise<T>): Promise<T> {
  const before = tails.get(key);
  const run = before ? before.then(() => work(true)) : work(false);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) {
      tails.delete(key);
    }
  });
  return run;
}
