import { Types } from 'mongoose';
import { ContactModel, type Contact } from '../customers/contact.model.js';

// A new WeCom contact's document, as the contact model would build it: its defaults, the name trimmed, checked
// as the model checks it. A burst of WeCom events creates contacts by the hundred, and building each as a
// mongoose document (cast, validated, turned back into an object) cost more than its insert; the fields come
// from our own merge of a WeCom snapshot (upsert-contact.ts), so they are built here directly whenever every
// value already has the type the model declares. Anything else (a value to cast, a missing name) goes through
// the model itself, with its casts and its validation errors.

type FollowUser = Contact['followUsers'][number];
type Fields = Pick<
  Contact,
  'externalUserId' | 'unionId' | 'name' | 'type' | 'corpName' | 'position' | 'phones' | 'followUsers' | 'lostAt'
>;

const removedBy = new Set<unknown>(['member', 'customer', 'transfer', null]);
const isText = (value: unknown): value is string => typeof value === 'string';
const isDateOrNull = (value: unknown) => value === null || (value instanceof Date && !Number.isNaN(value.getTime()));
const isCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

function isPlainFollow(follow: FollowUser): boolean {
  return (
    isText(follow.userId) &&
    follow.userId !== '' &&
    [follow.remark, follow.description, follow.state].every(isText) &&
    isCount(follow.addWay) &&
    Array.isArray(follow.tags) &&
    follow.tags.every(isText) &&
    isDateOrNull(follow.addedAt) &&
    isDateOrNull(follow.removedAt) &&
    removedBy.has(follow.removedBy) &&
    (follow.employeeId === null || follow.employeeId instanceof Types.ObjectId)
  );
}

/** Whether the model would store these fields as they are (but for trimming the name). */
function isPlain(fields: Fields): boolean {
  return (
    isText(fields.name) &&
    fields.name.trim() !== '' &&
    [fields.externalUserId, fields.corpName, fields.position].every(isText) &&
    (fields.unionId === undefined || isText(fields.unionId)) &&
    isCount(fields.type) &&
    fields.phones.every(isText) &&
    fields.followUsers.every(isPlainFollow) &&
    isDateOrNull(fields.lostAt)
  );
}

/** The document to insert for a new contact (validated), with its version. */
export async function newContactDocument(fields: Fields, now: Date): Promise<Contact & { __v: number }> {
  if (!isPlain(fields)) {
    const doc = new ContactModel({ ...fields, createdAt: now, updatedAt: now });
    await doc.validate();
    return { ...doc.toObject<Contact>(), __v: 0 };
  }
  return {
    _id: new Types.ObjectId(),
    customerId: null,
    externalUserId: fields.externalUserId,
    ...(fields.unionId === undefined ? {} : { unionId: fields.unionId }),
    name: fields.name.trim(),
    type: fields.type,
    corpName: fields.corpName,
    phones: [...fields.phones],
    email: '',
    position: fields.position,
    role: null,
    wechat: '',
    isKeyPerson: false,
    followUsers: fields.followUsers.map((follow) => ({ ...follow, tags: [...follow.tags] })),
    lostAt: fields.lostAt,
    removedAt: null,
    removedBy: null,
    createdAt: now,
    updatedAt: now,
    __v: 0,
  };
}
