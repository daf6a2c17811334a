import type { Customer } from '../../customers/customer.model.js';
import { enqueueMessages, textMessage } from '../../messages/employee-message.js';
import { EmployeeModel } from '../../org/employee.model.js';
import type { MergeSnapshot } from './merge-plans.js';

// The rep who held the merged-away customer is told where it went, through the outbox. The message id
// is the merge's, so a resumed merge never tells them twice.

const holderOf = (s: Pick<MergeSnapshot, 'poolState' | 'ownerId' | 'stakedBy'>) =>
  s.poolState === 'private' ? s.ownerId : s.poolState === 'staked' ? s.stakedBy : null;

function noticeText(tombstone: Customer, survivor: Customer, tookOver: boolean, survivorHolder: string): string {
  const head = `你负责的客户“${tombstone.name}”已被销售运营确认为与“${survivor.name}”是同一家公司，已合并到“${survivor.name}”`;
  const moved = '联系人、跟进记录、商机和申诉都已随之转入';
  if (tookOver) {
    return `${head}。合并后的客户仍由你负责，${moved}。`;
  }
  const holder = survivorHolder ? `由${survivorHolder}负责` : '在公海';
  return `${head}。合并后的客户${holder}，${moved}；它占用的名额已释放给你。如有异议请联系销售运营。`;
}

/** Tells the absorbed customer's holder (if it had one) about the merge; safe to call again. */
export async function tellAbsorbedHolder(tombstone: Customer, survivor: Customer, tookOver: boolean, now: Date) {
  const holderId = holderOf(tombstone.mergeSnapshot as MergeSnapshot);
  if (!holderId) {
    return;
  }
  const survivorHolderId = survivor.ownerId ?? survivor.stakedBy ?? null;
  if (!tookOver && survivorHolderId && String(survivorHolderId) === String(holderId)) {
    // The same rep held both: nothing was taken from them.
    return;
  }
  const people = await EmployeeModel.find({ _id: { $in: [holderId, survivorHolderId].filter(Boolean) } })
    .select({ userId: 1, name: 1 })
    .lean();
  const holder = people.find((p) => String(p._id) === String(holderId));
  if (!holder) {
    return;
  }
  const survivorHolder = people.find((p) => String(p._id) === String(survivorHolderId))?.name ?? '';
  await enqueueMessages(
    [
      {
        id: `customer-merged:${String(tombstone._id)}:${holder.userId}`,
        toUserId: holder.userId,
        kind: 'customer-merged',
        payload: textMessage(noticeText(tombstone, survivor, tookOver, survivorHolder)),
      },
    ],
    now,
  );
}
