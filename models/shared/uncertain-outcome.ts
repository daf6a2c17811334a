import { isDatabaseUnavailable } from './db-unavailable.js';

// A counter reserved before a change is given back when the change did not happen. When nobody can tell
// whether it happened — the database went away mid-write, or the change landed and only what follows it
// failed — giving back could leave a counter lower than what its holder holds, and the next claim would
// pass the capacity. A counter left too high is safe: the reconciler lowers it once nothing is in flight.

const landed = new WeakSet<object>();

/** Marks an error raised after the change it belongs to was written. */
export function markLanded(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) {
    landed.add(error);
  }
  return error;
}

/** Whether the change behind this error may have been written. */
export function outcomeUncertain(error: unknown): boolean {
  return (typeof error === 'object' && error !== null && landed.has(error)) || isDatabaseUnavailable(error);
}

/** Runs `giveBack` only when the failed change certainly did not happen. */
export async function giveBackUnlessUncertain(error: unknown, giveBack: () => Promise<unknown>): Promise<void> {
  if (!outcomeUncertain(error)) {
    await giveBack();
  }
}
