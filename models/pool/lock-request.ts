import type { Types } from 'mongoose';
import { loadCustomer } from '../customers/customer-change.js';
import { enqueueMessages, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { dropPhrase } from '../messages/format.js';
import { actingEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { managersOf, opsRecipients } from '../org/recipients.js';
import { AppError } from '../shared/app-error.js';
import { businessDate } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import { lockedInTeam } from './lock-customer.js';
import { poolRulesResolver } from './pool-rules.js';

// 申请锁定: the owner of a key customer about to drop asks the team's manager to lock it. The manager
// is told through the outbox (once per customer and day, however often the rep asks) and locks it from
// the customer's page; the reclaim warning names this path.

/** Where a rep asks for a lock, as the reclaim warning and the bot say it. */
export const LOCK_REQUEST_PATH = '小程序客户详情页点“申请锁定”';

export interface LockRequestAnswer {
  /** Who was asked. */
  managers: string[];
}

/** The owner asks their manager (or, with no manager, sales ops) to lock the customer. */
export async function requestLock(
  input: { customerId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<LockRequestAnswer> {
  const rep = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(input.customerId);
  await authorize(rep, 'requestLock', customer, ctx.now);
  const reason = (input.reason ?? '').trim();
  if (!reason) {
    throw new AppError('VALIDATION_FAILED', '请填写申请锁定的原因', {
      details: { problems: [{ field: 'body.reason', message: '请填写申请锁定的原因' }] },
    });
  }
  const managers = await managersOf(rep);
  const recipients = managers.length > 0 ? managers : await opsRecipients();
  if (recipients.length === 0) {
    throw new AppError('INVALID_STATE', '你的团队还没有主管，请联系销售运营');
  }
  const team = customer.ownerDepartmentId ?? null;
  const [locked, rules] = await Promise.all([lockedInTeam(team), poolRulesResolver(ctx.config)(team)]);
  const today = businessDate(ctx.now, ctx.config.timezone);
  const content = [
    '**锁定申请**',
    `${rep.name} 申请锁定客户 **${customer.name}**（${dropPhrase(customer.protectedUntil, ctx.now, ctx.config.timezone)}）`,
    `> 原因：${reason}`,
    `> 本团队已锁定 ${locked}/${rules.maxLockedPerTeam} 个。同意请在小程序打开该客户，点“锁定”。`,
  ].join('\n');
  const messages: EmployeeMessage[] = recipients.map((m) => ({
    id: `lock-request:${String(customer._id)}:${m.userId}:${today}`,
    toUserId: m.userId,
    kind: 'lock-request',
    payload: markdown(content),
  }));
  await enqueueMessages(messages, ctx.now);
  return { managers: recipients.map((m) => m.name) };
}
