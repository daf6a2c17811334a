import { DepartmentModel } from '../org/department.model.js';
import { EmployeeModel, type Employee } from '../org/employee.model.js';
import { sameId } from '../org/permissions.js';
import { actorFacts, departmentAnsweringFor } from '../org/policy/facts.js';
import { can, holderOf } from '../org/policy/policy.js';
import { DAY } from '../shared/clock.js';
import type { CandidateCustomer, MatchKey, RawMatch, Relation } from './match-scoring.js';
import { maskPhone } from './keys/phone.js';

// What a rep sees of each match: who has it, in which state, since when and until when it is
// protected. Contact details are shown only to people who may work the customer (its owner, the
// owner's managers, sales ops); everyone else sees them masked.

export type MatchState = 'public' | 'private' | 'staked' | 'signed' | 'quarantined' | 'merged';

export interface MatchOwner {
  id: string;
  name: string;
  team: string;
}

export interface ConflictMatch {
  customerId: string;
  name: string;
  relation: Relation;
  state: MatchState;
  owner: MatchOwner | null;
  matchedOn: MatchKey[];
  score: number;
  /** The viewer owns (or staked) it. */
  mine: boolean;
  protection: {
    since: Date | null;
    /** Whole days since the protection started. */
    days: number | null;
    /** When it drops back to the public pool; null = not while locked or signed. */
    dropsAt: Date | null;
    locked: boolean;
  } | null;
  contact: { phones: string[]; boss: string; masked: boolean };
}

export function matchState(c: Pick<CandidateCustomer, 'stage' | 'poolState'>): MatchState {
  return c.stage === 'signed' ? 'signed' : c.poolState;
}

/** 王建国 → 王**: enough to recognise a known boss, not enough to cold-call one. */
export function maskPerson(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** Adds state, owner, protection and (masked) contact details to raw matches for this viewer. */
export async function describeMatches(
  matches: RawMatch[],
  viewer: Employee | null,
  now: Date,
): Promise<ConflictMatch[]> {
  const holderIds = [
    ...new Set(
      matches
        .map((m) => holderOf(m.customer))
        .filter((id) => id !== null)
        .map(String),
    ),
  ];
  const holders = holderIds.length
    ? await EmployeeModel.find({ _id: { $in: holderIds } }, { name: 1, mainDepartmentId: 1 }).lean()
    : [];
  const departmentIds = [...new Set(holders.map((h) => h.mainDepartmentId).filter((d): d is number => d != null))];
  const departments = departmentIds.length
    ? await DepartmentModel.find({ deptId: { $in: departmentIds } }, { deptId: 1, name: 1 }).lean()
    : [];
  const teamOf = new Map(departments.map((d) => [d.deptId, d.name]));
  const holderById = new Map(holders.map((h) => [String(h._id), h]));
  const actor = viewer ? await actorFacts(viewer, now) : null;

  return matches.map((m): ConflictMatch => {
    const c = m.customer;
    const holderId = holderOf(c);
    const holder = holderId ? holderById.get(String(holderId)) : undefined;
    const mine = viewer !== null && sameId(holderId, viewer._id);
    const unmasked =
      viewer === null ||
      (actor !== null &&
        can(viewer, 'viewContacts', c, {
          ...actor,
          responsibleDepartmentId: departmentAnsweringFor(c, holder?.mainDepartmentId ?? null),
        }));
    return {
      customerId: String(c._id),
      name: c.name,
      relation: m.relation,
      state: matchState(c),
      owner: holder
        ? { id: String(holder._id), name: holder.name, team: teamOf.get(holder.mainDepartmentId ?? -1) ?? '' }
        : null,
      matchedOn: m.matchedOn,
      score: m.score,
      mine,
      protection: protectionOf(c, now),
      contact: {
        phones: unmasked ? c.phones : c.phones.map(maskPhone),
        boss: unmasked ? c.boss : maskPerson(c.boss),
        masked: !unmasked,
      },
    };
  });
}

function protectionOf(c: CandidateCustomer, now: Date): ConflictMatch['protection'] {
  const since = c.poolState === 'private' ? c.claimedAt : c.poolState === 'staked' ? c.stakedAt : null;
  if (!since) {
    return null;
  }
  const dropsAt = c.poolState === 'private' ? c.protectedUntil : c.stakeDeadline;
  return {
    since,
    days: Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY)),
    dropsAt: c.locked || c.stage === 'signed' ? null : (dropsAt ?? null),
    locked: c.locked,
  };
}
