import type { mongo } from 'mongoose';
import { duplicateKeyFailures, isDuplicateKeyError } from './duplicate-key.js';
import { groupCommit } from './group-commit.js';

// A counter per key and fixed window, incremented only while under its limit (the limit is in the
// filter, so concurrent takers on any server instance never overshoot it). Used by the mini-app's
// rate limits and by the per-member send limits of WeCom app messages.

/** The stored shape of a window counter. */
interface WindowCounterDoc {
  _id: string;
  count: number;
  expiresAt: Date;
}

/** Takes `units` of the window's counter (all or none), or answers false when they do not fit. */
export async function takeWindowSlot(
  model: { collection: mongo.Collection },
  id: string,
  limit: number,
  expiresAt: Date,
  units = 1,
  attempts = 3,
): Promise<boolean> {
  if (units > limit) {
    return false;
  }
  // The driver types _id as an ObjectId by default; these counters key by string.
  const counters = model.collection as unknown as mongo.Collection<WindowCounterDoc>;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const counted = await counters.findOneAndUpdate(
        { _id: id, count: { $lte: limit - units } },
        { $inc: { count: units }, $setOnInsert: { expiresAt } },
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
      if (existing && existing.count + units > limit) {
        return false;
      }
    }
  }
  return false;
}

export interface WindowTake {
  id: string;
  limit: number;
  expiresAt: Date;
  units: number;
}

/**
 * takeWindowSlot for many concurrent takers (a group commit, models/shared/group-commit.ts): the takes of one
 * counter are added up and taken together in one bulk write for all counters. A counter whose sum does not fit
 * (its upsert collides) is then taken one caller at a time, as if each had come alone, so exactly as many fit.
 */
export function groupedWindowSlots(model: { collection: mongo.Collection }): (take: WindowTake) => Promise<boolean> {
  return groupCommit<WindowTake, boolean>(async (takes) => {
    const counters = model.collection as unknown as mongo.Collection<WindowCounterDoc>;
    const byCounter = new Map<string, number[]>();
    takes.forEach((t, i) => {
      const key = `${t.id}\u0000${t.limit}`;
      byCounter.set(key, [...(byCounter.get(key) ?? []), i]);
    });
    const groups = [...byCounter.values()].map((members) => ({
      members,
      first: takes[members[0]!]!,
      units: members.reduce((sum, i) => sum + takes[i]!.units, 0),
    }));
    const fitting = groups.filter((g) => g.units <= g.first.limit);
    let missed = new Set<number>();
    try {
      if (fitting.length > 0) {
        await counters.bulkWrite(
          fitting.map(({ first, units }) => ({
            updateOne: {
              filter: { _id: first.id, count: { $lte: first.limit - units } },
              update: { $inc: { count: units }, $setOnInsert: { expiresAt: first.expiresAt } },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      }
    } catch (error) {
      missed = new Set(duplicateKeyFailures(error));
    }
    const answers = takes.map(() => true);
    const alone = [...groups.filter((g) => g.units > g.first.limit), ...fitting.filter((_, i) => missed.has(i))];
    await Promise.all(
      alone.map(async ({ members }) => {
        for (const i of members) {
          const t = takes[i]!;
          answers[i] = await takeWindowSlot(model, t.id, t.limit, t.expiresAt, t.units);
        }
      }),
    );
    return answers;
  });
}
