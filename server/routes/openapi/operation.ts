import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { z } from 'zod';
import type { ErrorCode } from '../../../models/shared/app-error.js';
import type { AppDeps } from '../../app.js';
import { authenticate } from '../../middleware/authenticate.js';
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
}

export function operation<T extends ApiOperation>(op: T): T {
  return op;
}

/** Registers the operation on the router: [session auth], validation, [extra middleware], handler. */
export function mount(router: Router, deps: AppDeps, op: ApiOperation, ...handlers: Middleware[]): void {
  const chain: Middleware[] = [];
  if (op.auth) {
    chain.push(authenticate(deps));
  }
  chain.push(validate({ body: op.body, query: op.query, params: op.params }));
  router[op.method](op.path, ...chain, ...handlers);
}
