import { Types } from 'mongoose';
import { removeFromConflictIndex } from '../../conflicts/keys/conflict-index.js';
import { withNamedLock } from '../../shared/named-lock.js';
import { checkCreditCode } from '../../conflicts/keys/credit-code.js';
import { customerKeys } from '../../conflicts/keys/customer-keys.js';
import { assertNoDuplicate } from '../../conflicts/duplicate-guard.js';
import { indexTerms } from '../../conflicts/keys/index-terms.js';
import { CustomerModel, type Customer, type CustomerSource } from '../customer.model.js';
import { AppError } from '../../shared/app-error.js';
import { releaseCapacity, reserveCapacity, type PoolCounter } from '../../pool/counters.js';
import { startOfBusinessDay } from '../../shared/business-day.js';
import { settleCreation } from '../settle-change.js';
import { insertNewCustomer } from '../insert-new-customer.js';
import { isDuplicateKeyError } from '../../shared/duplicate-key.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { giveBackUnlessUncertain } from '../../shared/uncertain-outcome.js';
import { actingEmployee } from '../../org/permissions.js';
import { greenCompleteness, profileCompleteness, type ProfileField } from '../profile-completeness.js';
import { assertProfileBounds } from '../profile-bounds.js';
import { poolRulesResolver } from '../../pool/pool-rules.js';
import { computeProtection } from '../../pool/protection.js';

export interface CustomerInput {
  name: string;
  creditCode?: string | null;
  phones?: string[];
  emails?: string[];
  boss?: string;
  legalRepresentative?: string;
  source?: CustomerSource;
  sourceDetail?: string;
  industry?: string;
  region?: string;
  address?: string;
  website?: string;
  profile?: Record<string, string | number | boolean>;
}

/**
 * The stored fields for a customer's identity and profile, with its conflict keys computed. A credit
 * code that fails its checksum is refused. Bulk callers pass the profile fields once for all rows.
 */
export async function customerFields(
  input: CustomerInput,
  customerId?: Types.ObjectId,
  profileFieldList?: ProfileField[],
): Promise<Partial<Customer>> {
  const code = input.creditCode?.trim() ? checkCreditCode(input.creditCode) : null;
  if (code && !code.ok) {
    throw new AppError(
      'INVALID_CREDIT_CODE',
      `统一社会信用代码“${input.creditCode}”不正确，请核对（18 位，末位为校验码）`,
      {
        details: { field: 'creditCode', reason: code.reason },
      },
    );
  }
  assertProfileBounds(input.profile ?? {});
  const identity = customerKeys({
    name: input.name,
    creditCode: input.creditCode,
    phones: input.phones,
    emails: input.emails,
  });
  const fields: Partial<Customer> & Record<string, unknown> = {
    name: input.name.trim(),
    ...identity,
    boss: input.boss?.trim() ?? '',
    legalRepresentative: input.legalRepresentative?.trim() ?? '',
    source: input.source ?? 'manual',
    sourceDetail: input.sourceDetail ?? '',
    industry: input.industry?.trim() ?? '',
    region: input.region?.trim() ?? '',
    address: input.address?.trim() ?? '',
    website: input.website?.trim() ?? '',
    profile: new Map(Object.entries(input.profile ?? {})),
  };
  fields.completeness = (
    await profileCompleteness(
      { ...fields, _id: customerId } as Parameters<typeof profileCompleteness>[0],
      profileFieldList,
    )
  ).completeness;
  return fields;
}

/** Where a new customer goes: the creator's private pool, staked by the creator (占坑), or the public pool. */
export type CreateInto = 'private' | 'staked' | 'public';

/**
 * Creates a customer: into the creating rep's private pool (which counts toward capacity), staked by
 * them (toward the stake allowance, with a greening deadline), or into the public pool (imports,
 * inbound leads). A customer that is the same entity as an existing one (credit code, name, core name
 * with a compatible region, phone under a matching name…) is refused with DUPLICATE_CUSTOMER naming
 * it, so the rep can claim it or file a complaint instead. Creators of the same core name take turns,
 * so two reps creating one company at once end with one customer.
 */
export async function createCustomer(
  input: { customer: CustomerInput; into: CreateInto },
  ctx: DomainContext,
): Promise<Customer> {
  const fields = await customerFields(input.customer);
  return inCreatorTurn(fields, async () => {
    await assertNoDuplicate(
      { ...input.customer, boss: input.customer.boss ?? input.customer.legalRepresentative },
      ctx,
    );
    return insertCustomer(fields, input.into, ctx);
  });
}

/**
 * Runs fn in the creators' turn of the customer's core name: two reps creating the same company at
 * once would both pass the duplicate check, so creators of one core name take turns.
 */
export function inCreatorTurn<T>(fields: Partial<Customer>, fn: () => Promise<T>): Promise<T> {
  const core = fields.keys!.coreName || fields.keys!.normalizedName;
  if (!core) {
    return fn();
  }
  return withNamedLock(`create:${core}`, fn, { ttlMs: 15_000, busyMessage: '同名客户正在被创建，请稍后再试' });
}

