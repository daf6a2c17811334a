import { createHash } from 'node:crypto';

// The dedupe key of a WeCom callback (server/wecom/README.md §1.4): WeCom resends an event it thinks we missed, and
// every resend must land on the same key. Messages carry MsgId. Customer-contact events come from
// `sys`, so FromUserName+CreateTime is not enough: the key is the composite of the fields that tell
// customer-contact events apart. Every other event also hashes its whole content: organisation changes
// (change_contact) can differ only in the changed fields within one second (an admin editing a name, then
// a department), group-chat changes only in UpdateDetail, finished jobs only in their JobId — each is
// kept, so each needs its own key. A resend carries the same content, so it still finds its key.

export type EventFields = Record<string, unknown>;

export function fieldText(fields: EventFields, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function contentHash(fields: EventFields): string {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

export function wecomEventKey(fields: EventFields): string {
  const msgType = fieldText(fields, 'MsgType');
  const msgId = fieldText(fields, 'MsgId');
  if (msgType !== 'event' && msgId) {
    return `msg|${msgId}`;
  }
  const event = fieldText(fields, 'Event') || fieldText(fields, 'InfoType');
  const parts = [
    event,
    ...['ChangeType', 'UserID', 'ExternalUserID', 'ChatId', 'Id'].map((n) => fieldText(fields, n)),
    fieldText(fields, 'CreateTime') || fieldText(fields, 'TimeStamp'),
  ];
  if (event !== 'change_external_contact') {
    parts.push(contentHash(fields));
  }
  const key = parts.join('|');
  return key.length <= 400 ? key : `sha256|${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The key events are serialised on: events about one contact (or one member) are handled in order, one after
 * another; every other event is a key of its own (its id).
 */
export function eventOrderingKey(event: string, fields: EventFields, id: string): string {
  const subject = fields.ExternalUserID ?? fields.UserID ?? fields.Id ?? id;
  return `${event}:${typeof subject === 'string' ? subject : id}`;
}
