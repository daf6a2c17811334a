import type { Types } from 'mongoose';
import { HandoverRecordModel, type HandoverRecord } from './handover-record.model.js';
import { WecomTransferModel, type WecomTransfer } from './wecom-transfer.model.js';

const transferFields = [
  'kind',
  'externalUserId',
  'customerId',
  'takeoverUserId',
  'status',
  'reason',
  'handoverReason',
  'requestedAt',
  'startedAt',
  'settledAt',
] as const;

export type TransferProgress = Pick<WecomTransfer, (typeof transferFields)[number]> & { _id: Types.ObjectId };

export interface HandoverProgress {
  counts: Record<string, number>;
  transfers: TransferProgress[];
  plans: Omit<HandoverRecord, 'handoverUserId' | '_id'>[];
}

/**
 * Where a rep's handover stands: every plan started for them (with its reason and what happened at once),
 * every WeCom transfer of their customers, and counts by status.
 */
export async function handoverProgress(handoverUserId: string): Promise<HandoverProgress> {
  const transfers = await WecomTransferModel.find(
    { handoverUserId },
    Object.fromEntries(transferFields.map((f) => [f, 1])),
  )
    .sort({ requestedAt: 1 })
    .lean<TransferProgress[]>();
  const counts: Record<string, number> = {};
  for (const transfer of transfers) {
    counts[transfer.status] = (counts[transfer.status] ?? 0) + 1;
  }
  const plans = await HandoverRecordModel.find({ handoverUserId }, { _id: 0, handoverUserId: 0 })
    .sort({ requestedAt: 1 })
    .lean<HandoverProgress['plans']>();
  return { counts, transfers, plans };
}
