import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { changeCustomer, loadCustomer } from '../customers/customer-change.js';
import { enqueueMessages, markdown } from '../messages/employee-message.js';
import type { AutoAssignMode } from '../org/auto-assign.schema.js';
import { actingEmployee } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { isAppError } from '../shared/app-error.js';
import { addDays, businessDate, startOfBusinessDate } from '../shared/business-day.js';
import type { DomainContext } from '../shared/domain-context.js';
import { giveBackUnlessUncertain } from '../shared/uncertain-outcome.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { takeWindowSlot } from '../shared/window-counter.js';
import { AssignCounterModel } from './assign-counter.model.js';
import { candidatesInTurn, ruleFor, type AutoAssignRule } from './auto-assign-candidates.js';
import { releaseCapacity, reserveCapacity } from './counters.js';
import { poolRulesResolver } from './pool-rules.js';
import { privateFields } from './transitions.js';

// Automatic assignment (线索自动分配) of a new unowned lead under its department's rule. Exactly once,
// across server instances and without transactions: the turn is one atomic $inc, the rep's daily cap
// and capacity are conditional increments, and the customer changes only while it is still public and
// never auto-assigned (a filter on its version), so of two instances assigning the same lead one wins
// and the other gives back what it reserved.

export type AutoAssignResult =
  { assigned: true; employeeId: string; name: string } | { assigned: false; reason: 'off' | 'not-public' | 'nobody' };

const modeLabel: Record<Exclude<AutoAssignMode, 'off'>, string> = {
  'round-robin': '轮流分配',
  weighted: '按权重分配',
  region: '按地区分配',
  industry: '按行业分配',
};

async function nextTurn(departmentId: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const cursor = await AssignCounterModel.findOneAndUpdate(
        { _id: `cursor:${departmentId}` },
        { $inc: { count: 1 } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return cursor.count - 1;
    } catch (error) {
      // Two first leads of a department raced to create its cursor.
      if (!isDuplicateKeyError(error) || attempt > 2) throw error;
    }
  }
}

const capId = (employeeId: Types.ObjectId, ctx: DomainContext) =>
  `cap:${String(employeeId)}:${businessDate(ctx.now, ctx.config.timezone)}`;

async function takeDailySlot(employeeId: Types.ObjectId, cap: number, ctx: DomainContext): Promise<boolean> {
  const expiresAt = startOfBusinessDate(addDays(businessDate(ctx.now, ctx.config.timezone), 8), ctx.config.timezone);
  return takeWindowSlot(AssignCounterModel, capId(employeeId, ctx), cap, expiresAt);
}

async function giveBackDailySlot(employeeId: Types.ObjectId, ctx: DomainContext): Promise<void> {
  await AssignCounterModel.updateOne({ _id: capId(employeeId, ctx), count: { $gt: 0 } }, { $inc: { count: -1 } });
}

type Target = { _id: Types.ObjectId; name: string; userId: string; mainDepartmentId?: number | null };

/** The change that makes a still-public, never auto-assigned lead the target's; null when another instance won. */
async function assignTo(customerId: Types.ObjectId, target: Target, rule: AutoAssignRule, ctx: DomainContext) {
  const rules = await poolRulesResolver(ctx.config)(target.mainDepartmentId ?? null);
  return changeCustomer(customerId, ctx, (current) => {
    if (current.poolState !== 'public' || current.autoAssignedAt) return null;
    const set = privateFields(current, target, rules, ctx, { autoAssignedAt: ctx.now });
    return { set, ledger: { action: 'assign', reason: `自动分配（${modeLabel[rule.mode]}）` } };
  });
}

async function tellRep(target: Target, customer: Customer, ctx: DomainContext): Promise<void> {
  const where = [customer.region, customer.industry].filter(Boolean).join(' · ');
  const text = [
    '<font color="info">**新线索分配**</font>',
    `系统把新线索 **${customer.name}**${where ? `（${where}）` : ''} 分配给了你，已进入你的私海。`,
    '请尽快联系，并在小程序写跟进记录。',
  ].join('\n');
  await enqueueMessages(
    [{ id: `auto-assign:${String(customer._id)}`, toUserId: target.userId, kind: 'lead', payload: markdown(text) }],
    ctx.now,
  );
}

/** Tries the candidates in turn: daily cap, then capacity, then the customer; gives back whatever a miss reserved. */
async function tryCandidates(
  customer: Customer,
  rule: AutoAssignRule,
  ctx: DomainContext,
  notify: boolean,
): Promise<AutoAssignResult> {
  const rulesOf = poolRulesResolver(ctx.config);
  const seq = await nextTurn(rule.departmentId);
  for (const target of await candidatesInTurn(rule, customer, seq, rulesOf, ctx.now)) {
    if (!(await takeDailySlot(target._id, rule.dailyCap, ctx))) continue;
    try {
      await reserveCapacity(target._id, 'privateCount', (await rulesOf(target.mainDepartmentId ?? null)).capacity);
    } catch (error) {
      await giveBackDailySlot(target._id, ctx);
      if (isAppError(error)) continue;
      throw error;
    }
    const changed = await assignTo(customer._id, target, rule, ctx).catch(async (error: unknown) => {
      await giveBackUnlessUncertain(error, () =>
        Promise.all([releaseCapacity(target._id, 'privateCount'), giveBackDailySlot(target._id, ctx)]),
      );
      throw error;
    });
    if (!changed) {
      await Promise.all([releaseCapacity(target._id, 'privateCount'), giveBackDailySlot(target._id, ctx)]);
      return { assigned: false, reason: 'not-public' };
    }
    if (notify) await tellRep(target, changed.after, ctx);
    return { assigned: true, employeeId: String(target._id), name: target.name };
  }
  return { assigned: false, reason: 'nobody' };
}

/**
 * Assigns a new unowned lead under the rule of the hinted department (e.g. the importing manager's) or
 * of the company's lead department; with no rule (off) it stays in the public pool.
 */
export async function autoAssignLead(
  input: { customerId: Types.ObjectId | string; departmentId?: number | null; notify?: boolean },
  ctx: DomainContext,
): Promise<AutoAssignResult> {
  const rule = await ruleFor(input.departmentId ?? null);
  if (!rule) return { assigned: false, reason: 'off' };
  const customer = await loadCustomer(input.customerId);
  if (customer.poolState !== 'public' || customer.autoAssignedAt) return { assigned: false, reason: 'not-public' };
  return tryCandidates(customer, rule, ctx, input.notify ?? true);
}

/** autoAssignLead for a lead just created: a failure leaves the lead in the public pool, never loses it. */
export async function autoAssignNewLead(
  customerId: Types.ObjectId | string,
  ctx: DomainContext,
  departmentId: number | null = null,
  options: { notify?: boolean } = {},
): Promise<AutoAssignResult> {
  try {
    return await autoAssignLead({ customerId, departmentId, notify: options.notify }, ctx);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { assigned: false, reason: 'nobody' };
  }
}

/** Sales ops run the lead rule on a public customer now (the console's 自动分配); the policy's autoAssign. */
export async function runLeadRule(
  input: { customerId: Types.ObjectId | string; departmentId?: number | null },
  ctx: DomainContext,
): Promise<AutoAssignResult> {
  await authorize(await actingEmployee(ctx.actor), 'autoAssign', await loadCustomer(input.customerId), ctx.now);
  return autoAssignLead(input, ctx);
}
