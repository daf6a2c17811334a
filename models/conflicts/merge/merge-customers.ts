import { Types } from 'mongoose';
import type { Customer } from '../../customers/customer.model.js';
import { changeCustomer, loadCustomer } from '../../customers/customer-change.js';
import { actingEmployee } from '../../org/permissions.js';
import { authorize } from '../../org/policy/policy.js';
import { releaseCapacity } from '../../pool/counters.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { isDuplicateKeyError } from '../../shared/duplicate-key.js';
import { withNamedLock } from '../../shared/named-lock.js';
import { addToConflictIndex, reindexCustomer } from '../keys/conflict-index.js';
import { CustomerMergeModel, type CustomerMerge } from './customer-merge.model.js';
import { moveCases } from './merge-cases.js';
import { copyLedger, moveDependents, settleFlags } from './merge-moves.js';
import { tellAbsorbedHolder } from './merge-notice.js';
import { snapshotIdentity, survivorIdentity, survivorPlan, tombstonePlan, type MergeSnapshot } from './merge-plans.js';

// Merging two customers that are one company (疑似重复 review, sales ops): contacts, follow-ups,
// cases, WeCom relations, opportunities and ledger history move to the survivor; the other becomes a
// tombstone pointing at it, out of the conflict index; both get a `merge` ledger entry; the holders'
// pool counters stay true. There are no transactions, so the merge is a sequence of single-document
// atomic steps, each safe to repeat, recorded in a merge document (its _id the absorbed customer's):
// a retried request or the nightly reconciler runs the sequence again and it finishes where it stopped.

export interface MergeRequest {
  survivorId: Types.ObjectId | string;
  absorbedId: Types.ObjectId | string;
  flagId?: Types.ObjectId | string | null;
  reason?: string;
}

export interface MergeOutcome {
  survivorId: string;
  absorbedId: string;
  /** The survivor took over the absorbed customer's holder (it was nobody's, the other was held). */
  tookOver: boolean;
  /** The merge was already there (a retry): it was finished, not started again. */
  resumed: boolean;
}

const isHeld = (s: MergeSnapshot) => s.poolState === 'private' || s.poolState === 'staked';

async function mayMerge(ctx: DomainContext, customer: Customer): Promise<void> {
  if (ctx.actor.kind === 'employee') {
    await authorize(await actingEmployee(ctx.actor), 'merge', customer, ctx.now);
  }
}

function assertSameCompany(survivor: Customer, absorbed: Customer): void {
  if (survivor.creditCode && absorbed.creditCode && survivor.creditCode !== absorbed.creditCode) {
    throw new AppError(
      'INVALID_STATE',
      `两个客户的统一社会信用代码不同（${survivor.creditCode} / ${absorbed.creditCode}），不是同一家公司，不能合并`,
      { details: { survivorId: String(survivor._id), absorbedId: String(absorbed._id) } },
    );
  }
}

/** Gives the absorbed holder's capacity back, at most once: the merge record is marked first. */
async function releaseHolderOnce(record: CustomerMerge, snapshot: MergeSnapshot, now: Date): Promise<void> {
  const marked = await CustomerMergeModel.findOneAndUpdate(
    { _id: record._id, countersReleasedAt: null },
    { $set: { countersReleasedAt: now } },
  ).lean();
  // A crash right here leaves the counter one too high (never past the limit); the reconciler repairs it.
  if (marked) {
    await (snapshot.poolState === 'private'
      ? releaseCapacity(snapshot.ownerId, 'privateCount')
      : releaseCapacity(snapshot.stakedBy, 'stakedCount'));
  }
}

