import type { Middleware } from 'koa';
import type { RateWindow } from '../../config/config.js';
import { isAppError } from '../../models/shared/app-error.js';
import { consumeRateLimit, type RateLimitBucket } from '../../models/shared/rate-limit.js';
import type { AppDeps } from '../app.js';
import { currentEmployee } from './authenticate.js';

/**
 * Counts the authenticated employee's request against the bucket's windows, shared by every server
 * instance through the database; over the limit answers 429 RATE_LIMITED with Retry-After.
 */
export function rateLimit(
  deps: Pick<AppDeps, 'clock' | 'config'>,
  bucket: RateLimitBucket,
  windows: (config: AppDeps['config']) => RateWindow[],
): Middleware {
  return async (ctx, next) => {
    try {
      await consumeRateLimit(bucket, currentEmployee(ctx)._id, windows(deps.config), deps.clock.now());
    } catch (error) {
      if (isAppError(error, 'RATE_LIMITED')) {
        ctx.set('Retry-After', String(Number(error.details?.retryAfterSeconds ?? 60)));
      }
      throw error;
    }
    await next();
  };
}
