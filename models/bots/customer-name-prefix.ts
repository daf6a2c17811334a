import type { Types } from 'mongoose';
import { parseCompanyName } from '../conflicts/keys/company-name.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';

// "跟进拾光今天拜访了李经理…": the customer's name and the note typed without a separator. The rep
// types the name as they say it — the brand (拾光), the brand with its industry (拾光文化传媒), the
// full registered name, with or without the city — so every such form of each of the rep's own
// customers is tried, and the longest one the text starts with wins.

const MAX_OWN = 1000;

/** The forms of a company name a rep may type, folded like the conflict keys (lower case, no punctuation). */
export function nameForms(name: string): string[] {
  const parsed = parseCompanyName(name);
  const full = parsed.normalized;
  const withoutLegal = (text: string) =>
    parsed.legalForm && text.endsWith(parsed.legalForm) ? text.slice(0, -parsed.legalForm.length) : text;
  const forms = new Set([full, withoutLegal(full)]);
  for (const { core } of parsed.readings) {
    const at = full.indexOf(core);
    if (at < 0) continue;
    const fromCore = full.slice(at);
    forms.add(core).add(fromCore).add(withoutLegal(fromCore));
  }
  return [...forms].filter((form) => form.length >= 2);
}

function folded(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The rep's own customers (private and staked) whose name, in one of its forms, starts the text: all
 * customers sharing the longest such form (the rep must then choose), and the text after it.
 */
export async function ownCustomersByNamePrefix(
  text: string,
  repId: Types.ObjectId,
): Promise<{ customers: Customer[]; rest: string } | null> {
  const own = await CustomerModel.find({
    $or: [
      { ownerId: repId, poolState: 'private' },
      { stakedBy: repId, poolState: 'staked' },
    ],
  })
    .limit(MAX_OWN)
    .lean<Customer[]>();
  const typed = folded(text);
  let longest = 0;
  let customers: Customer[] = [];
  for (const customer of own) {
    const match = Math.max(0, ...nameForms(customer.name).map((f) => (typed.startsWith(f) ? f.length : 0)));
    if (match > longest) [longest, customers] = [match, [customer]];
    else if (match > 0 && match === longest) customers.push(customer);
  }
  return longest > 0 ? { customers, rest: text.slice(longest) } : null;
}
