import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { callbackUrl, eventXml, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';

useTestDatabase();
let bed: WecomTestbed;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
beforeAll(async () => {
  // A generous client timeout: under this load a slow answer must not turn into a second API call.
  bed = await startWecomTestbed({ timeoutMs: 15_000 });
  await seedSalesTeam(bed, 20);
});
afterAll(async () => {
  agent.destroy();
  await bed.close();
});

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/xml' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        await task(items[next++]!);
      }
    }),
  );
}

describe('callbacks under load', () => {
  it(
    'when 1,000 distinct events each arrive 3 times concurrently, then exactly 1,000 are processed, each once',
    { timeout: 180_000 },
    async () => {
      // 1,000 customers whose remark a rep edited: each event makes the handler read the contact from
      // WeCom once, so the emulator's call log counts how often each event was handled.
      const events: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const userId = `rep${(i % 20) + 1}`;
        const { externalUserId } = await bed.emulator.addExternalContact({
          userId,
          name: `联系人${i}`,
          type: 1,
          remark: `备注${i}`,
          silent: true,
        });
        events.push(
          eventXml(bed.emulator.corp, bed.clock.now(), {
            Event: 'change_external_contact',
            ChangeType: 'edit_external_contact',
            UserID: userId,
            ExternalUserID: externalUserId,
          }),
        );
      }
      // Three deliveries of every event, shuffled, each freshly encrypted and signed as WeCom's resends are.
      const deliveries = [...events, ...events, ...events].sort(() => Math.random() - 0.5);

      // Two server instances work on the events while they arrive.
      const processors = ['a', 'b'].map(
        (instanceId) => new WecomEventProcessor(bed.app.deps, { instanceId, pollMs: 50, concurrency: 8 }),
      );
      processors.forEach((p) => p.worker.start());
      const statuses: number[] = [];
      await pool(deliveries, 32, async (xml) => {
        const callback = signedCallback(bed.emulator.corp, xml, bed.clock.now());
        statuses.push(await post(callbackUrl(`${bed.app.url}/wecom/callback`, callback.query), callback.body));
      });
      await Promise.all(processors.map((p) => p.worker.runUntilIdle()));
      await Promise.all(processors.map((p) => p.worker.stop()));

      expect(statuses.filter((s) => s === 200)).toHaveLength(3000);
      expect(await WecomEventModel.countDocuments()).toBe(1000);
      expect(await WecomEventModel.countDocuments({ status: 'done', attempts: 1 })).toBe(1000);
      const reads = bed.emulator.callsTo('externalcontact/get').map((c) => c.query.external_userid);
      expect(reads).toHaveLength(1000);
      expect(new Set(reads).size).toBe(1000);
      expect(await ContactModel.countDocuments({ 'followUsers.remark': /^备注/ })).toBe(1000);
    },
  );
});
