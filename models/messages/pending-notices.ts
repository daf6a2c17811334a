import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { EmployeeModel } from '../org/employee.model.js';
import { PendingNoticeModel, type NoticeItem, type PendingNotice } from './pending-notice.model.js';
import { ignoreDuplicateKeys, isDuplicateKeyError } from '../shared/duplicate-key.js';
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
  try {
    await PendingNoticeModel.create({ _id: `${kind}:${item.key}`, kind, employeeId, ...item });
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
  }
}

/** Notes many items at once (one insert), each once per item key. */
export async function addNotices(
  kind: NoticeKind,
  notices: readonly { employeeId: Types.ObjectId; item: NoticeItem }[],
): Promise<void> {
  if (notices.length === 0) {
    return;
  }
  try {
    await PendingNoticeModel.insertMany(
      notices.map(({ employeeId, item }) => ({ _id: `${kind}:${item.key}`, kind, employeeId, ...item })),
      { ordered: false },
    );
  } catch (error) {
    ignoreDuplicateKeys(error);
  }
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
  const notices = await PendingNoticeModel.find({ kind }).lean<PendingNotice[]>();
  const byEmployee = new Map<string, PendingNotice[]>();
  notices.forEach((n) => byEmployee.set(String(n.employeeId), [...(byEmployee.get(String(n.employeeId)) ?? []), n]));
  const employees = await EmployeeModel.find(
    { _id: { $in: [...byEmployee.keys()] } },
    { userId: 1, name: 1, status: 1 },
  ).lean();
  const byId = new Map(employees.map((e) => [String(e._id), e]));
  const messages: EmployeeMessage[] = [];
  const told: string[] = [];
  for (const [employeeId, list] of byEmployee) {
    const employee = byId.get(employeeId);
    const items = [...list].sort(
      (a, b) => a.at.getTime() - b.at.getTime() || a.customerName.localeCompare(b.customerName),
    );
    const message: EmployeeMessage | null =
      employee && employee.status === 'active'
        ? {
            id: `${kind}:${employee.userId}:${keysDigest(items.map((i) => i.key))}`,
            toUserId: employee.userId,
            kind,
            payload: render(items, { employeeId: employee._id, userId: employee.userId, name: employee.name }),
          }
        : null;
    if (message) {
      messages.push(message);
    }
    told.push(...items.map((i) => i._id));
  }
  if (!dryRun) {
    // Every message queued before any notice is forgotten; ids make a repeated flush queue nothing twice.
    await enqueueMessages(messages, now);
    // In chunks: a delete by a very long $in list costs the embedded server the list's length per document.
    for (let i = 0; i < told.length; i += DELETE_CHUNK) {
      await PendingNoticeModel.deleteMany({ _id: { $in: told.slice(i, i + DELETE_CHUNK) } });
    }
  }
  return messages;
}
