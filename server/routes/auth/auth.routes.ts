import Router from '@koa/router';
import { z } from 'zod';
import type { Context } from 'koa';
import { AppError } from '../../../models/shared/app-error.js';
import { withinDeadline } from '../../../models/shared/deadline.js';
import { revokeEmployeeSessions } from '../../../models/org/sessions.js';
import { describeEmployee } from '../../../models/pool/employee-overview.js';
import type { AppDeps } from '../../app.js';
import { issueSessionToken, SESSION_TTL_SECONDS } from '../../auth/session.js';
import { employeeForLoginCode } from '../../auth/miniapp-login.js';
import { currentEmployee } from '../../middleware/authenticate.js';
import { countRequest, rateLimit } from '../../middleware/rate-limit.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import {
  localLoginBody,
  localMembersResponse,
  loginBody,
  loginResponse,
  type LocalLoginBody,
  type LoginBody,
} from './auth.schema.js';
import { consoleMembers } from '../../../models/console/console-pages.js';

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
      'and answers a signed, expiring session token. The WeCom session_key never leaves the server. Rate-limited per ' +
      'client address (RATE_LIMIT_LOGIN_ADDRESS) and per employee (RATE_LIMIT_LOGIN_EMPLOYEE); an unreachable WeCom ' +
      'answers 503 WECOM_UNAVAILABLE within 5 s.',
    errors: ['WECOM_CODE_INVALID', 'FORBIDDEN', 'WECOM_CONFIG_ERROR', 'WECOM_UNAVAILABLE', 'RATE_LIMITED'],
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
      'the login then runs exactly as POST /api/auth/login, through jscode2session. Only members of the emulated corp ' +
      'may log in; answers 404 unless the server runs in local mode.',
    errors: ['NOT_FOUND', 'FORBIDDEN', 'RATE_LIMITED'],
  }),
  localMembers: operation({
    method: 'get',
    path: '/auth/local-members',
    tag: '登录',
    auth: false,
    response: localMembersResponse,
    summary: 'Local mode only: the emulated corp’s reps and managers, for the mini-app’s member picker',
    description: 'Outside WeCom the local-mode mini-app asks whom to log in as; answers 404 unless in local mode.',
    errors: ['NOT_FOUND'],
  }),
  logout: operation({
    method: 'post',
    path: '/auth/logout',
    tag: '登录',
    auth: true,
    response: z.object({ loggedOut: z.literal(true) }),
    summary: "Log out: ends every session of the logged-in employee (the mini-app's and the console's)",
  }),
};

/** WeCom has this long to answer a login before the user is told it is unreachable (within 5 s in all). */
export const LOGIN_WECOM_DEADLINE_MS = 4000;

function wecomLoginTimedOut(): AppError {
  return new AppError('WECOM_UNAVAILABLE', '暂时无法连接企业微信，请稍后重试', {
    details: { api: 'miniprogram/jscode2session', reason: 'timeout' },
  });
}

async function answerLogin(ctx: Context, deps: AppDeps, code: string): Promise<void> {
  const employee = await withinDeadline(
    employeeForLoginCode(deps.wecom, code),
    LOGIN_WECOM_DEADLINE_MS,
    wecomLoginTimedOut,
  );
  await countRequest(ctx, deps, 'login-employee', deps.config.rateLimits.loginEmployee, String(employee._id));
  const now = deps.clock.now();
  ctx.body = {
    token: issueSessionToken(deps.sessionSecret, employee._id, now, SESSION_TTL_SECONDS, employee.sessionVersion),
    expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
    employee: await describeEmployee(employee, deps.config, now),
  };
}

/** POST /api/auth/login: wx.qy.login code → session token (and its local-mode variant); logout. */
export function authRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  const perAddress = rateLimit(deps, 'login-address', (c) => c.rateLimits.loginAddress, { key: (ctx) => ctx.ip });
  mount(router, deps, authOperations.login, perAddress, async (ctx) => {
    await answerLogin(ctx, deps, inputOf<LoginBody>(ctx).body.code);
  });
  mount(router, deps, authOperations.localLogin, perAddress, async (ctx) => {
    if (deps.config.mode !== 'local' || !deps.issueLocalLoginCode) {
      throw new AppError('NOT_FOUND', '仅本地模式可用');
    }
    const code = deps.issueLocalLoginCode(inputOf<LocalLoginBody>(ctx).body.userId);
    if (!code) {
      throw new AppError('FORBIDDEN', '本地模式只能以演示企业的成员身份登录', { details: { reason: 'not-a-member' } });
    }
    await answerLogin(ctx, deps, code);
  });
  mount(router, deps, authOperations.localMembers, async (ctx) => {
    if (deps.config.mode !== 'local' || !deps.issueLocalLoginCode) {
      throw new AppError('NOT_FOUND', '仅本地模式可用');
    }
    // The mini-app is for reps and their managers; ops and admins work in the console.
    const members = (await consoleMembers()).filter((m) => m.role === 'rep' || m.role === 'manager');
    ctx.body = { members: members.map(({ userId, name, role }) => ({ userId, name, role })) };
  });
  mount(router, deps, authOperations.logout, async (ctx) => {
    await revokeEmployeeSessions(currentEmployee(ctx)._id);
    ctx.body = { loggedOut: true };
  });
  return router;
}
