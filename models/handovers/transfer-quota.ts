import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { TransferQuotaModel } from './transfer-quota.model.js';
import { DAY } from '../shared/clock.js';

// WeCom allows 2 transfers per customer in 90 natural days (40128). A slot is taken before calling
// WeCom and given back when WeCom does not start the transfer, so the product never asks for a third.

export const TRANSFER_QUOTA = { count: 2, days: 90 } as const;

/** Takes a transfer slot for the customer; false when two transfers already started within 90 days. */
export async function reserveTransferSlot(externalUserId: string, transferId: string, now: Date): Promise<boolean> {
  const cutoff = new Date(now.getTime() - TRANSFER_QUOTA.days * DAY);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await TransferQuotaModel.exists({ _id: externalUserId, 'starts.transferId': transferId })) {
      return true; // a retried start of the same transfer
    }
    try {
      const taken = await TransferQuotaModel.findOneAndUpdate(
        { _id: externalUserId, $or: [{ 'starts.1': { $exists: false } }, { 'starts.0.at': { $lte: cutoff } }] },
        { $push: { starts: { $each: [{ at: now, transferId }], $slice: -TRANSFER_QUOTA.count } } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (taken) {
        return true;
      }
    } catch (error) {
      // The filter missed an existing document (quota used up), or two first starts raced to insert it.
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
      const existing = await TransferQuotaModel.findById(externalUserId).lean();
      if (existing && existing.starts.length >= TRANSFER_QUOTA.count && existing.starts[0]!.at > cutoff) {
        return false;
      }
    }
  }
  return false;
}

/** Gives the slot back when WeCom did not start the transfer. */
export async function releaseTransferSlot(externalUserId: string, transferId: string): Promise<void> {
  await TransferQuotaModel.updateOne({ _id: externalUserId }, { $pull: { starts: { transferId } } });
}

/** WeCom says the customer's quota is used up (transfers made outside the product): remember it. */
export async function markQuotaExhausted(externalUserId: string, now: Date): Promise<void> {
  await TransferQuotaModel.updateOne(
    { _id: externalUserId },
    {
      $set: {
        starts: [
          { at: now, transferId: 'wecom-40128-a' },
          { at: now, transferId: 'wecom-40128-b' },
        ],
      },
    },
    { upsert: true },
  );
}
