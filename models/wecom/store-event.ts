import { AppError } from '../shared/app-error.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { WecomEventModel, type WecomEvent } from './wecom-event.model.js';
import { fieldText, wecomEventKey, type EventFields } from './event-key.js';
import { storeBatcher } from './store-batcher.js';

// Storing a WeCom callback before it is acknowledged. Concurrent callbacks share one insert: the
// callbacks that arrive while an insert is in flight wait for it and go together in the next one
// (store-batcher.ts), so under load one database write (and one H2 commit) serves many callbacks,
// and at low load a callback waits for nobody. Each callback is answered only after the insert
// carrying its own event returned — an acknowledged event is always a stored one.

/** The stored document of a callback, with every default of the model (it is inserted with the driver). */
function eventDocument(input: { xml: string; fields: EventFields }, now: Date): WecomEvent {
  const event =
    fieldText(input.fields, 'Event') || fieldText(input.fields, 'InfoType') || fieldText(input.fields, 'MsgType');
  if (!event) {
    throw new AppError('WECOM_CALLBACK_XML_INVALID', '企业微信回调缺少 Event/MsgType');
  }
  // WeCom's own timestamp orders the work; one that is no date at all (not a number, or past the
  // year 275760) is kept in the fields but not used, rather than making the event unstorable.
  const createdAt = new Date(
    Number(fieldText(input.fields, 'CreateTime') || fieldText(input.fields, 'TimeStamp')) * 1000,
  );
  return {
    _id: wecomEventKey(input.fields),
    event,
    changeType: fieldText(input.fields, 'ChangeType'),
    xml: input.xml,
    fields: input.fields,
    createdAtWecom: createdAt.getTime() > 0 ? createdAt : null,
    receivedAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    leaseOwner: '',
    processedAt: null,
    outcome: '',
    lastError: '',
  };
}

/** What one insert of a batch came to, per document: stored, already there, or failed with this error. */
async function insertEvents(docs: WecomEvent[]): Promise<(Error | 'stored' | 'duplicate')[]> {
  try {
    // The documents are built complete above; the driver skips mongoose's per-document casting.
    await WecomEventModel.collection.insertMany(docs as unknown as Record<string, unknown>[], { ordered: false });
    return docs.map(() => 'stored');
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
      index: number;
      code?: number;
    }[];
    if (list.length === 0) {
      // Nothing says which documents landed (the database went away): none is acknowledged.
      return docs.map(() => error as Error);
    }
    const failed = new Map(list.map((e) => [e.index, e]));
    return docs.map((_, i) => {
      const writeError = failed.get(i);
      if (!writeError) {
        return 'stored';
      }
      return isDuplicateKeyError(writeError) ? 'duplicate' : (error as Error);
    });
  }
}

const storeBatched = storeBatcher<WecomEvent, 'stored' | 'duplicate'>(insertEvents, 256);

/**
 * Stores a verified, decrypted WeCom callback before it is acknowledged. A resend of an event already
 * stored is a no-op (duplicate: true). Throws only when the event could not be stored, in which case
 * the callback must not be acknowledged, so WeCom sends it again.
 */
export async function storeWecomEvent(
  input: { xml: string; fields: EventFields },
  now: Date,
): Promise<{ id: string; duplicate: boolean }> {
  const doc = eventDocument(input, now);
  const outcome = await storeBatched(doc);
  return { id: doc._id, duplicate: outcome === 'duplicate' };
}
