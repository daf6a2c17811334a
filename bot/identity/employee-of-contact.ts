import type { Contact } from 'wechaty';
import { isExternalUserId } from '../../models/bots/chat-contact.js';
import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import type { BotDeps } from '../bot-deps.js';

// Who a colleague in chat is. The rule, in order:
//   1. the bot's own account with BOT_ACCOUNT_USER_ID set: that employee;
//   2. the contact's handle, then its puppet id, equal to an active employee's WeCom userid
//      (WorkPro and other WeCom puppets expose the member's userid there);
//   3. exactly one active employee with the contact's name (names are not unique: two namesakes
//      mean nobody is identified, rather than the wrong person).
// Client contacts (not coworkers) are never mapped to employees.

const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { employee: Employee | null; until: number }>();

export async function employeeOfContact(contact: Contact, deps: BotDeps): Promise<Employee | null> {
  if (!contact.self() && !contact.coworker()) {
    return null;
  }
  const now = Date.now();
  const cacheKey = `${deps.config.bot.name}:${contact.id}`;
  const cached = cache.get(cacheKey);
  if (cached && cached.until > now) {
    return cached.employee;
  }
  const employee = await lookUp(contact, deps);
  if (cache.size > 5000) {
    cache.clear();
  }
  cache.set(cacheKey, { employee, until: now + CACHE_MS });
  return employee;
}

/** Forgets cached identities, e.g. after the directory was synced (and between tests). */
export function forgetEmployeeIdentities(): void {
  cache.clear();
}

async function lookUp(contact: Contact, deps: BotDeps): Promise<Employee | null> {
  const configured = contact.self() ? deps.config.bot.accountUserId : undefined;
  if (configured) {
    return EmployeeModel.findOne({ userId: configured, status: 'active' }).lean<Employee>();
  }
  const ids = [contact.handle(), contact.id].filter((id): id is string => Boolean(id) && !isExternalUserId(id));
  if (ids.length > 0) {
    const byId = await EmployeeModel.find({ userId: { $in: ids }, status: 'active' }).lean<Employee[]>();
    const best = ids.map((id) => byId.find((e) => e.userId === id)).find(Boolean);
    if (best) {
      return best;
    }
  }
  const name = contact.name().trim();
  if (!name) {
    return null;
  }
  const byName = await EmployeeModel.find({ name, status: 'active' }).limit(2).lean<Employee[]>();
  return byName.length === 1 ? byName[0]! : null;
}
