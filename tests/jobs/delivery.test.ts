import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundMessageModel } from '../../models/messages/outbound-message.model.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { MINUTE } from '../../models/shared/clock.js';
import { dropSweepJob } from '../../server/jobs/drop-sweep.job.js';
import { reclaimWarningJob } from '../../server/jobs/reclaim-warning.job.js';
import { WecomMessageSender } from '../../server/wecom/message-sender.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { startWecomTestbed, type WecomTestbed } from '../support/wecom.js';

// The whole leg from a job to the rep's WeCom: job → outbox → message sender → WeCom (the emulator).

useTestDatabase();
let bed: WecomTestbed;
beforeAll(async () => {
  bed = await startWecomTestbed();
});
afterAll(() => bed.close());

const claimedAt = new Date('2026-03-02T02:00:00Z');
const dropInstant = new Date('2026-04-01T16:00:00Z'); // 00:00 on 2 April in Shanghai

/** Runs a job at an instant, then lets the sender deliver whatever is due a few minutes later. */
async function runAndDeliver(sender: WecomMessageSender, run: () => Promise<unknown>, at: Date): Promise<void> {
  bed.clock.set(at);
  await run();
  // Messages produced near :00/:30 are held a couple of minutes, as WeCom advises.
  bed.clock.set(new Date(at.getTime() + 5 * MINUTE));
  const due = await OutboundMessageModel.find({ channel: 'wecom', status: 'pending' }, { _id: 1 }).lean();
  for (const message of due) {
    await sender.send(message._id);
  }
}

function textOf(content: unknown): string {
  return JSON.stringify(content);
}

describe('warnings and drop notices reach the rep in WeCom', () => {
  it('when a customer is left idle, then the rep receives the 3-day and 1-day warnings and the drop notice in WeCom, each exactly once, even through an outage', async () => {
    const deps = bed.app.deps;
    const job = (j: typeof reclaimWarningJob) => () =>
      j.run({ deps, now: bed.clock.now(), dryRun: false, log: deps.log });
    const sender = new WecomMessageSender(deps, { backoffBaseMs: 1000, backoffMaxMs: 60_000 });
    bed.emulator.addDepartment(10, '销售一组', 1);
    bed.emulator.addUser({ userid: 'rep-delivery', name: '王小明', department: [10] });
    const rep = await makeEmployee({ userId: 'rep-delivery', name: '王小明' });
    const customer = await makePublicCustomer(claimedAt, { name: '杭州云帆科技有限公司' });
    await claimCustomer({ customerId: customer._id }, employeeContext(rep, claimedAt));

    await runAndDeliver(sender, job(reclaimWarningJob), new Date('2026-03-30T01:00:00Z'));
    // WeCom is down on the morning of the last warning: the message waits and goes out once it is back.
    bed.emulator.injectFault({ api: 'message/send', kind: '5xx', times: 1000 });
    await runAndDeliver(sender, job(reclaimWarningJob), new Date('2026-04-01T01:00:00Z'));
    expect(
      await OutboundMessageModel.countDocuments({ toUserId: rep.userId, status: 'pending', attempts: { $gte: 1 } }),
    ).toBe(1);
    bed.emulator.faults.length = 0;
    await runAndDeliver(sender, () => Promise.resolve(), new Date('2026-04-01T02:00:00Z'));
    // The warning job runs again the same day and the sweep runs around midnight: nothing is sent twice.
    await runAndDeliver(sender, job(reclaimWarningJob), new Date('2026-04-01T07:00:00Z'));
    await runAndDeliver(sender, job(dropSweepJob), new Date(dropInstant.getTime() - MINUTE));
    await runAndDeliver(sender, job(dropSweepJob), dropInstant);
    await runAndDeliver(sender, job(dropSweepJob), new Date(dropInstant.getTime() + 10 * MINUTE));

    const received = bed.emulator.mailbox.to(rep.userId).map((m) => textOf(m.content));
    expect(received).toHaveLength(3);
    expect(received[0]).toContain('杭州云帆科技有限公司');
    expect(received[0]).toMatch(/4月2日|04-02|2026-04-02/);
    expect(received[1]).toContain('杭州云帆科技有限公司');
    expect(received[2]).toContain('杭州云帆科技有限公司');
    expect(received[2]).toMatch(/掉保|公海/);
    expect(bed.emulator.mailbox.dropped).toHaveLength(0);
    expect(await OutboundMessageModel.countDocuments({ toUserId: rep.userId, status: { $ne: 'sent' } })).toBe(0);
  });
});
