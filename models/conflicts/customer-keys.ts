// Conflict-check keys derived from a customer's identifying fields. Computed on every write so that
// lookups match on normalised values.

/** Full-width to half-width, lower case, and whitespace and punctuation removed. */
export function normalizeCompanyName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Mainland numbers: +86/0086 stripped; mobiles as 11 digits, landlines as area code + number. */
export function normalizePhone(raw: string): string {
  let digits = raw.normalize('NFKC').replace(/[^\d+]/g, '');
  digits = digits.replace(/^(\+|00)86/, '');
  digits = digits.replace(/\D/g, '');
  return digits;
}

/** The domain of an e-mail address, lower case. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at >= 0 ? email.slice(at + 1).trim().toLowerCase() : '';
}

export interface IdentityInput {
  name: string;
  creditCode?: string | null;
  phones?: readonly string[];
  emails?: readonly string[];
}

export interface IdentityKeys {
  keys: { normalizedName: string; coreName: string };
  creditCode: string | undefined;
  phones: string[];
  emailDomains: string[];
}

export function customerKeys(input: IdentityInput): IdentityKeys {
  const normalizedName = normalizeCompanyName(input.name);
  const creditCode = input.creditCode?.normalize('NFKC').replace(/\s+/g, '').toUpperCase() || undefined;
  return {
    keys: { normalizedName, coreName: normalizedName },
    creditCode,
    phones: [...new Set((input.phones ?? []).map(normalizePhone).filter((p) => p.length >= 7))],
    emailDomains: [...new Set((input.emails ?? []).map(emailDomain).filter(Boolean))],
  };
}
