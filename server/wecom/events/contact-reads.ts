import type { Contact } from '../../../models/customers/contact.model.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { PhaseGather, type PhaseTicket } from '../../../models/shared/grouped-phase.js';
import { forEachCaller, readContactsByExternalId, readEmployeesByUserId } from '../../../models/wecom/grouped-reads.js';
import { readWaitingTransfers, type WaitingTransfer } from './waiting-transfer.js';

// What a contact event handler reads once WeCom told it how the contact is now: our copy of the contact, the
// employees among its follow users and the contact's waiting transfers. The handlers of a batch ask for them
// at one phase (models/shared/grouped-phase.ts): all WeCom calls of the handlers running side by side first,
// then these as three `$in` reads for all of them, then each handler's writes — however the WeCom answers
// were spread in time. Events of one contact run one after another (orderingKey), so a later event of a
// contact reads in a later phase, after the earlier one's writes.

export interface ContactReadKey {
  externalUserId: string;
  userIds: string[];
}

export interface ContactReads {
  contact: (Contact & { __v: number }) | null;
  employees: Employee[];
  transfers: WaitingTransfer[];
}

export type ContactReadTicket = PhaseTicket<ContactReadKey, ContactReads>;

async function readAll(keys: ContactReadKey[]): Promise<ContactReads[]> {
  const externalIds = keys.map((k) => k.externalUserId);
  const userIds = [...new Set(keys.flatMap((k) => k.userIds))];
  const [contacts, employees, transfers] = await Promise.all([
    readContactsByExternalId([...new Set(externalIds)]),
    userIds.length > 0 ? readEmployeesByUserId(userIds) : [],
    readWaitingTransfers([...new Set(externalIds)]),
  ]);
  const contactOf = forEachCaller(
    'externalUserId',
    contacts,
    externalIds.map((id) => [id]),
  );
  const employeesOf = forEachCaller(
    'userId',
    employees,
    keys.map((k) => k.userIds),
  );
  const transfersOf = forEachCaller(
    'externalUserId',
    transfers,
    externalIds.map((id) => [id]),
  );
  return keys.map((_, i) => ({
    contact: contactOf[i]![0] ?? null,
    employees: employeesOf[i]!,
    transfers: transfersOf[i]!,
  }));
}

/** The phase read of one event processor (its handlers gather there). */
export function contactReadPhase(maxWaitMs?: number): PhaseGather<ContactReadKey, ContactReads> {
  return new PhaseGather(readAll, maxWaitMs);
}
