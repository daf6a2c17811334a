import type { Middleware } from 'koa';
import { AppError } from '../../models/shared/app-error.js';
import { readRawBody } from './raw-body.js';

/**
 * Parses a JSON request body (up to maxBytes) onto ctx.request.body for validate(). Skips when a
 * body was already parsed upstream.
 */
export function jsonBody(maxBytes = 256 * 1024): Middleware {
  return async (ctx, next) => {
    const request = ctx.request as { body?: unknown };
    if (request.body === undefined && ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      const text = await readRawBody(ctx, maxBytes);
      try {
        request.body = text ? (JSON.parse(text) as unknown) : {};
      } catch {
        throw new AppError('VALIDATION_FAILED', '请求内容不是有效的 JSON');
      }
    }
    await next();
  };
}
