import { z } from 'zod';
import { wecomEventStatuses } from '../../../models/wecom/wecom-event.model.js';

export const listEventsQuery = z.object({
  status: z.enum(wecomEventStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

export const eventParams = z.object({ id: z.string().min(1).max(512) });
export type EventParams = z.infer<typeof eventParams>;

const instant = z.string().describe('ISO instant');

export const wecomEventsAnswer = z.object({
  counts: z.record(z.string(), z.number()).describe('Events by status'),
  events: z.array(
    z
      .object({
        _id: z.string().describe('The dedupe key: Event|ChangeType|UserID|ExternalUserID|ChatId|Id|CreateTime'),
        event: z.string(),
        changeType: z.string(),
        fields: z.unknown().describe('The parsed fields of the XML'),
        createdAtWecom: instant.nullable(),
        receivedAt: instant,
        status: z.enum(wecomEventStatuses),
        attempts: z.number(),
        nextAttemptAt: instant,
        leaseUntil: instant.nullable(),
        leaseOwner: z.string(),
        processedAt: instant.nullable(),
        outcome: z.string(),
        lastError: z.string(),
      })
      .describe('A stored callback event without its XML'),
  ),
});
export type WecomEventsAnswer = z.infer<typeof wecomEventsAnswer>;

export const retryAnswer = z.object({ id: z.string(), status: z.literal('pending') });
