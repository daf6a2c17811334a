import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { botSender, botSendSlots, type BotSender } from '../../bot/delivery/bot-sender.js';
import { outboxDeliveryPlugin } from '../../bot/plugins/outbox-delivery.plugin.js';
import { MessageRateCounterModel } from '../../models/messages/message-rate-counter.model.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { enqueueMessages, type WecomMessagePayload } from '../../models/messages/employee-message.js';
import { MINUTE } from '../../models/shared/clock.js';
import { startTestBot, type MockContact, type TestBot } from '../support/bot.js';
import { useTestDatabase } from '../support/database.js';
import { makeEmployee } from '../support/factories.js';

useTestDatabase();

let t: TestBot;
let zhangsan: MockContact;
let sender: BotSender;
const options = { pollMs: 10, leaseMs: 60_000, backoffBaseMs: 5_000, backoffMaxMs: 15 * MINUTE };

const warning: WecomMessagePayload = {
  msgtype: 'markdown',
  markdown: { content: '## 掉保预警\n客户 **北京字节跳动科技有限公司** 将于 <font color="warning">3 天后</font>掉保' },
};

async function queue(
  id: string,
  payload: WecomMessagePayload = warning,
  toUserId = 'zhangsan',
  channel: 'bot' | 'wecom' = 'bot',
) {
  await enqueueMessages([{ id, toUserId, kind: 'warning', payload, channel }], t.clock.now());
}

beforeAll(async () => {
  await makeEmployee({ userId: 'zhangsan', name: '张三' });
  await makeEmployee({ userId: 'lisi', name: '李四' });
  // Five past the hour: messages produced around :00 and :30 are held a couple of minutes (server/wecom/README.md §3.3).
  t = await startTestBot({ BOT_ACCOUNT: 'assistant' }, { start: '2026-03-02T02:05:00Z' });
  zhangsan = t.colleague('zhangsan', '张三');
  sender = botSender(t.bot, t.deps, botSendSlots, options);
});
afterAll(() => t.stop());
beforeEach(async () => {
  await OutboundMessageModel.deleteMany({});
  await MessageRateCounterModel.deleteMany({});
  t.puppet.sent.length = 0;
});

describe('delivering outbox messages through the bot', () => {
  it('when a warning is queued for the bot channel, then the rep gets it once as plain text, even with two senders at once', async () => {
    await queue('warning:1');

    await Promise.all([sender.tick(), botSender(t.bot, t.deps, botSendSlots, options).tick()]);
    await sender.tick();

    expect(t.sentTo(zhangsan)).toEqual(['【掉保预警】\n客户 北京字节跳动科技有限公司 将于 3 天后掉保']);
    expect(await OutboundMessageModel.findById('warning:1').lean()).toMatchObject({
      status: 'sent',
      attempts: 1,
      leaseUntil: null,
    });
  });

  it('when 20 messages wait for one rep, then they go out in order, no more than the per-recipient limit a minute', async () => {
    for (let i = 0; i < 20; i++) {
      await queue(`nudge:${String(i).padStart(2, '0')}`, { msgtype: 'text', text: { content: `提醒 ${i}` } });
      t.clock.advance(1);
    }

    await sender.tick();
    const firstMinute = t.sentTo(zhangsan);
    t.clock.advance(MINUTE);
    await sender.tick();

    expect(firstMinute).toEqual(Array.from({ length: 15 }, (_, i) => `提醒 ${i}`));
    expect(t.sentTo(zhangsan)).toEqual(Array.from({ length: 20 }, (_, i) => `提醒 ${i}`));
    expect(await OutboundMessageModel.countDocuments({ status: 'sent' })).toBe(20);
  });

  it('when a send fails, then it is retried after a backoff and delivered exactly once', async () => {
    await queue('digest:1', {
      msgtype: 'textcard',
      textcard: { title: '今日待跟进', description: '3 个客户', url: 'https://crm.example.com/todo' },
    });
    t.puppet.failSends = 1;

    await sender.tick();
    const failed = await OutboundMessageModel.findById('digest:1').lean();
    await sender.tick();
    const sentTooEarly = t.sentTo(zhangsan).length;
    t.clock.advance(5_000);
    await sender.tick();

    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'send failed' });
    expect(failed!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime());
    expect(sentTooEarly).toBe(0);
    expect(t.sentTo(zhangsan)).toEqual(['【今日待跟进】\n3 个客户\n详情：https://crm.example.com/todo']);
    expect(await OutboundMessageModel.findById('digest:1').lean()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when the bot cannot reach the recipient, then the message is handed to the WeCom app sender', async () => {
    await queue('warning:lisi', warning, 'lisi');

    await sender.tick();

    expect(t.puppet.sent).toEqual([]);
    expect(await OutboundMessageModel.findById('warning:lisi').lean()).toMatchObject({
      channel: 'wecom',
      status: 'pending',
      attempts: 0,
    });
  });

  it('when a message is for the WeCom app, then the bot leaves it alone', async () => {
    await queue('warning:app', warning, 'zhangsan', 'wecom');

    await sender.tick();

    expect(t.puppet.sent).toEqual([]);
    expect(await OutboundMessageModel.findById('warning:app').lean()).toMatchObject({
      channel: 'wecom',
      status: 'pending',
      attempts: 0,
    });
  });

  it('when the delivery plugin runs on a logged-in bot, then queued messages arrive on their own', async () => {
    const uninstall = t.bot.use(outboxDeliveryPlugin(t.deps, botSendSlots, options));
    try {
      await queue('warning:auto');
      const deadline = Date.now() + 15_000;
      while (t.sentTo(zhangsan).length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(t.sentTo(zhangsan)).toHaveLength(1);
    } finally {
      uninstall();
    }
  });
});
