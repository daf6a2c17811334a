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

export const rateLimitVariables = {
  RATE_LIMIT_POOL_SEARCH: rateWindows
    .default([
      { limit: 30, windowSeconds: 60 },
      { limit: 300, windowSeconds: 86400 },
    ])
    .describe('Public-pool searches (pages) per employee, e.g. "30/min,300/day": nobody can page out the whole pool.'),
  RATE_LIMIT_CLAIM: rateWindows
    .default([
      { limit: 20, windowSeconds: 60 },
      { limit: 200, windowSeconds: 86400 },
    ])
    .describe('Claim and stake attempts per employee, e.g. "20/min,200/day" (on top of the daily claim limit).'),
  RATE_LIMIT_CONFLICT_CHECK: rateWindows
    .default([
      { limit: 60, windowSeconds: 60 },
      { limit: 600, windowSeconds: 86400 },
    ])
    .describe(
      'Conflict checks (查重) per employee, e.g. "60/min,600/day": a check names owners, so it is not a way to list them all.',
    ),

  RATE_LIMIT_LOGIN_ADDRESS: rateWindows
    .default([
      { limit: 20, windowSeconds: 60 },
      { limit: 200, windowSeconds: 86400 },
    ])
    .describe(
      'Mini-app login attempts per client address, e.g. "20/min,200/day": each attempt costs a call to WeCom, so junk codes cannot flood it.',
    ),
  RATE_LIMIT_LOGIN_EMPLOYEE: rateWindows
    .default([
      { limit: 10, windowSeconds: 60 },
      { limit: 100, windowSeconds: 86400 },
    ])
    .describe('Sessions issued per employee, e.g. "10/min,100/day".'),
  RATE_LIMIT_CUSTOMER_READ: rateWindows
    .default([
      { limit: 60, windowSeconds: 60 },
      { limit: 600, windowSeconds: 86400 },
    ])
    .describe(
      'Customer detail pages opened per employee, e.g. "60/min,600/day": nobody can walk customer ids to list them all.',
    ),
};
