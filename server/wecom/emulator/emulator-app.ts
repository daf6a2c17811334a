import Router from '@koa/router';
import Koa, { type Context, type Middleware } from 'koa';
import { readRawBody } from '../../middleware/raw-body.js';
import { answer, contactRoutes } from './emulator-contact.routes.js';
import { controlRoutes } from './emulator-control.routes.js';
import { transferRoutes } from './emulator-transfer.routes.js';
import { oauthRoutes } from './emulator-oauth.routes.js';
import { orgRoutes } from './emulator-org.routes.js';
import type { WecomEmulator } from './wecom-emulator.js';

// The emulator's HTTP face: WeCom's /cgi-bin API (token check, fault injection, call log, then the
// emulated APIs) and the /_emulator control endpoints.

export interface Fault {
  /** API path without /cgi-bin/, e.g. 'message/send'; omitted = any API but gettoken. */
  api?: string;
  /**
   * 5xx: a gateway error, nothing done. timeout: WeCom is slow — the call is carried out, the answer
   * comes late. hang: WeCom is unreachable — the request is never answered nor carried out, and the
   * connection is dropped after delayMs. errcode: an API error.
   */
  kind: '5xx' | 'timeout' | 'hang' | 'errcode';
  errcode?: number;
  /** How many calls it affects (ignored when `until` is set). */
  times: number;
  /** An outage: every matching call fails until this moment on the emulator's clock. */
  until?: Date;
  /** For 'timeout' and 'hang': how long the answer is held back. */
  delayMs?: number;
  /** Only calls this matches (by query string and JSON body). */
  when?: (query: Record<string, unknown>, body: Record<string, unknown>) => boolean;
}

export interface EmulatorCall {
  api: string;
  at: Date;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** Applies an injected fault before the call; returns true when the fault answered it. */
async function faultAnswered(ctx: Context, fault: Fault | undefined): Promise<boolean> {
  if (fault?.kind === 'hang') {
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2000));
    ctx.req.socket.destroy();
    ctx.respond = false;
    return true;
  }
  if (fault?.kind === '5xx') {
    ctx.status = 502;
    ctx.body = 'Bad Gateway';
    return true;
  }
  if (fault?.kind === 'errcode') {
    answer(ctx, {}, fault.errcode ?? -1);
    return true;
  }
  return false;
}

/** Every API call: body parsing, the call log, the access token check and injected faults. */
function apiGate(emulator: WecomEmulator, bodies: WeakMap<Context, Record<string, unknown>>): Middleware {
  return async (ctx, next) => {
    const api = ctx.path.replace(/^\/cgi-bin\//, '');
    if (!ctx.path.startsWith('/cgi-bin/')) {
      await next();
      return;
    }
    let body: Record<string, unknown> = {};
    if (ctx.method === 'POST') {
      try {
        body = JSON.parse(await readRawBody(ctx, 1 << 20)) as Record<string, unknown>;
      } catch {
        return answer(ctx, {}, 47001);
      }
    }
    bodies.set(ctx, body);
    emulator.calls.push({ api, at: emulator.clock.now(), query: { ...ctx.query }, body });
    if (api !== 'gettoken') {
      const tokenError = emulator.state.tokenError(
        typeof ctx.query.access_token === 'string' ? ctx.query.access_token : undefined,
      );
      if (tokenError) {
        return answer(ctx, {}, tokenError);
      }
    }
    const fault = emulator.takeFault(api, { ...ctx.query }, body);
    if (await faultAnswered(ctx, fault)) {
      return;
    }
    await next();
    if (fault?.kind === 'timeout') {
      // The call was carried out; only the answer is late, as when WeCom is slow.
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2000));
    }
  };
}

function tokenRoutes(emulator: WecomEmulator): Router {
  const token = new Router();
  token.get('/cgi-bin/gettoken', (ctx) => {
    if (ctx.query.corpid !== emulator.corp.corpId) {
      return answer(ctx, {}, 40013);
    }
    if (ctx.query.corpsecret !== emulator.corp.secret) {
      return answer(ctx, {}, 40001);
    }
    const issued = emulator.state.issueToken();
    answer(ctx, { access_token: issued.token, expires_in: issued.expiresIn });
  });
  return token;
}

export function emulatorApp(emulator: WecomEmulator): Koa {
  const app = new Koa();
  const bodies = new WeakMap<Context, Record<string, unknown>>();
  const bodyOf = (ctx: Context) => bodies.get(ctx) ?? {};
  app.use(apiGate(emulator, bodies));
  for (const router of [
    tokenRoutes(emulator),
    contactRoutes(emulator.state, bodyOf),
    transferRoutes(emulator.state, bodyOf),
    orgRoutes(emulator.state, emulator.mailbox, bodyOf),
    oauthRoutes(emulator.state, bodyOf),
    controlRoutes(emulator),
  ]) {
    app.use(router.routes()).use(router.allowedMethods());
  }
  app.use((ctx) => answer(ctx, {}, 48001));
  return app;
}
