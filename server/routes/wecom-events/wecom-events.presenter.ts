import type { WecomEventSummary } from '../../../models/wecom/event-ops.js';
import { eventFields } from '../../wecom/callback/event-fields.js';
import type { WecomEventsAnswer } from './wecom-events.schema.js';

// Ops' list of WeCom callback events (GET /api/ops/wecom-events), shaped from the stored events: their fields
// (read from the XML, which is not shown), instants as ISO strings.

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** An event's fields for ops; one whose stored XML does not parse (none the callback stored) shows none. */
function shownFields(event: WecomEventSummary): unknown {
  try {
    return eventFields(event);
  } catch {
    return {};
  }
}

export function presentWecomEvents(counts: Record<string, number>, events: WecomEventSummary[]): WecomEventsAnswer {
  return {
    counts,
    events: events.map((e) => ({
      _id: e._id,
      event: e.event,
      changeType: e.changeType,
      fields: shownFields(e),
      createdAtWecom: iso(e.createdAtWecom),
      receivedAt: e.receivedAt.toISOString(),
      status: e.status,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt.toISOString(),
      leaseUntil: iso(e.leaseUntil),
      leaseOwner: e.leaseOwner,
      processedAt: iso(e.processedAt),
      outcome: e.outcome,
      lastError: e.lastError,
    })),
  };
}
