import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Types } from 'mongoose';

// Ops console sessions: an HttpOnly, SameSite=Lax cookie holding an HMAC-signed token
// `c1.<payload>.<signature>` (employee id, expiry, a CSRF token). Unsafe requests made with the cookie
// must repeat the CSRF token in the X-CSRF-Token header and come from our own origin; a page of
// another site can neither read the token nor set the header.

export const CONSOLE_COOKIE = 'scrm_console';
export const CSRF_HEADER = 'x-csrf-token';
export const CONSOLE_SESSION_TTL_SECONDS = 12 * 3600;

export interface ConsoleClaims {
  /** Employee _id. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  csrf: string;
  /** The employee's session version when issued (models/org/sessions.ts): raised by logout, role change, resignation. */
  ver: number;
}

const sign = (secret: string, data: string) =>
  createHmac('sha256', `console:${secret}`).update(data).digest('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function issueConsoleToken(
  secret: string,
  employee: { _id: Types.ObjectId | string; sessionVersion?: number | null },
  now: Date,
): string {
  const claims: ConsoleClaims = {
    sub: String(employee._id),
    exp: Math.floor(now.getTime() / 1000) + CONSOLE_SESSION_TTL_SECONDS,
    csrf: randomBytes(18).toString('base64url'),
    ver: employee.sessionVersion ?? 0,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `c1.${payload}.${sign(secret, `c1.${payload}`)}`;
}

export function verifyConsoleToken(secret: string, token: string, now: Date): ConsoleClaims | null {
  const [prefix, payload, signature] = token.split('.');
  if (prefix !== 'c1' || !payload || !signature || !sameText(sign(secret, `c1.${payload}`), signature)) {
    return null;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ConsoleClaims;
    const valid =
      typeof claims.sub === 'string' &&
      typeof claims.csrf === 'string' &&
      typeof claims.exp === 'number' &&
      typeof claims.ver === 'number' &&
      claims.exp * 1000 > now.getTime();
    return valid ? claims : null;
  } catch {
    return null;
  }
}

const cookieOptions = (ctx: Context) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: ctx.secure,
  path: '/',
  overwrite: true,
});

export function setConsoleCookie(ctx: Context, token: string): void {
  ctx.cookies.set(CONSOLE_COOKIE, token, { ...cookieOptions(ctx), maxAge: CONSOLE_SESSION_TTL_SECONDS * 1000 });
}

export function clearConsoleCookie(ctx: Context): void {
  ctx.cookies.set(CONSOLE_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
}

/** Whether the request's Origin (or, without one, its Referer) is this server. */
export function sameOrigin(ctx: Context): boolean {
  const origin = ctx.get('origin') || ctx.get('referer');
  if (!origin) {
    return false;
  }
  try {
    return new URL(origin).host === ctx.host;
  } catch {
    return false;
  }
}

/** Unsafe requests made with the console cookie: the CSRF token and our own origin. */
export function csrfHolds(ctx: Context, claims: ConsoleClaims): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(ctx.method)) {
    return true;
  }
  return sameText(ctx.get(CSRF_HEADER), claims.csrf) && sameOrigin(ctx);
}
