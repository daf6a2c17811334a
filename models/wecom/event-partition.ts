// Stored WeCom events are spread over EVENT_PARTITIONS partitions by their ordering key (all events of one contact,
// or of one member, share a partition), so several worker processes can process them side by side and each
// contact's events still run in order: a worker takes only the partitions of its share (the share of worker i of
// n is every partition p with p mod n = i). The partition is stored with the event when it is received; events
// stored by versions before it have none, and belong to the first worker's share.

/** Divisible by 1–6, so up to six workers get equal shares. */
export const EVENT_PARTITIONS = 60;

/** One worker process's part of the events: the `index`-th of `of`. */
export interface EventShare {
  index: number;
  of: number;
}

/** The partition of an ordering key (FNV-1a, 32 bits: stable across processes and versions). */
export function eventPartition(orderingKey: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < orderingKey.length; i++) {
    hash ^= orderingKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % EVENT_PARTITIONS;
}

/**
 * The partitions a share takes, `null` standing for events stored without one; `undefined` for the one share of
 * all of them (no filter at all).
 */
export function partitionsOf(share: EventShare | undefined): (number | null)[] | undefined {
  if (!share || share.of <= 1) {
    return undefined;
  }
  const mine: (number | null)[] = [];
  for (let p = share.index; p < EVENT_PARTITIONS; p += share.of) {
    mine.push(p);
  }
  return share.index === 0 ? [...mine, null] : mine;
}
