import { types, type Contact } from 'wechaty';
import { chatContactKey, isExternalUserId, type ChatContactInput } from '../../models/bots/chat-contact.js';

// A client contact as the lead capture needs it. Under WorkPro a client's handle is their WeCom
// external_userid (server/wecom/README.md §5.2), which joins the chat to the WeCom API data; other puppets give a
// puppet id only, which is then scoped to this bot.

/** Whether the contact is a client: a person outside the company (not a colleague, not the bot itself). */
export function isClientContact(contact: Contact): boolean {
  if (contact.self() || contact.coworker()) {
    return false;
  }
  const type = contact.type();
  return type === types.Contact.Individual || type === types.Contact.Corporation;
}

/** The contact's key, from its payload alone (no puppet round trip). */
export function chatContactKeyOf(contact: Contact, botName: string): string {
  const handle = contact.handle();
  return chatContactKey(botName, contact.id, isExternalUserId(handle) ? handle : null);
}

export async function chatContactOf(contact: Contact, botName: string): Promise<ChatContactInput> {
  const handle = contact.handle();
  const externalUserId = isExternalUserId(handle) ? handle : null;
  // phone() asks the puppet (a network call for a puppet service): only done for contacts not seen yet.
  const [corporation, phones] = await Promise.all([
    contact.corporation().catch(() => undefined),
    contact.phone().catch(() => [] as string[]),
  ]);
  return {
    key: chatContactKey(botName, contact.id, externalUserId),
    externalUserId,
    name: contact.name(),
    corpName: corporation?.trim() ?? '',
    phones: phones.filter((p) => typeof p === 'string' && p.trim().length > 0),
    type: contact.type() === types.Contact.Corporation ? 2 : 1,
  };
}