/** Runs (or finishes) every step of a recorded merge; each step is a no-op when already done. */
async function runMerge(record: CustomerMerge, ctx: DomainContext): Promise<boolean> {
  const survivorAtStart = await loadCustomer(record.survivorId);
  await changeCustomer(record._id, ctx, (current) => tombstonePlan(current, survivorAtStart));
  const tombstone = await loadCustomer(record._id);
  const snapshot = tombstone.mergeSnapshot as MergeSnapshot;
  await moveDependents(tombstone._id, record.survivorId);
  await moveCases(tombstone._id, record.survivorId, survivorAtStart.name, ctx.now);
  await copyLedger(tombstone._id, record.survivorId);
  await reindexCustomer(tombstone._id, snapshotIdentity(tombstone, snapshot), null);
  // The survivor's new keys are in the index before the survivor carries them.
  await addToConflictIndex(
    record.survivorId,
    survivorIdentity(await loadCustomer(record.survivorId), tombstone, snapshot),
  );
  await changeCustomer(record.survivorId, ctx, (current) => survivorPlan(current, tombstone));
  const survivor = await loadCustomer(record.survivorId);
  const tookOver = survivor.mergedFrom.find((m) => String(m.customerId) === String(tombstone._id))?.tookOver ?? false;
  if (isHeld(snapshot) && !tookOver) {
    await releaseHolderOnce(record, snapshot, ctx.now);
  }
  await tellAbsorbedHolder(tombstone, survivor, tookOver, ctx.now);
  await settleFlags(tombstone._id, record.survivorId, {
    by: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    at: ctx.now,
  });
  await CustomerMergeModel.updateOne(
    { _id: record._id, status: 'running' },
    { $set: { status: 'done', finishedAt: ctx.now } },
  );
  return tookOver;
}

/** Starts the merge record, or finds the one a previous attempt started. */
async function startMerge(
  input: MergeRequest,
  ctx: DomainContext,
): Promise<{ record: CustomerMerge; resumed: boolean }> {
  const absorbedId = new Types.ObjectId(String(input.absorbedId));
  const survivorId = new Types.ObjectId(String(input.survivorId));
  const existing = await CustomerMergeModel.findById(absorbedId).lean<CustomerMerge>();
  if (existing) {
    if (String(existing.survivorId) !== String(survivorId)) {
      throw new AppError('CUSTOMER_MERGED', '该客户已合并到另一个客户', {
        details: { mergedInto: String(existing.survivorId) },
      });
    }
    await mayMerge(ctx, await loadCustomer(survivorId));
    return { record: existing, resumed: true };
  }
  const [survivor, absorbed] = await Promise.all([loadCustomer(survivorId), loadCustomer(absorbedId)]);
  await mayMerge(ctx, survivor);
  await mayMerge(ctx, absorbed);
  assertSameCompany(survivor, absorbed);
  const record = {
    _id: absorbedId,
    survivorId,
    flagId: input.flagId ? new Types.ObjectId(String(input.flagId)) : null,
    requestedBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    actorName: ctx.actor.kind === 'employee' ? '' : ctx.actor.name,
    reason: input.reason ?? '',
    status: 'running' as const,
    countersReleasedAt: null,
    startedAt: ctx.now,
    finishedAt: null,
  };
  try {
    await CustomerMergeModel.create(record);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return startMerge(input, ctx);
  }
  return { record, resumed: false };
}

/** Merges the absorbed customer into the survivor; a retry of the same merge finishes it and answers the same. */
export async function mergeCustomers(input: MergeRequest, ctx: DomainContext): Promise<MergeOutcome> {
  if (String(input.survivorId) === String(input.absorbedId)) {
    throw new AppError('VALIDATION_FAILED', '不能把客户与它自己合并');
  }
  const [first, second] = [String(input.survivorId), String(input.absorbedId)].sort();
  // Merges touching the same customer run one at a time (A into B while B goes into C would lose A).
  const busyMessage = '这两个客户正在合并中，请稍后重试';
  return withNamedLock(
    `merge:${first}`,
    () =>
      withNamedLock(
        `merge:${second}`,
        async () => {
          const { record, resumed } = await startMerge(input, ctx);
          const tookOver = await runMerge(record, ctx);
          return { survivorId: String(record.survivorId), absorbedId: String(record._id), tookOver, resumed };
        },
        { ttlMs: 120_000, busyMessage },
      ),
    { ttlMs: 120_000, busyMessage },
  );
}

/** Finishes merges a crash left running (older than a few minutes, so none still in progress). */
export async function resumeMerges(ctx: DomainContext, olderThanMs = 5 * 60_000): Promise<number> {
  const stale = await CustomerMergeModel.find({
    status: 'running',
    startedAt: { $lt: new Date(ctx.now.getTime() - olderThanMs) },
  }).lean<CustomerMerge[]>();
  let finished = 0;
  for (const record of stale) {
    try {
      await mergeCustomers({ survivorId: record.survivorId, absorbedId: record._id }, ctx);
      finished += 1;
    } catch (error) {
      // One merge that cannot finish (its survivor merged away meanwhile) must not stop the others.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return finished;
}
