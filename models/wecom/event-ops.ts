import { WecomEventModel, type WecomEvent, type WecomEventStatus } from './wecom-event.model.js';

// What ops see of the WeCom event stream: counts by status, recent or failed events with their last
// error, and a retry for parked events once the cause is fixed.

/** A listed event, with its XML: the fields ops see are read from it (stored events keep no parsed copy). */
export type WecomEventSummary = WecomEvent;

export async function wecomEventCounts(): Promise<Record<string, number>> {
  const groups = await WecomEventModel.aggregate<{ _id: string; n: number }>([
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ]);
  return Object.fromEntries(groups.map((g) => [g._id, g.n]));
}

export async function listWecomEvents(input: {
  status?: WecomEventStatus;
  limit?: number;
}): Promise<WecomEventSummary[]> {
  return WecomEventModel.find(input.status ? { status: input.status } : {})
    .sort({ receivedAt: -1 })
    .limit(Math.min(input.limit ?? 50, 500))
    .lean<WecomEventSummary[]>();
}

/** Puts a parked event back in the queue with fresh attempts; says why not when it was not failed. */
export async function retryWecomEvent(id: string, now: Date): Promise<'retried' | 'not-failed' | 'not-found'> {
  const result = await WecomEventModel.updateOne(
    { _id: id, status: 'failed' },
    { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null } },
  );
  if (result.modifiedCount > 0) {
    return 'retried';
  }
  return (await WecomEventModel.exists({ _id: id })) ? 'not-failed' : 'not-found';
}

export async function retryFailedWecomEvents(now: Date): Promise<number> {
  const result = await WecomEventModel.updateMany(
    { status: 'failed' },
    { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null } },
  );
  return result.modifiedCount;
}
