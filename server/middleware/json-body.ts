import type { Middleware } from 'koa';
import { AppError } from '../../models/shared/app-error.js';
import { readRawBody } from './raw-body.js';

// A "__proto__" key is an own property after JSON.parse, but any copy of the object (validation,
// spreading) silently turns it into a prototype change or drops it: refuse it instead.
function noProtoKey(key: string, value: unknown, found: () => void): unknown {
  if (key === '__proto__') {
    found();
  }
  return value;
}

/**
 * Parses a JSON request body (up to maxBytes) onto ctx.request.body for validate(). Skips when a
 * body was already parsed upstream.
 */
export function jsonBody(maxBytes = 256 * 1024): Middleware {
  return async (ctx, next) => {
    const request = ctx.request as { body?: unknown };
    if (request.body === undefined && ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      const text = await readRawBody(ctx, maxBytes);
      let reserved = false;
      try {
        request.body = text
          ? (JSON.parse(text, (key, value: unknown) => noProtoKey(key, value, () => (reserved = true))) as unknown)
          : {};
      } catch {
        throw new AppError('VALIDATION_FAILED', '请求内容不是有效的 JSON');
      }
      if (reserved) {
        throw new AppError('VALIDATION_FAILED', '请求中含有保留的字段名 __proto__', {
          details: { reserved: ['__proto__'] },
        });
      }
    }
    await next();
  };
}
