import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { json } from '../support/api.js';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';

// New customers are built without a mongoose document when their values already have the model's types
// (models/customers/new-customer-document.ts): what is stored, and what the creation answers, must be what the
// customer model itself would build — whichever way the customer was created.

useTestDatabase();
let bed: WecomTestbed;

beforeAll(async () => {
  bed = await startWecomTestbed();
  await seedSalesTeam(bed, 2);
});
afterAll(() => bed.close());

/** The stored customer is exactly the model's own document of it: every default present, every value cast. */
async function expectAsModelled(name: string): Promise<Customer> {
  const stored = await CustomerModel.collection.findOne({ name });
  expect(stored).not.toBeNull();
  const modelled = new CustomerModel(stored);
  expect(modelled.validateSync()).toBeUndefined();
  expect(modelled.toObject({ flattenMaps: true })).toEqual(stored);
  return stored as unknown as Customer;
}

describe('new customers', () => {
  it('when customers are created by WeCom leads, by reps entering and staking them and by the system, then each is stored as the customer model builds it', async () => {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: '线索客户',
      type: 2,
      corpName: '新建客户文档测试有限公司',
      remarkMobiles: ['13900001111'],
      state: 'expo-2026',
    });
    await new WecomEventProcessor(bed.app.deps, { pollMs: 20 }).worker.runUntilIdle();
    const rep = (await EmployeeModel.findOne({ userId: 'rep2' }).lean())!;
    const post = (body: unknown) => bed.app.as(rep)('/api/customers', { method: 'POST', json: body });
    await json(
      await post({
        name: '  录入客户文档测试股份有限公司 ',
        creditCode: '91350100M000100Y43',
        phones: ['0591-88886666'],
        emails: ['boss@luru-test.cn'],
        boss: '陈老板',
        industry: '制造',
        region: '福州',
        source: 'referral',
        sourceDetail: '老客户介绍',
        profile: { scale: '100-500人', budget: 200000, listed: false },
      }),
      201,
    );
    await json(await post({ name: '占坑客户文档测试有限公司', stake: true }), 201);
    const system = await createCustomer(
      { customer: { name: '公海客户文档测试有限公司', source: 'import' }, into: 'public' },
      systemContext(bed.clock.now()),
    );

    const lead = await expectAsModelled('新建客户文档测试有限公司');
    expect(lead).toMatchObject({ poolState: 'private', source: 'wecom', sourceDetail: 'expo-2026', version: 1 });
    expect(lead.phones).toEqual(['13900001111']);
    expect(String((await ContactModel.findOne({ externalUserId }).lean())!.customerId)).toBe(String(lead._id));
    const entered = await expectAsModelled('录入客户文档测试股份有限公司');
    expect(entered).toMatchObject({
      ownerId: rep._id,
      creditCode: '91350100M000100Y43',
      emailDomains: ['luru-test.cn'],
      profile: { scale: '100-500人', budget: 200000, listed: false },
    });
    expect(entered.protectedUntil).toBeInstanceOf(Date);
    expect(entered.ledgerOutbox).toEqual([
      expect.objectContaining({ action: 'create', actorId: rep._id, reason: 'referral' }),
    ]);
    expect(await expectAsModelled('占坑客户文档测试有限公司')).toMatchObject({
      poolState: 'staked',
      stakedBy: rep._id,
    });
    const publicOne = await expectAsModelled('公海客户文档测试有限公司');
    expect(publicOne).toMatchObject({ poolState: 'public', ownerId: null });
    // What the creation answers is the model's own reading of it too (the profile as a Map), its outbox handed on.
    const answered = new CustomerModel({ ...publicOne, ledgerOutbox: [] }).toObject();
    expect({ ...system, __v: 0 }).toEqual({ ...answered, __v: 0 });
  });
});
