import type { Middleware } from 'koa';
import { AppError } from '../../models/errors/app-error.js';

const DEFAULT_LIMIT = 64 * 1024;

/**
 * Parses a JSON request body onto ctx.request.body (bounded; 413 past the limit, 400 when it is not
 * JSON). Requests without a body get `{}`. Used by the JSON API routers only, so other endpoints
 * (e.g. signed XML callbacks) keep their raw bodies.
 */
export function jsonBody(limitBytes = DEFAULT_LIMIT): Middleware {
  return async (ctx, next) => {
    const request = ctx.request as typeof ctx.request & { body?: unknown };
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) {
      await next();
      return;
    }
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > limitBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大');
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (text === '') {
      request.body = {};
    } else {
      if (!ctx.is('application/json')) {
        throw new AppError('VALIDATION_FAILED', '请求体必须是 JSON（Content-Type: application/json）');
      }
      try {
        request.body = JSON.parse(text) as unknown;
      } catch {
        throw new AppError('VALIDATION_FAILED', '请求体不是合法的 JSON');
      }
    }
    await next();
  };
}
