import { Types } from 'mongoose';
import { customerKeys } from '../conflicts/customer-keys.js';
import { CustomerModel, type Customer, type CustomerSource } from '../customer.model.js';
import { AppError } from '../errors/app-error.js';
import { releaseCapacity, reserveCapacity } from './counters.js';
import { flushLedgerOutbox, isDuplicateKeyError } from './customer-change.js';
import type { DomainContext } from './domain-context.js';
import { actingEmployee } from './permissions.js';
import { profileCompleteness } from './profile-completeness.js';
import { poolRulesResolver } from './pool-rules.js';
import { computeProtection } from './protection.js';

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

/** The stored fields for a customer's identity and profile, with its conflict keys computed. */
export async function customerFields(input: CustomerInput, customerId?: Types.ObjectId): Promise<Partial<Customer>> {
  const identity = customerKeys({ name: input.name, creditCode: input.creditCode, phones: input.phones, emails: input.emails });
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
  fields.completeness = (await profileCompleteness({ ...fields, _id: customerId } as Parameters<typeof profileCompleteness>[0])).completeness;
  return fields;
}

/**
 * Creates a customer: into the creating rep's private pool (which counts toward capacity), or into
 * the public pool (imports, inbound leads). An existing customer with the same credit code or the
 * same normalised name blocks creation with DUPLICATE_CUSTOMER and names it, so the rep can claim it
 * or file a complaint instead.
 */
export async function createCustomer(
  input: { customer: CustomerInput; into: 'private' | 'public' },
  ctx: DomainContext,
): Promise<Customer> {
  const fields = await customerFields(input.customer);
  const existing = await CustomerModel.findOne({
    $or: [
      { 'keys.normalizedName': fields.keys!.normalizedName },
      ...(fields.creditCode ? [{ creditCode: fields.creditCode }] : []),
    ],
  }, { _id: 1, name: 1 }).lean();
  if (existing) {
    throw duplicate(existing);
  }

  const owner = input.into === 'private' ? await actingEmployee(ctx.actor) : null;
  const rules = owner ? await poolRulesResolver(ctx.config)(owner.mainDepartmentId ?? null) : null;
  const _id = new Types.ObjectId();
  const doc: Partial<Customer> = {
    ...fields,
    _id,
    poolState: owner ? 'private' : 'public',
    ownerId: owner?._id ?? null,
    ownerDepartmentId: owner?.mainDepartmentId ?? null,
    claimedAt: owner ? ctx.now : null,
    publicSince: owner ? null : ctx.now,
    createdBy: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    stage: 'lead',
    version: 1,
  };
  if (owner && rules) {
    Object.assign(doc, computeProtection(doc as Customer, rules, ctx.config.timezone));
  }
  doc.ledgerOutbox = [{
    _id: `${String(_id)}:1`,
    customerId: _id,
    action: 'create',
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.kind === 'employee' ? ctx.actor.employeeId : null,
    actorName: ctx.actor.kind === 'employee' ? '' : ctx.actor.name,
    reason: fields.source ?? '',
    before: {},
    after: { poolState: doc.poolState, ownerId: doc.ownerId, ownerDepartmentId: doc.ownerDepartmentId },
    at: ctx.now,
  }];

  if (owner && rules) {
    await reserveCapacity(owner._id, 'privateCount', rules.capacity);
  }
  try {
    const created = (await CustomerModel.create({ ...doc, createdAt: ctx.now })).toObject() as Customer;
    await flushLedgerOutbox(created);
    return { ...created, ledgerOutbox: [] };
  } catch (error) {
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
}

function duplicate(existing: { _id: Types.ObjectId; name: string }): AppError {
  return new AppError('DUPLICATE_CUSTOMER', `客户“${existing.name}”已存在，可以认领或发起撞单申诉`, {
    details: { customerId: String(existing._id), name: existing.name },
  });
}
