import { WecomEventModel, type WecomEvent } from '../../models/wecom/wecom-event.model.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';
import type { WecomTestbed } from './wecom.js';

/** The stored events about one external contact, oldest first (their fields are read from the stored XML). */
export async function eventsAbout(externalUserId: string): Promise<WecomEvent[]> {
  // Newest first, as ops' list reads them (an index-served shape), then turned around.
  const events = await WecomEventModel.find().sort({ receivedAt: -1 }).lean<WecomEvent[]>();
  return events.filter((event) => eventFields(event).ExternalUserID === externalUserId).reverse();
}

/**
 * `count` new contacts of new companies added by rep1, then each added again by rep2 and by rep3, a second apart:
 * three events per contact that must be handled in order. Answers the contacts' external ids.
 */
export async function contactsAddedByThreeReps(bed: WecomTestbed, count: number, label: string): Promise<string[]> {
  const contacts: string[] = [];
  for (let i = 0; i < count; i++) {
    const { externalUserId } = await bed.emulator.addExternalContact({
      userId: 'rep1',
      name: `${label}联系人${i}`,
      type: 2,
      corpName: `${label}测试${i}号有限公司`,
    });
    contacts.push(externalUserId);
  }
  for (const userId of ['rep2', 'rep3']) {
    bed.clock.advance(1000);
    for (const externalUserId of contacts) {
      await bed.emulator.addExternalContact({ externalUserId, userId, type: 2 });
    }
  }
  return contacts;
}
