import type { Types } from 'mongoose';
import { ContactModel, type Contact } from '../customers/contact.model.js';
import type { Employee } from '../org/employee.model.js';
import { contactByExternalId, employeesByUserId } from './grouped-reads.js';
import { AppError } from '../shared/app-error.js';
import { groupedInsert } from '../shared/grouped-writes.js';

// A WeCom external contact as WeCom reports it (externalcontact/get or batch/get_by_user), in the
// product's words. WeCom is the source of truth for who follows whom; our copy keeps the history
// (when a relation ended and why), which WeCom forgets.

export interface WecomFollowSnapshot {
  userId: string;
  remark: string;
  description: string;
  addWay: number;
  state: string;
  tags: string[];
  addedAt: Date | null;
  remarkMobiles: string[];
  remarkCorpName: string;
}

export interface WecomContactSnapshot {
  externalUserId: string;
  name: string;
  /** 1 WeChat user, 2 WeCom user. */
  type: number;
  unionId: string | undefined;
  /** The company: WeCom users' own, or the remark company a rep entered for a WeChat user. */
  corpName: string;
  position: string;
  followUsers: WecomFollowSnapshot[];
}

type FollowUser = Contact['followUsers'][number];

const MAX_ATTEMPTS = 20;

/** The company name of a contact: the WeCom user's corp, else a rep's remark company. */
export function companyOf(snapshot: WecomContactSnapshot): string {
  return snapshot.corpName.trim() || snapshot.followUsers.map((f) => f.remarkCorpName.trim()).find(Boolean) || '';
}

/**
 * Merges a relation WeCom reports into our copy. A relation we saw end stays ended unless WeCom's
 * add time is newer than the end: externalcontact/get can still list a follow user shortly after a
 * delete, and keeps listing it after the customer deleted the member (one-way relation).
 */
function mergeFollow(
  existing: FollowUser | undefined,
  reported: WecomFollowSnapshot,
  employeeId: FollowUser['employeeId'],
): FollowUser {
  const readded = existing?.removedAt && reported.addedAt && reported.addedAt > existing.removedAt;
  const ended = existing?.removedAt && !readded;
  return {
    employeeId: employeeId ?? existing?.employeeId ?? null,
    userId: reported.userId,
    remark: reported.remark,
    description: reported.description,
    addWay: reported.addWay,
    state: reported.state || existing?.state || '',
    tags: reported.tags,
    addedAt: reported.addedAt ?? existing?.addedAt ?? null,
    removedAt: ended ? existing.removedAt : null,
    removedBy: ended ? existing.removedBy : null,
  };
}

export interface ContactChange {
  contact: Contact;
  created: boolean;
  /** Follow users whose relation is new to us (or came back). */
  addedUserIds: string[];
  /** The employees among the follow users, by userid (read once here, for the caller too). */
  employees: Map<string, Employee>;
}

/** The contact's fields after the snapshot, and the follow users whose relation (re)started. */
function mergedContact(
  current: Contact | null,
  snapshot: WecomContactSnapshot,
  employeeIds: Map<string, Types.ObjectId>,
  now: Date,
  complete: boolean,
) {
  const byUser = new Map((current?.followUsers ?? []).map((f) => [f.userId, f]));
  const addedUserIds: string[] = [];
  const merged = new Map(byUser);
  for (const reported of snapshot.followUsers) {
    const existing = byUser.get(reported.userId);
    const next = mergeFollow(existing, reported, employeeIds.get(reported.userId) ?? null);
    if (!next.removedAt && (!existing || existing.removedAt)) {
      addedUserIds.push(reported.userId);
    }
    merged.set(reported.userId, next);
  }
  if (complete) {
    const reportedIds = new Set(snapshot.followUsers.map((f) => f.userId));
    for (const [userId, follow] of merged) {
      if (!reportedIds.has(userId) && !follow.removedAt) {
        merged.set(userId, { ...follow, removedAt: now, removedBy: null });
      }
    }
  }
  const followUsers = [...merged.values()];
  const active = followUsers.some((f) => !f.removedAt);
  const fields = {
    externalUserId: snapshot.externalUserId,
    unionId: snapshot.unionId || current?.unionId || undefined,
    name: snapshot.name || current?.name || '客户',
    type: snapshot.type,
    corpName: companyOf(snapshot) || current?.corpName || '',
    position: snapshot.position || current?.position || '',
    phones: [...new Set([...(current?.phones ?? []), ...snapshot.followUsers.flatMap((f) => f.remarkMobiles)])].filter(
      Boolean,
    ),
    followUsers,
    lostAt: active ? null : (current?.lostAt ?? now),
  };
  return { fields, addedUserIds };
}

