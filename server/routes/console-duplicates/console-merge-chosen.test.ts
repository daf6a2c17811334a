import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictCaseModel } from '../../../models/conflicts/cases/conflict-case.model.js';
import { CustomerModel, type Customer } from '../../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../../models/customers/ledger-entry.model.js';
import { FollowUpModel } from '../../../models/follow-ups/follow-up.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makePublicCustomer, testConfig } from '../../../tests/support/factories.js';
import { contentOf, outbox } from '../../../tests/support/jobs.js';

// Sales ops merge two customers nobody flagged 疑似重复 (two reps entered one company under two names):
// everything moves to the survivor, open 撞单 complaints follow it and stay one per rep and customer,
// and the rep who held the merged-away record is told through the outbox.

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig({ POOL_CAPACITY: '5' }) });
  team = await makeTeam();
});
afterAll(() => app.close());

const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
const mergeChosen = (who: Employee, body: Record<string, unknown>) => post(who, '/api/console/duplicates/merge', body);
const customer = async (id: Types.ObjectId | string) => (await CustomerModel.findById(id).lean<Customer>())!;
const counterOf = async (e: Employee) => (await EmployeeModel.findById(e._id).lean())!.privateCount;
const heldBy = (e: Employee) => CustomerModel.countDocuments({ ownerId: e._id, poolState: 'private' });
const fileCase = async (who: Employee, customerId: Types.ObjectId, kind: string) =>
  json<{ id: string }>(
    await post(who, '/api/conflicts/cases', { customerId: String(customerId), kind, reason: '这家公司一直是我在对接' }),
    201,
  );

