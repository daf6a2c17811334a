import type { Middleware } from 'koa';
import { AppError } from '../../models/errors/app-error.js';

/**
 * Parses a JSON request body onto ctx.request.body, up to `limit` bytes. A body that is not JSON
 * answers 400, an oversized one 413; an empty body is {}.
 */
export function jsonBody(limit = 256 * 1024): Middleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) {
      await next();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        throw new AppError('PAYLOAD_TOO_LARGE', '请求内容过大', { details: { limit } });
      }
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (text !== '' && !ctx.is('application/json')) {
      throw new AppError('VALIDATION_FAILED', '请求内容必须是 JSON（Content-Type: application/json）');
    }
    try {
      (ctx.request as { body?: unknown }).body = text === '' ? {} : JSON.parse(text) as unknown;
    } catch {
      throw new AppError('VALIDATION_FAILED', '请求内容不是合法的 JSON');
    }
    await next();
  };
}
