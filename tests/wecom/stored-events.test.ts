import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { wecomEventKey } from '../../models/wecom/event-key.js';
import { WecomEventModel } from '../../models/wecom/wecom-event.model.js';
import { parseCallbackXml } from '../../server/wecom/callback/callback-xml.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';
import { deliverCallback, eventXml, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import { WecomEventProcessor } from '../../server/wecom/event-processor.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { seedSalesTeam, startWecomTestbed, testCorp, type WecomTestbed } from '../support/wecom.js';

// A stored WeCom event keeps its decrypted XML and no parsed copy of its fields (they are the XML's); events
// stored by earlier versions carry both and must still be processed, listed and recognised when WeCom resends them.

useTestDatabase();
let bed: WecomTestbed;
let processor: WecomEventProcessor;

beforeAll(async () => {
  bed = await startWecomTestbed();
  processor = new WecomEventProcessor(bed.app.deps, { pollMs: 20 });
});
afterAll(() => bed.close());
beforeEach(async () => {
  await clearDatabase();
  bed.emulator.state.users.clear();
  bed.emulator.state.contacts.clear();
  await seedSalesTeam(bed);
});

/** A contact rep1 adds in WeCom, and the XML of WeCom's event about it (not delivered yet). */
async function addedContact(name: string): Promise<{ externalUserId: string; xml: string }> {
  const { externalUserId } = await bed.emulator.addExternalContact({
    userId: 'rep1',
    name,
    type: 2,
    corpName: `${name}科技有限公司`,
    state: 'expo',
    silent: true,
  });
  const xml = eventXml(testCorp, bed.clock.now(), {
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: 'rep1',
    ExternalUserID: externalUserId,
    State: 'expo',
  });
  return { externalUserId, xml };
}

const deliver = (xml: string) =>
  deliverCallback(`${bed.app.url}/wecom/callback`, signedCallback(testCorp, xml, bed.clock.now()), 0);

/** The document an earlier version stored for the event: its XML and its parsed fields, by the same key. */
async function storeAsBefore(xml: string): Promise<string> {
  const fields = parseCallbackXml(xml);
  const now = bed.clock.now();
  const _id = wecomEventKey(fields);
  await WecomEventModel.collection.insertOne({
    _id,
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    xml,
    fields,
    createdAtWecom: new Date(Number(fields.CreateTime) * 1000),
    receivedAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    leaseOwner: '',
    processedAt: null,
    outcome: '',
    lastError: '',
  } as never);
  return _id;
}

describe('stored WeCom events', () => {
  it('when a callback is stored, then the document holds its XML and no parsed copy, and its fields read back', async () => {
    const { externalUserId, xml } = await addedContact('新存储');
    expect((await deliver(xml)).status).toBe(200);
    const [stored] = await WecomEventModel.find().lean();
    expect(stored).toMatchObject({ xml, event: 'change_external_contact', changeType: 'add_external_contact' });
    expect(stored).not.toHaveProperty('fields');
    expect(eventFields(stored!)).toEqual(parseCallbackXml(xml));
    expect(eventFields(stored!)).toMatchObject({ ExternalUserID: externalUserId, State: 'expo' });
  });

  it('when an event stored by an earlier version (with its fields) is processed, then it becomes the contact and lead', async () => {
    const { externalUserId, xml } = await addedContact('旧版本');
    const id = await storeAsBefore(xml);
    await processor.worker.runUntilIdle();
    expect(await WecomEventModel.findById(id).lean()).toMatchObject({
      status: 'done',
      outcome: 'contact created; lead created',
    });
    const contact = await ContactModel.findOne({ externalUserId }).lean();
    expect(contact?.followUsers.map((f) => f.state)).toEqual(['expo']);
    expect(contact?.customerId).not.toBeNull();
  });

  it('when WeCom resends an event an earlier version stored, then it is acknowledged and still stored once', async () => {
    const { xml } = await addedContact('旧重发');
    const id = await storeAsBefore(xml);
    expect((await deliver(xml)).status).toBe(200);
    expect((await deliver(xml)).status).toBe(200);
    const stored = await WecomEventModel.find().lean();
    expect(stored.map((e) => e._id)).toEqual([id]);
    // Untouched: still the earlier version's document, fields and all.
    expect(stored[0]!.fields).toEqual(parseCallbackXml(xml));
  });

  it('when ops list events stored before and after the change, then both show their fields', async () => {
    const before = await addedContact('列表旧');
    const after = await addedContact('列表新');
    await storeAsBefore(before.xml);
    bed.clock.advance(1000);
    expect((await deliver(after.xml)).status).toBe(200);
    const ops = (await EmployeeModel.findOne({ userId: 'ops1' }).lean())!;
    const list = await bed.app.as(ops)('/api/ops/wecom-events');
    expect(list.status).toBe(200);
    const { events } = (await list.json()) as { events: { fields: Record<string, string> }[] };
    expect(events.map((e) => e.fields.ExternalUserID)).toEqual([after.externalUserId, before.externalUserId]);
    expect(events.map((e) => e.fields.State)).toEqual(['expo', 'expo']);
  });
});
