import type { Middleware } from 'koa';
import type { Logger } from '../../config/logger.js';
import { isDatabaseUnavailable } from '../../models/shared/db/database.js';
import { AppError, type ErrorCode } from '../../models/shared/app-error.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string };
}

/** Seconds a client is asked to wait before retrying while the database (or WeCom) is away. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

// What a caller is told when an error's own message is not for them (expose: false), as koa's onerror
// does: the status and code stay, the message becomes a generic one and the details are dropped.
const hiddenMessages: Partial<Record<ErrorCode, string>> = {
  WECOM_UNAVAILABLE: '暂时无法连接企业微信，请稍后重试',
  WECOM_RATE_LIMITED: '企业微信接口繁忙，请稍后重试',
  WECOM_API_ERROR: '企业微信接口出错，请稍后重试',
  WECOM_CONFIG_ERROR: '企业微信配置有误，请联系管理员',
  DATABASE_UNAVAILABLE: '数据库暂时不可用，请稍后重试',
};
const GENERIC_MESSAGE = '服务器内部错误，请稍后重试';

/** Where an error happened, for its log line and its body. */
export interface ErrorScene {
  method: string;
  path: string;
  requestId: string | undefined;
}

/** The answer to an error: its status, its headers besides the JSON content type, and its body. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

function appErrorAnswer(error: AppError, scene: ErrorScene, log: Logger): ErrorAnswer {
  const { method, path, requestId } = scene;
  if (error.code === 'DATABASE_UNAVAILABLE') {
    log.warn('database unavailable', {
      method,
      path,
      requestId,
      reason: error.cause instanceof Error ? error.cause.message : 'timeout',
    });
  } else if (!error.expose) {
    log.error('request failed', { error, code: error.code, method, path, requestId });
  }
  return {
    status: error.status,
    headers: error.status === 503 ? { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) } : {},
    body: {
      error: error.expose
        ? { code: error.code, message: error.message, details: error.details, requestId }
        : { code: error.code, message: hiddenMessages[error.code] ?? GENERIC_MESSAGE, requestId },
    },
  };
}

/**
 * The one mapping of errors to answers: AppErrors become their status and code, with their Chinese message
 * when it is exposed and a generic one otherwise; the database being unreachable becomes 503
 * DATABASE_UNAVAILABLE with Retry-After; anything else is logged and answered with a generic 500 that
 * reveals nothing. Used by the middleware below and by the WeCom callback's fast path.
 */
export function errorAnswer(caught: unknown, scene: ErrorScene, log: Logger): ErrorAnswer {
  const { requestId } = scene;
  // The database restarting or failing over: the caller (WeCom included) retries, which every
  // write is safe for. One line per request, without the stack.
  const error = isDatabaseUnavailable(caught)
    ? new AppError('DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试', { expose: true, cause: caught })
    : caught;
  if (error instanceof AppError) {
    return appErrorAnswer(error, scene, log);
  }
  // Koa's own HTTP errors (e.g. from the body parser) carry a status and are safe to expose.
  const status = (error as { status?: number; expose?: boolean }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      headers: {},
      body: {
        error: {
          code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED',
          message: status === 413 ? '请求内容过大' : '请求格式不正确',
          requestId,
        },
      },
    };
  }
  log.error('unhandled error', { error, ...scene });
  return {
    status: 500,
    headers: {},
    body: { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId } },
  };
}

/** The one error handler of the Koa app: errorAnswer for whatever the request's middleware threw. */
export function errorHandler(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      const answer = errorAnswer(
        caught,
        { method: ctx.method, path: ctx.path, requestId: ctx.state.requestId as string | undefined },
        log,
      );
      ctx.status = answer.status;
      for (const [name, value] of Object.entries(answer.headers)) {
        ctx.set(name, value);
      }
      ctx.body = answer.body;
    }
  };
}
