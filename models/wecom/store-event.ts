import { AppError } from '../shared/app-error.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { WecomEventModel, type WecomEvent } from './wecom-event.model.js';
import { eventOrderingKey, fieldText, wecomEventKey, type EventFields } from './event-key.js';
import { eventPartition } from './event-partition.js';
import { storeBatcher } from './store-batcher.js';

// Storing a WeCom callback before it is acknowledged. Concurrent callbacks share one insert: the
// callbacks that arrive while an insert is in flight wait for it and go together in the next one
// (store-batcher.ts), so under load one database write (and one journal fsync) serves many callbacks,
// and at low load a callback waits for nobody. Each callback is answered only after the insert
// carrying its own event returned — an acknowledged event is always a stored one.

/**
 * The stored document of a callback, with every default of the model (it is inserted with the driver). The parsed
 * fields are not stored: they are the XML's, read again where needed (server/wecom/callback/event-fields.ts), and
 * a smaller document is less for the driver to encode and the database to decode, keep and write.
 */
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
  const id = wecomEventKey(input.fields);
  return {
    _id: id,
    event,
    changeType: fieldText(input.fields, 'ChangeType'),
    xml: input.xml,
    createdAtWecom: createdAt.getTime() > 0 ? createdAt : null,
    receivedAt: now,
    partition: eventPartition(eventOrderingKey(event, input.fields, id)),
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

interface InsertReply {
  n?: number;
  writeErrors?: { index: number; code?: number; errmsg?: string }[];
  writeConcernError?: unknown;
}

/**
 * The insert command of a batch, as the driver's insertMany would send it (the connection's write concern
 * included) but without its bulk-write machinery, which sizes and wraps every document on top of encoding it.
 */
async function insertCommand(docs: WecomEvent[]): Promise<InsertReply> {
  const db = WecomEventModel.db.db;
  if (!db) {
    throw new AppError('DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试', { expose: true });
  }
  const concern = db.writeConcern;
  const writeConcern = concern
    ? Object.fromEntries(
        Object.entries({ w: concern.w, j: concern.journal, wtimeout: concern.wtimeoutMS }).filter(
          ([, v]) => v !== undefined,
        ),
      )
    : undefined;
  const reply: InsertReply = await db.command({
    insert: WecomEventModel.collection.collectionName,
    documents: docs,
    ordered: false,
    ...(writeConcern ? { writeConcern } : {}),
  });
  return reply;
}

/** What one insert of a batch came to, per document: stored, already there, or failed with this error. */
async function insertEvents(docs: WecomEvent[]): Promise<(Error | 'stored' | 'duplicate')[]> {
  let reply: InsertReply;
  try {
    // The documents are built complete above; no mongoose casting, no bulk write.
    reply = await insertCommand(docs);
  } catch (error) {
    // Nothing says which documents landed (the database went away): none is acknowledged.
    return docs.map(() => error as Error);
  }
  if (reply.writeConcernError) {
    // Written, but not as durably as the connection asks: not acknowledged (a resend is a duplicate).
    const error = new AppError('DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试', { expose: true });
    return docs.map(() => error);
  }
  const failed = new Map((reply.writeErrors ?? []).map((e) => [e.index, e]));
  return docs.map((_, i) => {
    const writeError = failed.get(i);
    if (!writeError) {
      return 'stored';
    }
    // Any other refusal is a fault of ours (answered 500 and logged, as any unexpected error).
    return isDuplicateKeyError(writeError)
      ? 'duplicate'
      : new Error(`wecom_events insert refused: ${String(writeError.code)} ${writeError.errmsg ?? ''}`);
  });
}

/**
 * WeCom waits 5 s for the answer, then drops the connection and resends. When the database does not
 * store the event within this time (it is restarting or failing over), we answer 503 ourselves: the
 * event is resent either way, and a store that lands late only makes the resend a duplicate.
 */
export const EVENT_STORE_DEADLINE_MS = 4000;

const storeBatched = storeBatcher<WecomEvent, 'stored' | 'duplicate'>(insertEvents, 256, {
  ms: EVENT_STORE_DEADLINE_MS,
  late: () => new AppError('DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试', { expose: true }),
});

/**
 * Stores a verified, decrypted WeCom callback before it is acknowledged. A resend of an event already
 * stored is a no-op (duplicate: true). Throws only when the event could not be stored (or not within
 * EVENT_STORE_DEADLINE_MS: DATABASE_UNAVAILABLE), in which case the callback must not be acknowledged, so
 * WeCom sends it again.
 */
export async function storeWecomEvent(
  input: { xml: string; fields: EventFields },
  now: Date,
): Promise<{ id: string; duplicate: boolean }> {
  const doc = eventDocument(input, now);
  const outcome = await storeBatched(doc);
  return { id: doc._id, duplicate: outcome === 'duplicate' };
}
