import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, type WecomTestbed } from '../support/wecom.js';
import { eventsAbout } from '../support/wecom-events.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';

// The handlers of a batch read the contact, its employees and its waiting transfers at one phase, after all
// their WeCom calls: one read each for the batch, however the WeCom answers were spread in time.

const db = useTestDatabase();
let bed: WecomTestbed;
const started: { commandName: string; command: Record<string, unknown> }[] = [];

beforeAll(async () => {
  // The same database, on a connection that reports every command it sends.
  await mongoose.disconnect();
  await mongoose.connect(db.uri(), { monitorCommands: true });
  mongoose.connection.getClient().on('commandStarted', (e) => started.push(e));
  bed = await startWecomTestbed({ timeoutMs: 10_000 });
  await seedSalesTeam(bed, 3);
});
afterAll(() => bed.close());

/** The finds on a collection since `from` whose filter has `field` (of whole documents unless `projected`). */
function findsSince(from: number, collection: string, field: string, projected = false): number {
  return started
    .slice(from)
    .filter(
      (e) =>
        e.commandName === 'find' &&
        e.command.find === collection &&
        field in (e.command.filter as object) &&
        (projected || e.command.projection === undefined),
    ).length;
}

async function addContacts(userId: string, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId,
      name: `${prefix}联系人${i}`,
      type: 2,
      corpName: `${prefix}第${i}号精密仪器有限公司`,
    });
    ids.push(externalUserId);
  }
  return ids;
}

/** WeCom answers the contact's externalcontact/get `delayMs` late, once. */
function answerLate(externalUserId: string, delayMs: number): void {
  bed.emulator.injectFault({
    api: 'externalcontact/get',
    kind: 'timeout',
    delayMs,
    times: 1,
    when: (query) => query.external_userid === externalUserId,
  });
}

describe('phase reads of a batch of contact events', () => {
  it('when the WeCom answers of a batch come back at different moments, then the contacts, employees and transfers are read once for the batch and each event is handled as on its own', async () => {
    const known = await addContacts('rep1', 5, '已知');
    await new WecomEventProcessor(bed.app.deps, { pollMs: 20 }).worker.runUntilIdle();
    for (const externalUserId of known) {
      await bed.emulator.addExternalContact({ externalUserId, userId: 'rep2', type: 2 });
    }
    const fresh = await addContacts('rep3', 10, '新增');
    [...known, ...fresh].forEach((id, i) => i % 2 === 0 && answerLate(id, 20 + i * 15));
    const customersBefore = await CustomerModel.countDocuments();

    const from = started.length;
    const processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20, phaseWaitMs: 10_000 });
    await processor.worker.runUntilIdle();

    expect(findsSince(from, 'contacts', 'externalUserId')).toBe(1);
    expect(findsSince(from, 'employees', 'userId')).toBe(1);
    expect(findsSince(from, 'wecom_transfers', 'externalUserId', true)).toBe(1);
    for (const externalUserId of known) {
      const events = await eventsAbout(externalUserId);
      expect(events.find((e) => eventFields(e).UserID === 'rep2')?.outcome).toBe(
        'contact updated; lead already-linked',
      );
      const contact = await ContactModel.findOne({ externalUserId }).lean();
      expect(contact?.followUsers.map((f) => f.userId).sort()).toEqual(['rep1', 'rep2']);
    }
    for (const externalUserId of fresh) {
      const [event] = await eventsAbout(externalUserId);
      expect(event?.outcome).toBe('contact created; lead created');
      expect((await ContactModel.findOne({ externalUserId }).lean())?.customerId).not.toBeNull();
    }
    expect(await CustomerModel.countDocuments()).toBe(customersBefore + fresh.length);
  });

  it('when one WeCom answer of a batch is slow, then the other events are handled without waiting for it', async () => {
    const [slow, ...others] = await addContacts('rep2', 6, '慢');
    answerLate(slow!, 3000);
    const processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20, phaseWaitMs: 50 });
    const run = processor.worker.runUntilIdle();
    const startedAt = Date.now();
    const status = async (externalUserId: string) => (await eventsAbout(externalUserId))[0]?.status;
    // The others are done while the slow one still waits for WeCom.
    for (;;) {
      const done = (await Promise.all(others.map(status))).filter((s) => s === 'done').length;
      if (done === others.length) {
        break;
      }
      expect(Date.now() - startedAt).toBeLessThan(2500);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await status(slow!)).toBe('processing');
    await run;
    expect(await status(slow!)).toBe('done');
    expect((await ContactModel.findOne({ externalUserId: slow }).lean())?.customerId).not.toBeNull();
  });
});
