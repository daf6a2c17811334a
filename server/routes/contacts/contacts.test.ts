import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../../models/customers/contact.model.js';
import { CustomerModel, type Customer } from '../../../models/customers/customer.model.js';
import type { CustomerDetailAnswer as CustomerDetail } from '../customers/customer-answers.schema.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { stakeCustomer } from '../../../models/pool/stake-customer.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makePublicCustomer } from '../../../tests/support/factories.js';

// Contacts and key persons (KP): add, edit, remove through HTTP; masking as for customers; completeness follows.

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
});
afterAll(() => app.close());

type Answer = {
  contact: { id: string; name: string; role: string | null; phones: string[]; wechat: string; isKeyPerson: boolean };
  completeness: { score: number; missing: string[]; greened: boolean };
};
const post = (who: Employee, path: string, body: unknown = {}) => app.as(who)(path, { method: 'POST', json: body });
const detail = async (who: Employee, c: Customer) =>
  json<CustomerDetail>(await app.as(who)(`/api/customers/${String(c._id)}`));
const add = (who: Employee, c: Customer, body: unknown) => post(who, `/api/customers/${String(c._id)}/contacts`, body);

/** Every profile field but the budget and the KP filled in: 8 of 11 weights, 73 %, short of green (80). */
const fullProfile = {
  industry: '鞋服',
  region: '温州',
  address: '鹿城区车站大道 8 号',
  creditCode: '91330300MA2C76543D',
  boss: '林总',
  phones: ['0577-88886666'],
  profile: { scale: '300 人', mainBusiness: '皮鞋' },
};

describe('POST /api/customers/:id/contacts', () => {
  it('when the owner adds the KP with role, phones and WeChat, then the page lists them unmasked and completeness counts the KP', async () => {
    const c = await ownedCustomer(app, team.rep, '无锡精密铸造有限公司');
    const before = (await detail(team.rep, c)).completeness.score;
    const answer = await json<Answer>(
      await add(team.rep, c, {
        name: '钱总',
        position: '总经理',
        role: 'decider',
        phones: ['139 5555 6666'],
        wechat: 'qian_boss88',
        email: 'qian@jingmi.cn',
        isKeyPerson: true,
      }),
      201,
    );
    expect(answer.contact).toMatchObject({ name: '钱总', role: 'decider', phones: ['13955556666'], isKeyPerson: true });
    expect(answer.completeness.score).toBe(before + 18); // the KP weighs 2 of 11
    expect(answer.completeness.missing).not.toContain('关键决策人(KP)');
    const page = await detail(team.rep, c);
    expect(page.contacts).toEqual([
      expect.objectContaining({ name: '钱总', wechat: 'qian_boss88', email: 'qian@jingmi.cn', fromWecom: false }),
    ]);
    expect(page.completeness.score).toBe(answer.completeness.score);
    expect((await CustomerModel.findById(c._id).lean())?.completeness).toBe(answer.completeness.score);
  });

  it('when a staked customer short of green gets its KP, then it is greened', async () => {
    const c = await makePublicCustomer(app.clock.now(), { name: '温州瓯江皮革有限公司', ...fullProfile });
    await stakeCustomer({ customerId: c._id }, employeeContext(team.rep, app.clock.now(), app.deps.config));
    expect((await CustomerModel.findById(c._id).lean())?.greenedAt).toBeNull();
    const answer = await json<Answer>(await add(team.rep, c, { name: '林总', isKeyPerson: true }), 201);
    expect(answer.completeness).toMatchObject({ score: 91, greened: true, missing: ['预算'] });
    expect((await CustomerModel.findById(c._id).lean())?.greenedAt).toEqual(app.clock.now());
  });

  it("when another rep or another team's manager adds a contact, then 403 through the policy and nothing is stored; the team's manager may", async () => {
    const c = await ownedCustomer(app, team.rep);
    await expectError(await add(team.other, c, { name: '孙经理' }), 403, 'NOT_OWNER');
    await expectError(await add(team.outsider, c, { name: '孙经理' }), 403, 'NOT_OWNER');
    expect(await ContactModel.countDocuments({ customerId: c._id })).toBe(0);
    const byManager = await json<Answer>(await add(team.manager, c, { name: '孙经理', phones: ['13811112222'] }), 201);
    expect(byManager.contact.phones).toEqual(['13811112222']);
  });

  it('when ops keep a contact of a public customer, then it is masked for them and for every rep until someone claims it', async () => {
    const c = await makePublicCustomer(app.clock.now(), { name: '常州公海待认领有限公司' });
    const answer = await json<Answer>(
      await add(team.ops, c, { name: '周经理', phones: ['13912345678'], wechat: 'zhou_manager' }),
      201,
    );
    expect(answer.contact).toMatchObject({ phones: ['139****5678'], wechat: 'zh**********' });
    const seen = await detail(team.other, c);
    expect(seen.contacts[0]).toMatchObject({ name: '周经理', phones: ['139****5678'], wechat: 'zh**********' });
    expect(JSON.stringify(seen)).not.toContain('zhou_manager');
  });

  it('when the input is bad, then 400 with a code and a Chinese message, and nothing is stored', async () => {
    const c = await ownedCustomer(app, team.rep);
    const bad: unknown[] = [
      {},
      { name: '' },
      { name: '王总', phones: ['abc'] },
      { name: '王总', phones: ['138****5678'] },
      { name: '王总', phones: ['123456'] },
      { name: '王总', wechat: '王总的微信' },
      { name: '王总', role: 'boss' },
      { name: '王总', email: 'not-mail' },
      { name: '王总', customerId: String(c._id) },
      { name: { $gt: '' } },
    ];
    for (const body of bad) {
      await expectError(await add(team.rep, c, body), 400, 'VALIDATION_FAILED');
    }
    expect(await ContactModel.countDocuments({ customerId: c._id })).toBe(0);
    await expectError(
      await add(team.rep, { _id: '0'.repeat(24) } as unknown as Customer, { name: '王总' }),
      404,
      'CUSTOMER_NOT_FOUND',
    );
  });
});

