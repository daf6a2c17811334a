import Router from '@koa/router';
import type { AppDeps } from '../../app.js';
import { openApiDocument } from './openapi.document.js';

/** GET /api/openapi.json: the OpenAPI description of the mini-app API. */
export function openApiRoutes(_deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  let document: Record<string, unknown> | undefined;
  router.get('/openapi.json', (ctx) => {
    document ??= openApiDocument();
    ctx.body = document;
  });
  return router;
}
