import { FileBox } from 'file-box';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { startTestBot, type MockContact, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, systemContext } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
let t: TestBot;
let rep: Employee;
let other: Employee;
let zhangsan: MockContact;
let yuntu: Customer;

beforeAll(async () => {
  rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
  other = await makeEmployee({ userId: 'wangwu', name: '王五' });
  await createCustomer(
    { customer: { name: '北京字节跳动科技有限公司', phones: ['13800138000'] }, into: 'private' },
    employeeContext(other, now),
  );
  yuntu = await createCustomer(
    { customer: { name: '上海云图信息技术有限公司' }, into: 'private' },
    employeeContext(rep, now),
  );
  await createCustomer({ customer: { name: '广州早鸟咨询有限公司' }, into: 'private' }, employeeContext(rep, now));
  for (const name of ['杭州星河网络有限公司', '华夏建材有限公司', '华夏物流有限公司']) {
    await createCustomer({ customer: { name }, into: 'public' }, systemContext(now));
  }
  t = await startTestBot({ BOT_ACCOUNT: 'assistant' });
  zhangsan = t.colleague('zhangsan', '张三');
});
afterAll(() => t.stop());

async function ask(text: string): Promise<string> {
  await t.say(zhangsan, text);
  return t.lastSentTo(zhangsan);
}

