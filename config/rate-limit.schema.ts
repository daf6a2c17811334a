import { z } from 'zod';

// The per-employee and per-address request limits, as environment variables of config.schema.ts.

const rateWindows = z
  .string()
  .regex(/^\d+\/(min|hour|day)(,\d+\/(min|hour|day))*$/, 'expected limit/window pairs, e.g. "30/min,300/day"')
  .transform((s) =>
    s.split(',').map((pair) => {
      const [limit, window] = pair.split('/') as [string, 'min' | 'hour' | 'day'];
      return { limit: Number(limit), windowSeconds: { min: 60, hour: 3600, day: 86400 }[window] };
    }),
  );

/** A limit per minute and one per day: the default of every limit below. */
const perMinuteAndDay = (perMinute: number, perDay: number, description: string) =>
  rateWindows
    .default([
      { limit: perMinute, windowSeconds: 60 },
      { limit: perDay, windowSeconds: 86400 },
    ])
    .describe(description);

export const rateLimitVariables = {
  RATE_LIMIT_POOL_SEARCH: perMinuteAndDay(
    30,
    300,
    'Public-pool searches (pages) per employee, e.g. "30/min,300/day": nobody can page out the whole pool.',
  ),
  RATE_LIMIT_CLAIM: perMinuteAndDay(
    20,
    200,
    'Claim and stake attempts per employee, e.g. "20/min,200/day" (on top of the daily claim limit).',
  ),
  RATE_LIMIT_CONFLICT_CHECK: perMinuteAndDay(
    60,
    600,
    'Conflict checks (查重) per employee, e.g. "60/min,600/day": a check names owners, so it is not a way to list them all.',
  ),

  RATE_LIMIT_LOGIN_ADDRESS: perMinuteAndDay(
    20,
    200,
    'Mini-app login attempts per client address, e.g. "20/min,200/day": each attempt costs a call to WeCom, so junk codes cannot flood it.',
  ),
  RATE_LIMIT_LOGIN_EMPLOYEE: perMinuteAndDay(10, 100, 'Sessions issued per employee, e.g. "10/min,100/day".'),
  RATE_LIMIT_CUSTOMER_READ: perMinuteAndDay(
    60,
    600,
    'Customer detail pages opened per employee, e.g. "60/min,600/day": nobody can walk customer ids to list them all.',
  ),
};
