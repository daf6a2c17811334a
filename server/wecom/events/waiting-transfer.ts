import { WecomTransferModel } from '../../../models/handovers/wecom-transfer.model.js';
import { groupedByField } from '../../../models/wecom/grouped-reads.js';

// Whether an added contact completes a WeCom transfer: asked by every add_external_contact, so the handlers
// running side by side share one read (models/wecom/grouped-reads.ts, or the phase read of contact-reads.ts).

export type WaitingTransfer = { _id: unknown; externalUserId: string; takeoverUserId: string };

/** The waiting WeCom transfers of these contacts, read now (one `$in` read). */
export const readWaitingTransfers = (ids: readonly string[]): Promise<WaitingTransfer[]> =>
  WecomTransferModel.find(
    { externalUserId: { $in: ids }, status: 'waiting' },
    { _id: 1, externalUserId: 1, takeoverUserId: 1 },
  ).lean<WaitingTransfer[]>();

const waitingTransfers = groupedByField<WaitingTransfer>('externalUserId', readWaitingTransfers);

/** The waiting WeCom transfer of this contact to this takeover member, if any (from `known` when given). */
export async function waitingTransferTo(
  externalUserId: string,
  takeoverUserId: string,
  known?: readonly WaitingTransfer[],
): Promise<{ _id: unknown } | null> {
  const transfers = known ?? (await waitingTransfers([externalUserId]));
  return transfers.find((t) => t.takeoverUserId === takeoverUserId) ?? null;
}
