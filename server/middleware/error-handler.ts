import type { Middleware } from 'koa';
import type { Logger } from '../../config/logger.js';
import { AppError } from '../../models/errors/app-error.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string };
}

/**
 * The one error handler: AppErrors become their status with code and Chinese message; anything else
 * is logged and answered with a generic 500 that reveals nothing.
 */
export function errorHandler(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const requestId = ctx.state.requestId as string | undefined;
      if (error instanceof AppError && error.expose) {
        ctx.status = error.status;
        ctx.body = { error: { code: error.code, message: error.message, details: error.details, requestId } } satisfies ErrorBody;
        return;
      }
      // Koa's own HTTP errors (e.g. from the body parser) carry a status and are safe to expose.
      const status = (error as { status?: number; expose?: boolean }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = {
          error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED', message: status === 413 ? '请求内容过大' : '请求格式不正确', requestId },
        } satisfies ErrorBody;
        return;
      }
      log.error('unhandled error', { error, method: ctx.method, path: ctx.path, requestId });
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId } } satisfies ErrorBody;
    }
  };
}
