import { z } from 'zod';
import { followUpDraft } from '../customers/customers.schema.js';
import { objectId } from '../schema-parts.js';

export const followUpCheckBody = z.strictObject({ customerId: objectId, ...followUpDraft });
export type FollowUpCheckBody = z.infer<typeof followUpCheckBody>;

export const followUpCheckResult = z.object({
  valid: z.boolean(),
  score: z.number().describe('0–100; valid notes score at least 60'),
  reasons: z.array(
    z.object({ code: z.enum(['FILLER', 'TOO_SHORT', 'NO_CONTACT', 'NO_NEXT_STEP', 'REPEATED']), message: z.string() }),
  ),
  wouldCount: z.boolean().describe('Whether saving now would reset the drop clock'),
  effect: z.string().describe('One sentence for the form: what saving will do'),
});