describe("reps' commands in a private chat with the assistant", () => {
  it('when a rep sends 帮助, then every command is listed', async () => {
    const reply = await ask('帮助');
    for (const word of ['查重', '跟进', '认领', '我的客户', '帮助', 'crm']) {
      expect(reply).toContain(word);
    }
  });

  it('when a rep types something the bot does not understand, then they get a short help, not silence', async () => {
    const reply = await ask('今天天气怎么样');
    expect(reply).toContain('没看懂「今天天气怎么样」');
    expect(reply).toContain('查重');
    expect(await ask('   ')).toContain('查重');
  });

  it('when a rep sends a photo, then they get the menu', async () => {
    const before = t.sentTo(zhangsan).length;
    const received = new Promise((resolve) => t.bot.once('message', resolve));
    zhangsan.say(FileBox.fromBase64('iVBORw0KGgo=', 'card.png')).to(t.self);
    await received;
    await t.settle();
    expect(t.sentTo(zhangsan)).toHaveLength(before + 1);
    expect(t.lastSentTo(zhangsan)).toContain('查重');
  });

  it('when a rep checks a few characters of a company another rep owns, then they see the owner and how to complain', async () => {
    const reply = await ask('查重：字节跳动');
    expect(reply).toContain('北京字节跳动科技有限公司');
    expect(reply).toContain('负责人 王五');
    expect(reply).toContain('申诉');
  });

  it('when a rep checks a phone number typed with spaces, then the customer with that phone is found', async () => {
    expect(await ask('查重 138 0013 8000')).toContain(
      '北京字节跳动科技有限公司（同一客户，电话相同）— 私海，负责人 王五',
    );
  });

  it('when a rep checks another spelling (traditional characters, region and legal form), then the same company is found with its drop date', async () => {
    for (const q of ['字節跳動', '北京市字节跳动科技有限责任公司']) {
      const reply = await ask(`查重 ${q}`);
      expect(reply, q).toMatch(
        /北京字节跳动科技有限公司（同一客户[^）]*）— 私海，负责人 王五，还剩 \d+ 天，\d+月\d+日 0点掉保/,
      );
    }
  });

  it('when a rep checks a company nobody has, then they hear it is free; with nothing to check, they hear how to ask', async () => {
    expect(await ask('查重 完全不存在的公司')).toContain('没有找到');
    expect(await ask('查重')).toContain('例如：查重 字节跳动');
  });

  it('when a rep records a concrete follow-up with full-width punctuation, then it is valid and resets the drop clock', async () => {
    t.clock.set('2026-03-10T02:00:00Z');
    const reply = await ask('跟进：云图，今天和王总确认了预算，下周二上门演示');
    expect(reply).toContain('上海云图信息技术有限公司');
    expect(reply).toContain('有效');
    expect(reply).toContain('掉保时钟已重置');
    expect(reply).toContain('4月10日 0点掉保');
    const stored = await FollowUpModel.findOne({ customerId: yuntu._id }).sort({ createdAt: -1 }).lean();
    expect(stored).toMatchObject({
      content: '今天和王总确认了预算，下周二上门演示',
      channel: 'wecom',
      countedForProtection: true,
    });
    expect((await CustomerModel.findById(yuntu._id).lean())?.lastValidFollowUpAt?.toISOString()).toBe(
      '2026-03-10T02:00:00.000Z',
    );
  });

  it('when a rep records filler, then it is kept but marked invalid with the reasons, and the drop clock stays', async () => {
    t.clock.set('2026-03-12T02:00:00Z');
    const reply = await ask('跟进 上海云图 继续跟进');
    expect(reply).toContain('不算有效跟进');
    expect(reply).toContain('掉保时钟没有重置');
    expect(reply).toContain('套话');
    expect(reply).toContain('4月10日 0点掉保');
    expect((await CustomerModel.findById(yuntu._id).lean())?.lastValidFollowUpAt?.toISOString()).toBe(
      '2026-03-10T02:00:00.000Z',
    );
  });

  it('when a rep types the customer and the note without any separator, then the customer is still found', async () => {
    const reply = await ask('跟进上海云图信息技术有限公司周三和李经理开会，月底前出报价');
    expect(reply).toContain('上海云图信息技术有限公司');
    expect(reply).toContain('有效');
  });

  it('when a rep follows up a customer that is not theirs, then they are told, and nothing is recorded', async () => {
    const before = await FollowUpModel.countDocuments({});
    expect(await ask('跟进 字节跳动 今天和王总聊了，下周二演示')).toContain('没有「字节跳动」');
    expect(await FollowUpModel.countDocuments({})).toBe(before);
  });

  it('when a rep claims a public customer by a few characters, then it is in their private pool', async () => {
    t.clock.set('2026-03-12T02:00:00Z');
    const reply = await ask('认领 星河');
    expect(reply).toContain('已认领「杭州星河网络有限公司」');
    const claimed = await CustomerModel.findOne({ name: '杭州星河网络有限公司' }).lean();
    expect(claimed).toMatchObject({ poolState: 'private' });
    expect(String(claimed!.ownerId)).toBe(String(rep._id));
  });

  it('when a rep claims a customer another rep owns, then nothing changes and they hear who owns it', async () => {
    const reply = await ask('认领 字节跳动');
    expect(reply).toContain('王五');
    expect(reply).toContain('不能认领');
    expect(String((await CustomerModel.findOne({ name: '北京字节跳动科技有限公司' }).lean())!.ownerId)).toBe(
      String(other._id),
    );
  });

  it('when a name matches several customers, then the rep chooses from a numbered list by replying its number', async () => {
    const list = await ask('认领 华夏');
    expect(list).toContain('请回复序号');
    const line = list.split('\n').find((l) => l.includes('华夏物流有限公司'))!;
    const number = line.split('.')[0]!;
    expect(await ask('9')).toContain('1 到 2');

    const reply = await ask(number);

    expect(reply).toContain('已认领「华夏物流有限公司」');
    expect((await CustomerModel.findOne({ name: '华夏建材有限公司' }).lean())?.poolState).toBe('public');
    // The choice is used up: a second number is not a command any more.
    expect(await ask(number)).toContain('没看懂');
  });

  it('when a rep asks for 我的客户, then they see their private pool, soonest drop first, with the drop dates', async () => {
    const reply = await ask('我的客户');
    const lines = reply.split('\n');
    expect(lines[0]).toContain('你的私海（4/50）');
    // Untouched since the claim on 2 March: it drops first.
    expect(lines[1]).toBe('1. 广州早鸟咨询有限公司 — 还剩 21 天，4月2日 0点掉保');
    const rest = lines
      .slice(2)
      .map((l) => l.replace(/^\d+\. /, ''))
      .sort();
    expect(rest).toEqual(
      [
        '上海云图信息技术有限公司 — 还剩 31 天，4月12日 0点掉保',
        '华夏物流有限公司 — 还剩 31 天，4月12日 0点掉保',
        '杭州星河网络有限公司 — 还剩 31 天，4月12日 0点掉保',
      ].sort(),
    );
    expect(reply).not.toContain('字节跳动');
  });
});

