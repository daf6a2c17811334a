import { noHolder } from '../../customers/no-holder.js';
import { fieldsOrNull } from '../../customers/fields-or-null.js';
import type { Types } from 'mongoose';
import { stages, type Customer } from '../../customers/customer.model.js';
import type { CustomerChangePlan } from '../../customers/customer-change.js';
import { AppError } from '../../shared/app-error.js';
import type { IdentitySource } from '../keys/index-terms.js';

// The two customer changes of a merge, decided in plain code: the absorbed customer becomes a
// tombstone that remembers what it held, and the survivor takes its identity keys and, when nobody
// held the survivor, its holder. Both plans answer null when their step is already done.

/** What a tombstone remembers of the customer it was, for the merge's later steps. */
export interface MergeSnapshot {
  poolState: Customer['poolState'];
  ownerId: Types.ObjectId | null;
  ownerDepartmentId: number | null;
  claimedAt: Date | null;
  protectedUntil: Date | null;
  dropReason: Customer['dropReason'];
  locked: boolean;
  lockedBy: Types.ObjectId | null;
  stakedBy: Types.ObjectId | null;
  stakedAt: Date | null;
  stakeDeadline: Date | null;
  greenedAt: Date | null;
  creditCode: string | null;
  phones: string[];
  emailDomains: string[];
}

const holderFields = (c: Customer) => ({
  poolState: c.poolState,
  ...fieldsOrNull(c, ['ownerId', 'ownerDepartmentId', 'claimedAt', 'protectedUntil', 'dropReason']),
  locked: c.locked,
  ...fieldsOrNull(c, ['lockedBy', 'stakedBy', 'stakedAt', 'stakeDeadline', 'greenedAt']),
});

/** The tombstone's identity as the conflict index knew it. */
export function snapshotIdentity(tombstone: Customer, snapshot: MergeSnapshot): IdentitySource {
  return {
    name: tombstone.name,
    phones: snapshot.phones,
    emailDomains: snapshot.emailDomains,
    boss: tombstone.boss,
    legalRepresentative: tombstone.legalRepresentative,
  };
}

export function tombstonePlan(current: Customer, survivor: Customer): CustomerChangePlan | null {
  if (current.poolState === 'merged') {
    if (String(current.mergedInto) === String(survivor._id)) {
      return null;
    }
    throw new AppError('CUSTOMER_MERGED', `“${current.name}”已合并到另一个客户`);
  }
  const snapshot: MergeSnapshot = {
    ...holderFields(current),
    creditCode: current.creditCode ?? null,
    phones: current.phones,
    emailDomains: current.emailDomains,
  };
  return {
    set: {
      poolState: 'merged',
      mergedInto: survivor._id,
      mergeSnapshot: snapshot,
      ...noHolder,
      publicSince: null,
      // Its keys go to the survivor: nothing may find the tombstone, and its credit code is free again.
      phones: [],
      emailDomains: [],
      keys: { normalizedName: '', coreName: '' },
    },
    unset: ['creditCode'],
    ledger: { action: 'merge', reason: `合并到“${survivor.name}”` },
  };
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
const later = (a: Date | null | undefined, b: Date | null | undefined) => (a && b ? (a > b ? a : b) : (a ?? b ?? null));
const held = (s: Pick<MergeSnapshot, 'poolState'>) => s.poolState === 'private' || s.poolState === 'staked';

/** Whether the survivor takes over the absorbed customer's holder: it was nobody's, the other was held. */
export function takesOver(survivor: Customer, snapshot: MergeSnapshot): boolean {
  return survivor.poolState === 'public' && held(snapshot);
}

/** The survivor's identity after the merge (what the conflict index must hold before it is written). */
export function survivorIdentity(survivor: Customer, tombstone: Customer, snapshot: MergeSnapshot): IdentitySource {
  return {
    name: survivor.name,
    phones: union(survivor.phones, snapshot.phones),
    emailDomains: union(survivor.emailDomains, snapshot.emailDomains),
    boss: survivor.boss || tombstone.boss,
    legalRepresentative: survivor.legalRepresentative || tombstone.legalRepresentative,
  };
}

function profileUnion(survivor: Customer, tombstone: Customer): Record<string, unknown> {
  const plain = (p: unknown): Record<string, unknown> =>
    p instanceof Map ? Object.fromEntries(p as Map<string, unknown>) : ((p ?? {}) as Record<string, unknown>);
  return { ...plain(tombstone.profile), ...plain(survivor.profile) };
}

export function survivorPlan(survivor: Customer, tombstone: Customer): CustomerChangePlan | null {
  if (survivor.mergedFrom.some((m) => String(m.customerId) === String(tombstone._id))) {
    return null;
  }
  if (survivor.poolState === 'merged') {
    throw new AppError('CUSTOMER_MERGED', `“${survivor.name}”已合并到另一个客户，请改为保留它合并后的客户`);
  }
  const snapshot = tombstone.mergeSnapshot as MergeSnapshot;
  const tookOver = takesOver(survivor, snapshot);
  const identity = survivorIdentity(survivor, tombstone, snapshot);
  const stage = stages.indexOf(tombstone.stage) > stages.indexOf(survivor.stage) ? tombstone.stage : survivor.stage;
  const { poolState: _state, creditCode: _code, phones: _phones, emailDomains: _domains, ...holder } = snapshot;
  return {
    set: {
      phones: [...(identity.phones ?? [])],
      emailDomains: [...(identity.emailDomains ?? [])],
      ...(!survivor.creditCode && snapshot.creditCode ? { creditCode: snapshot.creditCode } : {}),
      boss: identity.boss ?? '',
      legalRepresentative: identity.legalRepresentative ?? '',
      industry: survivor.industry || tombstone.industry,
      region: survivor.region || tombstone.region,
      address: survivor.address || tombstone.address,
      website: survivor.website || tombstone.website,
      profile: profileUnion(survivor, tombstone),
      grade: survivor.grade ?? tombstone.grade ?? null,
      stage,
      signedAt: survivor.signedAt ?? tombstone.signedAt ?? null,
      lastFollowUpAt: later(survivor.lastFollowUpAt, tombstone.lastFollowUpAt),
      lastValidFollowUpAt: later(survivor.lastValidFollowUpAt, tombstone.lastValidFollowUpAt),
      ...(tookOver
        ? { ...holder, poolState: snapshot.poolState, publicSince: null, cooldowns: survivor.cooldowns }
        : {}),
    },
    push: { mergedFrom: { customerId: tombstone._id, tookOver } },
    ledger: {
      action: 'merge',
      reason: `合并了“${tombstone.name}”${tookOver ? '，负责人随之转入' : ''}`,
    },
  };
}
