import { WecomEventModel, type WecomEvent } from '../../models/wecom/wecom-event.model.js';
import { eventFields } from '../../server/wecom/callback/event-fields.js';

/** The stored events about one external contact, oldest first (their fields are read from the stored XML). */
export async function eventsAbout(externalUserId: string): Promise<WecomEvent[]> {
  // Newest first, as ops' list reads them (an index-served shape), then turned around.
  const events = await WecomEventModel.find().sort({ receivedAt: -1 }).lean<WecomEvent[]>();
  return events.filter((event) => eventFields(event).ExternalUserID === externalUserId).reverse();
}
