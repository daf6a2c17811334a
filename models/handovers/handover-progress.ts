import { WecomTransferModel, type WecomTransfer } from './wecom-transfer.model.js';

/** Where a rep's handover stands: every WeCom transfer of their customers, and counts by status. */
export async function handoverProgress(
  handoverUserId: string,
): Promise<{ counts: Record<string, number>; transfers: Partial<WecomTransfer>[] }> {
  const transfers = await WecomTransferModel.find(
    { handoverUserId },
    {
      kind: 1,
      externalUserId: 1,
      customerId: 1,
      takeoverUserId: 1,
      status: 1,
      reason: 1,
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
  return { counts, transfers };
}
