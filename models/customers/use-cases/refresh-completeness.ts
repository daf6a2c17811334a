import type { Types } from 'mongoose';
import type { DomainContext } from '../../shared/domain-context.js';
import { changeCustomer } from '../customer-change.js';
import { greenCompleteness, profileCompleteness } from '../profile-completeness.js';

export interface RefreshedCompleteness {
  score: number;
  missing: string[];
  /** A staked customer that reached the green threshold with this change. */
  greened: boolean;
}

/**
 * Scores the customer's profile again after something outside its document changed (its contacts, a
 * KP mark) and stores the score; a staked customer that reaches the threshold is greened. Never
 * touches the drop clock.
 */
export async function refreshCompleteness(
  customerId: Types.ObjectId,
  ctx: DomainContext,
): Promise<RefreshedCompleteness> {
  const threshold = await greenCompleteness();
  let scored = { completeness: 0, missing: [] as string[] };
  let greened = false;
  await changeCustomer(customerId, ctx, async (current) => {
    scored = await profileCompleteness(current);
    greened = current.poolState === 'staked' && !current.greenedAt && scored.completeness >= threshold;
    if (scored.completeness === current.completeness && !greened) {
      return null;
    }
    return { set: { completeness: scored.completeness, ...(greened ? { greenedAt: ctx.now } : {}) } };
  });
  return { score: scored.completeness, missing: scored.missing, greened };
}
