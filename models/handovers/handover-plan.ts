import { Types } from 'mongoose';
import { ContactModel } from '../customers/contact.model.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { AppError, isAppError } from '../shared/app-error.js';
import type { DomainContext } from '../shared/domain-context.js';
import { poolRulesResolver } from '../pool/pool-rules.js';
import { moveToPublic } from '../pool/release-customer.js';
import { unstakeCustomer } from '../pool/stake-customer.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { handoverLabel, handoverWhy, inheritDirectly } from './direct-inheritance.js';
import { keepHandoverRecord } from './handover-records.js';
import { WecomTransferModel, type TransferKind } from './wecom-transfer.model.js';

// A handover (离职继承 / 在职继承): ops names, per customer of the departing (or moving) rep, a
// takeover rep or the public pool. Customers for the pool go there at once. For a takeover rep,
// every WeCom contact of the customer that the handover rep follows gets a WeCom transfer; the CRM
// customer follows when WeCom reports the takeover done (the customer has 24 h to refuse). A
// customer with no WeCom contact of the handover rep is inherited at once (and the rep told). The plan,
// with its reason, is kept in handover_records; every transfer carries the reason too.

export type HandoverTarget = string; // a WeCom userid, or 'pool'

export interface HandoverInput {
  handoverUserId: string;
  defaultTarget: HandoverTarget;
  /** customerId → target, overriding the default. */
  assignments?: Record<string, HandoverTarget>;
  reason?: string;
}

export interface HandoverPlanResult {
  kind: TransferKind;
  transfers: { transferId: string; customerId: string | null; externalUserId: string; takeoverUserId: string }[];
  inherited: { customerId: string; takeoverUserId: string }[];
  released: string[];
  unstaked: string[];
  alreadyInProgress: string[];
  failed: { customerId: string; code: string; message: string }[];
}

async function employeeByUserId(userId: string): Promise<Employee> {
  const employee = await EmployeeModel.findOne({ userId }).lean<Employee>();
  if (!employee) {
    throw new AppError('EMPLOYEE_NOT_FOUND', `找不到成员 ${userId}`, { details: { userId } });
  }
  return employee;
}

/** Refuses a plan that gives a rep more customers than their free capacity, naming who and by how much. */
async function assertCapacity(plan: Map<string, number>, ctx: DomainContext): Promise<void> {
  const rules = poolRulesResolver(ctx.config);
  for (const [userId, count] of plan) {
    const rep = await employeeByUserId(userId);
    if (rep.status !== 'active') {
      throw new AppError('EMPLOYEE_INACTIVE', `${rep.name} 已离职，不能接手客户`, { details: { userId } });
    }
    const { capacity } = await rules(rep.mainDepartmentId ?? null);
    const free = capacity - rep.privateCount;
    if (count > free) {
      throw new AppError(
        'POOL_CAPACITY_FULL',
        `${rep.name} 的私海只剩 ${Math.max(free, 0)} 个空位，本次分配了 ${count} 个客户`,
        {
          details: { userId, free: Math.max(free, 0), assigned: count },
        },
      );
    }
  }
}

/** How many private customers each takeover rep would receive under the plan. */
function plannedLoad(
  customers: Pick<Customer, '_id' | 'poolState'>[],
  targetOf: (customerId: string) => string,
  handoverUserId: string,
): Map<string, number> {
  const load = new Map<string, number>();
  for (const customer of customers.filter((c) => c.poolState === 'private')) {
    const target = targetOf(String(customer._id));
    if (target === handoverUserId) {
      throw new AppError('VALIDATION_FAILED', '接手人不能是原跟进人', {
        details: { customerId: String(customer._id) },
      });
    }
    if (target !== 'pool') {
      load.set(target, (load.get(target) ?? 0) + 1);
    }
  }
  return load;
}

interface HandoverRun {
  kind: TransferKind;
  handover: Employee;
  reason: string;
  result: HandoverPlanResult;
}

