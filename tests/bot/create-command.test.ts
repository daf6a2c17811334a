import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { startTestBot, type MockContact, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, systemContext } from '../support/factories.js';

// 录入 <公司> in a private chat with the assistant: the conflict check first, then the rep's private pool.

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
let t: TestBot;
let rep: Employee;
let zhangsan: MockContact;

beforeAll(async () => {
  rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
  const other = await makeEmployee({ userId: 'wangwu', name: '王五' });
  await createCustomer(
    { customer: { name: '北京字节跳动科技有限公司' }, into: 'private' },
    employeeContext(other, now),
  );
  await createCustomer({ customer: { name: '华夏建材有限公司' }, into: 'public' }, systemContext(now));
  t = await startTestBot({ BOT_ACCOUNT: 'assistant', POOL_CAPACITY: '1' });
  zhangsan = t.colleague('zhangsan', '张三');
});
afterAll(() => t.stop());

async function ask(text: string): Promise<string> {
  await t.say(zhangsan, text);
  return t.lastSentTo(zhangsan);
}

describe('录入 from the bot', () => {
  it('when a rep sends 录入 with a new company, then it is in their private pool, with its drop date and the ledger entry', async () => {
    const reply = await ask('录入：杭州青禾电子商务有限公司');
    expect(reply).toBe(
      '已录入「杭州青禾电子商务有限公司」到你的私海，还剩 31 天，4月2日 0点掉保，期间需有有效跟进。可在小程序补充联系人（标记 KP）和客户资料。',
    );
    const stored = await CustomerModel.findOne({ name: '杭州青禾电子商务有限公司' }).lean();
    expect(stored).toMatchObject({
      poolState: 'private',
      ownerId: rep._id,
      source: 'manual',
      sourceDetail: '企微小助手',
    });
    expect(await LedgerEntryModel.countDocuments({ customerId: stored!._id, action: 'create', actorId: rep._id })).toBe(
      1,
    );
  });

  it("when the company is another rep's under a short name, then nothing is created and the rep is told who has it and to complain", async () => {
    const before = await CustomerModel.countDocuments({});
    const reply = await ask('录入 字节跳动');
    expect(reply).toContain('没有录入：客户“北京字节跳动科技有限公司”已存在，由 王五');
    expect(reply).toContain('撞单申诉');
    expect(await CustomerModel.countDocuments({})).toBe(before);
  });

  it('when the company waits in the public pool, then the rep is told to claim it, with the command to send', async () => {
    expect(await ask('新建客户 华夏建材')).toBe(
      '没有录入：客户“华夏建材有限公司”已在公海，可以直接认领。发送「认领 华夏建材有限公司」即可认领。',
    );
  });

  it('when the private pool is full, then the rep is told to release one, and 占坑 still enters it as a stake', async () => {
    expect(await ask('录入 宁波港湾物流有限公司')).toContain('录入失败：私海库容已满（1/1），请先释放一个客户');
    expect(await CustomerModel.countDocuments({ name: '宁波港湾物流有限公司' })).toBe(0);
    expect(await ask('录入 宁波港湾物流有限公司 占坑')).toBe(
      '已录入并占坑「宁波港湾物流有限公司」，最晚 3月16日 完善资料完成绿化，否则退回公海。可在小程序补充联系人（标记 KP）和客户资料。',
    );
    expect(await CustomerModel.findOne({ name: '宁波港湾物流有限公司' }).lean()).toMatchObject({
      poolState: 'staked',
      stakedBy: rep._id,
    });
  });

  it('when a rep sends 录入 with nothing or a phone number, then they are shown how to use it and nothing is created', async () => {
    const before = await CustomerModel.countDocuments({});
    expect(await ask('录入')).toContain('请在「录入」后写公司全称');
    expect(await ask('录入 138 0013 8000')).toContain('像是电话号码');
    expect(await CustomerModel.countDocuments({})).toBe(before);
  });

  it('when a rep asks for help, then 录入 is listed', async () => {
    expect(await ask('帮助')).toContain('录入 公司全称');
  });
});
