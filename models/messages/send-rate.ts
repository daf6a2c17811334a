import { MessageRateCounterModel } from './message-rate-counter.model.js';
import { takeWindowSlot } from '../shared/window-counter.js';

// WeCom silently drops app messages past 30 a minute or 1000 an hour to one member (server/wecom/README.md §3.3).
// Counters per member and fixed window (shared by every instance through the database) take a slot
// before each send. Whether WeCom's windows are fixed or sliding is not documented; a sliding window
// of one minute overlaps at most two fixed minutes, so allowing half the limit per fixed window keeps
// any sliding window under WeCom's limit too.

export interface SendLimits {
  perMinute: number;
  perHour: number;
}

export const SAFE_SEND_LIMITS: SendLimits = { perMinute: 15, perHour: 500 };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

async function giveBack(id: string): Promise<void> {
  await MessageRateCounterModel.updateOne({ _id: id, count: { $gt: 0 } }, { $inc: { count: -1 } });
}

/** Takes a send slot for the member now, or says when to try again. */
export async function reserveSendSlot(
  userId: string,
  now: Date,
  limits: SendLimits = SAFE_SEND_LIMITS,
): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
  const minuteStart = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const hourStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const minuteId = `${userId}:m:${minuteStart}`;
  if (!(await takeWindowSlot(MessageRateCounterModel, minuteId, limits.perMinute, new Date(minuteStart + MINUTE_MS)))) {
    return { ok: false, retryAt: new Date(minuteStart + MINUTE_MS) };
  }
  if (
    !(await takeWindowSlot(
      MessageRateCounterModel,
      `${userId}:h:${hourStart}`,
      limits.perHour,
      new Date(hourStart + HOUR_MS),
    ))
  ) {
    await giveBack(minuteId);
    return { ok: false, retryAt: new Date(hourStart + HOUR_MS) };
  }
  return { ok: true };
}

/** Deletes counters of windows that are over. */
export async function purgeSendCounters(now: Date): Promise<number> {
  return (await MessageRateCounterModel.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
}
