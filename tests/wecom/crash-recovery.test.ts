import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { wecomEventKey } from '../../models/wecom/event-key.js';
import { parseCallbackXml } from '../../server/wecom/callback/callback-xml.js';
import { callbackUrl, eventXml, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import { offsetClock, startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { useTestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { testCorp, testCorpEnv } from '../support/wecom.js';

const db = useTestDatabase();
let emulator: WecomEmulator;
let server: ServerProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'scrm-crash-'));
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
  emulator = await startWecomEmulator({ corp: testCorp, clock: offsetClock() });
  emulator.addDepartment(1, '公司', 0);
  for (let i = 1; i <= 10; i++) {
    emulator.addUser({ userid: `rep${i}`, name: `销售${i}` });
  }
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  agent.destroy();
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = () =>
  startServerProcess({
    MONGODB_URI: db.uri(),
    DATA_DIR: dataDir,
    WORKER_LEASE_SECONDS: '2',
    ...testCorpEnv(emulator.apiBase),
    SESSION_SECRET: 'crash-test-session-secret-0123456789',
  });

/** POSTs a callback; resolves with the status, or 0 when the connection died (no acknowledgement). */
function deliver(base: string, xml: string): Promise<number> {
  const callback = signedCallback(testCorp, xml, emulator.clock.now());
  return new Promise((resolve) => {
    const req = request(callbackUrl(`${base}/wecom/callback`, callback.query), { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(callback.body);
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not reached in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a server killed mid-load', () => {
  it(
    'when the server is SIGKILLed while events are in flight and restarted, then every acknowledged event is processed exactly once',
    { timeout: 240_000 },
    async () => {
      const events: string[] = [];
      for (let i = 0; i < 150; i++) {
        const userId = `rep${(i % 10) + 1}`;
        const { externalUserId } = await emulator.addExternalContact({
          userId,
          name: `联系人${i}`,
          type: 2,
          corpName: `崩溃测试${i}号有限公司`,
          silent: true,
        });
        events.push(
          eventXml(testCorp, emulator.clock.now(), {
            Event: 'change_external_contact',
            ChangeType: 'add_external_contact',
            UserID: userId,
            ExternalUserID: externalUserId,
            State: 'crash',
          }),
        );
      }

      server = await start();
      const first = server;
      const acknowledged = new Set<string>();
      const unacknowledged: string[] = [];
      let sent = 0;
      let killed = false;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (sent < events.length && !killed) {
            const xml = events[sent++]!;
            const status = await deliver(first.url, xml);
            if (status === 200) {
              acknowledged.add(xml);
            } else {
              unacknowledged.push(xml);
            }
            if (acknowledged.size >= 60 && !killed) {
              killed = true;
              await first.kill('SIGKILL');
            }
          }
        }),
      );
      const inFlight = await WecomEventModel.countDocuments({ status: { $in: ['pending', 'processing'] } });
      expect(killed).toBe(true);
      expect(inFlight).toBeGreaterThan(0);

      // Restarted, the server replays what it stored; WeCom resends what was never acknowledged.
      server = await start();
      const restarted = server;
      const rest = [...unacknowledged, ...events.slice(sent)];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (rest.length > 0) {
            const xml = rest.shift()!;
            expect(await deliver(restarted.url, xml)).toBe(200);
            acknowledged.add(xml);
          }
        }),
      );
      await until(async () => (await WecomEventModel.countDocuments({ status: 'done' })) === events.length, 180_000);

      const keys = [...acknowledged].map((xml) => wecomEventKey(parseCallbackXml(xml)));
      expect(await WecomEventModel.countDocuments({ _id: { $in: keys }, status: 'done' })).toBe(events.length);
      // Exactly once, in effects: one contact and one lead per event, one 'create' in the ledger each.
      expect(await ContactModel.countDocuments()).toBe(events.length);
      const customers = await CustomerModel.find({}, { ledgerOutbox: 1 }).lean();
      expect(customers).toHaveLength(events.length);
      const contactsPerCustomer = await ContactModel.aggregate<{ n: number }>([
        { $group: { _id: '$customerId', n: { $sum: 1 } } },
      ]);
      expect(contactsPerCustomer.every((g) => g.n === 1)).toBe(true);
      expect(contactsPerCustomer).toHaveLength(events.length);
      // A crash between writing the ledger and clearing the outbox leaves an entry in both: same id.
      const creates = new Set([
        ...(await LedgerEntryModel.find({ action: 'create' }, { _id: 1 }).lean()).map((e) => e._id),
        ...customers.flatMap((c) => c.ledgerOutbox.filter((e) => e.action === 'create').map((e) => e._id)),
      ]);
      expect(creates.size).toBe(events.length);
    },
  );
});
