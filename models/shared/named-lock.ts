import { randomUUID } from 'node:crypto';
import { AppError } from './app-error.js';
import type { Collection } from 'mongodb';
import { NamedLockModel, type NamedLock } from './named-lock.model.js';
import { groupedInsert, groupedWrite } from './grouped-writes.js';

// The one mutex across server instances and bot processes. Runs fn while holding the named lock
// (an _id-keyed document, so taking it is one atomic insert). Waits (briefly) for another holder;
// gives up with CONFLICT, which callers treat as "try again later". A lock left by a crashed process
// expires and is taken over. Lock times are wall-clock: they coordinate processes. Locks taken or given back
// at the same moment (a burst of WeCom leads, each in its creators' turn) share one insert or one delete.

export interface NamedLockOptions {
  ttlMs?: number;
  waitMs?: number;
  /** What the user is told when the lock stays busy. */
  busyMessage?: string;
}

export async function withNamedLock<T>(name: string, fn: () => Promise<T>, options: NamedLockOptions = {}): Promise<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  const holder = randomUUID();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (await acquire(name, holder, ttlMs)) {
      break;
    }
    if (Date.now() > deadline) {
      throw new AppError('CONFLICT', options.busyMessage ?? '操作正在进行中，请稍后重试', { details: { lock: name } });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    return await fn();
  } finally {
    // The lock expires on its own, so a failed release must not hide the outcome of fn.
    await release({ deleteOne: { filter: { _id: name, holder } } }).catch(() => undefined);
  }
}

// Through the driver: a lock document is three plain fields, built complete here.
const locks = () => NamedLockModel.collection as unknown as Collection<NamedLock>;
const insertLock = groupedInsert(locks);
const release = groupedWrite(locks);

async function acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(Date.now() + ttlMs);
  if ((await insertLock({ _id: name, holder, expiresAt })) === 'inserted') {
    return true;
  }
  // Held: take it over only if its holder let it expire.
  const taken = await NamedLockModel.findOneAndUpdate(
    { _id: name, expiresAt: { $lt: new Date() } },
    { $set: { holder, expiresAt } },
    { returnDocument: 'after' },
  ).lean();
  return taken !== null;
}
