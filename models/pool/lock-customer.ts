import type { Types } from 'mongoose';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { startOfBusinessDay } from '../shared/business-day.js';
import { changeCustomer, loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { AppError } from '../shared/app-error.js';
import { enqueueMessages, markdown } from '../messages/employee-message.js';
import { EmployeeModel } from '../org/employee.model.js';
import { withNamedLock } from '../shared/named-lock.js';
import { poolRulesResolver } from './pool-rules.js';
import { computeProtection } from './protection.js';

// Locking (锁定): a manager of the owner's team (or sales ops) keeps a key customer from dropping,
// with a reason, within the team's maximum of locked customers (maxLockedPerTeam, a department rule).
// The maximum is checked by counting the team's locked customers while holding the team's named lock,
// so two managers locking at once can never pass it, and no counter can drift.

export interface LockInput {
  customerId: Types.ObjectId | string;
  reason?: string;
}

function requireReason(reason: string | undefined, what: string): string {
  const trimmed = (reason ?? '').trim();
  if (!trimmed) {
    throw new AppError('VALIDATION_FAILED', `请填写${what}原因`, {
      details: { problems: [{ field: 'body.reason', message: `请填写${what}原因` }] },
    });
  }
  return trimmed;
}

/** How many customers of the team are locked now. */
export async function lockedInTeam(departmentId: number | null): Promise<number> {
  return CustomerModel.countDocuments({ ownerDepartmentId: departmentId, poolState: 'private', locked: true });
}

/** A manager locks (锁定) a private customer: it never drops until unlocked. */
export async function lockCustomer(input: LockInput, ctx: DomainContext): Promise<Customer> {
  const manager = await actingEmployee(ctx.actor);
  const first = await loadCustomer(input.customerId);
  // Refuse before anything else: a rep or another team's manager learns nothing about the team's locks.
  await authorize(manager, 'lock', first, ctx.now);
  const reason = requireReason(input.reason, '锁定');
  const team = first.ownerDepartmentId ?? null;
  const { maxLockedPerTeam } = await poolRulesResolver(ctx.config)(team);
  return withNamedLock(`customer-locks:${team ?? 'none'}`, async () => {
    const locked = await lockedInTeam(team);
    if (locked >= maxLockedPerTeam) {
      throw new AppError(
        'LOCK_LIMIT_REACHED',
        `本团队锁定客户已达上限（${locked}/${maxLockedPerTeam}），请先解锁一个`,
        {
          details: { locked, limit: maxLockedPerTeam },
        },
      );
    }
    const result = await changeCustomer(input.customerId, ctx, async (current) => {
      await authorize(manager, 'lock', current, ctx.now);
      if ((current.ownerDepartmentId ?? null) !== team) {
        throw new AppError('CONFLICT', '客户刚刚换了团队，请刷新后重试');
      }
      return {
        set: { locked: true, lockedBy: manager._id, protectedUntil: null, dropReason: null },
        ledger: { action: 'lock', reason },
      };
    });
    await tellOwnerAboutLock(result!.after, manager.name, reason, ctx.now);
    return result!.after;
  });
}

/** The drop date of a customer being unlocked: computed again, never before its owner had every warning. */
export function protectionAfterUnlock(
  current: Customer,
  rules: Awaited<ReturnType<ReturnType<typeof poolRulesResolver>>>,
  ctx: DomainContext,
): Pick<Customer, 'protectedUntil' | 'dropReason'> {
  const protection = computeProtection({ ...current, locked: false }, rules, ctx.config.timezone);
  const earliest = startOfBusinessDay(ctx.now, ctx.config.timezone, (rules.warningDays[0] ?? 0) + 1);
  if (protection.protectedUntil && protection.protectedUntil < earliest) {
    protection.protectedUntil = earliest;
  }
  return protection;
}

/**
 * Unlocks a customer. Its drop date is computed again; if that is already past or imminent, the
 * owner still gets every warning before it drops.
 */
export async function unlockCustomer(input: LockInput, ctx: DomainContext): Promise<Customer> {
  const manager = await actingEmployee(ctx.actor);
  const rules = poolRulesResolver(ctx.config);
  const result = await changeCustomer(input.customerId, ctx, async (current) => {
    await authorize(manager, 'unlock', current, ctx.now);
    const protection = protectionAfterUnlock(current, await rules(current.ownerDepartmentId ?? null), ctx);
    return {
      set: { locked: false, lockedBy: null, ...protection },
      ledger: { action: 'unlock', reason: (input.reason ?? '').trim() },
    };
  });
  await tellOwnerAboutLock(result!.after, manager.name, (input.reason ?? '').trim(), ctx.now);
  return result!.after;
}

/** Tells the owner that their customer was locked or unlocked, and by whom. */
async function tellOwnerAboutLock(
  customer: { _id: Types.ObjectId; name: string; ownerId?: Types.ObjectId | null; locked: boolean; version: number },
  by: string,
  reason: string,
  now: Date,
): Promise<void> {
  const owner = customer.ownerId ? await EmployeeModel.findById(customer.ownerId, { userId: 1 }).lean() : null;
  if (!owner) return;
  const what = customer.locked ? '锁定，不会掉保' : '解除锁定，掉保规则重新生效';
  const text = `客户 **${customer.name}** 已被 ${by} ${what}${reason ? `\n> 原因：${reason}` : ''}`;
  await enqueueMessages(
    [
      {
        id: `lock:${String(customer._id)}:${customer.version}`,
        toUserId: owner.userId,
        kind: 'lock',
        payload: markdown(text),
      },
    ],
    now,
  );
}
