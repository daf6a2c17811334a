import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

/** Tags each request with an id, echoed in X-Request-Id and in error bodies, for support. */
export function requestId(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId as string);
    await next();
  };
}
