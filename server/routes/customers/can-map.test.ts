import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeGrade, changeStage } from '../../../models/customers/use-cases/change-grade.js';
import type { DetailAction } from '../../../models/customers/use-cases/customer-detail.js';
import type { CustomerDetailAnswer as CustomerDetail } from './customer-answers.schema.js';
import { CustomerModel, type Customer } from '../../../models/customers/customer.model.js';
import { addContact } from '../../../models/customers/use-cases/contacts.js';
import { revertSigning } from '../../../models/customers/use-cases/change-stage.js';
import { openOpportunity } from '../../../models/customers/use-cases/opportunities.js';
import { updateCustomerProfile } from '../../../models/customers/use-cases/update-profile.js';
import { fileConflictCase } from '../../../models/conflicts/cases/file-case.js';
import { recordFollowUp } from '../../../models/follow-ups/record-follow-up.js';
import { claimCustomer } from '../../../models/pool/claim-customer.js';
import { lockCustomer, unlockCustomer } from '../../../models/pool/lock-customer.js';
import { requestLock } from '../../../models/pool/lock-request.js';
import { reassignCustomers } from '../../../models/pool/reassign-customers.js';
import { releaseCustomer } from '../../../models/pool/release-customer.js';
import { stakeCustomer, unstakeCustomer } from '../../../models/pool/stake-customer.js';
import { isAppError } from '../../../models/shared/app-error.js';
import type { DomainContext } from '../../../models/shared/domain-context.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext } from '../../../tests/support/factories.js';
import {
  customerIn,
  makePeople,
  policyTestConfig,
  roleNames,
  stateNames,
  type People,
} from '../../../tests/support/policy-world.js';

// The detail page offers a button exactly when its command would succeed: for every role and state,
// the `can` map answered over HTTP is compared with what each command actually does.

useTestDatabase();
let app: TestApp;
let people: People;
beforeAll(async () => {
  app = await startTestApp({ config: policyTestConfig() });
  people = await makePeople();
});
afterAll(() => app.close());

type Command = (customerId: Customer['_id'], ctx: DomainContext) => Promise<unknown>;
const commands: Record<DetailAction, Command> = {
  followUp: (customerId, ctx) =>
    recordFollowUp({ customerId, content: '和王总电话沟通了二期预算，约了下周三上门演示', contactName: '王总' }, ctx),
  changeGrade: (customerId, ctx) => changeGrade({ customerId, grade: 'A', reason: '有预算' }, ctx),
  changeStage: (customerId, ctx) => changeStage({ customerId, stage: 'opportunity', reason: '客户要求重新评估' }, ctx),
  markSigned: (customerId, ctx) =>
    changeStage({ customerId, stage: 'signed', contract: { amount: 120000, signedOn: '2026-03-01' } }, ctx),
  revertSigned: (customerId, ctx) =>
    revertSigning({ customerId, to: 'contract', reason: '合同作废，客户重新谈判' }, ctx),
  manageOpportunities: (customerId, ctx) =>
    openOpportunity({ customerId, opportunity: { name: '二期产线改造', amount: 300000 } }, ctx),
  updateProfile: (customerId, ctx) => updateCustomerProfile({ customerId, changes: { industry: '制造业' } }, ctx),
  editContacts: (customerId, ctx) =>
    addContact({ customerId, contact: { name: '王总', position: '总经理', isKeyPerson: true } }, ctx),
  release: (customerId, ctx) => releaseCustomer({ customerId }, ctx),
  claim: (customerId, ctx) => claimCustomer({ customerId }, ctx),
  stake: (customerId, ctx) => stakeCustomer({ customerId }, ctx),
  unstake: (customerId, ctx) => unstakeCustomer({ customerId }, ctx),
  lock: (customerId, ctx) => lockCustomer({ customerId, reason: '重点客户' }, ctx),
  unlock: (customerId, ctx) => unlockCustomer({ customerId }, ctx),
  requestLock: (customerId, ctx) => requestLock({ customerId, reason: '月底签约，需要保住' }, ctx),
  complain: (customerId, ctx) => fileConflictCase({ customerId, kind: 'thin', reason: '跟进记录全是继续跟进' }, ctx),
  // To the other rep of the owning team: whom a manager of that team and ops may both choose.
  reassign: (customerId, ctx) =>
    reassignCustomers({ customerIds: [String(customerId)], toEmployeeId: people.otherRep._id }, ctx),
};

/** Whether the command succeeds; a refusal must leave the customer as it was. */
async function succeeds(command: Command, customer: Customer, ctx: DomainContext): Promise<boolean> {
  try {
    await command(customer._id, ctx);
    return true;
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect((await CustomerModel.findById(customer._id).lean())?.version).toBe(customer.version);
    return false;
  }
}

describe("the detail page's can map", () => {
  for (const state of stateNames) {
    it(`when each role opens a ${state} customer, then every action offered succeeds and every one withheld is refused`, async () => {
      const now = app.clock.now();
      const disagreements: string[] = [];
      for (const role of roleNames) {
        const viewer = people[role];
        let customer = await customerIn(state, people, now, app.deps.config);
        const res = await app.as(viewer)(`/api/customers/${String(customer._id)}`);
        if (res.status === 403) continue; // Nothing offered to someone who may not open it (the policy table covers it).
        const { can } = (await res.json()) as CustomerDetail;
        expect(Object.keys(can).sort()).toEqual(Object.keys(commands).sort());
        for (const action of Object.keys(commands) as DetailAction[]) {
          const outcome = await succeeds(commands[action], customer, employeeContext(viewer, now, app.deps.config));
          if (outcome !== can[action])
            disagreements.push(`${role} ${action}: offered ${can[action]}, succeeded ${outcome}`);
          if (outcome) customer = await customerIn(state, people, now, app.deps.config);
        }
      }
      expect(disagreements).toEqual([]);
    });
  }
});
