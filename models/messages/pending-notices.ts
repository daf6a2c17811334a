import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { EmployeeModel } from '../org/employee.model.js';
import { PendingNoticeModel, type NoticeItem, type PendingNotice, type StoredNotice } from './pending-notice.model.js';
import { ignoreDuplicateKeys } from '../shared/duplicate-key.js';
import { enqueueMessages, type EmployeeMessage, type WecomMessagePayload } from './employee-message.js';

// Notices collect what a job did to employees' customers; flushNotices() turns everything pending
// into one message per employee. See pending-notice.model.ts for why they are stored first.

export type NoticeKind = 'drop' | 'stake-expire';

const DELETE_CHUNK = 500;

/** A short, stable digest of keys, for message ids that name exactly what a message tells. */
export function keysDigest(keys: readonly string[]): string {
  return createHash('sha1')
    .update([...keys].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

/** Notes an item for the employee, once per item key. */
export async function addNotice(kind: NoticeKind, employeeId: Types.ObjectId, item: NoticeItem): Promise<void> {
  await addNotices(kind, [{ employeeId, item }]);
}

/**
 * Notes many items at once: one document holding them all (one insert, one delete once told), each told once
 * per item key. Its id names the keys, so noting the same items again writes nothing.
 */
export async function addNotices(
  kind: NoticeKind,
  notices: readonly { employeeId: Types.ObjectId; item: NoticeItem }[],
): Promise<void> {
  if (notices.length === 0) {
    return;
  }
  const id =
    notices.length === 1 ? `${kind}:${notices[0]!.item.key}` : `${kind}:${keysDigest(notices.map((n) => n.item.key))}`;
  const doc = { _id: id, kind, notices: notices.map(({ employeeId, item }) => ({ employeeId, ...item })) };
  try {
    // Through the driver: the items are built by the jobs from stored data (no request input to cast).
    await PendingNoticeModel.collection.insertOne(doc as never);
  } catch (error) {
    ignoreDuplicateKeys(error);
  }
}

type NoticeDocument = PendingNotice & { _id: string };

/** The notices a document holds (one, in its own fields, for a document of an earlier release). */
function noticesOf(doc: NoticeDocument): StoredNotice[] {
  if (doc.notices) {
    return doc.notices;
  }
  return doc.employeeId && doc.key && doc.customerId && doc.at
    ? [
        {
          employeeId: doc.employeeId,
          key: doc.key,
          customerId: doc.customerId,
          customerName: doc.customerName ?? '',
          reason: doc.reason ?? '',
          detail: doc.detail ?? '',
          at: doc.at,
        },
      ]
    : [];
}

/** Pending notices by employee, each item key once, in the order they are told (oldest first, then by name). */
function byEmployee(docs: readonly NoticeDocument[]): Map<string, StoredNotice[]> {
  const seen = new Set<string>();
  const grouped = new Map<string, StoredNotice[]>();
  for (const notice of docs.flatMap(noticesOf)) {
    if (seen.has(notice.key)) {
      continue;
    }
    seen.add(notice.key);
    const list = grouped.get(String(notice.employeeId));
    if (list) {
      list.push(notice);
    } else {
      grouped.set(String(notice.employeeId), [notice]);
    }
  }
  for (const list of grouped.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.customerName.localeCompare(b.customerName));
  }
  return grouped;
}

export interface NoticeRecipient {
  employeeId: Types.ObjectId;
  userId: string;
  name: string;
}

export type RenderNotice = (items: NoticeItem[], recipient: NoticeRecipient) => WecomMessagePayload;

/**
 * Sends every pending notice of a kind as one message per employee, then forgets the notices sent.
 * The message id is derived from the item keys, so a flush interrupted after queueing and repeated
 * queues nothing twice. Notices for employees who have left are dropped: there is nobody to tell.
 */
export async function flushNotices(
  kind: NoticeKind,
  render: RenderNotice,
  now: Date,
  dryRun = false,
): Promise<EmployeeMessage[]> {
  const docs = (await PendingNoticeModel.collection.find({ kind }).toArray()) as unknown as NoticeDocument[];
  const grouped = byEmployee(docs);
  const employees = await EmployeeModel.find(
    { _id: { $in: [...grouped.keys()] } },
    { userId: 1, name: 1, status: 1 },
  ).lean();
  const byId = new Map(employees.map((e) => [String(e._id), e]));
  const messages: EmployeeMessage[] = [];
  for (const [employeeId, items] of grouped) {
    const employee = byId.get(employeeId);
    if (employee && employee.status === 'active') {
      messages.push({
        id: `${kind}:${employee.userId}:${keysDigest(items.map((i) => i.key))}`,
        toUserId: employee.userId,
        kind,
        payload: render(items, { employeeId: employee._id, userId: employee.userId, name: employee.name }),
      });
    }
  }
  if (!dryRun) {
    // Every message queued before any notice is forgotten; ids make a repeated flush queue nothing twice.
    await enqueueMessages(messages, now);
    // In chunks: a delete by a very long $in list costs the embedded server the list's length per document.
    const told = docs.map((d) => d._id);
    for (let i = 0; i < told.length; i += DELETE_CHUNK) {
      await PendingNoticeModel.deleteMany({ _id: { $in: told.slice(i, i + DELETE_CHUNK) } });
    }
  }
  return messages;
}
