import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import type { Customer } from '../../models/customers/customer.model.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import type { Employee } from '../../models/org/employee.model.js';
import { startTestBot, type MockContact, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee } from '../support/factories.js';

// 跟进 <客户> <内容> 下周三: a date ending the note plans the next follow-up, read in the business time zone
// (Asia/Shanghai) whatever the machine's zone; a date inside the note, or one already past, plans nothing.

useTestDatabase();
const now = new Date('2026-03-02T02:00:00Z'); // Monday 2 March, 10:00 in Shanghai
let t: TestBot;
let rep: Employee;
let me: MockContact;
let customer: Customer;

beforeAll(async () => {
  rep = await makeEmployee({ userId: 'qianqi', name: '钱七' });
  customer = await createCustomer(
    { customer: { name: '苏州明远精密机械有限公司' }, into: 'private' },
    employeeContext(rep, now),
  );
  t = await startTestBot({ BOT_ACCOUNT: 'assistant' });
  me = t.colleague('qianqi', '钱七');
});
afterAll(() => t.stop());

async function ask(text: string): Promise<string> {
  await t.say(me, text);
  return t.lastSentTo(me);
}
const latestPlan = async () =>
  (await FollowUpModel.findOne({ customerId: customer._id }).sort({ _id: -1 }).lean())?.nextFollowUpAt ?? null;

describe('跟进 with a next follow-up date', () => {
  const note = '今天电话和采购王总确认了二期预算30万，约好上门演示';
  const cases: [string, string, string][] = [
    // Monday 23:30 in Shanghai: 下周三 is the Wednesday of next week.
    ['下周三', '2026-03-02T15:30:00Z', '2026-03-11T01:00:00.000Z'],
    ['明天', '2026-03-02T02:00:00Z', '2026-03-03T01:00:00.000Z'],
    ['3天后', '2026-03-02T02:00:00Z', '2026-03-05T01:00:00.000Z'],
    ['周五', '2026-03-02T02:00:00Z', '2026-03-06T01:00:00.000Z'],
    ['3月20日下午3点', '2026-03-02T02:00:00Z', '2026-03-20T07:00:00.000Z'],
  ];
  for (const [words, at, expected] of cases) {
    it(`when the note ends with ${words}, then the next follow-up is planned for ${expected} and the reply says so`, async () => {
      t.clock.set(at);
      const reply = await ask(`跟进 苏州明远 ${note} ${words}`);
      expect(reply).toContain('有效');
      expect(reply).toContain(`下次跟进：`);
      expect(reply).toContain(`（${words}）`);
      expect((await latestPlan())?.toISOString()).toBe(expected);
    });
  }

  it('when it is Monday 00:30 in Shanghai and still Sunday in UTC, then 明天 is Tuesday', async () => {
    t.clock.set('2026-03-08T16:30:00Z'); // Monday 9 March 00:30 in Shanghai, Sunday in UTC
    await ask(`跟进 苏州明远 ${note} 明天`);
    expect((await latestPlan())?.toISOString()).toBe('2026-03-10T01:00:00.000Z');
  });

  it('when the date is inside the note or already past, then no next follow-up is planned', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    for (const text of [
      `跟进 苏州明远 下周三上门演示，${note}`,
      `跟进 苏州明远 ${note} 今天`,
      `跟进 苏州明远 ${note}`,
    ]) {
      const reply = await ask(text);
      expect(reply).not.toContain('下次跟进：');
      expect(await latestPlan()).toBeNull();
    }
  });
});
