import { WecomTransferModel } from '../../../models/handovers/wecom-transfer.model.js';
import { groupedByField } from '../../../models/wecom/grouped-reads.js';

// Whether an added contact completes a WeCom transfer: asked by every add_external_contact, so the handlers
// running side by side share one read (models/wecom/grouped-reads.ts).

type WaitingTransfer = { _id: unknown; externalUserId: string; takeoverUserId: string };

const waitingTransfers = groupedByField<WaitingTransfer>('externalUserId', (ids) =>
  WecomTransferModel.find(
    { externalUserId: { $in: ids }, status: 'waiting' },
    { _id: 1, externalUserId: 1, takeoverUserId: 1 },
  ).lean<WaitingTransfer[]>(),
);

/** The waiting WeCom transfer of this contact to this takeover member, if any. */
export async function waitingTransferTo(
  externalUserId: string,
  takeoverUserId: string,
): Promise<{ _id: unknown } | null> {
  return (await waitingTransfers([externalUserId])).find((t) => t.takeoverUserId === takeoverUserId) ?? null;
}
