import { describe, expect, it } from 'vitest';
import {
  byteLength,
  fitList,
  packBlocks,
  sendableAt,
  truncateToBytes,
} from '../../models/messages/employee-message.js';
import { addNotice, flushNotices } from '../../models/messages/pending-notices.js';
import { enqueueMessages } from '../../models/messages/employee-message.js';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { PendingNoticeModel } from '../../models/messages/pending-notice.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { dropCustomer } from '../../models/drops/drop-customer.js';
import { renderDropNotice } from '../../models/drops/drop-sweep.js';
import { dropSweepJob } from '../../server/jobs/drop-sweep.job.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer, systemContext } from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

useTestDatabase();

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

describe("messages to employees within WeCom's limits", () => {
  it('when text is longer than 2048 bytes, then it is cut at a character boundary, and blocks pack into as few messages as fit', () => {
    const chinese = '掉保预警'.repeat(300); // 3,600 bytes
    const cut = truncateToBytes(chinese, 2048);
    expect(byteLength(cut)).toBeLessThanOrEqual(2048);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toContain('\uFFFD');

    const blocks = Array.from({ length: 10 }, (_, i) => `### 销售${i}\n${'跟进记录'.repeat(40)}`); // ~500 bytes each
    const parts = packBlocks(blocks, 2048);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => byteLength(p) <= 2048)).toBe(true);
    expect(parts.join('\n\n')).toBe(blocks.join('\n\n'));

    const list = fitList(
      '标题',
      Array.from({ length: 200 }, (_, i) => `> 第${i}个客户有限公司`),
      '页脚',
      (n) => `另有${n}个`,
    );
    expect(byteLength(list)).toBeLessThanOrEqual(2048);
    expect(list).toMatch(/另有\d+个\n页脚$/);
  });

  it('when a message is produced in the minute around :00 or :30, then it waits until two minutes past', () => {
    expect(sendableAt(new Date('2026-03-10T01:00:30Z'))).toEqual(new Date('2026-03-10T01:02:00Z'));
    expect(sendableAt(new Date('2026-03-10T01:29:10Z'))).toEqual(new Date('2026-03-10T01:32:00Z'));
    expect(sendableAt(new Date('2026-03-10T10:31:59Z'))).toEqual(new Date('2026-03-10T10:32:00Z'));
    expect(sendableAt(new Date('2026-03-10T01:05:00Z'))).toEqual(new Date('2026-03-10T01:05:00Z'));
  });

  it('when the same message id is queued twice, then the outbox keeps one and reports the duplicate', async () => {
    const message = {
      id: 'test:dup',
      toUserId: 'u1',
      kind: 'test',
      payload: { msgtype: 'text' as const, text: { content: '你好' } },
    };
    expect(await enqueueMessages([message], new Date())).toEqual({ queued: 1, duplicates: 0 });
    expect(await enqueueMessages([message, { ...message, id: 'test:other' }], new Date())).toEqual({
      queued: 1,
      duplicates: 1,
    });
    expect(await OutboundMessageModel.countDocuments({ kind: 'test' })).toBe(2);
  });

  it('when messages are queued at once and one has no recipient or an unknown channel, then only the valid ones are stored, as the outbox model writes them', async () => {
    const now = new Date('2026-03-10T02:05:00Z');
    const message = {
      toUserId: 'u2',
      kind: 'test-burst',
      payload: { msgtype: 'text' as const, text: { content: '好' } },
    };
    const answers = await Promise.all([
      enqueueMessages([{ ...message, id: 'burst:1' }], now),
      enqueueMessages([{ ...message, id: 'burst:2', toUserId: '' }], now),
      enqueueMessages(
        [
          { ...message, id: 'burst:3', channel: 'sms' as never },
          { ...message, id: 'burst:4' },
        ],
        now,
      ),
    ]);
    expect(answers).toEqual([
      { queued: 1, duplicates: 0 },
      { queued: 0, duplicates: 0, invalid: 1 },
      { queued: 1, duplicates: 0, invalid: 1 },
    ]);
    const stored = await OutboundMessageModel.find({ kind: 'test-burst' }).sort({ _id: 1 }).lean();
    expect(stored.map((m) => m._id)).toEqual(['burst:1', 'burst:4']);
    expect(stored[0]).toMatchObject({
      toUserId: 'u2',
      channel: 'wecom',
      payload: message.payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      sentAt: null,
      lastError: '',
    });
    expect(stored[0]!.createdAt).toBeInstanceOf(Date);
    expect(Object.keys(stored[0]!)).not.toContain('__v');
  });

  it('when a sweep crashed after dropping but before telling, then the next sweep tells the rep once, even if the first had queued the message', async () => {
    const rep = await makeEmployee();
    const customers = await Promise.all(
      ['崩溃前掉保甲有限公司', '崩溃前掉保乙有限公司'].map((name) => makePublicCustomer(at('2026-01-01'), { name })),
    );
    for (const c of customers) {
      await claimCustomer({ customerId: c._id }, employeeContext(rep, at('2026-01-01')));
    }
    // The crashed sweep: both dropped and noted, the message queued, then the process died.
    const crashCtx = systemContext(at('2026-02-01', '00:05'), undefined, 'drop-sweep');
    for (const c of customers) {
      const dropped = (await dropCustomer({ customerId: c._id }, crashCtx))!;
      await addNotice('drop', rep._id, {
        key: `${String(c._id)}:${dropped.customer.version}`,
        customerId: c._id,
        customerName: c.name,
        reason: 'no-valid-follow-up',
        detail: '30天内没有有效跟进',
        at: crashCtx.now,
      });
    }
    const planned = await flushNotices('drop', (items) => renderDropNotice(items, 'Asia/Shanghai'), crashCtx.now, true);
    await enqueueMessages(planned, crashCtx.now);

    await jobRunner()(dropSweepJob, at('2026-02-01', '00:15'));

    const messages = await outbox('drop', rep.userId);
    expect(messages).toHaveLength(1);
    expect(contentOf(messages[0]!)).toContain('崩溃前掉保甲有限公司');
    expect(contentOf(messages[0]!)).toContain('崩溃前掉保乙有限公司');
    expect(await PendingNoticeModel.countDocuments({})).toBe(0);
  });
});
