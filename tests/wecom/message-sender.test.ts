import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { MessageRateCounterModel } from '../../models/messages/message-rate-counter.model.js';
import { enqueueMessages, textMessage } from '../../models/messages/employee-message.js';
import { WecomMessageSender } from '../../server/wecom/message-sender.js';
import { IngestYield } from '../../server/wecom/ingest-yield.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { startWecomTestbed, type WecomTestbed } from '../support/wecom.js';

useTestDatabase();
let bed: WecomTestbed;

beforeAll(async () => {
  // Five past the hour: messages produced around :00 and :30 are held a couple of minutes (server/wecom/README.md §3.3).
  bed = await startWecomTestbed({ timeoutMs: 300, start: '2026-03-02T02:05:00Z' });
});
afterAll(() => bed.close());
beforeEach(async () => {
  await clearDatabase();
  bed.emulator.state.users.clear();
  bed.emulator.state.tokens.clear();
  bed.emulator.calls.length = 0;
  bed.emulator.faults.length = 0;
  bed.emulator.mailbox.reset();
  for (let i = 1; i <= 20; i++) {
    bed.emulator.addUser({ userid: `rep${i}`, name: `销售${i}` });
  }
});

const sender = (instanceId = 'a') =>
  new WecomMessageSender(bed.app.deps, { instanceId, pollMs: 20, backoffBaseMs: 1000, concurrency: 4 });
const enqueue = async (count: number, toUserId: (i: number) => string) => {
  for (let i = 0; i < count; i++) {
    await enqueueMessages(
      [{ id: `test:${i}`, toUserId: toUserId(i), kind: 'test', payload: textMessage(`第${i}条提醒`) }],
      bed.clock.now(),
    );
  }
};
const delivered = () => bed.emulator.mailbox.delivered.map((m) => `${m.toUserId}:${JSON.stringify(m.content)}`);

