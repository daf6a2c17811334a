// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
// alphabet (no I, O, Z, S, V); the last one is a check character over the first 17.

const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck =
  { ok: true; code: string } | { ok: false; code: string; reason: 'length' | 'characters' | 'checksum' };

/** The check character for the first 17 characters of a code (assumed to be in the alphabet). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += alphabet.indexOf(first17[i]!) * weights[i]!;
  }
  return alphabet[(31 - (sum % 31)) % 31]!;
}

/**
 * Normalises (full-width, spaces, dashes, case) and validates a credit code. A 15-digit legacy
 * registration number (工商注册号) is accepted as it is: older customers still carry one.
 */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  if (/^\d{15}$/.test(code)) {
    return { ok: true, code };
  }
  if (code.length !== 18) {
    return { ok: false, code, reason: 'length' };
  }
  if ([...code].some((c) => !alphabet.includes(c))) {
    return { ok: false, code, reason: 'characters' };
  }
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) {
    return { ok: false, code, reason: 'checksum' };
  }
  return { ok: true, code };
}
