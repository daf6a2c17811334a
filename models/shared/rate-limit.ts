import type { Types } from 'mongoose';
import type { RateWindow } from '../../config/config.js';
import { AppError } from './app-error.js';
import { groupedWindowSlots } from './window-counter.js';
import { RateLimitCounterModel } from './rate-limit-counter.model.js';

export type RateLimitBucket =
  'pool-search' | 'claim' | 'conflict-check' | 'login-address' | 'login-employee' | 'customer-read';

const bucketLabel: Record<RateLimitBucket, string> = {
  'pool-search': '公海搜索',
  claim: '认领',
  'conflict-check': '查重',
  'login-address': '登录',
  'login-employee': '登录',
  'customer-read': '查看客户',
};

function windowLabel(seconds: number): string {
  if (seconds % 86400 === 0) {
    return seconds === 86400 ? '今天' : `${seconds / 86400} 天内`;
  }
  if (seconds % 3600 === 0) {
    return seconds === 3600 ? '1 小时内' : `${seconds / 3600} 小时内`;
  }
  return seconds === 60 ? '1 分钟内' : `${Math.round(seconds / 60)} 分钟内`;
}

// Concurrent requests of this process share one bulk write (window-counter.ts); instances share the counters.
const takeSlot = groupedWindowSlots(RateLimitCounterModel);

/**
 * Counts `units` requests of the employee (or client address) against every window of the bucket (e.g. 30 per minute and 300
 * per day), or throws RATE_LIMITED with the time to wait. Windows are fixed (aligned to the epoch), so
 * every server instance counts into the same document.
 */
export async function consumeRateLimit(
  bucket: RateLimitBucket,
  employeeId: Types.ObjectId | string,
  windows: readonly RateWindow[],
  now: Date,
  units = 1,
): Promise<void> {
  for (const { limit, windowSeconds } of windows) {
    const index = Math.floor(now.getTime() / 1000 / windowSeconds);
    const endsAt = new Date((index + 1) * windowSeconds * 1000);
    const id = `${bucket}:${String(employeeId)}:${windowSeconds}:${index}`;
    if (!(await takeSlot({ id, limit, expiresAt: endsAt, units }))) {
      const retryAfterSeconds = Math.max(1, Math.ceil((endsAt.getTime() - now.getTime()) / 1000));
      throw new AppError(
        'RATE_LIMITED',
        `${bucketLabel[bucket]}太频繁：${windowLabel(windowSeconds)}最多 ${limit} 次，请稍后再试`,
        {
          details: { bucket, limit, windowSeconds, retryAfterSeconds },
        },
      );
    }
  }
}
