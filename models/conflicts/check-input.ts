import { AppError } from '../shared/app-error.js';
import { foldText, stripPunctuation } from './keys/chinese-text.js';
import { checkCreditCode } from './keys/credit-code.js';
import { normalizePhone } from './keys/phone.js';

// What a check must be given. A credit code that fails its checksum, a phone that cannot be a
// mainland number, or nothing at all is invalid input: answering "no match" would read as "no
// conflict, safe to follow up" for a company that may well exist under its real code or number.

/** What identifies a company in a conflict check: any of these may be given. */
export interface IdentityKeys {
  name?: string | null;
  creditCode?: string | null;
  phones?: readonly string[] | null;
  emails?: readonly string[] | null;
  boss?: string | null;
  externalUserId?: string | null;
  unionId?: string | null;
}

export interface CheckableInput extends IdentityKeys {
  customerId?: unknown;
}

const filled = (v: string | null | undefined) => stripPunctuation(foldText(v ?? '')) !== '';

/** The reason the input cannot be checked, as the AppError to answer, or null when it can. */
export function invalidCheckInput(input: CheckableInput): AppError | null {
  const code = input.creditCode?.trim();
  if (code && !checkCreditCode(code).ok) {
    return new AppError(
      'INVALID_CREDIT_CODE',
      `统一社会信用代码“${code}”不正确（应为 18 位且校验位正确），请核对后再查`,
    );
  }
  const phone = (input.phones ?? []).find((p) => p.trim() !== '' && normalizePhone(p) === '');
  if (phone) {
    return new AppError('VALIDATION_FAILED', `电话“${phone}”不是有效的手机号或座机号，请核对后再查`, {
      details: { field: 'phones' },
    });
  }
  const anything =
    filled(input.name) ||
    Boolean(code) ||
    (input.phones ?? []).some((p) => p.trim() !== '') ||
    (input.emails ?? []).some((e) => e.trim() !== '') ||
    filled(input.boss) ||
    filled(input.externalUserId) ||
    filled(input.unionId) ||
    Boolean(input.customerId);
  return anything ? null : new AppError('VALIDATION_FAILED', '请至少填写一项：名称、信用代码、电话、邮箱、老板或客户');
}

/** Throws the invalid-input error of a check, if any. */
export function assertCheckable(input: CheckableInput): void {
  const problem = invalidCheckInput(input);
  if (problem) {
    throw problem;
  }
}
