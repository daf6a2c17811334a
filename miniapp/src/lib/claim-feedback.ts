import { ApiError, errorMessage } from './api';
import { dateTime } from './format';

export interface ClaimFeedback {
  ok: boolean;
  /** One line shown at once under the customer and in a toast. */
  text: string;
  /** Capacity full: the rep is offered to release one first. */
  offerRelease: boolean;
  /** The customer is no longer claimable by this rep (taken by someone, or theirs already). */
  gone: boolean;
}

/** What the rep is told right after tapping 认领. */
export function claimFeedback(error: unknown): ClaimFeedback {
  if (!(error instanceof ApiError)) {
    return { ok: false, text: errorMessage(error), offerRelease: false, gone: false };
  }
  const d = error.details;
  switch (error.code) {
    case 'POOL_CAPACITY_FULL':
      return {
        ok: false,
        text: `私海已满（${String(d.used)}/${String(d.limit)}），先释放一个客户再认领`,
        offerRelease: true,
        gone: false,
      };
    case 'ALREADY_OWNED':
      return {
        ok: false,
        // The server names nobody (the conflict check says who holds a company).
        text: d.mine ? '该客户已在你名下' : `已被同事${d.state === 'staked' ? '占坑' : '认领'}`,
        offerRelease: false,
        gone: true,
      };
    case 'COOLDOWN_ACTIVE':
      return {
        ok: false,
        text: `冷静期内不能再认领，${dateTime(String(d.until))} 后可认领`,
        offerRelease: false,
        gone: false,
      };
    default:
      return { ok: false, text: error.message, offerRelease: false, gone: false };
  }
}

export const claimSuccess: ClaimFeedback = {
  ok: true,
  text: '认领成功，已放入我的客户',
  offerRelease: false,
  gone: true,
};
