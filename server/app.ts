import { IncomingMessage, type ServerResponse } from 'node:http';
import Koa from 'koa';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { Clock } from '../models/shared/clock.js';
import { errorHandler } from './middleware/error-handler.js';
import { requestId } from './middleware/request-id.js';
import { unmatchedRequest } from './middleware/unmatched-request.js';
import { allRoutes } from './routes/index.js';
import { wecomCallbackFastPath, type FastPath } from './routes/wecom-callback/callback-fast-path.js';
import type { WecomClient } from './wecom/wecom.client.js';

export interface AppDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  /** Signs mini-app session tokens (server/auth/session.ts). */
  sessionSecret: string;
  /** The WeCom API client (the emulator's in local mode and tests). */
  wecom: WecomClient;
  /**
   * Local mode only: the WeCom emulator issues a wx.qy.login code for a member of the emulated corp (no
   * real WeCom app to log in from); undefined for anyone who is not one.
   */
  issueLocalLoginCode?: (userId: string) => string | undefined;
  /** Local mode only: the emulator issues a web-login code for a member (the console's member picker). */
  issueLocalOAuthCode?: (userId: string) => string;
  /** Extra components reported by /healthz (e.g. the bot), each probed on request. */
  health?: Record<string, () => unknown>;
}

/** Koa, with WeCom's event callbacks answered ahead of the middleware (routes/wecom-callback/callback-fast-path.ts). */
class ScrmApp extends Koa {
  constructor(private readonly fastPath: FastPath) {
    // Behind one reverse proxy: the client address is the last X-Forwarded-For entry, the one the proxy
    // appended, so a client cannot choose the address its login attempts are counted under.
    super({ proxy: true, maxIpsCount: 1 });
  }

  override callback(): ReturnType<Koa['callback']> {
    const app = super.callback();
    // HTTP/1 requests only (the server is node:http); anything else goes to the app.
    return (req, res) =>
      req instanceof IncomingMessage && this.fastPath(req, res as ServerResponse) ? Promise.resolve() : app(req, res);
  }
}

/** Builds the Koa app without listening; the entry file (or a test) decides where it listens. */
export function createApp(deps: AppDeps): Koa {
  const app = new ScrmApp(wecomCallbackFastPath(deps));
  app.use(requestId());
  app.use(errorHandler(deps.log));
  app.use(unmatchedRequest());
  for (const router of allRoutes(deps)) {
    app.use(router.routes()).use(router.allowedMethods());
  }
  // Errors the handler already answered are not logged again by Koa.
  app.silent = true;
  return app;
}
