import Router from '@koa/router';
import type { Context } from 'koa';
import { AppError } from '../../../models/shared/app-error.js';
import { describeEmployee } from '../../../models/pool/employee-overview.js';
import type { AppDeps } from '../../app.js';
import { issueSessionToken, SESSION_TTL_SECONDS } from '../../auth/session.js';
import { employeeForLoginCode } from '../../auth/miniapp-login.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import { localLoginBody, loginBody, loginResponse, type LocalLoginBody, type LoginBody } from './auth.schema.js';

export const authOperations = {
  login: operation({
    method: 'post',
    path: '/auth/login',
    tag: '登录',
    auth: false,
    body: loginBody,
    response: loginResponse,
    summary: 'Log in from the mini-app with a wx.qy.login code',
    description:
      'The server exchanges the code through miniprogram/jscode2session, maps (corpid, userid) to an active employee ' +
      'and answers a signed, expiring session token. The WeCom session_key never leaves the server.',
    errors: ['WECOM_CODE_INVALID', 'FORBIDDEN', 'WECOM_CONFIG_ERROR', 'WECOM_UNAVAILABLE'],
  }),
  localLogin: operation({
    method: 'post',
    path: '/auth/local-login',
    tag: '登录',
    auth: false,
    body: localLoginBody,
    response: loginResponse,
    summary: 'Local mode only: log in as a member of the emulated corp',
    description:
      'Outside WeCom (WeChat DevTools in local mode) there is no wx.qy.login: the WeCom emulator issues the code and ' +
      'the login then runs exactly as POST /api/auth/login, through jscode2session. Answers 404 unless the server runs in local mode.',
    errors: ['NOT_FOUND', 'FORBIDDEN'],
  }),
};

async function answerLogin(ctx: Context, deps: AppDeps, code: string): Promise<void> {
  const employee = await employeeForLoginCode(deps.wecom, code);
  const now = deps.clock.now();
  ctx.body = {
    token: issueSessionToken(deps.sessionSecret, employee._id, now),
    expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
    employee: await describeEmployee(employee, deps.config, now),
  };
}

/** POST /api/auth/login: wx.qy.login code → session token (and its local-mode variant). */
export function authRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.use(jsonBody());
  mount(router, deps, authOperations.login, async (ctx) => {
    await answerLogin(ctx, deps, inputOf<LoginBody>(ctx).body.code);
  });
  mount(router, deps, authOperations.localLogin, async (ctx) => {
    if (deps.config.mode !== 'local' || !deps.issueLocalLoginCode) {
      throw new AppError('NOT_FOUND', '仅本地模式可用');
    }
    await answerLogin(ctx, deps, deps.issueLocalLoginCode(inputOf<LocalLoginBody>(ctx).body.userId));
  });
  return router;
}
