import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { FollowUpModel } from '../../../models/follow-ups/follow-up.model.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { expectError, json } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { customerIn, makePeople, policyTestConfig, type People } from '../../../tests/support/policy-world.js';

// The hole issue 12 found: a manager acting on another team's staked, public or quarantined customers
// because the check fell back to the manager's own department. Each refusal changes nothing and
// writes no ledger entry; the manager of the staker's team (and ops) still may.

useTestDatabase();
let app: TestApp;
let people: People;
beforeAll(async () => {
  app = await startTestApp({ config: policyTestConfig() });
  people = await makePeople();
});
afterAll(() => app.close());

const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
const edits = {
  grade: { path: 'grade', body: { grade: 'A', reason: '改等级' } },
  profile: { path: 'profile', body: { industry: '改掉的行业' } },
  followUp: { path: 'follow-ups', body: { content: '和王总电话沟通了二期预算，约了下周三上门演示' } },
  unstake: { path: 'unstake', body: { reason: '不要了' } },
};

async function trace(customerId: Types.ObjectId | string) {
  const customer = await CustomerModel.findById(customerId).lean();
  return {
    version: customer?.version,
    grade: customer?.grade ?? null,
    industry: customer?.industry,
    state: customer?.poolState,
    stakedBy: String(customer?.stakedBy ?? ''),
    ledger: await LedgerEntryModel.countDocuments({ customerId }),
    followUps: await FollowUpModel.countDocuments({ customerId }),
  };
}

describe('a manager of another team on customers their team does not hold', () => {
  for (const state of ['staked', 'public', 'quarantined'] as const) {
    it(`when they change grade, profile or follow-ups of a ${state} customer, then 403 NOT_OWNER, nothing changes and no ledger entry`, async () => {
      const customer = await customerIn(state, people, app.clock.now(), app.deps.config);
      const id = String(customer._id);
      const before = await trace(id);
      for (const edit of [edits.grade, edits.profile, edits.followUp]) {
        await expectError(
          await post(people.otherManager, `/api/customers/${id}/${edit.path}`, edit.body),
          403,
          'NOT_OWNER',
        );
      }
      expect(await trace(id)).toEqual(before);
    });
  }

  it('when they unstake a staked customer of another team, then 403 NOT_OWNER and it stays staked with no ledger entry', async () => {
    const customer = await customerIn('staked', people, app.clock.now(), app.deps.config);
    const id = String(customer._id);
    const before = await trace(id);
    const body = await expectError(
      await post(people.otherManager, `/api/customers/${id}/unstake`, edits.unstake.body),
      403,
      'NOT_OWNER',
    );
    expect(JSON.stringify(body)).not.toContain(people.repOwner.name);
    expect(JSON.stringify(body)).not.toContain(String(people.repOwner._id));
    expect(await trace(id)).toEqual(before);
    expect(before.stakedBy).toBe(String(people.repOwner._id));
  });

  it('when they unstake a public or quarantined customer, then 409 INVALID_STATE and nothing changes', async () => {
    for (const state of ['public', 'quarantined'] as const) {
      const customer = await customerIn(state, people, app.clock.now(), app.deps.config);
      const before = await trace(customer._id);
      await expectError(
        await post(people.otherManager, `/api/customers/${String(customer._id)}/unstake`),
        409,
        'INVALID_STATE',
      );
      expect(await trace(customer._id)).toEqual(before);
    }
  });

  it("when the staker's own manager acts on the staked customer, then it works; on a public one only ops may", async () => {
    const staked = await customerIn('staked', people, app.clock.now(), app.deps.config);
    const grade = await json<{ customer: { grade: string } }>(
      await post(people.teamManager, `/api/customers/${String(staked._id)}/grade`, edits.grade.body),
    );
    expect(grade.customer.grade).toBe('A');
    await json(await post(people.teamManager, `/api/customers/${String(staked._id)}/unstake`, edits.unstake.body));
    expect((await trace(staked._id)).state).toBe('public');

    const unowned = await customerIn('public', people, app.clock.now(), app.deps.config);
    await expectError(
      await post(people.teamManager, `/api/customers/${String(unowned._id)}/grade`, edits.grade.body),
      403,
      'NOT_OWNER',
    );
    await json(await post(people.ops, `/api/customers/${String(unowned._id)}/grade`, edits.grade.body));
  });
});
