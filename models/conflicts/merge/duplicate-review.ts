import { Types } from 'mongoose';
import { CustomerModel, type Customer } from '../../customers/customer.model.js';
import { EmployeeModel, type Employee } from '../../org/employee.model.js';
import { actingEmployee } from '../../org/permissions.js';
import { actorFacts } from '../../org/policy/facts.js';
import { authorize, can } from '../../org/policy/policy.js';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { DuplicateFlagModel, type DuplicateFlag, type DuplicateFlagStatus } from '../duplicate-flag.model.js';
import { keptKeyOf } from '../kept-apart.js';
import { mergeCustomers, type MergeOutcome } from './merge-customers.js';
import { idAndName } from '../../shared/id-and-name.js';

// The review of 疑似重复 pairs by sales ops: list them, merge a pair (the chosen customer survives), or
// keep both apart for good.

export interface FlagSide {
  id: string;
  name: string;
  state: string;
  owner: string;
  region: string;
  industry: string;
  mergedInto: string | null;
}

export interface DuplicateFlagView {
  id: string;
  reason: string;
  status: DuplicateFlagStatus;
  createdAt: Date;
  decidedAt: Date | null;
  survivorId: string | null;
  customer: FlagSide | null;
  candidate: FlagSide | null;
  can: { merge: boolean; keep: boolean };
}

/** The reviewing employee, authorised; null for an operator's script (the CLI without --as). */
async function reviewer(ctx: DomainContext): Promise<Employee | null> {
  if (ctx.actor.kind !== 'employee') {
    return null;
  }
  const viewer = await actingEmployee(ctx.actor);
  await authorize(viewer, 'reviewDuplicates', null, ctx.now);
  return viewer;
}

async function sidesOf(flags: DuplicateFlag[]): Promise<Map<string, Customer>> {
  const ids = flags.flatMap((f) => [f.customerId, f.candidateId]);
  const customers = await CustomerModel.find({ _id: { $in: ids } }).lean<Customer[]>();
  return new Map(customers.map((c) => [String(c._id), c]));
}

/** The flagged pairs in a status, newest first, a page at a time. */
export async function listDuplicateFlags(
  input: { status: DuplicateFlagStatus; page: number; pageSize: number },
  ctx: DomainContext,
): Promise<{ total: number; flags: DuplicateFlagView[] }> {
  const viewer = await reviewer(ctx);
  const [total, flags] = await Promise.all([
    DuplicateFlagModel.countDocuments({ status: input.status }),
    DuplicateFlagModel.find({ status: input.status })
      .sort({ createdAt: -1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean<DuplicateFlag[]>(),
  ]);
  const customers = await sidesOf(flags);
  const holders = [...customers.values()].map((c) => c.ownerId ?? c.stakedBy).filter(Boolean);
  const names = new Map(
    (await EmployeeModel.find({ _id: { $in: holders } }, { name: 1 }).lean()).map((e) => [String(e._id), e.name]),
  );
  const facts = viewer ? { ...(await actorFacts(viewer, ctx.now)), responsibleDepartmentId: null } : null;
  const mayMerge = (c: Customer) => (viewer && facts ? can(viewer, 'merge', c, facts) : true);
  const side = (id: Types.ObjectId): FlagSide | null => {
    const c = customers.get(String(id));
    const holder = c?.ownerId ?? c?.stakedBy;
    return c
      ? {
          ...idAndName(c),
          state: c.poolState,
          owner: holder ? (names.get(String(holder)) ?? '') : '',
          region: c.region,
          industry: c.industry,
          mergedInto: c.mergedInto ? String(c.mergedInto) : null,
        }
      : null;
  };
  return {
    total,
    flags: flags.map((f) => {
      const pair = [customers.get(String(f.customerId)), customers.get(String(f.candidateId))];
      const open = f.status === 'open' && pair.every(Boolean);
      return {
        id: String(f._id),
        reason: f.reason,
        status: f.status,
        createdAt: f.createdAt,
        decidedAt: f.decidedAt ?? null,
        survivorId: f.survivorId ? String(f.survivorId) : null,
        customer: side(f.customerId),
        candidate: side(f.candidateId),
        can: { merge: open && pair.every((c) => mayMerge(c!)), keep: open },
      };
    }),
  };
}

async function loadFlag(flagId: string): Promise<DuplicateFlag> {
  const flag = Types.ObjectId.isValid(flagId) ? await DuplicateFlagModel.findById(flagId).lean<DuplicateFlag>() : null;
  if (!flag) {
    throw new AppError('DUPLICATE_FLAG_NOT_FOUND', '找不到该疑似重复记录', { details: { flagId } });
  }
  return flag;
}

/** Merges a flagged pair: `survivorId` (one of the two) is kept, the other becomes its tombstone. */
export async function mergeFlaggedPair(
  input: { flagId: string; survivorId?: string; reason?: string },
  ctx: DomainContext,
): Promise<MergeOutcome> {
  await reviewer(ctx);
  const flag = await loadFlag(input.flagId);
  const pair = [String(flag.customerId), String(flag.candidateId)];
  // By default the customer that was there first (the candidate) survives.
  const survivorId = input.survivorId ?? pair[1]!;
  if (!pair.includes(survivorId)) {
    throw new AppError('VALIDATION_FAILED', '保留的客户必须是这一对疑似重复客户中的一个', {
      details: { survivorId, pair },
    });
  }
  if (flag.status === 'kept') {
    throw new AppError('INVALID_STATE', '这一对已确认为不同公司（保留两者），不能再合并');
  }
  if (flag.status === 'merged' && String(flag.survivorId) !== survivorId) {
    throw new AppError('INVALID_STATE', '这一对已合并，保留的是另一个客户');
  }
  const absorbedId = pair.find((id) => id !== survivorId)!;
  return mergeCustomers({ survivorId, absorbedId, flagId: flag._id, reason: input.reason }, ctx);
}

/** Keeps both customers of a flagged pair apart: the pair is never flagged again. Repeating it is a no-op. */
export async function keepFlaggedPairApart(input: { flagId: string }, ctx: DomainContext): Promise<DuplicateFlag> {
  const viewer = await reviewer(ctx);
  const flag = await loadFlag(input.flagId);
  if (flag.status === 'merged') {
    throw new AppError('INVALID_STATE', '这一对已合并，不能再保留两者');
  }
  if (flag.status === 'kept') {
    return flag;
  }
  const customers = await sidesOf([flag]);
  const [a, b] = [customers.get(String(flag.customerId)), customers.get(String(flag.candidateId))];
  const kept = await DuplicateFlagModel.findOneAndUpdate(
    { _id: flag._id, status: 'open' },
    {
      $set: {
        status: 'kept',
        decidedBy: viewer?._id ?? null,
        decidedAt: ctx.now,
        ...(a && b ? { keptKey: keptKeyOf(a.name, b.name) } : {}),
      },
    },
    { returnDocument: 'after' },
  ).lean<DuplicateFlag>();
  // Decided concurrently: answer what it became.
  return kept ?? keepFlaggedPairApart(input, ctx);
}
