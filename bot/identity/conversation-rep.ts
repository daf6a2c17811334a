import type { Contact, Room } from 'wechaty';
import type { Employee } from '../../models/org/employee.model.js';
import type { BotDeps } from '../bot-deps.js';
import { employeeOfContact } from './employee-of-contact.js';

// Whose lead a conversation is.

/** A client's private chat with the bot's account: the rep whose account it is (BOT_ACCOUNT=rep), else nobody. */
export function privateChatRep(deps: BotDeps): Employee | null {
  return deps.config.bot.account === 'rep' ? deps.account.employee : null;
}

/**
 * A customer group's rep: the group owner when they are an employee, else the colleague who invited
 * the client, else the rep whose account the bot drives; nobody (public pool) when none is known.
 */
export async function groupRep(room: Room, inviter: Contact | null, deps: BotDeps): Promise<Employee | null> {
  const owner = room.owner();
  const candidates = [owner, inviter].filter((c): c is Contact => Boolean(c) && !c!.self());
  for (const contact of candidates) {
    const employee = await employeeOfContact(contact, deps);
    if (employee) {
      return employee;
    }
  }
  return privateChatRep(deps);
}
