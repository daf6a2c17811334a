import { normalizePersonName } from './chinese-text.js';
import { parseCompanyName } from './company-name.js';
import { checkCreditCode } from './credit-code.js';
import { companyEmailDomain } from './email-domain.js';
import { normalizePhone } from './phone.js';

// Conflict-check keys derived from a customer's identifying fields. Computed on every write so that
// lookups match on normalised values; the conflict index (conflict-index.ts) is built from them.

export { emailDomain } from './email-domain.js';
export { normalizePhone } from './phone.js';

/** Simplified, half-width, lower case, without spaces and punctuation: the exact name key. */
export function normalizeCompanyName(name: string): string {
  return parseCompanyName(name).normalized;
}

export interface IdentityInput {
  name: string;
  creditCode?: string | null;
  phones?: readonly string[];
  emails?: readonly string[];
}

export interface IdentityKeys {
  keys: { normalizedName: string; coreName: string };
  /** The normalised credit code when it is valid; an invalid one is no key at all. */
  creditCode: string | undefined;
  phones: string[];
  /** Company e-mail domains; free mailboxes are not keys. */
  emailDomains: string[];
}

export function customerKeys(input: IdentityInput): IdentityKeys {
  const name = parseCompanyName(input.name);
  const code = input.creditCode ? checkCreditCode(input.creditCode) : null;
  return {
    keys: { normalizedName: name.normalized, coreName: name.core },
    creditCode: code?.ok ? code.code : undefined,
    phones: unique((input.phones ?? []).map(normalizePhone)),
    emailDomains: unique((input.emails ?? []).map(companyEmailDomain)),
  };
}

/** The boss and legal representative as person keys (one person may be both). */
export function personKeys(...names: (string | null | undefined)[]): string[] {
  return unique(names.map((n) => normalizePersonName(n ?? '')).filter((n) => n.length >= 2));
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}
