import { AppError } from '../shared/app-error.js';

// A customer's configurable profile (客户画像) is bounded so no request, import or sum of edits can
// grow one document without limit: at most 50 fields and 16 KB in all. Names that mean something to
// JavaScript objects or mongoose maps are refused, so they never reach storage.

export const MAX_PROFILE_FIELDS = 50;
export const MAX_PROFILE_BYTES = 16 * 1024;
export const RESERVED_PROFILE_KEYS: readonly string[] = ['constructor', '__proto__', 'prototype'];

/** Refuses (400 VALIDATION_FAILED) a profile that is too large or uses a reserved field name. */
export function assertProfileBounds(profile: Record<string, unknown>): void {
  const keys = Object.keys(profile);
  const reserved = keys.filter(
    (key) => RESERVED_PROFILE_KEYS.includes(key) || key.startsWith('$') || key.includes('.'),
  );
  if (reserved.length > 0) {
    throw new AppError('VALIDATION_FAILED', `画像字段名不可用：${reserved.join('、')}`, {
      details: { field: 'profile', reserved },
    });
  }
  if (keys.length > MAX_PROFILE_FIELDS) {
    throw new AppError('VALIDATION_FAILED', `客户画像最多 ${MAX_PROFILE_FIELDS} 个字段`, {
      details: { field: 'profile', fields: keys.length, maxFields: MAX_PROFILE_FIELDS },
    });
  }
  const bytes = Buffer.byteLength(JSON.stringify(profile), 'utf8');
  if (bytes > MAX_PROFILE_BYTES) {
    throw new AppError('VALIDATION_FAILED', `客户画像内容过多（最多 ${MAX_PROFILE_BYTES / 1024} KB）`, {
      details: { field: 'profile', bytes, maxBytes: MAX_PROFILE_BYTES },
    });
  }
}
