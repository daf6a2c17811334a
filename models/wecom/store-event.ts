import { AppError } from '../shared/app-error.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { WecomEventModel } from './wecom-event.model.js';
import { fieldText, wecomEventKey, type EventFields } from './event-key.js';

/**
 * Stores a verified, decrypted WeCom callback before it is acknowledged. A resend of an event already
 * stored is a no-op (duplicate: true). Throws only when the event could not be stored, in which case
 * the callback must not be acknowledged, so WeCom sends it again.
 */
export async function storeWecomEvent(
  input: { xml: string; fields: EventFields },
  now: Date,
): Promise<{ id: string; duplicate: boolean }> {
  const event =
    fieldText(input.fields, 'Event') || fieldText(input.fields, 'InfoType') || fieldText(input.fields, 'MsgType');
  if (!event) {
    throw new AppError('WECOM_CALLBACK_XML_INVALID', '企业微信回调缺少 Event/MsgType');
  }
  const id = wecomEventKey(input.fields);
  // WeCom's own timestamp orders the work; one that is no date at all (not a number, or past the
  // year 275760) is kept in the fields but not used, rather than making the event unstorable.
  const createdAt = new Date(
    Number(fieldText(input.fields, 'CreateTime') || fieldText(input.fields, 'TimeStamp')) * 1000,
  );
  try {
    await WecomEventModel.create({
      _id: id,
      event,
      changeType: fieldText(input.fields, 'ChangeType'),
      xml: input.xml,
      fields: input.fields,
      createdAtWecom: createdAt.getTime() > 0 ? createdAt : null,
      receivedAt: now,
      status: 'pending',
      nextAttemptAt: now,
    });
    return { id, duplicate: false };
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      return { id, duplicate: true };
    }
    throw error;
  }
}
