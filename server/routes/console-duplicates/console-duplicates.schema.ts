import { z } from 'zod';
import { duplicateFlagStatuses } from '../../../models/conflicts/duplicate-flag.model.js';
import { canMap, idParams, named, objectId, queryInt, reason, text } from '../schema-parts.js';

export const duplicateListQuery = z.strictObject({
  status: z.enum(duplicateFlagStatuses).default('open').describe('open: to review; merged; kept (保留两者)'),
  page: queryInt(1, 100000).default(1),
  pageSize: queryInt(1, 100).default(20),
});
export type DuplicateListQuery = z.infer<typeof duplicateListQuery>;

export const duplicateParams = idParams;
export type DuplicateParams = z.infer<typeof duplicateParams>;

export const mergeBody = z.strictObject({
  survivorId: objectId.describe('The customer of the pair that is kept; the other becomes its tombstone'),
  reason,
});
export type MergeBody = z.infer<typeof mergeBody>;

export const chosenMergeBody = z.strictObject({
  survivorId: objectId.describe('The customer that is kept'),
  absorbedId: objectId.describe('The customer that becomes its tombstone'),
  reason: text(200)
    .refine((r) => r.trim() !== '', '请填写合并原因')
    .describe('Why the two are one company (no 疑似重复 flag stands for it); kept with the merge'),
});
export type ChosenMergeBody = z.infer<typeof chosenMergeBody>;

export const keepBody = z.strictObject({ reason });
export type KeepBody = z.infer<typeof keepBody>;

const side = z
  .object({
    ...named,
    state: z.string(),
    owner: z.string().describe('Who holds it (owner or staker), empty when nobody'),
    region: z.string(),
    industry: z.string(),
    mergedInto: z.string().nullable(),
  })
  .nullable();

export const duplicateListResponse = z.object({
  total: z.number(),
  flags: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      status: z.enum(duplicateFlagStatuses),
      createdAt: z.string(),
      decidedAt: z.string().nullable(),
      survivorId: z.string().nullable(),
      customer: side.describe('The imported row flagged 疑似重复'),
      candidate: side.describe('The customer it may duplicate'),
      can: canMap(['merge', 'keep']).describe('From the permission policy'),
    }),
  ),
});

export const mergeResponse = z.object({
  survivorId: z.string(),
  absorbedId: z.string(),
  tookOver: z.boolean().describe("The survivor was nobody's and took over the other's holder"),
  resumed: z.boolean().describe('The merge had been started before (a retry): it was finished, not repeated'),
});

export type DuplicateListAnswer = z.infer<typeof duplicateListResponse>;
export type DuplicateFlagAnswer = DuplicateListAnswer['flags'][number];
export type MergeAnswer = z.infer<typeof mergeResponse>;

export const keepResponse = z.object({ id: z.string(), status: z.enum(duplicateFlagStatuses) });
export type KeepAnswer = z.infer<typeof keepResponse>;
