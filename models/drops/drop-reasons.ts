import type { PoolRules } from '../../config/pool-rules.js';
import type { Customer, DropReason } from '../customers/customer.model.js';
import { idleDaysFor } from '../pool/protection.js';

// Why a customer drops and what would save it, in the words reps read in warnings and notices.

export function dropReasonText(
  reason: DropReason | null | undefined,
  customer: Pick<Customer, 'grade'>,
  rules: PoolRules,
): string {
  if (reason === 'no-deal') {
    return `认领满${rules.dropNoDealDays}天未成交`;
  }
  const grade = customer.grade ? `${customer.grade}类客户` : '';
  return `${grade}${idleDaysFor(customer.grade, rules)}天内没有有效跟进`;
}

export function saveHint(reason: DropReason | null | undefined): string {
  return reason === 'no-deal'
    ? '推进到合同阶段或签约可保住（写跟进不能延期）'
    : '写一条有效跟进即可保住（写明联系人、具体进展和下一步）';
}
