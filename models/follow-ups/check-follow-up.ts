import type { Types } from 'mongoose';
import { loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';
import { actingEmployee, sameId } from '../org/permissions.js';
import { authorize } from '../org/policy/policy.js';
import { followUpContextFor, type FollowUpDraft } from './follow-up-context.js';
import { followUpQuality, type QualityEvidence, type QualityReason } from './follow-up-quality.js';

export interface FollowUpCheck {
  valid: boolean;
  score: number;
  reasons: QualityReason[];
  /** What the score is made of (who, what next, the content words and signals, filler and padding found). */
  evidence: QualityEvidence;
  /** In Chinese: what was recognised and the points each part earned. */
  explanation: string;
  /** Whether saving this note now would reset the customer's drop clock. */
  wouldCount: boolean;
  /** One sentence for the form, saying what saving will do. */
  effect: string;
}

/**
 * The live check of a follow-up draft, run while the rep types: the same verdict saving would give
 * (same customer context), and whether saving would reset the drop clock. Changes nothing.
 */
export async function checkFollowUp(
  input: FollowUpDraft & { customerId: Types.ObjectId | string; content: string },
  ctx: DomainContext,
): Promise<FollowUpCheck> {
  const author = await actingEmployee(ctx.actor);
  const customer = await loadCustomer(input.customerId);
  await authorize(author, 'followUp', customer, ctx.now);
  const verdict = followUpQuality(input.content, await followUpContextFor(customer, author._id, input));
  const owns = customer.poolState === 'private' && sameId(customer.ownerId, author._id);
  const wouldCount = verdict.valid && owns;
  let effect: string;
  if (wouldCount) {
    effect = '有效跟进：保存后将重置掉保时间';
  } else if (!verdict.valid) {
    effect = '无效跟进：仍可保存，但会被标记为无效，且不会重置掉保时间';
  } else {
    effect = '有效跟进，但你不是该客户的负责人，保存后不会重置掉保时间';
  }
  return {
    valid: verdict.valid,
    score: verdict.score,
    reasons: verdict.reasons,
    evidence: verdict.evidence,
    explanation: verdict.explanation,
    wouldCount,
    effect,
  };
}