/**
 * Creates a customer from its fields (customerFields) for a caller that holds the creators' turn
 * (inCreatorTurn) and has itself found no customer that is the same entity (findSameEntity).
 */
export function insertCheckedCustomer(
  fields: Partial<Customer>,
  into: CreateInto,
  ctx: DomainContext,
): Promise<Customer> {
  return insertCustomer(fields, into, ctx);
}

interface Holding {
  fields: Partial<Customer>;
  counter: PoolCounter | null;
  limit: number;
  holderId: Types.ObjectId | null;
  /** The protection a private customer starts with (computed once its capacity is reserved). */
  protection?: () => Partial<Customer>;
}

/** Who holds the new customer and which of their counters it takes. */
async function holdingOf(fields: Partial<Customer>, into: CreateInto, ctx: DomainContext): Promise<Holding> {
  if (into === 'public') {
    const open = { poolState: 'public' as const, ownerId: null, ownerDepartmentId: null, publicSince: ctx.now };
    return { fields: open, counter: null, limit: 0, holderId: null };
  }
  const rep = await actingEmployee(ctx.actor);
  const rules = await poolRulesResolver(ctx.config)(rep.mainDepartmentId ?? null);
  if (into === 'staked') {
    const greened = (fields.completeness ?? 0) >= (await greenCompleteness());
    const staked: Partial<Customer> = {
      ...{ poolState: 'staked', ownerId: null, ownerDepartmentId: null, publicSince: null },
      ...{ stakedBy: rep._id, stakedAt: ctx.now, greenedAt: greened ? ctx.now : null },
      stakeDeadline: startOfBusinessDay(ctx.now, ctx.config.timezone, rules.stakeDeadlineDays + 1),
    };
    return { fields: staked, counter: 'stakedCount', limit: rules.capacity * rules.stakeMultiple, holderId: rep._id };
  }
  const owned: Partial<Customer> = {
    ...{ poolState: 'private', ownerId: rep._id, ownerDepartmentId: rep.mainDepartmentId ?? null },
    ...{ claimedAt: ctx.now, publicSince: null },
  };
  const protection = () => computeProtection({ ...fields, ...owned } as Customer, rules, ctx.config.timezone);
  return { fields: owned, counter: 'privateCount', limit: rules.capacity, holderId: rep._id, protection };
}

async function insertCustomer(fields: Partial<Customer>, into: CreateInto, ctx: DomainContext): Promise<Customer> {
  const holding = await holdingOf(fields, into, ctx);
  const { counter, holderId } = holding;
  if (counter && holderId) {
    await reserveCapacity(holderId, counter, holding.limit);
  }
  // Past a full pool (a burst of WeCom leads) nothing more is computed.
  Object.assign(holding.fields, holding.protection?.());
  const _id = new Types.ObjectId();
  const doc: Partial<Customer> = {
    ...fields,
    _id,
    ...holding.fields,
    createdBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    stage: 'lead',
    version: 1,
  };
  const ownership = {
    poolState: doc.poolState!,
    ownerId: doc.ownerId ?? null,
    ownerDepartmentId: doc.ownerDepartmentId ?? null,
  };
  doc.ledgerOutbox = [
    creationLedgerEntry(_id, fields.source ?? '', { ...ownership, stakedBy: doc.stakedBy ?? null }, ctx),
  ];
  let created: Customer;
  try {
    // The conflict index gets the customer before it is written (as the customer.model.ts hooks do).
    created = await insertNewCustomer(doc, ctx.now);
  } catch (error) {
    // Not written: its index entries and reserved capacity go back.
    await removeFromConflictIndex(_id, indexTerms(doc));
    if (counter) {
      await giveBackUnlessUncertain(error, () => releaseCapacity(holderId, counter));
    }
    if (isDuplicateKeyError(error) && fields.creditCode) {
      const clash = await CustomerModel.findOne({ creditCode: fields.creditCode }, { _id: 1, name: 1 }).lean();
      if (clash) {
        throw duplicate(clash);
      }
    }
    throw error;
  }
  await settleCreation(created);
  return { ...created, ledgerOutbox: [] };
}

/** The first ledger entry of a customer (version 1), carried in its outbox by the insert itself. */
export function creationLedgerEntry(
  customerId: Types.ObjectId,
  reason: string,
  after: Pick<Customer, 'poolState' | 'ownerId' | 'ownerDepartmentId'> & { stakedBy?: Types.ObjectId | null },
  ctx: DomainContext,
): Customer['ledgerOutbox'][number] {
  return {
    _id: `${String(customerId)}:1`,
    customerId,
    action: 'create',
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    actorName: ctx.actor.kind === 'employee' ? '' : ctx.actor.name,
    reason,
    before: {},
    after,
    at: ctx.now,
  };
}

function duplicate(existing: { _id: Types.ObjectId; name: string }): AppError {
  return new AppError('DUPLICATE_CUSTOMER', `客户“${existing.name}”已存在，可以认领或发起撞单申诉`, {
    details: { customerId: String(existing._id), name: existing.name },
  });
}
