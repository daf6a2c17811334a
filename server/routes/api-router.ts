import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { DomainContext } from '../../models/shared/domain-context.js';
import type { AppDeps } from '../app.js';
import { employeeDomainContext } from '../middleware/authenticate.js';
import { inputOf, type Validated } from '../middleware/validate.js';
import { mount, type ApiOperation } from './openapi/operation.js';

/** A domain use case run for one request: the validated input, as the authenticated employee acting now. */
export type UseCase<B, Q, P> = (input: Validated<B, Q, P>, context: DomainContext) => Promise<unknown>;

/**
 * The handler of a thin route (STYLE.md §5): runs the use case with the validated input as the signed-in
 * employee and answers what it returns, with `status` when it is not 200 (201 created, 202 accepted).
 */
export function answer<B = unknown, Q = unknown, P = unknown>(
  deps: Pick<AppDeps, 'clock' | 'config'>,
  useCase: UseCase<B, Q, P>,
  status?: number,
): Middleware {
  return async (ctx) => {
    const body = await useCase(inputOf<B, Q, P>(ctx), employeeDomainContext(ctx, deps));
    if (status !== undefined) {
      ctx.status = status;
    }
    ctx.body = body;
  };
}

/**
 * The handler of a command on the document the path names (`/…/:id`): the use case gets that id and the
 * validated body; answers what it returns, with `status` when it is not 200.
 */
export function answerForId<B = unknown>(
  deps: Pick<AppDeps, 'clock' | 'config'>,
  useCase: (id: string, body: B, context: DomainContext) => Promise<unknown>,
  status?: number,
): Middleware {
  return answer<B, unknown, { id: string }>(
    deps,
    ({ body, params }, context) => useCase(params.id, body, context),
    status,
  );
}

/** The handler of a read: the domain's query for the validated query string, its result shaped by `present`. */
export function readAnswer<Q, R>(
  deps: Pick<AppDeps, 'clock' | 'config'>,
  read: (query: Q, context: DomainContext) => Promise<R>,
  present: (found: R) => unknown,
): Middleware {
  return answer<unknown, Q>(deps, async ({ query }, context) => present(await read(query, context)));
}

/**
 * The router of one resource under /api: each operation mounted (session, body, validation) with its
 * handlers, in the order the handlers are listed.
 */
export function apiRouter<K extends string>(
  deps: AppDeps,
  operations: Record<K, ApiOperation>,
  handlers: Record<K, Middleware | Middleware[]>,
): Router {
  const router = new Router({ prefix: '/api' });
  for (const key of Object.keys(handlers) as K[]) {
    const handler: Middleware | Middleware[] = handlers[key];
    mount(router, deps, operations[key], ...([] as Middleware[]).concat(handler));
  }
  return router;
}

/** Every operation of the given resources, in order, for the API description. */
export function operationsOf(...resources: Record<string, ApiOperation>[]): ApiOperation[] {
  return resources.flatMap((operations) => Object.values(operations));
}
