import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel, type Customer } from '../../models/customers/customer.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { startTestBot, type MockContact, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee } from '../support/factories.js';

// 跟进 <客户> <内容> in a private chat with the assistant (real Wechaty, mock puppet): the customer is
// the longest of the rep's own customers' names the text starts with.

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');
let t: TestBot;
let rep: Employee;
let zhangsan: MockContact;
let shiguang: Customer;

beforeAll(async () => {
  rep = await makeEmployee({ userId: 'lisi', name: '李四' });
  const other = await makeEmployee({ userId: 'zhaoliu', name: '赵六' });
  const mine = (name: string) => createCustomer({ customer: { name }, into: 'private' }, employeeContext(rep, now));
  shiguang = await mine('拾光文化传媒有限公司');
  await mine('拾光里餐饮管理有限公司');
  await mine('杭州云栖数据有限公司');
  await mine('上海云栖物流有限公司');
  await createCustomer({ customer: { name: '北京晨曦科技有限公司' }, into: 'private' }, employeeContext(other, now));
  t = await startTestBot({ BOT_ACCOUNT: 'assistant' });
  zhangsan = t.colleague('lisi', '李四');
});
afterAll(() => t.stop());

async function ask(text: string): Promise<string> {
  await t.say(zhangsan, text);
  return t.lastSentTo(zhangsan);
}

const notesOf = (customer: Customer) => FollowUpModel.find({ customerId: customer._id }).sort({ createdAt: 1 }).lean();

describe('跟进 with the customer name matched against the rep’s own customers', () => {
  it('when the note is glued to the brand, then the customer is found and the note is recorded without the name', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const reply = await ask('跟进拾光今天拜访了李经理，她们有30个销售想统一管理企微客户，下周三上门演示');
    expect(reply).toContain('已记录「拾光文化传媒有限公司」的跟进：有效');
    expect(reply).toContain('掉保时钟已重置');
    const [note] = await notesOf(shiguang);
    expect(note?.content).toBe('今天拜访了李经理，她们有30个销售想统一管理企微客户，下周三上门演示');
    expect(note?.countedForProtection).toBe(true);
  });

  it('when one brand starts another (拾光 / 拾光里), then the longer name wins', async () => {
    const reply = await ask('跟进拾光里门店王店长说要换收银系统，5家店共8台，周五前出报价');
    expect(reply).toContain('「拾光里餐饮管理有限公司」');
    expect(reply).toContain('有效');
  });

  it('when the customer is named but no note follows, then the rep is asked for the note, not told the customer is not theirs', async () => {
    const before = await FollowUpModel.countDocuments({});
    for (const text of ['跟进 拾光', '跟进拾光', '跟进：拾光文化传媒有限公司']) {
      const reply = await ask(text);
      expect(reply, text).toContain('请写上「拾光文化传媒有限公司」的跟进内容');
      expect(reply, text).not.toContain('没有「');
    }
    expect(await FollowUpModel.countDocuments({})).toBe(before);
  });

  it('when two own customers share the longest name form, then the rep chooses and the note goes to the chosen one', async () => {
    const reply = await ask('跟进 云栖 陈总确认采购两台服务器，周四签合同');
    expect(reply).toContain('请回复序号选择');
    const chosen = await ask('2');
    expect(chosen).toMatch(/已记录「(杭州云栖数据|上海云栖物流)有限公司」的跟进：有效/);
  });

  it("when the customer is someone else's, then the rep is told it is not theirs and nothing is stored", async () => {
    const before = await FollowUpModel.countDocuments({});
    expect(await ask('跟进晨曦今天和王总聊了预算，下周二演示')).toContain('你的私海和占坑客户中没有');
    expect(await FollowUpModel.countDocuments({})).toBe(before);
  });

  it('when a rep sends invalid notes again and again, then they are stored once and edited, and a valid note is added', async () => {
    t.clock.set('2026-03-04T02:00:00Z');
    const start = (await notesOf(shiguang)).length;
    expect(await ask('跟进 拾光 继续跟进')).toContain('不算有效跟进');
    const second = await ask('跟进 拾光 王总 下周 王总 下周 王总 下周');
    expect(second).toContain('已更新你对「拾光文化传媒有限公司」的上一条无效跟进');
    expect(second).toContain('不算有效跟进');
    let notes = await notesOf(shiguang);
    expect(notes).toHaveLength(start + 1);
    expect(notes.at(-1)).toMatchObject({ content: '王总 下周 王总 下周 王总 下周', revisions: 1 });
    expect(notes.at(-1)?.quality?.valid).toBe(false);
    expect((await CustomerModel.findById(shiguang._id).lean())?.lastValidFollowUpAt?.toISOString()).toBe(
      '2026-03-03T02:00:00.000Z',
    );
    expect(await ask('跟进 拾光 王总确认预算18万，合同下周一走法务')).toContain('有效');
    notes = await notesOf(shiguang);
    expect(notes).toHaveLength(start + 2);
  });
});
