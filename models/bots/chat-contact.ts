import { createHash } from 'node:crypto';
import { ChatLeadModel } from '../leads/chat-lead.model.js';
import { ContactModel, type Contact } from '../customers/contact.model.js';
import type { Employee } from '../org/employee.model.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { leadName } from '../leads/wecom-lead.js';

/** A conversation contact as the bot sees it: only what a lead needs, never what they said. */
export interface ChatContactInput {
  /** `ext:<external_userid>` when known, else `bot:<bot name>:<puppet contact id>`. */
  key: string;
  externalUserId: string | null;
  name: string;
  /** The company, when the puppet knows it (WeCom users' corp name, or the rep's remark). */
  corpName: string;
  phones: string[];
  /** 1 WeChat user, 2 WeCom user of another company. */
  type: number;
}

/** A WeCom external_userid (wm…/wo…), as WorkPro exposes it in the contact's handle. */
export function isExternalUserId(value: string | undefined | null): value is string {
  return typeof value === 'string' && /^w[mo][A-Za-z0-9_-]{6,}$/.test(value);
}

export function chatContactKey(botName: string, puppetContactId: string, externalUserId: string | null): string {
  return externalUserId ? `ext:${externalUserId}` : `bot:${botName}:${puppetContactId}`;
}

/**
 * The name of a lead whose company is not known yet, unique to the contact: two people of the same
 * nickname must not be matched to one customer by name, and a retried capture must find the lead it
 * already made. A WeCom contact is named as leads from WeCom events name it (wecom-lead.ts), so both
 * ways of meeting one contact agree; other contacts carry a short hash of their key.
 */
export function placeholderCompanyName(contact: Pick<ChatContactInput, 'name' | 'key' | 'externalUserId'>): string {
  if (contact.externalUserId) {
    return leadName({
      externalUserId: contact.externalUserId,
      name: contact.name,
      corpName: '',
      followUsers: [],
      type: 1,
      unionId: undefined,
      position: '',
    });
  }
  const tag = createHash('sha1').update(contact.key).digest('hex').slice(0, 6);
  return `${contact.name.trim() || '微信客户'}（公司待补全 #${tag}）`;
}

/**
 * Finds or creates the Contact of a conversation contact: by external_userid (unique) when the puppet
 * exposes it, else by an earlier lead of the same contact key. The rep is added as a follow user.
 */
export async function upsertChatContact(input: ChatContactInput, rep: Employee | null, now: Date): Promise<Contact> {
  const contact = await findOrCreate(input, now);
  if (rep && !contact.followUsers.some((f) => f.userId === rep.userId)) {
    const updated = await ContactModel.findOneAndUpdate(
      { _id: contact._id, 'followUsers.userId': { $ne: rep.userId } },
      { $push: { followUsers: { employeeId: rep._id, userId: rep.userId, state: 'bot', addedAt: now } } },
      { returnDocument: 'after' },
    ).lean<Contact>();
    return updated ?? contact;
  }
  return contact;
}

async function findOrCreate(input: ChatContactInput, now: Date): Promise<Contact> {
  const fields = {
    name: input.name.trim() || '微信客户',
    type: input.type,
    corpName: input.corpName,
    phones: input.phones,
  };
  if (input.externalUserId) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return await ContactModel.findOneAndUpdate(
          { externalUserId: input.externalUserId },
          { $setOnInsert: { ...fields, externalUserId: input.externalUserId, createdAt: now } },
          { upsert: true, returnDocument: 'after' },
        ).lean<Contact>();
      } catch (error) {
        // Two upserts raced on the unique key: the other one inserted it, read it on the next pass.
        if (!isDuplicateKeyError(error)) {
          throw error;
        }
      }
    }
  }
  const earlier = await ChatLeadModel.findOne(
    { contactKey: input.key, contactId: { $ne: null } },
    { contactId: 1 },
  ).lean();
  if (earlier?.contactId) {
    const known = await ContactModel.findById(earlier.contactId).lean<Contact>();
    if (known) {
      return known;
    }
  }
  return (await ContactModel.create({ ...fields, createdAt: now })).toObject();
}
