import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../../models/customers/contact.model.js';
import { changeGrade } from '../../../models/customers/use-cases/change-grade.js';
import { recordFollowUp } from '../../../models/follow-ups/record-follow-up.js';
import { DAY } from '../../../models/shared/clock.js';
import type { CustomerDetailAnswer as CustomerDetail } from './customer-answers.schema.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makePublicCustomer } from '../../../tests/support/factories.js';

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
});
afterAll(() => app.close());

async function customerWithHistory() {
  const customer = await ownedCustomer(app, team.rep, `苏州精工机械${Math.random().toString(36).slice(2, 6)}有限公司`);
  await ContactModel.create({
    customerId: customer._id,
    name: '王建国',
    position: '采购总监',
    isKeyPerson: true,
    phones: ['13912345678'],
    email: 'wang@jinggong.cn',
  });
  const ctx = employeeContext(team.rep, app.clock.now(), app.deps.config);
  await recordFollowUp({ customerId: customer._id, content: '继续跟进' }, ctx);
  await recordFollowUp(
    {
      customerId: customer._id,
      content: '和王建国电话沟通了二期产线改造的预算，约了下周三上门演示',
      contactName: '王建国',
    },
    ctx,
  );
  await changeGrade({ customerId: customer._id, grade: 'B', reason: '有预算' }, ctx);
  return customer;
}

describe('GET /api/customers/:id', () => {
  it('when the owner opens their customer, then they see the profile, unmasked contacts, the timeline with verdicts, histories and ledger', async () => {
    const customer = await customerWithHistory();
    const detail = await json<CustomerDetail>(await app.as(team.rep)(`/api/customers/${String(customer._id)}`));
    expect(detail).toMatchObject({ state: 'private', grade: 'B', owner: { name: '张三' }, contactsMasked: false });
    expect(detail.contacts[0]).toMatchObject({
      name: '王建国',
      phones: ['13912345678'],
      email: 'wang@jinggong.cn',
      isKeyPerson: true,
    });
    expect(detail.followUps.map((f) => [f.valid, f.counted])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(detail.followUps[1]?.reasons.map((r) => r.code)).toContain('FILLER');
    expect(detail.gradeHistory).toEqual([
      expect.objectContaining({ from: null, to: 'B', by: '张三', reason: '有预算' }),
    ]);
    expect(detail.ledger.map((l) => l.action)).toEqual(['grade', 'claim', 'create']);
    expect(detail.completeness.missing).toContain('统一社会信用代码');
    // Grade B allows 20 idle days after today's valid note: protected through 22 March, dropping at its end.
    expect(detail.drop).toMatchObject({ daysLeft: 20, at: '2026-03-22T16:00:00.000Z' });
    expect(detail.can).toMatchObject({ followUp: true, release: true, claim: false });
  });

  it('when the team manager opens it, then contacts are unmasked too; ops as well', async () => {
    const customer = await customerWithHistory();
    for (const viewer of [team.manager, team.ops]) {
      const detail = await json<CustomerDetail>(await app.as(viewer)(`/api/customers/${String(customer._id)}`));
      expect(detail.contacts[0]?.phones).toEqual(['13912345678']);
    }
  });

  it("when another rep opens it, then 403 NOT_OWNER names neither the customer nor its owner (walking ids lists nobody's customers)", async () => {
    const customer = await customerWithHistory();
    for (const viewer of [team.other, team.outsider]) {
      const res = await app.as(viewer)(`/api/customers/${String(customer._id)}`);
      const body = await expectError(res, 403, 'NOT_OWNER');
      const text = JSON.stringify(body);
      for (const secret of ['1391234', '张三', customer.name, 'ownerName']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('when a rep opens a public customer, then its inherited history is visible but contacts are masked until they claim it', async () => {
    const customer = await makePublicCustomer(new Date(app.clock.now().getTime() - 3 * DAY), {
      phones: ['13800138000'],
    });
    await ContactModel.create({
      customerId: customer._id,
      name: '刘敏',
      phones: ['13700001234'],
      email: 'liumin@example.cn',
    });
    const detail = await json<CustomerDetail>(await app.as(team.other)(`/api/customers/${String(customer._id)}`));
    expect(detail.contactsMasked).toBe(true);
    expect(detail.contacts[0]).toMatchObject({ name: '刘敏', phones: ['137****1234'], email: 'l***@example.cn' });
    expect(detail.profile.phones).toEqual(['138****8000']);
    expect(detail.can).toMatchObject({ claim: true, release: false, followUp: false });
  });

  it('when the id is malformed or an operator, then 400; when unknown, then 404; without a session, then 401', async () => {
    await expectError(await app.as(team.rep)('/api/customers/123'), 400, 'VALIDATION_FAILED');
    await expectError(
      await app.as(team.rep)(`/api/customers/${encodeURIComponent('{"$ne":null}')}`),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(await app.as(team.rep)('/api/customers/0123456789abcdef01234567'), 404, 'CUSTOMER_NOT_FOUND');
    await expectError(await app.as(null)('/api/customers/0123456789abcdef01234567'), 401, 'UNAUTHENTICATED');
  });
});
