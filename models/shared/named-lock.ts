import { randomUUID } from 'node:crypto';
import { AppError } from './app-error.js';
import { NamedLockModel } from './named-lock.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';

// Runs fn while holding the named lock. Waits (briefly) for another holder; gives up with CONFLICT,
// which callers treat as "try again later". Lock times are wall-clock: they coordinate processes.

export async function withNamedLock<T>(
  name: string,
  fn: () => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  const holder = randomUUID();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (await acquire(name, holder, ttlMs)) {
      break;
    }
    if (Date.now() > deadline) {
      throw new AppError('CONFLICT', '操作正在进行中，请稍后重试', { details: { lock: name } });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    return await fn();
  } finally {
    await NamedLockModel.deleteOne({ _id: name, holder });
  }
}

async function acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
  const expiresAt = new Date(Date.now() + ttlMs);
  try {
    await NamedLockModel.create({ _id: name, holder, expiresAt });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
  // Held: take it over only if its holder let it expire.
  const taken = await NamedLockModel.findOneAndUpdate(
    { _id: name, expiresAt: { $lt: new Date() } },
    { $set: { holder, expiresAt } },
    { returnDocument: 'after' },
  ).lean();
  return taken !== null;
}
