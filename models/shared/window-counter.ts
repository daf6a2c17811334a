import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key.js';

// A counter per key and fixed window, incremented only while under its limit (the limit is in the
// filter, so concurrent takers on any server instance never overshoot it). Used by the mini-app's
// rate limits and by the per-member send limits of WeCom app messages.

/** The stored shape of a window counter. */
interface WindowCounterDoc {
  _id: string;
  count: number;
  expiresAt: Date;
}

/** Takes one unit of the window's counter, or answers false when it is full. */
export async function takeWindowSlot(
  model: { collection: mongo.Collection },
  id: string,
  limit: number,
  expiresAt: Date,
  attempts = 3,
): Promise<boolean> {
  // The driver types _id as an ObjectId by default; these counters key by string.
  const counters = model.collection as unknown as mongo.Collection<WindowCounterDoc>;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const counted = await counters.findOneAndUpdate(
        { _id: id, count: { $lt: limit } },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt } },
        { upsert: true, returnDocument: 'after', projection: { _id: 1 } },
      );
      if (counted) {
        return true;
      }
    } catch (error) {
      // The filter missed a full counter (the upsert then collides on _id), or two first takers raced to create it.
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
      const existing = await counters.findOne({ _id: id }, { projection: { count: 1 } });
      if (existing && existing.count >= limit) {
        return false;
      }
    }
  }
  return false;
}
