import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import { mergeChosenCustomers } from '../../models/conflicts/merge/merge-chosen.js';
import { customerActions, type CustomerAction } from '../../models/org/policy/actions.js';
import { policyFacts } from '../../models/org/policy/facts.js';
import { authorize, can } from '../../models/org/policy/policy.js';
import { isAppError } from '../../models/shared/app-error.js';
import { useTestDatabase } from '../support/database.js';
import {
  customerIn,
  makePeople,
  policyTestConfig,
  roleNames,
  stateNames,
  type People,
  type RoleName,
  type StateName,
} from '../support/policy-world.js';

// The permission policy as a table: every role × customer state × action. The expected cells are the
// business rules of DOMAIN.md written out by hand (not derived from the rules' code): O rep owner,
// R other rep of the team, M manager of the owning team, X manager of another team, P ops, A admin.

useTestDatabase();
const now = new Date('2026-03-02T02:00:00Z');
const config = policyTestConfig();
const code: Record<RoleName, string> = {
  repOwner: 'O',
  otherRep: 'R',
  teamManager: 'M',
  otherManager: 'X',
  ops: 'P',
  admin: 'A',
};

type Row = Record<StateName, string>;
const row = (pub: string, priv: string, staked: string, quar: string, signed: string, locked: string, cool: string) =>
  ({ public: pub, private: priv, staked, quarantined: quar, signed, locked, cooldown: cool }) satisfies Row;
const worked = (pub: string, quar: string, signed = 'OMPA') => row(pub, 'OMPA', 'OMPA', quar, signed, 'OMPA', pub);

//                                         public    private   staked    quarant.  signed    locked    cooldown
const expected: Record<CustomerAction, Row> = {
  view: /*                     */ row('ORMXPA', 'OMPA', 'OMPA', 'PA', 'OMPA', 'OMPA', 'ORMXPA'),
  // Contacts of customers nobody holds are masked for every role until claimed (ops use unmask).
  viewContacts: /*             */ worked('', ''),
  unmask: /*                   */ row('PA', '', '', 'PA', '', '', 'PA'),
  claim: /*                    */ row('ORMXPA', '', 'O', '', '', '', 'RMXPA'),
  stake: /*                    */ row('ORMXPA', '', '', '', '', '', 'RMXPA'),
  release: /*                  */ row('', 'OMPA', '', '', 'MPA', 'OMPA', ''),
  unstake: /*                  */ row('', '', 'OMPA', '', '', '', ''),
  changeGrade: /*              */ worked('PA', 'PA'),
  changeStage: /*              */ worked('PA', 'PA', 'MPA'),
  markSigned: /*               */ worked('PA', 'PA', ''),
  revertSigned: /*             */ row('', '', '', '', 'MPA', '', ''),
  updateProfile: /*            */ worked('PA', 'PA'),
  editContacts: /*             */ worked('PA', 'PA'),
  manageOpportunities: /*      */ row('', 'OMPA', '', '', 'OMPA', 'OMPA', ''),
  followUp: /*                 */ worked('PA', 'PA'),
  lock: /*                     */ row('', 'MPA', '', '', 'MPA', '', ''),
  unlock: /*                   */ row('', '', '', '', '', 'MPA', ''),
  // Only the owner asks for a lock, and only while the customer could still drop.
  requestLock: /*              */ row('', 'O', '', '', '', '', ''),
  autoAssign: /*               */ row('PA', '', '', '', '', '', 'PA'),
  quarantine: /*               */ row('PA', 'PA', 'PA', '', 'PA', 'PA', 'PA'),
  restore: /*                  */ row('', '', '', 'PA', '', '', ''),
  fileCase: /*                 */ row('', 'RMXPA', 'RMXPA', '', 'RMXPA', 'RMXPA', ''),
  merge: /*                    */ row('PA', 'PA', 'PA', 'PA', 'PA', 'PA', 'PA'),
  // The 分配 button: a manager for what their team holds, ops for everything but the quarantine.
  move: /*                     */ row('PA', 'MPA', 'MPA', '', 'MPA', 'MPA', 'PA'),
};
// Reassigning to the other rep of the owning team.
const expectedReassign = row('PA', 'MPA', 'MPA', '', 'MPA', 'MPA', 'PA');

let people: People;
const customers = {} as Record<StateName, Customer>;
beforeAll(async () => {
  people = await makePeople();
  for (const state of stateNames) {
    customers[state] = await customerIn(state, people, now, config);
  }
});

/** The roles allowed by the policy, as a string of role codes. */
async function allowed(state: StateName, decideFor: (role: RoleName) => Promise<boolean>): Promise<string> {
  let codes = '';
  for (const role of roleNames) {
    if (await decideFor(role)) codes += code[role];
  }
  return codes;
}

