import type { Types } from 'mongoose';
import type { Customer } from '../customers/customer.model.js';
import { loadCustomer } from '../customers/customer-change.js';
import { enqueueMessages, fitList, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { keysDigest } from '../messages/pending-notices.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { actingEmployee, activeEmployee, managedDepartmentIds, seesEverything } from '../org/permissions.js';
import { policyFacts } from '../org/policy/facts.js';
import { can } from '../org/policy/policy.js';
import { AppError, isAppError, type ErrorCode } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';
import { poolRulesResolver } from './pool-rules.js';
import { transferCustomer } from './transfer-customer.js';

// 分配/转交: a manager moves customers between the reps of their team, sales ops across teams (the
// policy's `reassign`). Each customer moves on its own (the receiver's capacity reserved first, one
// ledger entry each); a refusal of one is reported and does not stop the others. The receiver hears
// once about everything received, each previous holder once about what was moved away, through the outbox.

export interface ReassignOutcome {
  to: { id: string; name: string };
  moved: { customerId: string; name: string; fromName: string; action: 'assign' | 'transfer' }[];
  refused: { customerId: string; code: string; message: string }[];
}

type Moved = ReassignOutcome['moved'][number] & { fromUserId: string | null; version: number };

async function moveOne(customerId: string, target: Employee, reason: string, ctx: DomainContext): Promise<Moved> {
  const before = await loadCustomer(customerId);
  const fromId =
    before.poolState === 'private' ? before.ownerId : before.poolState === 'staked' ? before.stakedBy : null;
  const after = await transferCustomer({ customerId, toEmployeeId: target._id, reason }, ctx);
  const from = fromId ? await EmployeeModel.findById(fromId, { name: 1, userId: 1, status: 1 }).lean() : null;
  return {
    customerId,
    name: after.name,
    fromName: from?.name ?? '',
    fromUserId: from && from.status === 'active' ? from.userId : null,
    action: before.poolState === 'public' ? 'assign' : 'transfer',
    version: after.version,
  };
}

function reassignMessages(by: Employee, target: Employee, moved: Moved[], reason: string): EmployeeMessage[] {
  const why = reason ? `原因：${reason}` : '';
  const key = keysDigest(moved.map((m) => `${m.customerId}:${m.version}`));
  const messages: EmployeeMessage[] = [
    {
      id: `reassign-in:${target.userId}:${key}`,
      toUserId: target.userId,
      kind: 'reassign',
      payload: markdown(
        fitList(
          `**客户分配**\n${by.name} 把 ${moved.length} 个客户分配给你：`,
          moved.map((m, i) => `> ${i + 1}. **${m.name}**${m.fromName ? `（原负责人 ${m.fromName}）` : ''}`),
          `${why}\n资料和跟进记录都在客户详情里，请尽快跟进。`,
          (hidden) => `> ……另有 ${hidden} 个，请在小程序“我的客户”查看`,
        ),
      ),
    },
  ];
  const byFrom = new Map<string, Moved[]>();
  for (const m of moved) {
    if (m.fromUserId && m.fromUserId !== target.userId)
      byFrom.set(m.fromUserId, [...(byFrom.get(m.fromUserId) ?? []), m]);
  }
  for (const [userId, list] of byFrom) {
    messages.push({
      id: `reassign-out:${userId}:${key}`,
      toUserId: userId,
      kind: 'reassign',
      payload: markdown(
        fitList(
          `**客户转交**\n${by.name} 把你的 ${list.length} 个客户转交给了 ${target.name}：`,
          list.map((m, i) => `> ${i + 1}. **${m.name}**`),
          why,
          (hidden) => `> ……另有 ${hidden} 个`,
        ),
      ),
    });
  }
  return messages;
}

/**
 * Moves each customer to the target employee; answers what moved and why each other one did not. When
 * none moved, throws the first refusal (every refusal in its details).
 */
export async function reassignCustomers(
  input: { customerIds: string[]; toEmployeeId: Types.ObjectId | string; reason?: string },
  ctx: DomainContext,
): Promise<ReassignOutcome> {
  const by = await actingEmployee(ctx.actor);
  const target = await activeEmployee(input.toEmployeeId);
  const reason = (input.reason ?? '').trim();
  const moved: Moved[] = [];
  const refused: ReassignOutcome['refused'] = [];
  for (const customerId of [...new Set(input.customerIds)]) {
    try {
      moved.push(await moveOne(customerId, target, reason, ctx));
    } catch (error) {
      if (!isAppError(error)) throw error;
      refused.push({ customerId, code: error.code, message: error.message });
    }
  }
  if (moved.length === 0) {
    // Nothing moved: the answer is the refusal itself (all of them in details), so a single move reads as one error.
    const first = refused[0]!;
    throw new AppError(first.code as ErrorCode, first.message, { details: { refused } });
  }
  await enqueueMessages(reassignMessages(by, target, moved, reason), ctx.now);
  return {
    to: { id: String(target._id), name: target.name },
    moved: moved.map(({ customerId, name, fromName, action }) => ({ customerId, name, fromName, action })),
    refused,
  };
}

export interface ReassignTarget {
  id: string;
  name: string;
  /** Private customers held and the capacity of the target's team. */
  used: number;
  capacity: number;
}

/** Whom the viewer may move this customer to (the policy decides each), with their capacity use. */
export async function reassignTargets(customerId: string, ctx: DomainContext): Promise<ReassignTarget[]> {
  const viewer = await actingEmployee(ctx.actor);
  if (viewer.role === 'rep') return [];
  const customer: Customer = await loadCustomer(customerId);
  const scope = seesEverything(viewer) ? null : [...(await managedDepartmentIds(viewer))];
  const candidates = await EmployeeModel.find(
    { status: 'active', role: { $in: ['rep', 'manager'] }, ...(scope ? { mainDepartmentId: { $in: scope } } : {}) },
    { name: 1, mainDepartmentId: 1, privateCount: 1 },
  )
    .sort({ name: 1 })
    .limit(500)
    .lean();
  const rules = poolRulesResolver(ctx.config);
  const targets: ReassignTarget[] = [];
  for (const e of candidates) {
    const subject = { customer, target: e };
    if (!can(viewer, 'reassign', subject, await policyFacts(viewer, 'reassign', subject, ctx.now))) continue;
    const capacity = (await rules(e.mainDepartmentId ?? null)).capacity;
    targets.push({ id: String(e._id), name: e.name, used: e.privateCount, capacity });
  }
  return targets;
}
