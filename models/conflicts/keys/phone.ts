// Mainland phone numbers as keys. A mobile is 11 digits (1[3-9]…); a landline is area code +
// number, written 0area-number. Country prefixes (+86, 0086, 86-) and extensions are dropped, and
// the area code's leading 0 that international formats omit (+86 10 6552 8888) is restored.

const mobile = /^1[3-9]\d{9}$/;
// 010 and 02x have 3-digit area codes (with the 0); every other area code has 4.
const shortAreaCode = /^0(10|2\d)/;

/** The normalised number, or '' when it cannot be a mainland phone number. */
export function normalizePhone(raw: string): string {
  const text = raw.normalize('NFKC').trim();
  // Extensions: 转123, 分机123, ext. 123, x123.
  const main = (text.split(/(?:转|分机|ext\.?|x)\s*\d+\s*$/i)[0] ?? text).trim();
  const groups = main.match(/\d+/g) ?? [];
  const international = /^(\+|00)/.test(main) || (groups[0] === '86' && groups.length > 1);
  if (international) {
    if (groups[0] === '86' || groups[0] === '0086') {
      groups.shift();
    } else if (groups[0]) {
      groups[0] = groups[0].replace(/^(00)?86/, '');
    }
    // International format drops the area code's 0: +86 10 6552 8888 is 010-65528888.
    if (groups[0] && !groups.join('').match(mobile) && !groups[0].startsWith('0')) {
      groups[0] = `0${groups[0]}`;
    }
  }
  const digits = groups.join('');
  if (mobile.test(digits)) {
    return digits;
  }
  if (/^86/.test(digits) && mobile.test(digits.slice(2))) {
    return digits.slice(2);
  }
  // Written in groups (010-6552 8888-123): area code, number, then an extension we ignore.
  if (groups.length >= 2 && /^0\d{2,3}$/.test(groups[0]!)) {
    const number = groups.slice(1).join('');
    const local = /^\d{7,8}$/.test(groups[1]!) ? groups[1]! : number.slice(0, 8);
    if (/^\d{7,8}$/.test(local)) {
      return `${groups[0]}-${local}`;
    }
  }
  if (/^0\d{9,11}$/.test(digits)) {
    const areaLength = shortAreaCode.test(digits) ? 3 : 4;
    return `${digits.slice(0, areaLength)}-${digits.slice(areaLength, areaLength + 8)}`;
  }
  // 400/800 service numbers and local numbers without an area code are kept as they are.
  if (/^[48]00\d{7}$/.test(digits) || /^\d{7,8}$/.test(digits)) {
    return digits;
  }
  return '';
}

/** Masks a number for people who do not own the customer: 138****8000, 010-****8888. */
export function maskPhone(phone: string): string {
  if (mobile.test(phone)) {
    return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  }
  const dash = phone.indexOf('-');
  const head = dash >= 0 ? phone.slice(0, dash + 1) : '';
  const tail = phone.slice(-4);
  return `${head}${'*'.repeat(Math.max(0, phone.length - head.length - 4))}${tail}`;
}
