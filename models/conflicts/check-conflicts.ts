import type { Types } from 'mongoose';
import type { Employee } from '../org/employee.model.js';
import { loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { activeEmployee } from '../org/permissions.js';
import { parseCompanyName } from './keys/company-name.js';
import { describeMatches, type ConflictMatch } from './describe-matches.js';
import { findMatches, type ConflictQuery } from './find-matches.js';

// The conflict check (撞单/查重) as reps run it from the mini-app: before creating a customer, before
// claiming one, or for any name, phone or code they have in hand.

export interface ConflictCheckInput extends Omit<ConflictQuery, 'excludeCustomerId'> {
  /** Check an existing customer against all the others (e.g. before claiming it). */
  customerId?: Types.ObjectId | string | null;
}

export interface ConflictCheckResult {
  /** How the name was understood, so the rep sees why something matched. */
  understood: { normalizedName: string; coreName: string; region: string } | null;
  matches: ConflictMatch[];
}

export async function checkConflicts(input: ConflictCheckInput, ctx: DomainContext): Promise<ConflictCheckResult> {
  const viewer: Employee | null = ctx.actor.kind === 'employee' ? await activeEmployee(ctx.actor.employeeId) : null;
  let query: ConflictQuery = input;
  if (input.customerId) {
    const customer = await loadCustomer(input.customerId);
    query = {
      name: input.name ?? customer.name,
      creditCode: input.creditCode ?? customer.creditCode ?? null,
      phones: input.phones?.length ? input.phones : customer.phones,
      emails: input.emails?.length ? input.emails : customer.emailDomains.map((d) => `@${d}`),
      boss: input.boss ?? (customer.boss || customer.legalRepresentative),
      externalUserId: input.externalUserId,
      unionId: input.unionId,
      excludeCustomerId: customer._id,
    };
  }
  const [matches] = await findMatches([query]);
  const name = query.name?.trim() ? parseCompanyName(query.name) : null;
  const reading = name?.readings[0];
  return {
    understood: name
      ? {
          normalizedName: name.normalized,
          coreName: name.core,
          region: [reading?.province, reading?.city].filter(Boolean).join(''),
        }
      : null,
    matches: await describeMatches(matches ?? [], viewer, ctx.now),
  };
}
