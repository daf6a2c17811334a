import type { WecomEventSummary } from '../../../models/wecom/event-ops.js';
import type { WecomEventsAnswer } from './wecom-events.schema.js';

// Ops' list of WeCom callback events (GET /api/ops/wecom-events), shaped from the stored events
// (without their XML): instants as ISO strings.

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function presentWecomEvents(counts: Record<string, number>, events: WecomEventSummary[]): WecomEventsAnswer {
  return {
    counts,
    events: events.map((e) => ({
      _id: e._id,
      event: e.event,
      changeType: e.changeType,
      fields: e.fields as unknown,
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
