import { Types } from 'mongoose';
import { AppError } from '../../shared/app-error.js';
import type { DomainContext } from '../../shared/domain-context.js';
import { mergeCustomers, type MergeOutcome } from './merge-customers.js';

// Sales ops merge any two customers they know to be one company, flagged 疑似重复 or not (two reps each
// entered it under another name, a rename the matching could not know). The same merge as a flagged
// pair's, authorised by the policy's `merge` on both customers; with no flag as evidence, a reason is
// required and kept with the merge record.

export interface ChosenMerge {
  survivorId: string;
  absorbedId: string;
  reason: string;
}

function validId(id: string, field: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id.toLowerCase()) {
    throw new AppError('VALIDATION_FAILED', '客户 ID 无效', { details: { field, value: id } });
  }
  return new Types.ObjectId(id);
}

/** Merges `absorbedId` into `survivorId`; a retry of the same merge finishes it and answers the same. */
export async function mergeChosenCustomers(input: ChosenMerge, ctx: DomainContext): Promise<MergeOutcome> {
  const survivorId = validId(input.survivorId, 'survivorId');
  const absorbedId = validId(input.absorbedId, 'absorbedId');
  const reason = input.reason.trim();
  if (!reason) {
    throw new AppError('VALIDATION_FAILED', '请填写合并原因（这两个客户没有被标记为疑似重复）', {
      details: { field: 'reason' },
    });
  }
  return mergeCustomers({ survivorId, absorbedId, reason }, ctx);
}
