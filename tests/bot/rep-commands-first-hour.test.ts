import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import type { Employee } from '../../models/org/employee.model.js';
import { startTestBot, type MockContact, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, systemContext, testConfig } from '../support/factories.js';

// What a rep meets in the first hour with the bot: a full private pool, long lists, long input, typos.

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');
let t: TestBot;
let rep: Employee;
let zhangsan: MockContact;

beforeAll(async () => {
  rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
  // 60 customers with long names: far more than one 2,048-byte message holds.
  for (let i = 1; i <= 60; i++) {
    await createCustomer(
      { customer: { name: `上海浦东新区第${i}号智能制造科技发展有限公司` }, into: 'private' },
      employeeContext(rep, now, testConfig({ POOL_CAPACITY: '100' })),
    );
  }
  for (let i = 1; i <= 30; i++) {
    await createCustomer({ customer: { name: `华夏第${i}建材贸易有限公司` }, into: 'public' }, systemContext(now));
  }
  t = await startTestBot({ BOT_ACCOUNT: 'assistant', POOL_CAPACITY: '100' });
  zhangsan = t.colleague('zhangsan', '张三');
});
afterAll(() => t.stop());

async function ask(text: string): Promise<string> {
  await t.say(zhangsan, text);
  return t.lastSentTo(zhangsan);
}

describe('the bot in the first hour', () => {
  it('when a rep with 60 customers asks for 我的客户, then every page fits WeCom’s 2,048 bytes and the pages cover them all', async () => {
    const first = await ask('我的客户');
    expect(first).toContain('你的私海（60/100）');
    const pages = Number(/第 1\/(\d+) 页/.exec(first)![1]);
    expect(pages).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (let p = 1; p <= pages; p++) {
      const reply = p === 1 ? first : await ask(`我的客户 ${p}`);
      expect(Buffer.byteLength(reply, 'utf8')).toBeLessThanOrEqual(2048);
      for (const m of reply.matchAll(/^\d+\. (\S+有限公司)/gm)) {
        seen.add(m[1]!);
      }
      if (p < pages) {
        expect(reply).toContain(`发送「我的客户 ${p + 1}」`);
      }
    }
    expect(seen.size).toBe(60);
    expect(await ask(`我的客户 ${pages + 1}`)).toContain(`共 ${pages} 页`);
  });

  it('when 30 customers match a claim, then the pick list says 30 and that it shows the first few', async () => {
    const reply = await ask('认领 华夏');
    expect(reply).toContain('有 30 个客户的名称包含「华夏」');
    expect(reply).toContain('先列出前 5 个');
  });

  it('when a rep pastes a very long query, then the answer quotes only its start', async () => {
    const long = '字节跳动'.repeat(120);
    const reply = await ask(`查重 ${long}`);
    expect(reply).not.toContain(long);
    expect(reply).toContain(`${'字节跳动'.repeat(5)}…`);
    expect(reply.length).toBeLessThan(300);
  });

  it('when a rep mistypes a command, then the bot suggests the command they meant', async () => {
    expect(await ask('茶重 字节跳动')).toContain('你是不是想发「查重 字节跳动」');
    expect(await ask('查充 字节跳动')).toContain('你是不是想发「查重 字节跳动」');
    expect(await ask('我得客户')).toContain('你是不是想发「我的客户」');
    expect(await ask('查一下字节跳动')).toContain('你是不是想发「查重 字节跳动」');
    expect(await ask('今天天气怎么样')).not.toContain('你是不是想发');
  });

  it('when a rep sends 释放 and confirms, then the customer goes back to the public pool', async () => {
    const name = '上海浦东新区第7号智能制造科技发展有限公司';
    const confirm = await ask(`释放 ${name}`);
    expect(confirm).toContain(`确认把「${name}」释放回公海吗`);
    expect((await CustomerModel.findOne({ name }).lean())?.poolState).toBe('private');
    expect(await ask('1')).toContain(`已释放「${name}」回公海`);
    expect((await CustomerModel.findOne({ name }).lean())?.poolState).toBe('public');
    expect(await ask(`释放 ${name}`)).toContain('你的私海中没有');
  });
});
