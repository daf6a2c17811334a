import { randomUUID } from 'node:crypto';
import { CreateLeaseModel } from './create-lease.model.js';
import { AppError } from '../shared/app-error.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';

// Two reps creating the same company at the same moment would both pass the duplicate check and
// both create it. Creators of the same core name therefore take turns: each holds a short lease
// (an _id-keyed document, so taking it is one atomic insert) while it checks and creates. A lease
// left by a crashed process expires and is taken over.

const LEASE_MS = 15_000;
const WAIT_MS = 10_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function acquire(id: string, token: string): Promise<boolean> {
  const until = new Date(Date.now() + LEASE_MS);
  try {
    await CreateLeaseModel.create({ _id: id, token, until });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
  const held = await CreateLeaseModel.findById(id).lean();
  if (!held || held.until.getTime() >= Date.now()) {
    return false;
  }
  // Expired: take it over, unless someone else did first.
  const taken = await CreateLeaseModel.updateOne({ _id: id, token: held.token }, { $set: { token, until } });
  return taken.modifiedCount === 1;
}

/** Runs `create` while holding the lease for this core name; waits for another holder to finish. */
export async function withCreateLease<T>(core: string, create: () => Promise<T>): Promise<T> {
  if (!core) {
    return create();
  }
  const id = `r:${core}`;
  const token = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  while (!(await acquire(id, token))) {
    if (Date.now() > deadline) {
      throw new AppError('CONFLICT', '同名客户正在被创建，请稍后再试', { details: { core } });
    }
    await sleep(POLL_MS);
  }
  try {
    return await create();
  } finally {
    // The lease expires on its own, so a failed release must not hide the outcome of the create.
    await CreateLeaseModel.deleteOne({ _id: id, token }).catch(() => undefined);
  }
}
