import { HandoverRecordModel, type HandoverRecord } from './handover-record.model.js';
import { WecomTransferModel, type WecomTransfer } from './wecom-transfer.model.js';

/**
 * Where a rep's handover stands: every plan started for them (with its reason and what happened at once),
 * every WeCom transfer of their customers, and counts by status.
 */
export async function handoverProgress(handoverUserId: string): Promise<{
  counts: Record<string, number>;
  transfers: Partial<WecomTransfer>[];
  plans: Partial<HandoverRecord>[];
}> {
  const transfers = await WecomTransferModel.find(
    { handoverUserId },
    {
      kind: 1,
      externalUserId: 1,
      customerId: 1,
      takeoverUserId: 1,
      status: 1,
      reason: 1,
      handoverReason: 1,
      requestedAt: 1,
      startedAt: 1,
      settledAt: 1,
    },
  )
    .sort({ requestedAt: 1 })
    .lean<WecomTransfer[]>();
  const counts: Record<string, number> = {};
  for (const transfer of transfers) {
    counts[transfer.status] = (counts[transfer.status] ?? 0) + 1;
  }
  const plans = await HandoverRecordModel.find({ handoverUserId }, { _id: 0, handoverUserId: 0 })
    .sort({ requestedAt: 1 })
    .lean<HandoverRecord[]>();
  return { counts, transfers, plans };
}
