import type { Middleware } from 'koa';
import { AppError } from '../../models/shared/app-error.js';

/**
 * Turns what no route answered into the product's JSON errors: 404 NOT_FOUND for an unknown path,
 * 405 METHOD_NOT_ALLOWED (with the router's Allow header) for a method the path does not have, also
 * for methods nobody implements (the router's 501: a client's mistake is not a server error).
 */
export function unmatchedRequest(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body !== undefined && ctx.body !== null) {
      return;
    }
    if (ctx.status === 404) {
      throw new AppError('NOT_FOUND', '请求的地址不存在', { details: { path: ctx.path.slice(0, 200) } });
    }
    if (ctx.status === 405 || ctx.status === 501) {
      throw new AppError('METHOD_NOT_ALLOWED', `该地址不支持 ${ctx.method.slice(0, 20)} 请求`, {
        details: { allow: ctx.response.get('Allow') },
      });
    }
  };
}