describe('POST /api/console/duplicates/merge', () => {
  it('when ops merge two held customers nobody flagged, then everything moves, open complaints follow the survivor and the other rep is told in Chinese', async () => {
    const survivor = await ownedCustomer(app, team.rep, '北京松果出行科技有限公司');
    const absorbed = await ownedCustomer(app, team.other, '青桔单车（北京）');
    await json(
      await post(team.other, `/api/customers/${String(absorbed._id)}/follow-ups`, {
        content: '与对方采购经理电话沟通了报价方案，下周二上门演示',
        channel: 'phone',
      }),
      201,
    );
    // The manager complains about the absorbed record only; the outsider about both records.
    await fileCase(team.manager, absorbed._id, 'thin');
    await fileCase(team.outsider, absorbed._id, 'fake');
    await fileCase(team.outsider, survivor._id, 'thin');
    const before = { rep: await counterOf(team.rep), other: await counterOf(team.other) };

    const body = {
      survivorId: String(survivor._id),
      absorbedId: String(absorbed._id),
      reason: '同一家公司，两人各录入一次',
    };
    const answer = await json<{ tookOver: boolean; resumed: boolean }>(await mergeChosen(team.ops, body));
    expect(answer).toMatchObject({ tookOver: false, resumed: false });

    expect(await customer(absorbed._id)).toMatchObject({
      poolState: 'merged',
      mergedInto: survivor._id,
      ownerId: null,
    });
    expect(await customer(survivor._id)).toMatchObject({ poolState: 'private', ownerId: team.rep._id });
    expect(await FollowUpModel.countDocuments({ customerId: survivor._id })).toBe(1);
    expect([await counterOf(team.rep), await counterOf(team.other)]).toEqual([before.rep, before.other - 1]);
    expect(await counterOf(team.other)).toBe(await heldBy(team.other));
    expect(await LedgerEntryModel.countDocuments({ customerId: absorbed._id, action: 'merge' })).toBe(1);
    expect(await LedgerEntryModel.countDocuments({ customerId: survivor._id, action: 'merge' })).toBe(2);

    // No complaint points at the tombstone; open ones keep one key per rep and customer, on the survivor.
    expect(await ConflictCaseModel.countDocuments({ customerId: absorbed._id })).toBe(0);
    const cases = await ConflictCaseModel.find({ customerId: survivor._id }).lean();
    const managers = cases.find((c) => String(c.complainantId) === String(team.manager._id))!;
    expect(managers).toMatchObject({ status: 'open', openKey: `${String(survivor._id)}:${String(team.manager._id)}` });
    expect(managers.customerName).toBe(survivor.name);
    const outsiders = cases.filter((c) => String(c.complainantId) === String(team.outsider._id));
    const open = outsiders.find((c) => c.status === 'open')!;
    expect(open.openKey).toBe(`${String(survivor._id)}:${String(team.outsider._id)}`);
    expect(outsiders.find((c) => c.status !== 'open')).toMatchObject({ status: 'withdrawn', foldedInto: open._id });
    await expectError(
      await post(team.manager, '/api/conflicts/cases', {
        customerId: String(survivor._id),
        kind: 'fake',
        reason: '再次申诉同一家公司',
      }),
      409,
      'CASE_ALREADY_OPEN',
    );

    const told = await outbox('customer-merged', team.other.userId);
    expect(told).toHaveLength(1);
    expect(contentOf(told[0]!)).toContain(`“${absorbed.name}”`);
    expect(contentOf(told[0]!)).toContain(`合并到“${survivor.name}”`);
    expect(contentOf(told[0]!)).toContain(`由${team.rep.name}负责`);
    expect(await outbox('customer-merged', team.rep.userId)).toHaveLength(0);

    // Sent again, the merge answers the same and tells nobody twice.
    const ledger = await LedgerEntryModel.countDocuments({});
    expect(await json(await mergeChosen(team.ops, body))).toMatchObject({ resumed: true, tookOver: false });
    expect(await LedgerEntryModel.countDocuments({})).toBe(ledger);
    expect(await outbox('customer-merged', team.other.userId)).toHaveLength(1);
  });

  it('when the survivor is nobody’s, then it takes over the other’s holder, who is told it stays theirs', async () => {
    const survivor = await makePublicCustomer(app.clock.now(), { name: '杭州知味观餐饮管理有限公司' });
    const absorbed = await ownedCustomer(app, team.other, '知味观食品');
    const before = await counterOf(team.other);
    const body = {
      survivorId: String(survivor._id),
      absorbedId: String(absorbed._id),
      reason: '客户改名前后的两条记录',
    };
    expect(await json(await mergeChosen(team.ops, body))).toMatchObject({ tookOver: true });
    expect(await customer(survivor._id)).toMatchObject({ poolState: 'private', ownerId: team.other._id });
    expect(await counterOf(team.other)).toBe(before);
    const told = (await outbox('customer-merged', team.other.userId)).map(contentOf);
    expect(told.find((t) => t.includes(absorbed.name))).toContain('仍由你负责');
  });

  it('when the request is bad or not from ops, then 400/403/404 with a code and a Chinese message, and nothing changes', async () => {
    const a = await ownedCustomer(app, team.rep);
    const b = await makePublicCustomer(app.clock.now());
    const versions = async () => [(await customer(a._id)).version, (await customer(b._id)).version];
    const before = await versions();
    const ids = { survivorId: String(a._id), absorbedId: String(b._id) };
    const noReason = await expectError(await mergeChosen(team.ops, { ...ids, reason: '  ' }), 400, 'VALIDATION_FAILED');
    expect(noReason.error.message).toMatch(/[\u4e00-\u9fa5]/);
    await expectError(await mergeChosen(team.ops, { ...ids }), 400, 'VALIDATION_FAILED');
    await expectError(
      await mergeChosen(team.ops, { survivorId: ids.survivorId, absorbedId: ids.survivorId, reason: '同一家' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await mergeChosen(team.ops, { ...ids, absorbedId: String(new Types.ObjectId()), reason: '同一家' }),
      404,
      'CUSTOMER_NOT_FOUND',
    );
    for (const who of [team.rep, team.manager]) {
      const refused = await expectError(await mergeChosen(who, { ...ids, reason: '同一家' }), 403, 'FORBIDDEN');
      expect(refused.error.message).toContain('销售运营');
    }
    expect(await versions()).toEqual(before);
    expect(await outbox('customer-merged', team.rep.userId)).toHaveLength(0);
  });
});
