import { z } from 'zod';
import { wecomEventStatuses } from '../../../models/wecom/wecom-event.model.js';

export const listEventsQuery = z.object({
  status: z.enum(wecomEventStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

export const eventParams = z.object({ id: z.string().min(1).max(512) });
export type EventParams = z.infer<typeof eventParams>;