// New contacts of concurrent events share one insert (models/shared/grouped-writes.ts).
const insertContact = groupedInsert(() => ContactModel.collection);

/** Inserts a new contact, cast and validated by the model, with the fields its save would add; null if taken. */
async function createContact(fields: Partial<Contact>, now: Date): Promise<(Contact & { __v: number }) | null> {
  const doc = new ContactModel({ ...fields, createdAt: now, updatedAt: now });
  await doc.validate();
  const contact = { ...doc.toObject<Contact>(), __v: 0 };
  return (await insertContact(contact)) === 'inserted' ? contact : null;
}

/** Writes the fields unless another writer changed the contact since it was read (then null: read again). */
function writeVersion(current: Contact & { __v: number }, set: Partial<Contact>): Promise<Contact | null> {
  return ContactModel.findOneAndUpdate(
    { _id: current._id, __v: current.__v },
    { $set: set, $inc: { __v: 1 } },
    { returnDocument: 'after' },
  ).lean<Contact>();
}

/** What the caller read already, after WeCom answered: our copy of the contact and the follow users' employees. */
export interface KnownContact {
  contact: (Contact & { __v: number }) | null;
  employees: Employee[];
}

/**
 * Creates or refreshes our copy of a WeCom contact. With `complete`, the snapshot lists every follow
 * user (externalcontact/get), so a relation missing from it has ended; a partial snapshot (one page
 * of batch/get_by_user) only adds and refreshes. Safe under concurrent calls for one contact: a contact
 * read (`known` or its own) that another writer changed since is read again.
 */
export async function upsertWecomContact(
  snapshot: WecomContactSnapshot,
  now: Date,
  options: { complete: boolean; known?: KnownContact },
): Promise<ContactChange> {
  const found = options.known?.employees ?? (await employeesByUserId(snapshot.followUsers.map((f) => f.userId)));
  const employees = new Map(found.map((e) => [e.userId, e]));
  const employeeIds = new Map(found.map((e) => [e.userId, e._id]));
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current =
      attempt === 0 && options.known ? options.known.contact : await contactByExternalId(snapshot.externalUserId);
    const { fields, addedUserIds } = mergedContact(current, snapshot, employeeIds, now, options.complete);
    if (!current) {
      const created = await createContact(fields, now);
      if (created) {
        return { contact: created, created: true, addedUserIds, employees };
      }
      continue; // created concurrently: merge into it
    }
    const updated = await writeVersion(current, fields);
    if (updated) {
      return { contact: updated, created: false, addedUserIds, employees };
    }
  }
  throw new AppError('CONFLICT', '联系人正被频繁修改，请稍后重试', {
    details: { externalUserId: snapshot.externalUserId },
  });
}

/** Applies a change to one contact under the same version guard (loss, links). */
export async function changeContact(
  externalUserId: string,
  plan: (current: Contact) => Partial<Contact> | null,
): Promise<{ before: Contact; after: Contact } | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await ContactModel.findOne({ externalUserId }).lean<Contact & { __v: number }>();
    if (!current) {
      return null;
    }
    const set = plan(current);
    if (!set) {
      return { before: current, after: current };
    }
    const after = await writeVersion(current, set);
    if (after) {
      return { before: current, after };
    }
  }
  throw new AppError('CONFLICT', '联系人正被频繁修改，请稍后重试', { details: { externalUserId } });
}
