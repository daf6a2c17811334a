import type { WecomEvent } from '../../../models/wecom/wecom-event.model.js';
import {
  contactAdded,
  contactDeletedByMember,
  contactEdited,
  memberDeletedByCustomer,
  transferFailed,
} from './contact-events.js';
import { eventFields } from '../callback/event-fields.js';
import { eventOrderingKey } from '../../../models/wecom/event-key.js';
import type { WecomEventHandler } from './handler-env.js';
import { departmentChanged, departmentDeleted, memberChanged, memberDeleted } from './org-events.js';

// Which handler works on which event. Events without a handler (group chats, tags, messages) are
// kept and marked done as ignored, so a later version can replay them.

const handlers: Record<string, WecomEventHandler> = {
  'change_external_contact:add_external_contact': contactAdded,
  'change_external_contact:add_half_external_contact': contactAdded,
  'change_external_contact:edit_external_contact': contactEdited,
  'change_external_contact:del_external_contact': contactDeletedByMember,
  'change_external_contact:del_follow_user': memberDeletedByCustomer,
  'change_external_contact:transfer_fail': transferFailed,
  'change_contact:create_user': memberChanged,
  'change_contact:update_user': memberChanged,
  'change_contact:delete_user': memberDeleted,
  'change_contact:create_party': departmentChanged,
  'change_contact:update_party': departmentChanged,
  'change_contact:delete_party': departmentDeleted,
};

/** Handlers whose first step is the WeCom call and the phase read after it (contact-reads.ts). */
const readingContact = new Set<WecomEventHandler>([contactAdded, contactEdited]);

export function readsContactInPhase(handler: WecomEventHandler): boolean {
  return readingContact.has(handler);
}

export function handlerFor(event: Pick<WecomEvent, 'event' | 'changeType'>): WecomEventHandler | undefined {
  return handlers[`${event.event}:${event.changeType}`];
}

/** The key events are serialised on (models/wecom/event-key.ts). */
export function orderingKey(event: WecomEvent): string {
  return eventOrderingKey(event.event, eventFields(event), event._id);
}
