import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import { send } from '@koa/send';
import { AppError } from '../../../models/shared/app-error.js';
import type { AppDeps } from '../../app.js';

// The ops console (管理后台): the Vite build of server/console/ served under /console. Hashed assets
// are cached for good and sent pre-compressed (brotli or gzip, made by the build); every other path
// answers index.html, the single-page app, which routes in the browser.

// Read lazily: page tests of the mini-app load the server under jsdom, where this module's URL is not a file.
export const consoleDist = (): string => fileURLToPath(new URL('../../console/dist/', import.meta.url));

export function consoleAppRoutes(_deps: AppDeps): Router {
  const router = new Router();
  // Exact paths: the router's non-strict matching would also send /console/ here.
  router.get(/^\/$/, (ctx) => ctx.redirect('/console/'));
  router.get(/^\/console$/, (ctx) => ctx.redirect('/console/'));
  router.get(/^\/console\/assets\/(.+)$/, async (ctx) => {
    const served = await send(ctx, ctx.path.slice('/console/'.length), {
      root: consoleDist(),
      immutable: true,
      maxage: 365 * 24 * 3600_000,
    }).catch(() => null);
    if (!served) {
      throw new AppError('NOT_FOUND', '找不到该文件');
    }
  });
  router.get(/^\/console\/.*$/, async (ctx) => {
    if (!existsSync(`${consoleDist()}index.html`)) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '管理后台尚未构建：请运行 npm run build:console（npm install 会自动构建）';
      return;
    }
    await send(ctx, 'index.html', {
      root: consoleDist(),
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    });
    // The page may be framed by nobody, and talks only to this server.
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
  });
  return router;
}
