import { Types } from 'mongoose';
import { removeFromConflictIndex } from '../../conflicts/keys/conflict-index.js';
import { withCreateLease } from '../../conflicts/create-lease.js';
import { checkCreditCode } from '../../conflicts/keys/credit-code.js';
import { customerKeys } from '../../conflicts/keys/customer-keys.js';
import { assertNoDuplicate } from '../../conflicts/duplicate-guard.js';
import { indexTerms } from '../../conflicts/keys/index-terms.js';
import { CustomerModel, type Customer, type CustomerSource } from '../customer.model.js';
import { AppError } from '../../shared/app-error.js';
import { releaseCapacity, reserveCapacity } from '../../pool/counters.js';
import { flushLedgerOutbox } from '../customer-change.js';
import { isDuplicateKeyError } from '../../shared/duplicate-key.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { actingEmployee } from '../../org/permissions.js';
import { profileCompleteness, type ProfileField } from '../profile-completeness.js';
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

/**
 * Creates a customer: into the creating rep's private pool (which counts toward capacity), or into
 * the public pool (imports, inbound leads). A customer that is the same entity as an existing one
 * (credit code, name, core name with a compatible region, phone under a matching name…) is refused
 * with DUPLICATE_CUSTOMER naming it, so the rep can claim it or file a complaint instead. Creators of
 * the same core name take turns, so two reps creating one company at once end with one customer.
 */
export async function createCustomer(
  input: { customer: CustomerInput; into: 'private' | 'public' },
  ctx: DomainContext,
): Promise<Customer> {
  const fields = await customerFields(input.customer);
  return withCreateLease(fields.keys!.coreName || fields.keys!.normalizedName, async () => {
    await assertNoDuplicate(
      { ...input.customer, boss: input.customer.boss ?? input.customer.legalRepresentative },
      ctx,
    );
    return insertCustomer(fields, input.into, ctx);
  });
}

async function insertCustomer(
  fields: Partial<Customer>,
  into: 'private' | 'public',
  ctx: DomainContext,
): Promise<Customer> {
  const owner = into === 'private' ? await actingEmployee(ctx.actor) : null;
  const rules = owner ? await poolRulesResolver(ctx.config)(owner.mainDepartmentId ?? null) : null;
  const _id = new Types.ObjectId();
  const ownership = {
    poolState: owner ? ('private' as const) : ('public' as const),
    ownerId: owner?._id ?? null,
    ownerDepartmentId: owner?.mainDepartmentId ?? null,
  };
  const doc: Partial<Customer> = {
    ...fields,
    _id,
    ...ownership,
    claimedAt: owner ? ctx.now : null,
    publicSince: owner ? null : ctx.now,
    createdBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    stage: 'lead',
    version: 1,
  };
  if (owner && rules) {
    Object.assign(doc, computeProtection(doc as Customer, rules, ctx.config.timezone));
  }
  doc.ledgerOutbox = [creationLedgerEntry(_id, fields.source ?? '', ownership, ctx)];

  if (owner && rules) {
    await reserveCapacity(owner._id, 'privateCount', rules.capacity);
  }
  let created: Customer;
  try {
    // The conflict index gets the customer before it is written (customer.model.ts hooks).
    created = (await CustomerModel.create({ ...doc, createdAt: ctx.now })).toObject();
  } catch (error) {
    // Not written: its index entries and reserved capacity go back.
    await removeFromConflictIndex(_id, indexTerms(doc));
    if (owner) {
      await releaseCapacity(owner._id, 'privateCount');
    }
    if (isDuplicateKeyError(error) && fields.creditCode) {
      const clash = await CustomerModel.findOne({ creditCode: fields.creditCode }, { _id: 1, name: 1 }).lean();
      if (clash) {
        throw duplicate(clash);
      }
    }
    throw error;
  }
  await flushLedgerOutbox(created);
  return { ...created, ledgerOutbox: [] };
}

/** The first ledger entry of a customer (version 1), carried in its outbox by the insert itself. */
export function creationLedgerEntry(
  customerId: Types.ObjectId,
  reason: string,
  after: Pick<Customer, 'poolState' | 'ownerId' | 'ownerDepartmentId'>,
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
