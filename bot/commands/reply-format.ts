import type { Customer } from '../../models/customers/customer.model.js';
import { businessDate, daysBetween } from '../../models/shared/business-day.js';

// Small wording helpers shared by the command replies.

const stateLabels: Record<Customer['poolState'], string> = {
  public: '公海',
  private: '私海',
  staked: '占坑',
  quarantined: '隔离（待清洗）',
};

export function stateLabel(state: Customer['poolState']): string {
  return stateLabels[state];
}

/** "2026-04-01（还剩 30 天）": when a private customer drops, in business days from today. */
export function dropLabel(protectedUntil: Date | null | undefined, now: Date, timeZone: string): string {
  if (!protectedUntil) {
    return '不会掉保';
  }
  const dropDate = businessDate(protectedUntil, timeZone);
  const days = daysBetween(businessDate(now, timeZone), dropDate);
  if (days <= 0) {
    return `今天掉保（${dropDate}）`;
  }
  return days === 1 ? `明天掉保（${dropDate}）` : `${days} 天后掉保（${dropDate}）`;
}

/** A numbered list of customers for the rep to choose from. */
export function choiceList(customers: Pick<Customer, 'name' | 'poolState'>[]): string {
  return customers.map((c, i) => `${i + 1}. ${c.name}（${stateLabel(c.poolState)}）`).join('\n');
}
