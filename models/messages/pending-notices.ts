import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { EmployeeModel } from '../employee.model.js';
import { PendingNoticeModel, type NoticeItem, type PendingNotice } from '../pending-notice.model.js';
import { isDuplicateKeyError } from '../pool/customer-change.js';
import { enqueueMessages, type EmployeeMessage, type WecomMessagePayload } from './employee-message.js';

// Notices collect what a job did to an employee's customers; flushNotices() turns everything pending
// into one message per employee. See pending-notice.model.ts for why they are stored first.

export type NoticeKind = 'drop' | 'stake-expire';

/** A short, stable digest of keys, for message ids that name exactly what a message tells. */
export function keysDigest(keys: readonly string[]): string {
  return createHash('sha1').update([...keys].sort().join('\n')).digest('hex').slice(0, 16);
}

/** Appends an item to the employee's pending notice of this kind, once per item key. */
export async function addNotice(kind: NoticeKind, employeeId: Types.ObjectId, item: NoticeItem): Promise<void> {
  const _id = `${kind}:${String(employeeId)}`;
  const filter = { _id, 'items.key': { $ne: item.key } };
  const update = { $setOnInsert: { kind, employeeId }, $push: { items: item } };
  try {
    await PendingNoticeModel.updateOne(filter, update, { upsert: true });
  } catch (error) {
    // The document exists (with this item already, or created by a concurrent writer): append without upsert.
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
    await PendingNoticeModel.updateOne(filter, { $push: { items: item } });
  }
}

export interface NoticeRecipient {
  employeeId: Types.ObjectId;
  userId: string;
  name: string;
}

export type RenderNotice = (items: NoticeItem[], recipient: NoticeRecipient) => WecomMessagePayload;

/**
 * Sends every pending notice of a kind as one message per employee, then forgets the items sent.
 * The message id is derived from the item keys, so a flush interrupted after queueing and repeated
 * queues nothing twice. Items of employees who have left are dropped: there is nobody to tell.
 */
export async function flushNotices(kind: NoticeKind, render: RenderNotice, now: Date, dryRun = false): Promise<EmployeeMessage[]> {
  const notices = await PendingNoticeModel.find({ kind }).lean<PendingNotice[]>();
  const pending = notices.filter((n) => n.items.length > 0);
  const employees = await EmployeeModel.find({ _id: { $in: pending.map((n) => n.employeeId) } }, { userId: 1, name: 1, status: 1 }).lean();
  const byId = new Map(employees.map((e) => [String(e._id), e]));
  const messages: EmployeeMessage[] = [];
  for (const notice of pending) {
    const employee = byId.get(String(notice.employeeId));
    const items = [...notice.items].sort((a, b) => a.at.getTime() - b.at.getTime() || a.customerName.localeCompare(b.customerName));
    const keys = items.map((i) => i.key);
    const message: EmployeeMessage | null = employee && employee.status === 'active'
      ? {
        id: `${kind}:${employee.userId}:${keysDigest(keys)}`,
        toUserId: employee.userId,
        kind,
        payload: render(items, { employeeId: notice.employeeId, userId: employee.userId, name: employee.name }),
      }
      : null;
    if (message) {
      messages.push(message);
    }
    if (dryRun) {
      continue;
    }
    if (message) {
      await enqueueMessages([message], now);
    }
    await PendingNoticeModel.updateOne({ _id: notice._id }, { $pull: { items: { key: { $in: keys } } } });
    await PendingNoticeModel.deleteOne({ _id: notice._id, items: { $size: 0 } });
  }
  return messages;
}