describe('POST /api/contacts/:id and /remove', () => {
  it('when the owner moves the KP flag and changes a phone, then the page and completeness follow; removing hides the contact', async () => {
    const c = await ownedCustomer(app, team.rep, '嘉兴南湖纺织有限公司');
    const kp = await json<Answer>(await add(team.rep, c, { name: '陈总', isKeyPerson: true }), 201);
    const buyer = await json<Answer>(await add(team.rep, c, { name: '赵采购', role: 'gatekeeper' }), 201);
    const withKp = kp.completeness.score;

    const edited = await json<Answer>(
      await post(team.rep, `/api/contacts/${buyer.contact.id}`, { phones: ['0573-82228888'] }),
    );
    expect(edited.contact).toMatchObject({ name: '赵采购', role: 'gatekeeper', phones: ['0573-82228888'] });
    const unmarked = await json<Answer>(await post(team.rep, `/api/contacts/${kp.contact.id}`, { isKeyPerson: false }));
    expect(unmarked.completeness.score).toBe(withKp - 18);
    await json(await post(team.rep, `/api/contacts/${buyer.contact.id}`, { isKeyPerson: true, role: 'decider' }));

    const removed = await json<Answer>(await post(team.rep, `/api/contacts/${buyer.contact.id}/remove`));
    expect(removed.completeness.score).toBe(withKp - 18);
    expect((await detail(team.rep, c)).contacts.map((p) => p.name)).toEqual(['陈总']);
    // Kept for rulings and history, only hidden.
    expect(await ContactModel.findById(buyer.contact.id).lean()).toMatchObject({ removedBy: team.rep._id });
    await expectError(
      await post(team.rep, `/api/contacts/${buyer.contact.id}`, { name: '赵' }),
      404,
      'CONTACT_NOT_FOUND',
    );
  });

  it('when someone else edits or removes a contact, or the change is bad, then it is refused and the contact is as it was', async () => {
    const c = await ownedCustomer(app, team.rep);
    const { contact } = await json<Answer>(await add(team.rep, c, { name: '吴经理', phones: ['13700001111'] }), 201);
    await expectError(await post(team.other, `/api/contacts/${contact.id}`, { isKeyPerson: true }), 403, 'NOT_OWNER');
    await expectError(await post(team.other, `/api/contacts/${contact.id}/remove`), 403, 'NOT_OWNER');
    await expectError(await post(team.rep, `/api/contacts/${contact.id}`, {}), 400, 'VALIDATION_FAILED');
    await expectError(await post(team.rep, `/api/contacts/${contact.id}`, { phones: ['1'] }), 400, 'VALIDATION_FAILED');
    await expectError(
      await post(team.rep, `/api/contacts/${'0'.repeat(24)}`, { name: '吴' }),
      404,
      'CONTACT_NOT_FOUND',
    );
    expect(await ContactModel.findById(contact.id).lean()).toMatchObject({
      name: '吴经理',
      phones: ['13700001111'],
      isKeyPerson: false,
      removedAt: null,
    });
  });

  it('when a WeCom contact is removed by hand, then 409 INVALID_STATE: it follows WeCom; its KP flag may still be set', async () => {
    const c = await ownedCustomer(app, team.rep);
    const wecom = await ContactModel.create({
      customerId: c._id,
      externalUserId: 'wmWECOM001',
      name: '企微联系人',
      type: 1,
    });
    await expectError(await post(team.rep, `/api/contacts/${String(wecom._id)}/remove`), 409, 'INVALID_STATE');
    const marked = await json<Answer>(
      await post(team.rep, `/api/contacts/${String(wecom._id)}`, { isKeyPerson: true }),
    );
    expect(marked.contact.isKeyPerson).toBe(true);
    expect((await detail(team.rep, c)).contacts[0]).toMatchObject({ fromWecom: true, isKeyPerson: true });
  });
});
