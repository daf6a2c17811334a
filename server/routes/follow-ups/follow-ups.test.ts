import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../../models/customers/contact.model.js';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { FollowUpModel } from '../../../models/follow-ups/follow-up.model.js';
import { DAY } from '../../../models/shared/clock.js';
import type { FollowUpCheck } from '../../../models/follow-ups/check-follow-up.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
});
afterAll(() => app.close());

const check = (who: Team['rep'], body: unknown) => app.as(who)('/api/follow-ups/check', { method: 'POST', json: body });
const good = '和采购王总电话沟通了二期产线改造的预算，约了下周三上门演示';

describe('POST /api/follow-ups/check', () => {
  it('when the owner types filler, then the verdict is invalid with reasons and says saving will not reset the drop clock', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const verdict = await json<FollowUpCheck>(
      await check(team.rep, { customerId: String(customer._id), content: '继续跟进' }),
    );
    expect(verdict).toMatchObject({ valid: false, wouldCount: false });
    expect(verdict.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP']),
    );
    expect(verdict.effect).toContain('不会重置掉保时间');
  });

  it('when the note names a stored contact and plans a step, then it is valid and would reset the clock', async () => {
    const customer = await ownedCustomer(app, team.rep);
    await ContactModel.create({ customerId: customer._id, name: '王建国' });
    const verdict = await json<FollowUpCheck>(
      await check(team.rep, {
        customerId: String(customer._id),
        content: '和王建国聊了二期产线改造预算，下周三上门演示',
      }),
    );
    expect(verdict).toMatchObject({ valid: true, wouldCount: true, reasons: [] });
    expect(verdict.effect).toContain('将重置掉保时间');
  });

  it("when the note repeats the author's previous note on this customer, then the check says REPEATED", async () => {
    const customer = await ownedCustomer(app, team.rep);
    await json(
      await app.as(team.rep)(`/api/customers/${String(customer._id)}/follow-ups`, {
        method: 'POST',
        json: { content: good },
      }),
      201,
    );
    const verdict = await json<FollowUpCheck>(
      await check(team.rep, { customerId: String(customer._id), content: good }),
    );
    expect(verdict.reasons.map((r) => r.code)).toEqual(['REPEATED']);
  });

  it("when the manager checks a valid note on a team customer, then it is valid but would not reset the owner's clock", async () => {
    const customer = await ownedCustomer(app, team.rep);
    const verdict = await json<FollowUpCheck>(
      await check(team.manager, { customerId: String(customer._id), content: good }),
    );
    expect(verdict).toMatchObject({ valid: true, wouldCount: false });
  });

  it("when checking, then nothing is saved; another rep's customer is refused with 403", async () => {
    const customer = await ownedCustomer(app, team.other);
    await expectError(await check(team.rep, { customerId: String(customer._id), content: good }), 403, 'NOT_OWNER');
    await json(await check(team.other, { customerId: String(customer._id), content: good }));
    expect(await FollowUpModel.countDocuments({ customerId: customer._id })).toBe(0);
  });

  it('when the input is wrong or carries an operator, then 400', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const id = String(customer._id);
    for (const body of [
      { content: good },
      { customerId: id },
      { customerId: { $gt: '' }, content: good },
      { customerId: id, content: { $ne: '' } },
      { customerId: id, content: good, contactName: { $regex: '.*' } },
      { customerId: id, content: good, nextFollowUpAt: 'tomorrow' },
      { customerId: id, content: 'x'.repeat(5001) },
    ]) {
      await expectError(await check(team.rep, body), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('POST /api/customers/:id/follow-ups', () => {
  it('when the owner saves a valid note, then it resets the drop clock; a filler note is kept, marked, and does not', async () => {
    const customer = await ownedCustomer(app, team.rep);
    app.clock.advance(10 * DAY);
    const saved = await json<{ counted: boolean; followUp: { valid: boolean } }>(
      await app.as(team.rep)(`/api/customers/${String(customer._id)}/follow-ups`, {
        method: 'POST',
        json: { content: good, channel: 'phone' },
      }),
      201,
    );
    expect(saved).toMatchObject({ counted: true, followUp: { valid: true } });
    const afterValid = (await CustomerModel.findById(customer._id).lean())?.protectedUntil;
    expect(afterValid!.getTime()).toBeGreaterThan(customer.protectedUntil!.getTime());

    app.clock.advance(DAY);
    const filler = await json<{ counted: boolean; followUp: { valid: boolean } }>(
      await app.as(team.rep)(`/api/customers/${String(customer._id)}/follow-ups`, {
        method: 'POST',
        json: { content: '继续跟进，保持联系' },
      }),
      201,
    );
    expect(filler).toMatchObject({ counted: false, followUp: { valid: false } });
    expect((await CustomerModel.findById(customer._id).lean())?.protectedUntil).toEqual(afterValid);
    expect(await FollowUpModel.countDocuments({ customerId: customer._id })).toBe(2);
  });

  it('when the content is empty or the contact belongs to another customer, then 400 and nothing is saved', async () => {
    const customer = await ownedCustomer(app, team.rep);
    const strangerContact = await ContactModel.create({ name: '外人' });
    const url = `/api/customers/${String(customer._id)}/follow-ups`;
    await expectError(
      await app.as(team.rep)(url, { method: 'POST', json: { content: '   ' } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await app.as(team.rep)(url, { method: 'POST', json: { content: good, contactId: String(strangerContact._id) } }),
      400,
      'VALIDATION_FAILED',
    );
    await expectError(
      await app.as(team.rep)(url, { method: 'POST', json: { content: good, channel: { $in: ['phone'] } } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await FollowUpModel.countDocuments({ customerId: customer._id })).toBe(0);
  });
});
