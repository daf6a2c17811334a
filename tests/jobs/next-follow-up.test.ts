import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { DepartmentModel } from '../../models/org/department.model.js';
import { dailyDigestJob } from '../../server/jobs/daily-digest.job.js';
import { followUpNudgeJob } from '../../server/jobs/follow-up-nudge.job.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

// 下次跟进时间: planned through the API as a day of the business time zone; due on the morning of that
// day in the rep's nudge; overdue in the evening job to the rep, and to the manager once it is overdue
// for the department's followUpEscalationDays.

useTestDatabase();
let app: TestApp;
let team: Team;
const run = jobRunner();
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const note = '电话和采购王总确认了二期预算30万，约好周三上门演示，带上报价单';

beforeAll(async () => {
  app = await startTestApp({}, '2026-03-02T02:00:00Z');
  team = await makeTeam();
  await DepartmentModel.updateOne({ deptId: team.deptId }, { $set: { 'rules.followUpEscalationDays': 2 } });
});
afterAll(() => app.close());

const save = (customerId: string, body: Record<string, unknown>) =>
  app.as(team.rep)(`/api/customers/${customerId}/follow-ups`, {
    method: 'POST',
    json: { content: note, contactName: '王总', ...body },
  });

describe('next follow-up (下次跟进时间)', () => {
  it('when a rep plans a day, then it is 9:00 that day in Shanghai, nudged that morning, overdue in the evening job and escalated after two days', async () => {
    const c = await ownedCustomer(app, team.rep, '昆山计划跟进有限公司');
    await json(await save(String(c._id), { nextFollowUpDate: '2026-03-04' }), 201);
    const plan = await FollowUpModel.findOne({ customerId: c._id }).lean();
    expect(plan?.nextFollowUpAt?.toISOString()).toBe('2026-03-04T01:00:00.000Z');

    await run(followUpNudgeJob, at('2026-03-03', '09:30'));
    expect(await outbox('nudge', team.rep.userId)).toHaveLength(0);
    await run(followUpNudgeJob, at('2026-03-04', '09:30'));
    expect(contentOf((await outbox('nudge', team.rep.userId))[0]!)).toContain('昆山计划跟进有限公司');

    await run(dailyDigestJob, at('2026-03-05', '18:30'));
    const overdue = await outbox('overdue-follow-up', team.rep.userId);
    expect(contentOf(overdue[0]!)).toContain('已逾期1天');
    expect(await outbox('overdue-escalation', team.manager.userId)).toHaveLength(0);

    await run(dailyDigestJob, at('2026-03-06', '18:30'));
    const escalated = await outbox('overdue-escalation', team.manager.userId);
    expect(escalated).toHaveLength(1);
    expect(contentOf(escalated[0]!)).toContain('张三');
    expect(contentOf(escalated[0]!)).toContain('已逾期2天');

    // A new note supersedes the plan: nothing is overdue any more.
    await json(await save(String(c._id), {}), 201);
    await run(dailyDigestJob, at('2026-03-07', '18:30'));
    expect(await outbox('overdue-escalation', team.manager.userId)).toHaveLength(1);
  });

  it('when the planned time is past, more than a year ahead or not a date, then 400 VALIDATION_FAILED and nothing is saved', async () => {
    const c = await ownedCustomer(app, team.rep);
    const before = {
      notes: await FollowUpModel.countDocuments({ customerId: c._id }),
      c: await CustomerModel.findById(c._id).lean(),
    };
    for (const body of [
      { nextFollowUpDate: '2026-03-01' },
      { nextFollowUpDate: '2027-06-01' },
      { nextFollowUpDate: '下周三' },
      { nextFollowUpAt: '2026-03-01T08:00:00+08:00' },
    ]) {
      await expectError(await save(String(c._id), body), 400, 'VALIDATION_FAILED');
    }
    expect(await FollowUpModel.countDocuments({ customerId: c._id })).toBe(before.notes);
    expect((await CustomerModel.findById(c._id).lean())?.version).toBe(before.c?.version);
  });

  it('when another rep plans a follow-up on the customer, then 403 NOT_OWNER and nothing is saved', async () => {
    const c = await ownedCustomer(app, team.rep);
    const res = await app.as(team.other)(`/api/customers/${String(c._id)}/follow-ups`, {
      method: 'POST',
      json: { content: note, nextFollowUpDate: '2026-03-04' },
    });
    await expectError(res, 403, 'NOT_OWNER');
    expect(await FollowUpModel.countDocuments({ customerId: c._id })).toBe(0);
  });
});
