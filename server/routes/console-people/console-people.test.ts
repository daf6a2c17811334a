import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAway, notAwayFilter } from '../../../models/org/away.js';
import { AuditEntryModel } from '../../../models/org/audit-entry.model.js';
import { EmployeeModel } from '../../../models/org/employee.model.js';
import { DAY } from '../../../models/shared/clock.js';
import { expectError, json } from '../../../tests/support/api.js';
import { startConsoleApp, type ConsoleApp } from '../../../tests/support/console-app.js';
import { useTestDatabase } from '../../../tests/support/database.js';

useTestDatabase();

// 人员与权限: an employee marked away (休假) for some days, by sales ops or the employee's manager, audited;
// what automatic assignment reads (isAway / notAwayFilter) follows the period.

let app: ConsoleApp;
beforeAll(async () => {
  app = await startConsoleApp('2026-03-02T02:00:00Z');
}, 120_000);
afterAll(() => app?.close());

const put = async (by: string, userId: string, body: unknown) =>
  app.app.as(await app.employee(by))(`/api/console/people/${String((await app.employee(userId))._id)}/away`, {
    method: 'PUT',
    json: body,
  });
type People = { people: { userId: string; away: unknown; awayNow: boolean; maySetAway: boolean }[] };
const person = async (viewer: string, userId: string) =>
  (await json<People>(await app.app.as(await app.employee(viewer))('/api/console/people'))).people.find(
    (p) => p.userId === userId,
  );

describe('away status', () => {
  it('when ops mark a rep away through a date, then the people list shows it, it is audited, and it ends by itself', async () => {
    await json(await put('qianyun', 'wangfang', { away: { through: '2026-03-06', reason: '年假' } }));
    expect(await person('qianyun', 'wangfang')).toMatchObject({
      awayNow: true,
      maySetAway: true,
      // Back on the morning of 7 March in Shanghai.
      away: { until: '2026-03-06T16:00:00.000Z', reason: '年假' },
    });
    const audit = await AuditEntryModel.findOne({ action: 'away', subject: 'employee:wangfang' }).lean();
    expect(audit).toMatchObject({ reason: '年假', before: { away: null }, after: { away: { reason: '年假' } } });
    const now = app.app.clock.now();
    const wangfang = await app.employee('wangfang');
    expect(isAway(wangfang, now)).toBe(true);
    expect(await EmployeeModel.countDocuments({ userId: 'wangfang', ...notAwayFilter(now) })).toBe(0);
    const back = new Date('2026-03-06T16:00:00Z');
    expect(isAway(wangfang, back)).toBe(false);
    expect(await EmployeeModel.countDocuments({ userId: 'wangfang', ...notAwayFilter(back) })).toBe(1);
    // Ops end it early.
    await json(await put('qianyun', 'wangfang', { away: null }));
    expect(await person('qianyun', 'wangfang')).toMatchObject({ away: null, awayNow: false });
  });

  it('when a period is set ahead, then the rep is not away until it starts', async () => {
    await json(
      await put('zhaolei', 'lihua', { away: { from: '2026-03-10', through: '2026-03-12', reason: '外出培训' } }),
    );
    expect(await person('zhaolei', 'lihua')).toMatchObject({ awayNow: false, away: { reason: '外出培训' } });
    const lihua = await app.employee('lihua');
    expect(isAway(lihua, app.app.clock.now())).toBe(false);
    expect(isAway(lihua, new Date(app.app.clock.now().getTime() + 8 * DAY))).toBe(true);
  });

  it('when a rep or another team’s manager tries, or the dates make no sense, then it is refused and nothing changes', async () => {
    await expectError(await put('wangfang', 'lihua', { away: { reason: '请假' } }), 403, 'FORBIDDEN');
    await expectError(await put('zhaolei', 'zhoujie', { away: { reason: '请假' } }), 403, 'FORBIDDEN');
    expect(await person('zhaolei', 'zhoujie')).toBeUndefined();
    expect(await person('sunli', 'zhoujie')).toMatchObject({ maySetAway: true });
    expect(await person('sunli', 'wangfang')).toBeUndefined();
    await expectError(
      await put('qianyun', 'zhoujie', { away: { from: '2026-03-10', through: '2026-03-08', reason: '请假' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await put('qianyun', 'zhoujie', { away: { through: '2026-02-01', reason: '请假' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await put('qianyun', 'zhoujie', { away: { through: '3月8日', reason: '请假' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(await put('qianyun', 'zhoujie', { away: { reason: '' } }), 400, 'VALIDATION_FAILED');
    expect((await app.employee('zhoujie')).away ?? null).toBeNull();
    expect(await AuditEntryModel.countDocuments({ action: 'away', subject: 'employee:zhoujie' })).toBe(0);
  });
});
