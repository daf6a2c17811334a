import type { Collection } from 'mongodb';
import { groupCommit } from '../shared/group-commit.js';
import { leaseExpiry, unleased } from '../shared/lease.js';
import { WecomEventModel, type WecomEvent } from './wecom-event.model.js';

// The leases of stored WeCom events, taken and renewed a batch at a time. A lease is still exclusive per
// event: the one update of a batch is applied document by document, each only while nobody holds it, and
// the holder is read back by its owner and the lease's expiry — another instance's batch gets the others.
// Results are written only while the lease is ours (owner and status), so a lapsed lease that another
// instance took over is never overwritten.

/**
 * The ids of events due now and not held by anyone, oldest first (WeCom's time, then ours), except `excludeIds`;
 * only those of `partitions` when given (a worker's share, event-partition.ts).
 */
export async function dueEventIds(
  now: Date,
  limit: number,
  excludeIds: readonly string[] = [],
  partitions?: readonly (number | null)[],
): Promise<string[]> {
  const due = await WecomEventModel.find(
    {
      status: { $in: ['pending', 'processing'] },
      ...(partitions ? { partition: { $in: partitions } } : {}),
      nextAttemptAt: { $lte: now },
      ...unleased(now),
      ...(excludeIds.length > 0 ? { _id: { $nin: excludeIds } } : {}),
    },
    { _id: 1 },
  )
    .sort({ createdAtWecom: 1, receivedAt: 1 })
    .limit(limit)
    .lean<Pick<WecomEvent, '_id'>[]>();
  return due.map((e) => e._id);
}

let lastExpiry = 0;

/** A lease expiry no earlier lease or renewal of this process used: it tells this batch's leases apart. */
function uniqueExpiry(now: Date, leaseMs: number): Date {
  lastExpiry = Math.max(leaseExpiry(now, leaseMs).getTime(), lastExpiry + 1);
  return new Date(lastExpiry);
}

/**
 * Leases those of `ids` that are still due and unheld, for `owner`, in one update (status processing, one
 * more attempt); answers the leased events in full, in the order of `ids`.
 */
export async function leaseEvents(
  ids: readonly string[],
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<WecomEvent[]> {
  if (ids.length === 0) {
    return [];
  }
  const leaseUntil = uniqueExpiry(now, leaseMs);
  await WecomEventModel.updateMany(
    { _id: { $in: ids }, status: { $in: ['pending', 'processing'] }, nextAttemptAt: { $lte: now }, ...unleased(now) },
    { $set: { status: 'processing', leaseOwner: owner, leaseUntil }, $inc: { attempts: 1 } },
  );
  const leased = await WecomEventModel.find({
    _id: { $in: ids },
    leaseOwner: owner,
    leaseUntil,
    status: 'processing',
  }).lean<WecomEvent[]>();
  const byId = new Map(leased.map((event) => [event._id, event]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Extends the leases `owner` holds on `ids`; answers the new expiry. */
export async function renewEventLeases(
  ids: readonly string[],
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<Date> {
  const leaseUntil = uniqueExpiry(now, leaseMs);
  if (ids.length > 0) {
    await WecomEventModel.updateMany(
      { _id: { $in: ids }, leaseOwner: owner, status: 'processing' },
      { $set: { leaseUntil } },
    );
  }
  return leaseUntil;
}

export interface EventResult {
  id: string;
  owner: string;
  set: Partial<WecomEvent>;
}

/**
 * Writes events' results (done, failed, or pending again with a later attempt) and releases their leases,
 * each only while `owner` still holds it; concurrent results share one bulk write. Answers whether this
 * event's result was written (false: the lease was lost to another instance).
 */
const events = () => WecomEventModel.collection as unknown as Collection<WecomEvent>;

export const finishEvent: (result: EventResult) => Promise<boolean> = groupCommit<EventResult, boolean>(
  async (results) => {
    // Through the driver: the results are values our code set (statuses, dates, texts), nothing to cast.
    const written = await events().bulkWrite(
      results.map((r) => ({
        updateOne: {
          filter: { _id: r.id, leaseOwner: r.owner, status: 'processing' },
          update: { $set: { ...r.set, leaseUntil: null } },
        },
      })),
      { ordered: false },
    );
    if (written.modifiedCount === results.length) {
      return results.map(() => true);
    }
    // The bulk write counts in total only; a result of ours left its owner on an unleased event, a lease
    // another instance took over shows that instance as the owner (rare: only after a lapsed lease).
    const now = await WecomEventModel.find(
      { _id: { $in: results.map((r) => r.id) } },
      { leaseOwner: 1, leaseUntil: 1 },
    ).lean<Pick<WecomEvent, '_id' | 'leaseOwner' | 'leaseUntil'>[]>();
    const byId = new Map(now.map((e) => [e._id, e]));
    return results.map((r) => byId.get(r.id)?.leaseOwner === r.owner && byId.get(r.id)?.leaseUntil === null);
  },
  200,
);
