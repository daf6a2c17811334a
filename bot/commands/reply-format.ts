import type { Customer } from '../../models/customers/customer.model.js';
import { dropPhrase } from '../../models/messages/format.js';

// Small wording helpers shared by the command replies.

const stateLabels: Record<Customer['poolState'], string> = {
  public: '公海',
  private: '私海',
  staked: '占坑',
  quarantined: '隔离（待清洗）',
  merged: '已合并',
};

export function stateLabel(state: Customer['poolState']): string {
  return stateLabels[state];
}

/** When a private customer drops, in the one phrase every message uses ("还剩 3 天，12月17日 0点掉保"). */
export function dropLabel(protectedUntil: Date | null | undefined, now: Date, timeZone: string): string {
  return dropPhrase(protectedUntil, now, timeZone);
}

/** What the rep typed, echoed back: long input is cut, so the answer stays readable (and short). */
export function quote(text: string, max = 20): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** A numbered list of customers for the rep to choose from. */
export function choiceList(customers: Pick<Customer, 'name' | 'poolState'>[]): string {
  return customers.map((c, i) => `${i + 1}. ${c.name}（${stateLabel(c.poolState)}）`).join('\n');
}
