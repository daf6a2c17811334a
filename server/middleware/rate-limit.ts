import type { Context, Middleware } from 'koa';
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
  options: { key?: (ctx: Context) => string; units?: (ctx: Context) => number } = {},
): Middleware {
  return async (ctx, next) => {
    const key = options.key ? options.key(ctx) : String(currentEmployee(ctx)._id);
    await countRequest(ctx, deps, bucket, windows(deps.config), key, options.units?.(ctx) ?? 1);
    await next();
  };
}

/** Counts against a bucket from inside a handler (e.g. once the employee is known); sets Retry-After when refused. */
export async function countRequest(
  ctx: Context,
  deps: Pick<AppDeps, 'clock'>,
  bucket: RateLimitBucket,
  windows: RateWindow[],
  key: string,
  units = 1,
): Promise<void> {
  try {
    await consumeRateLimit(bucket, key, windows, deps.clock.now(), units);
  } catch (error) {
    if (isAppError(error, 'RATE_LIMITED')) {
      ctx.set('Retry-After', String(Number(error.details?.retryAfterSeconds ?? 60)));
    }
    throw error;
  }
}
