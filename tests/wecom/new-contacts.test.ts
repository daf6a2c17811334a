import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';

// New WeCom contacts are built without a mongoose document when their values already have the model's types
// (models/wecom/new-contact.ts): what is stored must be what the model itself would store.

useTestDatabase();
let bed: WecomTestbed;

beforeAll(async () => {
  bed = await startWecomTestbed();
  await seedSalesTeam(bed, 3);
});
afterAll(() => bed.close());

describe('new WeCom contacts', () => {
  it('when contacts of every kind are created by events handled together, then each is stored as the contact model builds it', async () => {
    const added = await Promise.all(
      [
        { userId: 'rep1', name: '企业用户', type: 2, corpName: '新建联系人测试有限公司' },
        { userId: 'rep2', name: '微信用户', type: 1, unionId: 'union-new-contact-1', state: 'expo' },
        { userId: 'rep3', name: '  两边有空格 的名字  ', type: 1, remark: '展会认识', remarkMobiles: ['13800001111'] },
        { userId: 'rep1', type: 1 },
      ].map(async (input) => ({ input, ...(await bed.emulator.addExternalContact(input)) })),
    );
    await new WecomEventProcessor(bed.app.deps, { pollMs: 20 }).worker.runUntilIdle();

    for (const { externalUserId, input } of added) {
      const stored = await ContactModel.collection.findOne({ externalUserId });
      expect(stored).not.toBeNull();
      // Every default present, every value cast: the model's own document of it adds and changes nothing.
      const modelled = new ContactModel(stored);
      expect(modelled.validateSync()).toBeUndefined();
      expect(modelled.toObject()).toEqual(stored);
      expect(stored!.followUsers).toEqual([
        expect.objectContaining({ userId: input.userId, state: input.state ?? '', removedAt: null }),
      ]);
    }
    const [corp, wechat, spaced, unnamed] = await Promise.all(
      added.map(({ externalUserId }) => ContactModel.findOne({ externalUserId }).lean()),
    );
    expect(corp).toMatchObject({ name: '企业用户', corpName: '新建联系人测试有限公司', type: 2, __v: 0 });
    expect(wechat).toMatchObject({ name: '微信用户', unionId: 'union-new-contact-1', type: 1 });
    expect(spaced).toMatchObject({ name: '两边有空格 的名字', phones: ['13800001111'] });
    expect(spaced!.followUsers[0]!.remark).toBe('展会认识');
    expect(unnamed!.name).toBe('客户');
    expect(corp!.createdAt).toEqual(bed.clock.now());
  });
});
