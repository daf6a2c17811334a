import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { recordFollowUp } from '../../../models/follow-ups/record-follow-up.js';
import { DAY } from '../../../models/shared/clock.js';
import type { RepDrillDownAnswer as RepDrillDown, TeamReviewAnswer as TeamReview } from './team.schema.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext } from '../../../tests/support/factories.js';

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({}, '2026-03-02T02:00:00Z');
  team = await makeTeam();
  // 张三 claimed one customer 30 days ago (it drops at midnight tonight, on tomorrow's date) and one today.
  const start = app.clock.now();
  app.clock.set(new Date(start.getTime() - 30 * DAY));
  await ownedCustomer(app, team.rep, '快掉保的客户有限公司');
  app.clock.set(start);
  const fresh = await ownedCustomer(app, team.rep, '今天认领的客户有限公司');
  const ctx = employeeContext(team.rep, app.clock.now(), app.deps.config);
  await recordFollowUp(
    { customerId: fresh._id, content: '和采购王总电话沟通了二期产线改造的预算，约了下周三上门演示' },
    ctx,
  );
  await recordFollowUp({ customerId: fresh._id, content: '继续跟进' }, ctx);
  await ownedCustomer(app, team.outsider, '别的团队的客户有限公司');
});
afterAll(() => app.close());

describe('GET /api/team/review', () => {
  it("when a manager opens the team page, then each rep of their team shows today's figures and the customers dropping tomorrow", async () => {
    const review = await json<TeamReview>(await app.as(team.manager)('/api/team/review'));
    expect(review.date).toBe('2026-03-02');
    const zhang = review.reps.find((r) => r.name === '张三');
    expect(zhang).toMatchObject({ followUps: { total: 2, valid: 1, filler: 1 }, claims: 1, capacity: { used: 2 } });
    expect(zhang?.droppingTomorrow.map((c) => c.name)).toEqual(['快掉保的客户有限公司']);
    expect(review.team?.totals).toMatchObject({ followUps: 2, valid: 1, droppingTomorrow: 1 });
    expect(review.reps.map((r) => r.name)).not.toContain('赵六');
    expect(review.droppingTomorrow).toEqual([
      expect.objectContaining({ name: '快掉保的客户有限公司', ownerName: '张三', at: '2026-03-02T16:00:00.000Z' }),
    ]);
  });

  it('when ops open it, then every team is included, one row per team', async () => {
    const review = await json<TeamReview>(await app.as(team.ops)('/api/team/review'));
    expect(review.teams.map((t) => t.departmentId).sort()).toEqual(
      [team.deptId, team.outsider.mainDepartmentId].sort(),
    );
    expect(review.team?.totals).toMatchObject({ followUps: 2, claims: 2 });
    expect(review.droppingTomorrow.map((c) => c.ownerName)).toEqual(['张三']);
  });

  it('when a rep opens it, then 403; with a query, then 400; without a session, then 401', async () => {
    await expectError(await app.as(team.rep)('/api/team/review'), 403, 'FORBIDDEN');
    await expectError(await app.as(team.manager)('/api/team/review?departmentId[$gt]=0'), 400, 'VALIDATION_FAILED');
    await expectError(await app.as(null)('/api/team/review'), 401, 'UNAUTHENTICATED');
  });
});

describe('GET /api/team/reps/:id', () => {
  it("when a manager drills into a rep of their team, then they see the rep's customers and today's notes with verdicts", async () => {
    const drill = await json<RepDrillDown>(await app.as(team.manager)(`/api/team/reps/${String(team.rep._id)}`));
    expect(drill.private.map((c) => c.name)).toEqual(['快掉保的客户有限公司', '今天认领的客户有限公司']);
    expect(drill.todaysFollowUps.map((f) => f.valid).sort()).toEqual([false, true]);
  });

  it('when the rep is in another team, or a rep drills into a colleague, then 403 and no customer is revealed', async () => {
    const refused = await expectError(
      await app.as(team.manager)(`/api/team/reps/${String(team.outsider._id)}`),
      403,
      'FORBIDDEN',
    );
    expect(JSON.stringify(refused)).not.toContain('别的团队的客户');
    await expectError(await app.as(team.other)(`/api/team/reps/${String(team.rep._id)}`), 403, 'FORBIDDEN');
    await expectError(await app.as(team.manager)('/api/team/reps/nope'), 400, 'VALIDATION_FAILED');
    expect(await CustomerModel.countDocuments({ ownerId: team.outsider._id })).toBe(1);
  });
});
