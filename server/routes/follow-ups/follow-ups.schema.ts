import { z } from 'zod';
import { followUpDraft } from '../customers/customers.schema.js';
import { qualityCodes } from '../../../models/follow-ups/follow-up-quality.js';
import { objectId } from '../schema-parts.js';

export const followUpCheckBody = z.strictObject({ customerId: objectId, ...followUpDraft });
export type FollowUpCheckBody = z.infer<typeof followUpCheckBody>;

export const followUpCheckResult = z.object({
  valid: z.boolean(),
  score: z.number().describe('0–100; valid notes score at least 60'),
  reasons: z.array(
    z.object({ code: z.enum(qualityCodes), message: z.string().describe('What is missing, in Chinese') }),
  ),
  evidence: z
    .object({
      contact: z.object({ kind: z.string(), text: z.string() }).nullable().describe('Who was reached'),
      nextStep: z.object({ kind: z.string(), text: z.string() }).nullable().describe('What comes next'),
      honestNo: z.string().nullable().describe('A declined deal reported with its reason and a date to come back'),
      contentWords: z.array(z.string()).describe('Meaningful words besides the contact and the date'),
      signals: z
        .array(z.object({ kind: z.string(), text: z.string() }))
        .describe('Amounts, needs, objections, decisions, documents'),
      fillers: z.array(z.string()).describe('Stock phrases found in the note'),
      padding: z
        .array(z.object({ kind: z.string(), sample: z.string() }))
        .describe('Mash, digit runs, repetition, emoji'),
    })
    .describe('What the score is made of'),
  explanation: z.string().describe('In Chinese: what was recognised and the points each part earned'),
  wouldCount: z.boolean().describe('Whether saving now would reset the drop clock'),
  effect: z.string().describe('One sentence for the form: what saving will do'),
});
export type FollowUpCheckAnswer = z.infer<typeof followUpCheckResult>;