/** Hands over one customer: unstaked, released, inherited, or one WeCom transfer per followed contact. */
async function handOverCustomer(
  customer: Pick<Customer, '_id' | 'poolState'>,
  target: string,
  { kind, handover, reason, result }: HandoverRun,
  ctx: DomainContext,
): Promise<void> {
  const customerId = String(customer._id);
  if (customer.poolState === 'staked') {
    // Stakes are personal: they return to the pool rather than pass on.
    await unstakeCustomer({ customerId, reason }, { ...ctx, actor: { kind: 'system', name: 'handover' } });
    result.unstaked.push(customerId);
  } else if (target === 'pool') {
    await moveToPublic(customerId, ctx, { action: 'release', reason: `${reason}：释放到公海` });
    result.released.push(customerId);
  } else {
    const takeover = await employeeByUserId(target);
    const contacts = await ContactModel.find(
      { customerId: customer._id, 'followUsers.userId': handover.userId },
      { externalUserId: 1, followUsers: 1 },
    ).lean();
    const followed = contacts.filter(
      (c) => c.externalUserId && c.followUsers.some((f) => f.userId === handover.userId && !f.removedAt),
    );
    if (followed.length === 0) {
      await inheritDirectly({ customerId, handover, takeover, why: handoverWhy(kind, reason) }, ctx);
      result.inherited.push({ customerId, takeoverUserId: target });
      return;
    }
    for (const contact of followed) {
      await recordTransfer(
        {
          kind,
          reason,
          handover,
          takeoverUserId: target,
          externalUserId: contact.externalUserId!,
          customerId: customer._id,
          ctx,
        },
        result,
      );
    }
  }
}

/**
 * Records a handover plan: pool customers are released, customers without WeCom contacts are
 * inherited, and one pending WeCom transfer is recorded per contact (started by startTransfers).
 * Repeating the same plan does not duplicate transfers.
 */
export async function planHandover(input: HandoverInput, ctx: DomainContext): Promise<HandoverPlanResult> {
  const handover = await employeeByUserId(input.handoverUserId);
  const kind: TransferKind = handover.status === 'resigned' ? 'resigned' : 'onjob';
  const reason = input.reason?.trim() || handoverLabel(kind);
  const result: HandoverPlanResult = {
    kind,
    transfers: [],
    inherited: [],
    released: [],
    unstaked: [],
    alreadyInProgress: [],
    failed: [],
  };
  const customers = await CustomerModel.find(
    {
      $or: [
        { ownerId: handover._id, poolState: 'private' },
        { stakedBy: handover._id, poolState: 'staked' },
      ],
    },
    { _id: 1, poolState: 1 },
  ).lean<Pick<Customer, '_id' | 'poolState'>[]>();
  const targetOf = (customerId: string) => input.assignments?.[customerId] ?? input.defaultTarget;

  await assertCapacity(plannedLoad(customers, targetOf, handover.userId), ctx);

  for (const customer of customers) {
    const customerId = String(customer._id);
    const target = targetOf(customerId);
    try {
      await handOverCustomer(customer, target, { kind, handover, reason, result }, ctx);
    } catch (error) {
      if (!isAppError(error)) {
        throw error;
      }
      result.failed.push({ customerId, code: error.code, message: error.message });
    }
  }
  await keepHandoverRecord(handover, reason, result, ctx);
  return result;
}

async function recordTransfer(
  input: {
    kind: TransferKind;
    reason: string;
    handover: Employee;
    takeoverUserId: string;
    externalUserId: string;
    customerId: Types.ObjectId;
    ctx: DomainContext;
  },
  result: HandoverPlanResult,
): Promise<void> {
  const _id = new Types.ObjectId();
  try {
    await WecomTransferModel.create({
      _id,
      kind: input.kind,
      handoverReason: input.reason,
      handoverUserId: input.handover.userId,
      takeoverUserId: input.takeoverUserId,
      externalUserId: input.externalUserId,
      customerId: input.customerId,
      openKey: `${input.handover.userId}:${input.externalUserId}`,
      status: 'pending',
      requestedBy: input.ctx.actor.kind === 'employee' ? input.ctx.actor.employeeId : null,
      requestedAt: input.ctx.now,
    });
    result.transfers.push({
      transferId: String(_id),
      customerId: String(input.customerId),
      externalUserId: input.externalUserId,
      takeoverUserId: input.takeoverUserId,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
    result.alreadyInProgress.push(input.externalUserId);
  }
}
