import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeGrade, changeStage } from '../../../models/customers/use-cases/change-grade.js';
import { lockCustomer } from '../../../models/pool/lock-customer.js';
import { stakeCustomer } from '../../../models/pool/stake-customer.js';
import { DAY } from '../../../models/shared/clock.js';
import type { CustomerBookAnswer as CustomerBook } from './my.schema.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../../../tests/support/factories.js';

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
});
afterAll(() => app.close());

describe('GET /api/my/customers', () => {
  it('when a rep opens their customers, then they are sorted by drop date with countdowns, with capacity and staked deadlines', async () => {
    const rep = await makeEmployee({ name: '孙七' });
    const older = await ownedCustomer(app, rep, '先认领的客户有限公司');
    app.clock.advance(5 * DAY);
    const newer = await ownedCustomer(app, rep, '后认领的客户有限公司');
    // An A-class customer has only 15 idle days, so the newer one now drops first.
    await changeGrade({ customerId: newer._id, grade: 'A' }, employeeContext(rep, app.clock.now(), app.deps.config));
    const publicOne = await makePublicCustomer(app.clock.now(), { name: '占坑的客户有限公司' });
    await stakeCustomer({ customerId: publicOne._id }, employeeContext(rep, app.clock.now(), app.deps.config));
    await ownedCustomer(app, team.other, '别人的客户有限公司');

    const book = await json<CustomerBook>(await app.as(rep)('/api/my/customers'));
    expect(book.pool).toMatchObject({ used: 2, capacity: 50, staked: 1, stakeLimit: 250 });
    expect(book.private.map((c) => [c.name, c.drop?.daysLeft])).toEqual([
      ['后认领的客户有限公司', 15],
      ['先认领的客户有限公司', 25],
    ]);
    expect(book.staked).toEqual([
      expect.objectContaining({ name: '占坑的客户有限公司', greened: false, daysLeft: 14 }),
    ]);
    expect(older.ownerId).toEqual(rep._id);
  });

  it("when a rep's signed and locked customers are listed, then each offers only what the rep may do with it", async () => {
    const signed = await ownedCustomer(app, team.rep, '已成交的客户有限公司');
    await changeStage(
      { customerId: signed._id, stage: 'signed', contract: { amount: 100000, signedOn: '2026-03-01' } },
      employeeContext(team.rep, app.clock.now(), app.deps.config),
    );
    const locked = await ownedCustomer(app, team.rep, '被锁定的客户有限公司');
    await lockCustomer(
      { customerId: locked._id, reason: '重点客户' },
      employeeContext(team.manager, app.clock.now(), app.deps.config),
    );
    const book = await json<CustomerBook>(await app.as(team.rep)('/api/my/customers'));
    const canOf = (id: unknown) => book.private.find((c) => c.id === String(id))?.can;
    expect(canOf(signed._id)).toEqual({
      release: false,
      followUp: true,
      changeGrade: true,
      lock: false,
      unlock: false,
    });
    expect(canOf(locked._id)).toEqual({ release: true, followUp: true, changeGrade: true, lock: false, unlock: false });
    const managerView = await json<{ private: CustomerBook['private'] }>(
      await app.as(team.manager)(`/api/team/reps/${String(team.rep._id)}`),
    );
    expect(managerView.private.find((c) => c.id === String(locked._id))?.can).toMatchObject({
      unlock: true,
      lock: false,
    });
    expect(managerView.private.find((c) => c.id === String(signed._id))?.can).toMatchObject({
      release: true,
      lock: true,
    });
  });

  it('when the query carries anything, an operator included, then 400; without a valid session, then 401', async () => {
    await expectError(await app.as(team.rep)('/api/my/customers?employeeId=abc'), 400, 'VALIDATION_FAILED');
    await expectError(await app.as(team.rep)('/api/my/customers?ownerId[$ne]=x'), 400, 'VALIDATION_FAILED');
    await expectError(await app.as(null)('/api/my/customers'), 401, 'UNAUTHENTICATED');
  });
});
