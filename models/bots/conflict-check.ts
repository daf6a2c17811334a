import { matchKeysText, relationLabels } from '../shared/vocabulary.js';
import { checkConflicts } from '../conflicts/check-conflicts.js';
import type { ConflictMatch as EngineMatch, MatchState } from '../conflicts/describe-matches.js';
import { findSameEntity, type EntityQuery } from '../conflicts/find-same-entity.js';
import type { Customer } from '../customers/customer.model.js';
import type { DomainContext } from '../shared/domain-context.js';

// The conflict check (查重/撞单) as the bot uses it: for a new conversation lead, the one existing
// customer that is the same entity; for a rep's 查重, a short ranked list with owners. Both are the
// conflict engine of models/conflicts (every spelling, credit codes, phones, mail domains, bosses).

export interface ConflictMatch {
  customerId: string;
  name: string;
  state: MatchState;
  /** Owner (private) or staker (staked); empty for the public pool. */
  ownerId: string | null;
  ownerName: string;
  ownerTeam: string;
  /** When it drops back to the public pool, if it does. */
  dropsAt: Date | null;
  /** Why it matched, for the rep: 同一客户，信用代码相同 / 关联主体，老板/法人相同 … */
  reason: string;
}

const MAX_MATCHES = 5;

/** The existing customer a new conversation contact belongs to, if any. */
export function sameEntityForLead(query: EntityQuery): Promise<Customer | null> {
  return findSameEntity(query);
}

/** Whether the text is a phone number rather than a company name. */
export function looksLikePhone(text: string): boolean {
  const compact = text.normalize('NFKC').replace(/[\s()+-]/g, '');
  return /^\d{7,15}$/.test(compact);
}

/** Whether the text is an 18-character unified social credit code. */
function looksLikeCreditCode(text: string): boolean {
  return /^[0-9A-Z]{18}$/i.test(text.normalize('NFKC').replace(/\s/g, ''));
}

function reasonOf(m: EngineMatch): string {
  // The same words as the mini-app: 同一客户 / 关联主体, then what matched.
  const keys = matchKeysText(m.matchedOn);
  return keys ? `${relationLabels[m.relation]}，${keys}` : relationLabels[m.relation];
}

/** The rep's 查重: customers matching a company name, phone number or credit code, best first. */
export async function conflictCheck(text: string, ctx: DomainContext): Promise<ConflictMatch[]> {
  const query = text.trim();
  const input = looksLikePhone(query)
    ? { phones: [query] }
    : looksLikeCreditCode(query)
      ? { creditCode: query }
      : { name: query };
  const { matches } = await checkConflicts(input, ctx);
  return matches.slice(0, MAX_MATCHES).map((m) => ({
    customerId: m.customerId,
    name: m.name,
    state: m.state,
    ownerId: m.owner?.id ?? null,
    ownerName: m.owner?.name ?? '',
    ownerTeam: m.owner?.team ?? '',
    dropsAt: m.protection?.dropsAt ?? null,
    reason: reasonOf(m),
  }));
}
