import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { z } from 'zod';
import type { ErrorCode } from '../../../models/shared/app-error.js';
import type { AppDeps } from '../../app.js';
import { authenticate } from '../../middleware/authenticate.js';
import { jsonBody } from '../../middleware/json-body.js';
import { validate } from '../../middleware/validate.js';

/**
 * One HTTP operation of the API, described once: the route registers from it (with session auth and
 * validation) and the OpenAPI document is generated from the same zod schemas, so the two cannot drift.
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Koa-style path below /api, e.g. `/customers/:id/claim`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Whether a session token is required (Authorization: Bearer). */
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The success answer, for the documentation. */
  response?: z.ZodType;
  /** Error codes this operation answers besides 400/401. */
  errors?: ErrorCode[];
  /** Largest JSON body accepted (bytes); default 64 KB, 4 KB without a session. */
  maxBodyBytes?: number;
}

export function operation<T extends ApiOperation>(op: T): T {
  return op;
}

/** An operation of the ops console (管理后台): it needs a session and answers FORBIDDEN, before its own errors. */
export function consoleOperation<T extends Omit<ApiOperation, 'tag' | 'auth'>>(
  op: T,
): T & { tag: string; auth: true; errors: ErrorCode[] } {
  return { ...op, tag: '管理后台', auth: true, errors: ['FORBIDDEN', ...(op.errors ?? [])] };
}

/**
 * Registers the operation on the router: [session auth], body parsing, validation, [extra middleware],
 * handler. The session is checked before a byte of the body is read, so nobody without one can make the
 * server parse anything; operations without a session accept only small bodies.
 */
export function mount(router: Router, deps: AppDeps, op: ApiOperation, ...handlers: Middleware[]): void {
  const chain: Middleware[] = [];
  if (op.auth) {
    chain.push(authenticate(deps));
  }
  if (op.body) {
    chain.push(jsonBody(op.maxBodyBytes ?? (op.auth ? 64 * 1024 : 4 * 1024)));
  }
  chain.push(validate({ body: op.body, query: op.query, params: op.params }));
  router[op.method](op.path, ...chain, ...handlers);
}
