import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../config/logger.js';
import { botSender, botSendSlots } from '../../bot/delivery/bot-sender.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { enqueueMessages } from '../../models/messages/employee-message.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { sendReclaimWarnings } from '../../models/drops/reclaim-warnings.js';
import { botOutboxHandoverJob } from '../../server/jobs/bot-outbox-handover.job.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, systemContext } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
let t: TestBot;
let app: TestApp;

beforeAll(async () => {
  const rep = await makeEmployee({ userId: 'zhangsan', name: '张三' });
  // Claimed on 2 February: with 30 idle days it drops at the start of 5 March, three days from now.
  await createCustomer(
    { customer: { name: '北京字节跳动科技有限公司' }, into: 'private' },
    employeeContext(rep, new Date('2026-02-02T02:00:00Z')),
  );
  app = await startTestApp();
  t = await startTestBot({ BOT_ACCOUNT: 'assistant', BOT_ROUTE_NOTICES: 'true' });
  t.colleague('zhangsan', '张三');
});
afterAll(async () => {
  await t.stop();
  await app.close();
});

describe("reps' notices through the bot (BOT_ROUTE_NOTICES)", () => {
  it('when a bot that routes notices is online, then the reclaim warning goes through it and reaches the rep as plain text', async () => {
    await sendReclaimWarnings({}, systemContext(now));

    const warning = await OutboundMessageModel.findOne({ toUserId: 'zhangsan' }).lean();
    expect(warning).toMatchObject({ channel: 'bot', status: 'pending' });
    t.clock.set(warning!.nextAttemptAt);
    await botSender(t.bot, t.deps, botSendSlots).tick();

    const received = t.puppet.sent.map((s) => s.text).join('\n');
    expect(received).toContain('北京字节跳动科技有限公司');
    expect(received).not.toMatch(/\*\*|<font|#{2,}/);
    expect((await OutboundMessageModel.findById(warning!._id).lean())?.status).toBe('sent');
  });

  it('when the bot has stopped beating, then new notices go through the WeCom app', async () => {
    const later = new Date(t.clock.now().getTime() + 5 * 60_000);
    await enqueueMessages(
      [
        {
          id: 'nudge:late',
          toUserId: 'zhangsan',
          kind: 'nudge',
          payload: { msgtype: 'text', text: { content: '今天有 1 个客户待跟进' } },
        },
      ],
      later,
    );
    expect((await OutboundMessageModel.findById('nudge:late').lean())?.channel).toBe('wecom');
  });

  it('when the bot goes down with notices still waiting for it, then the handover job gives them to the WeCom app', async () => {
    // One heartbeat ago the bot was fine.
    const beat = new Date(now.getTime() + 20_000);
    await enqueueMessages(
      [
        {
          id: 'digest:waiting',
          toUserId: 'zhangsan',
          kind: 'digest',
          payload: { msgtype: 'text', text: { content: '日报' } },
        },
      ],
      beat,
    );
    expect((await OutboundMessageModel.findById('digest:waiting').lean())?.channel).toBe('bot');
    const job = { deps: app.deps, now: beat, dryRun: false, log: silentLogger };
    expect(await botOutboxHandoverJob.run(job)).toEqual({ handedOver: 0 });

    await t.stop();

    expect(await botOutboxHandoverJob.run(job)).toEqual({ handedOver: 1 });
    expect(await OutboundMessageModel.findById('digest:waiting').lean()).toMatchObject({
      channel: 'wecom',
      status: 'pending',
    });
  });
});