describe('message sender', () => {
  it('when the token expires mid-run, then one refresh, no failed send and no duplicate message', async () => {
    await enqueue(10, (i) => `rep${i + 1}`);
    await sender().worker.runUntilIdle();
    bed.emulator.state.revokeTokens(42001);
    for (let i = 0; i < 10; i++) {
      await enqueueMessages(
        [{ id: `late:${i}`, toUserId: `rep${i + 11}`, kind: 'test', payload: textMessage(`后来的第${i}条`) }],
        bed.clock.now(),
      );
    }
    await sender().worker.runUntilIdle();

    // One refresh: every send after the revocation used the one new token (a gettoken answered later than the
    // client's timeout is retried by the transport, so the gettoken calls themselves are not what is counted).
    const tokens = bed.emulator.callsTo('message/send').map((call) => call.query.access_token);
    expect(new Set(tokens).size).toBe(2);
    expect(await OutboundMessageModel.countDocuments({ status: 'sent', attempts: 1 })).toBe(20);
    expect(await OutboundMessageModel.countDocuments()).toBe(20);
    expect(delivered()).toHaveLength(20);
    expect(new Set(delivered()).size).toBe(20);
  });

  it('when WeCom is down, rate-limits or times out, then messages are delayed and each delivered exactly once', async () => {
    await enqueue(6, (i) => `rep${i + 1}`);
    bed.emulator.injectFault({ api: 'message/send', kind: '5xx', times: 1000 });
    await sender().worker.runUntilIdle();
    expect(await OutboundMessageModel.countDocuments({ status: 'pending', attempts: 1 })).toBe(6);
    expect(delivered()).toHaveLength(0);
    bed.emulator.faults.length = 0;

    bed.emulator.injectFault({ api: 'message/send', kind: 'errcode', errcode: 45009, times: 8 });
    bed.emulator.injectFault({ api: 'message/send', kind: 'timeout', times: 3, delayMs: 500 });
    for (
      let round = 0;
      round < 6 && (await OutboundMessageModel.countDocuments({ status: { $ne: 'sent' } })) > 0;
      round++
    ) {
      bed.clock.advance(15 * 60_000);
      await sender().worker.runUntilIdle();
    }
    expect(await OutboundMessageModel.countDocuments({ status: 'sent' })).toBe(6);
    // Timed-out sends were carried out by WeCom; the retry was suppressed by its duplicate check.
    expect(delivered()).toHaveLength(6);
    expect(new Set(delivered()).size).toBe(6);
    expect(bed.emulator.mailbox.duplicatesSuppressed).toBeGreaterThan(0);
  });

  it("when one rep has 40 messages waiting, then WeCom's per-member limit is never exceeded and nothing is dropped", async () => {
    await enqueue(40, () => 'rep1');
    await sender().worker.runUntilIdle();
    expect(delivered().length).toBeLessThanOrEqual(30);
    for (let minute = 0; minute < 5; minute++) {
      bed.clock.advance(60_000);
      await sender().worker.runUntilIdle();
    }
    expect(delivered()).toHaveLength(40);
    expect(bed.emulator.mailbox.dropped).toHaveLength(0);
    expect(await OutboundMessageModel.countDocuments({ status: 'sent' })).toBe(40);
  });

  it('when two server instances send the same outbox at once, then every message is sent by exactly one of them', async () => {
    await enqueue(60, (i) => `rep${(i % 20) + 1}`);
    await Promise.all([
      sender('a').worker.runUntilIdle(),
      sender('b').worker.runUntilIdle(),
      sender('c').worker.runUntilIdle(),
    ]);
    // Each message was leased once (attempts 1) and reached its member once.
    expect(delivered()).toHaveLength(60);
    expect(new Set(delivered()).size).toBe(60);
    expect(await OutboundMessageModel.countDocuments({ status: 'sent', attempts: 1 })).toBe(60);
  });

  it('when WeCom refuses a message for good, then it is marked failed with the reason', async () => {
    await enqueueMessages(
      [{ id: 'nobody', toUserId: 'left-the-company', kind: 'test', payload: textMessage('你好') }],
      bed.clock.now(),
    );
    await enqueueMessages(
      [{ id: 'long', toUserId: 'rep1', kind: 'test', payload: textMessage('长'.repeat(1000)) }],
      bed.clock.now(),
    );
    await sender().worker.runUntilIdle();
    expect(await OutboundMessageModel.findById('nobody').lean()).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('81013') as string,
    });
    expect(await OutboundMessageModel.findById('long').lean()).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('45002') as string,
    });
  });

  it('when the database fails while a message is leased, then its lease lapses and the message is sent once, later', async () => {
    await enqueue(1, () => 'rep1');
    // A counter the database cannot increment makes the send-slot reservation fail after the lease was taken.
    const minute = Math.floor(bed.clock.now().getTime() / 60_000) * 60_000;
    const counters = MessageRateCounterModel.collection;
    await counters.insertOne({ _id: `rep1:m:${minute}` as never, count: [0], expiresAt: new Date(minute + 60_000) });
    const failing = new WecomMessageSender(bed.app.deps, { instanceId: 'a', pollMs: 20, leaseMs: 300 });
    await expect(failing.send('test:0')).rejects.toThrow();

    await counters.deleteMany({});
    bed.clock.advance(60_000);
    // Long enough for a lease keeper left running to renew the lease on the moved clock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sender('b').worker.runUntilIdle();
    expect(await OutboundMessageModel.findById('test:0').lean()).toMatchObject({ status: 'sent' });
    expect(delivered()).toHaveLength(1);
  });

  it('when callbacks begin to arrive while fetched messages are still going out, then the rest of them wait for the burst', async () => {
    let now = 1_000_000;
    const ingest = new IngestYield(() => now);
    // One at a time, so the 100 fetched messages are still queued when the burst begins.
    const held = new WecomMessageSender(bed.app.deps, { instanceId: 'a', pollMs: 20, concurrency: 1, ingest });
    for (let i = 21; i <= 100; i++) {
      bed.emulator.addUser({ userid: `rep${i}`, name: `销售${i}` });
    }
    await enqueue(100, (i) => `rep${i + 1}`);
    held.worker.start();
    try {
      await vi.waitFor(() => expect(delivered().length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 5 });
      ingest.stored(100);
      // The message in flight when the burst began may still finish; then nothing more goes out.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = delivered().length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(delivered()).toHaveLength(during);
      expect(during).toBeLessThan(100);
      // The hold ends (4.1 s into a burst that goes on): every message goes out, once.
      now += 4_100;
      ingest.stored(100);
      await held.worker.runUntilIdle();
      expect(delivered()).toHaveLength(100);
      expect(new Set(delivered()).size).toBe(100);
    } finally {
      await held.worker.stop();
    }
  });

  it('when WeCom callbacks keep arriving, then sending waits for the burst, and a burst past the hold window still lets every message out', async () => {
    let now = 1_000_000;
    const ingest = new IngestYield(() => now);
    const held = new WecomMessageSender(bed.app.deps, { instanceId: 'a', pollMs: 20, ingest });
    await enqueue(3, (i) => `rep${i + 1}`);
    ingest.stored(100);
    held.worker.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(delivered()).toHaveLength(0);
      // Callbacks are still being stored 4.1 s into the burst: the hold is over and the messages go out.
      now += 4_100;
      ingest.stored(100);
      await held.worker.runUntilIdle();
      expect(delivered()).toHaveLength(3);
      expect(await OutboundMessageModel.countDocuments({ status: 'sent' })).toBe(3);
    } finally {
      await held.worker.stop();
    }
  });
});
