import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Types } from 'mongoose';
import type { Config } from '../../config/config.js';
import { ensurePrivateDir } from '../../models/shared/db/private-files.js';

// Mini-app sessions: a compact HMAC-signed token `v1.<payload>.<signature>` carrying the employee id
// and an expiry. The WeCom session_key never leaves the server; only this token does.

export interface SessionClaims {
  /** Employee _id. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The employee's session version when issued (models/org/sessions.ts); absent in tokens of version 0. */
  ver?: number;
}

export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function issueSessionToken(
  secret: string,
  employeeId: Types.ObjectId | string,
  now: Date,
  ttlSeconds = SESSION_TTL_SECONDS,
  version = 0,
): string {
  const claims: SessionClaims = { sub: String(employeeId), exp: Math.floor(now.getTime() / 1000) + ttlSeconds };
  if (version > 0) {
    claims.ver = version;
  }
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `v1.${payload}.${sign(secret, `v1.${payload}`)}`;
}

// Tokens already found well-signed, per secret: a rep's requests carry the same token all day, and its HMAC costs
// more than the rest of the check. Only verified tokens enter (a forged one is checked every time); expiry is
// checked on every use. Bounded: the oldest is forgotten first.
const verified = new Map<string, Map<string, SessionClaims>>();
const VERIFIED_KEPT = 10_000;

/** The claims of a well-signed, unexpired token; null for anything else. */
export function verifySessionToken(secret: string, token: string, now: Date): SessionClaims | null {
  const known = verified.get(secret)?.get(token);
  if (known) {
    return known.exp * 1000 > now.getTime() ? { ...known } : null;
  }
  const claims = checkSignedToken(secret, token, now);
  if (claims) {
    const tokens = verified.get(secret) ?? new Map<string, SessionClaims>();
    verified.set(secret, tokens);
    tokens.set(token, { ...claims });
    if (tokens.size > VERIFIED_KEPT) {
      tokens.delete(tokens.keys().next().value!);
    }
  }
  return claims;
}

function checkSignedToken(secret: string, token: string, now: Date): SessionClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') {
    return null;
  }
  const expected = Buffer.from(sign(secret, `v1.${parts[1]}`));
  const given = Buffer.from(parts[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return null;
  }
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as SessionClaims;
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.exp !== 'number' ||
      (claims.ver !== undefined && typeof claims.ver !== 'number') ||
      claims.exp * 1000 <= now.getTime()
    ) {
      return null;
    }
    return claims;
  } catch {
    return null;
  }
}

/**
 * SESSION_SECRET, or in local mode a random secret kept under DATA_DIR so sessions survive restarts.
 * (In WeCom mode the config refuses to start without SESSION_SECRET.)
 */
export function resolveSessionSecret(config: Pick<Config, 'sessionSecret' | 'dataDir'>): string {
  if (config.sessionSecret) {
    return config.sessionSecret;
  }
  const dir = resolve(config.dataDir);
  const file = join(dir, 'session-secret');
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  ensurePrivateDir(dir);
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