describe('the permission policy', () => {
  it('when each role meets a customer in each state, then each customer action is allowed exactly as the rules say', async () => {
    const actual = {} as Record<CustomerAction, Row>;
    for (const action of customerActions) {
      actual[action] = {} as Row;
      for (const state of stateNames) {
        const c = customers[state];
        actual[action][state] = await allowed(state, async (role) =>
          can(people[role], action, c, await policyFacts(people[role], action, c, now)),
        );
      }
    }
    expect(actual).toEqual(expected);
  });

  it('when each role reassigns a customer in each state to a rep of the owning team, then only its team manager and ops may', async () => {
    const actual = {} as Row;
    for (const state of stateNames) {
      const subject = { customer: customers[state], target: people.otherRep };
      actual[state] = await allowed(state, async (role) =>
        can(people[role], 'reassign', subject, await policyFacts(people[role], 'reassign', subject, now)),
      );
    }
    expect(actual).toEqual(expectedReassign);
  });

  it("when each role hands over a rep's customers, changes a role, marks them away, or acts for the company, then only the rules' roles may", async () => {
    const rep = people.repOwner;
    const of = async (decideFor: (role: RoleName) => Promise<boolean>) => allowed('public', decideFor);
    const employeeAct = (action: 'handOver' | 'changeRole' | 'setAway') => (role: RoleName) =>
      policyFacts(people[role], action, rep, now).then((f) => can(people[role], action, rep, f));
    const companyAct =
      (
        action:
          'ruleCase' | 'changeRules' | 'manageWecomEvents' | 'importCustomers' | 'reviewDuplicates' | 'createCustomer',
      ) =>
      (role: RoleName) =>
        policyFacts(people[role], action, null, now).then((f) => can(people[role], action, null, f));
    expect({
      handOver: await of(employeeAct('handOver')),
      changeRole: await of(employeeAct('changeRole')),
      setAway: await of(employeeAct('setAway')),
      ruleCase: await of(companyAct('ruleCase')),
      changeRules: await of(companyAct('changeRules')),
      manageWecomEvents: await of(companyAct('manageWecomEvents')),
      importCustomers: await of(companyAct('importCustomers')),
      reviewDuplicates: await of(companyAct('reviewDuplicates')),
      createCustomer: await of(companyAct('createCustomer')),
    }).toEqual({
      handOver: 'MPA',
      changeRole: 'A',
      setAway: 'MPA',
      ruleCase: 'PA',
      changeRules: 'PA',
      manageWecomEvents: 'PA',
      importCustomers: 'PA',
      reviewDuplicates: 'PA',
      // Entering (录入) a customer into one's own pool: every active employee; the conflict check and capacity decide.
      createCustomer: 'ORMXPA',
    });
  });

  it('when anyone acts on the tombstone of a merged customer, then every action but ops looking it up is refused with CUSTOMER_MERGED', async () => {
    const tombstone = { ...customers.public, poolState: 'merged' as const };
    for (const action of customerActions) {
      const actual = await allowed('public', async (role) =>
        can(people[role], action, tombstone, await policyFacts(people[role], action, tombstone, now)),
      );
      expect({ action, actual }).toEqual({ action, actual: action === 'view' ? 'PA' : '' });
    }
    const refusal = await authorize(people.ops, 'claim', tombstone, now).catch((e: unknown) => e);
    expect(isAppError(refusal, 'CUSTOMER_MERGED') && refusal.status).toBe(409);
  });

  it('when each role merges two customers nobody flagged, then only ops and admin may, and never into a tombstone', async () => {
    const merged: string[] = [];
    for (const role of roleNames) {
      // A fresh pair per role: the rep owner's private customer into a public one.
      const [survivor, absorbed] = [await customerIn('public', people, now, config), customers.private];
      const subject = role === 'ops' || role === 'admin' ? await customerIn('private', people, now, config) : absorbed;
      const ctx = {
        actor: { kind: 'employee' as const, employeeId: people[role]._id, role: people[role].role },
        now,
        config,
      };
      const body = { survivorId: String(survivor._id), absorbedId: String(subject._id), reason: '同一家公司' };
      const outcome = await mergeChosenCustomers(body, ctx).catch((e: unknown) => e);
      if (!isAppError(outcome)) merged.push(code[role]);
      else expect({ role, code: outcome.code }).toEqual({ role, code: 'FORBIDDEN' });
    }
    expect(merged.join('')).toBe('PA');
    const tombstone = (await CustomerModel.findOne({ poolState: 'merged' }).lean<Customer>())!;
    const opsCtx = {
      actor: { kind: 'employee' as const, employeeId: people.ops._id, role: people.ops.role },
      now,
      config,
    };
    const into = { survivorId: String(tombstone._id), absorbedId: String(customers.public._id), reason: '同一家公司' };
    const refusal = await mergeChosenCustomers(into, opsCtx).catch((e: unknown) => e);
    expect(isAppError(refusal, 'CUSTOMER_MERGED')).toBe(true);
  });

  it('when a manager of another team is refused, then the error is 403 in Chinese and names nobody', async () => {
    for (const state of ['staked', 'public', 'quarantined'] as const) {
      const c = customers[state];
      const refusal = await authorize(people.otherManager, 'changeGrade', c, now).catch((e: unknown) => e);
      expect(isAppError(refusal) && { status: refusal.status, code: refusal.code }).toEqual({
        status: 403,
        code: 'NOT_OWNER',
      });
      expect(isAppError(refusal) && refusal.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(JSON.stringify({ ...(refusal as object), message: (refusal as Error).message })).not.toMatch(
        new RegExp(`${people.repOwner.name}|${String(people.repOwner._id)}`),
      );
    }
  });
});