describe("reps' commands in groups and from unknown colleagues", () => {
  beforeEach(() => t.clock.set(now));

  it('when a rep writes "CRM：查重 …" in a customer group, then the answer goes to the rep privately, never to the group', async () => {
    const client = t.client({ name: '群里的客户' });
    const room = t.mocker.createRoom({
      id: 'g-cmd@chatroom',
      topic: '客户群',
      memberIdList: [t.self.id, zhangsan.id, client.id],
      ownerId: zhangsan.id,
    });
    const before = t.sentTo(zhangsan).length;

    await t.say(zhangsan, 'CRM：查重 字节跳动', room);
    await t.say(zhangsan, '大家好，这是我们的方案', room);

    expect(t.sentTo(room)).toEqual([]);
    expect(t.sentTo(zhangsan)).toHaveLength(before + 1);
    expect(t.lastSentTo(zhangsan)).toContain('负责人 王五');
  });

  it('when a rep mentions the bot in a group, then the mention is the command', async () => {
    const room = t.mocker.createRoom({
      id: 'g-at@chatroom',
      topic: '内部群',
      memberIdList: [t.self.id, zhangsan.id],
      ownerId: zhangsan.id,
    });
    const received = new Promise((resolve) => t.bot.once('message', resolve));
    zhangsan.say('@CRM小助手 我的客户', [t.self]).to(room);
    await received;
    await t.settle();
    expect(t.lastSentTo(zhangsan)).toContain('你的私海');
  });

  it('when a colleague who is not an employee writes, then they are told why the bot cannot help', async () => {
    const stranger = t.colleague('nobody', '路人甲');
    await t.say(stranger, '我的客户');
    expect(t.lastSentTo(stranger)).toContain('没有找到你的员工账号');
  });

  it("when a colleague's handle is not a userid but their name is unique, then they are recognised by name; namesakes are not guessed", async () => {
    await makeEmployee({ userId: 'zhaoliu', name: '赵六' });
    const byName = t.mocker.createContact({ name: '赵六', handle: '788000001', coworker: true, phone: [] });
    await t.say(byName, '我的客户');
    expect(t.lastSentTo(byName)).toContain('你的私海还没有客户');

    await makeEmployee({ userId: 'liuqi-1', name: '刘七' });
    await makeEmployee({ userId: 'liuqi-2', name: '刘七' });
    const namesake = t.mocker.createContact({ name: '刘七', handle: '788000002', coworker: true, phone: [] });
    await t.say(namesake, '我的客户');
    expect(t.lastSentTo(namesake)).toContain('没有找到你的员工账号');
  });
});

describe("commands when the bot drives a rep's own account (BOT_ACCOUNT=rep)", () => {
  it('when a colleague chats privately without the keyword, then the bot stays out of it; with the keyword, it answers', async () => {
    await makeEmployee({ userId: 'owner-rep', name: '账号主人' });
    const repBot = await startTestBot({ BOT_ACCOUNT: 'rep', BOT_ACCOUNT_USER_ID: 'owner-rep' });
    try {
      const colleague = repBot.colleague('zhangsan', '张三');
      await repBot.say(colleague, '晚上一起吃饭吗');
      expect(repBot.sentTo(colleague)).toEqual([]);
      await repBot.say(colleague, 'crm 帮助');
      expect(repBot.lastSentTo(colleague)).toContain('CRM 小助手可以帮你');
    } finally {
      await repBot.stop();
    }
  });
});
