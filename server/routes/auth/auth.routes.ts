import Router from '@koa/router';
import { describeEmployee } from '../../../models/pool/employee-overview.js';
import type { AppDeps } from '../../app.js';
import { issueSessionToken, SESSION_TTL_SECONDS } from '../../auth/session.js';
import { employeeForLoginCode } from '../../auth/miniapp-login.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import { loginBody, loginResponse, type LoginBody } from './auth.schema.js';

export const authOperations = {
  login: operation({
    method: 'post', path: '/auth/login', tag: '登录', auth: false, body: loginBody, response: loginResponse,
    summary: 'Log in from the mini-app with a wx.qy.login code',
    description: 'The server exchanges the code through miniprogram/jscode2session, maps (corpid, userid) to an active employee '
      + 'and answers a signed, expiring session token. The WeCom session_key never leaves the server.',
    errors: ['FORBIDDEN', 'WECOM_CONFIG_ERROR', 'WECOM_UNAVAILABLE'],
  }),
};

/** POST /api/auth/login: wx.qy.login code → session token. */
export function authRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.use(jsonBody());
  mount(router, deps, authOperations.login, async (ctx) => {
    const { code } = inputOf<LoginBody>(ctx).body;
    const employee = await employeeForLoginCode(deps.wecom, code);
    const now = deps.clock.now();
    ctx.body = {
      token: issueSessionToken(deps.sessionSecret, employee._id, now),
      expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
      employee: await describeEmployee(employee, deps.config, now),
    };
  });
  return router;
}
