import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import { z } from 'zod';
import type { Context } from 'koa';
import { consoleMembers, consolePagesFor } from '../../../models/console/console-pages.js';
import { AppError } from '../../../models/shared/app-error.js';
import { revokeEmployeeSessions } from '../../../models/org/sessions.js';
import { currentEmployee } from '../../middleware/authenticate.js';
import type { Employee } from '../../../models/org/employee.model.js';
import type { AppDeps } from '../../app.js';
import { consoleEmployeeForCode, consoleSessionEmployee, wecomLoginUrl } from '../../auth/console-login.js';
import {
  clearConsoleCookie,
  CONSOLE_COOKIE,
  issueConsoleToken,
  sameOrigin,
  setConsoleCookie,
  verifyConsoleToken,
} from '../../auth/console-session.js';
import { jsonBody } from '../../middleware/json-body.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
import {
  consoleSessionResponse,
  localLoginBody,
  loginOptionsResponse,
  wecomCallbackQuery,
  wecomStartQuery,
  type LocalLoginBody,
  type WecomCallbackQuery,
  type WecomStartQuery,
} from './console-auth.schema.js';

const OAUTH_STATE_COOKIE = 'scrm_oauth_state';
const CALLBACK_PATH = '/api/console/auth/wecom/callback';

export const consoleAuthOperations = {
  options: operation({
    method: 'get',
    path: '/console/auth/options',
    tag: '管理后台',
    auth: false,
    response: loginOptionsResponse,
    summary: 'How to log in to the ops console: WeCom login, and in local mode the demo corp’s members',
  }),
  localLogin: operation({
    method: 'post',
    path: '/console/auth/local-login',
    tag: '管理后台',
    auth: false,
    body: localLoginBody,
    response: consoleSessionResponse,
    summary: 'Local mode only: log in to the console as a member of the emulated corp (through auth/getuserinfo)',
    errors: ['NOT_FOUND', 'FORBIDDEN', 'CSRF_FAILED'],
  }),
  wecomStart: operation({
    method: 'get',
    path: '/console/auth/wecom',
    tag: '管理后台',
    auth: false,
    query: wecomStartQuery,
    summary: 'Redirects to WeCom web login (企业微信扫码登录), or with in=wecom to OAuth in WeCom’s browser',
    errors: ['WECOM_CONFIG_ERROR'],
  }),
  wecomCallback: operation({
    method: 'get',
    path: '/console/auth/wecom/callback',
    tag: '管理后台',
    auth: false,
    query: wecomCallbackQuery,
    summary: 'WeCom redirects here with a code: the session cookie is set and the browser sent to the console',
  }),
  logout: operation({
    method: 'post',
    path: '/console/auth/logout',
    tag: '管理后台',
    auth: true,
    response: z.object({ ok: z.literal(true) }),
    summary: 'Ends the console session and every other session of the employee (the mini-app’s included)',
  }),
  session: operation({
    method: 'get',
    path: '/console/session',
    tag: '管理后台',
    auth: false,
    response: z.object({ session: consoleSessionResponse.nullable() }),
    summary: 'The logged-in employee, the CSRF token and the console pages their role opens (null: log in first)',
  }),
};

function sessionAnswer(employee: Employee, csrfToken: string, deps: AppDeps) {
  return {
    employee: {
      id: String(employee._id),
      userId: employee.userId,
      name: employee.name,
      role: employee.role,
      leaderOfDepartmentIds: employee.leaderOfDepartmentIds,
    },
    csrfToken,
    pages: consolePagesFor(employee),
    mode: deps.config.mode,
    timeZone: deps.config.timezone,
  };
}

function startSession(ctx: Context, deps: AppDeps, employee: Employee): string {
  const token = issueConsoleToken(deps.sessionSecret, employee, deps.clock.now());
  setConsoleCookie(ctx, token);
  return verifyConsoleToken(deps.sessionSecret, token, deps.clock.now())!.csrf;
}

async function finishWecomLogin(ctx: Context, deps: AppDeps, query: WecomCallbackQuery): Promise<void> {
  const expected = ctx.cookies.get(OAUTH_STATE_COOKIE);
  ctx.cookies.set(OAUTH_STATE_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: CALLBACK_PATH, maxAge: 0 });
  if (!query.code || !query.state || !expected || query.state !== expected) {
    ctx.redirect('/console/login?error=STATE');
    return;
  }
  try {
    const employee = await consoleEmployeeForCode(deps.wecom, query.code);
    startSession(ctx, deps, employee);
    ctx.redirect('/console/');
  } catch (error) {
    if (!(error instanceof AppError)) {
      throw error;
    }
    ctx.redirect(`/console/login?error=${encodeURIComponent(error.code)}`);
  }
}

/** The ops console's login (WeCom web login / OAuth, local member picker), logout and session. */
export function consoleAuthRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  router.use(jsonBody());
  const ops = consoleAuthOperations;
  const local = () => deps.config.mode === 'local' && deps.issueLocalOAuthCode !== undefined;

  mount(router, deps, ops.options, async (ctx) => {
    ctx.body = { mode: deps.config.mode, members: local() ? await consoleMembers() : [] };
  });
  mount(router, deps, ops.localLogin, async (ctx) => {
    if (!local()) {
      throw new AppError('NOT_FOUND', '仅本地模式可用');
    }
    // A login form posted from another site would log the victim in as someone else (login CSRF).
    if (!sameOrigin(ctx)) {
      throw new AppError('CSRF_FAILED', '请求来源校验失败，请刷新页面后重试');
    }
    const code = deps.issueLocalOAuthCode!(inputOf<LocalLoginBody>(ctx).body.userId);
    const employee = await consoleEmployeeForCode(deps.wecom, code);
    ctx.body = sessionAnswer(employee, startSession(ctx, deps, employee), deps);
  });
  mount(router, deps, ops.wecomStart, (ctx) => {
    const state = randomBytes(16).toString('base64url');
    const redirectUri = `${ctx.protocol}://${ctx.host}${CALLBACK_PATH}`;
    const url = wecomLoginUrl(deps.config, {
      redirectUri,
      state,
      inWecom: inputOf<unknown, WecomStartQuery>(ctx).query.in === 'wecom',
    });
    ctx.cookies.set(OAUTH_STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.secure,
      path: CALLBACK_PATH,
      maxAge: 10 * 60_000,
    });
    ctx.redirect(url);
  });
  mount(router, deps, ops.wecomCallback, async (ctx) => {
    await finishWecomLogin(ctx, deps, inputOf<unknown, WecomCallbackQuery>(ctx).query);
  });
  // Like the mini-app's logout, it ends every session of the employee: a copy of the cookie is worthless.
  mount(router, deps, ops.logout, async (ctx) => {
    await revokeEmployeeSessions(currentEmployee(ctx)._id);
    clearConsoleCookie(ctx);
    ctx.body = { ok: true };
  });
  // Answers 200 either way: the console asks on every load, and a browser logs every 401 as an error.
  mount(router, deps, ops.session, async (ctx) => {
    const claims = verifyConsoleToken(deps.sessionSecret, ctx.cookies.get(CONSOLE_COOKIE) ?? '', deps.clock.now());
    const employee = claims ? await consoleSessionEmployee(claims) : null;
    ctx.body = { session: employee && claims ? sessionAnswer(employee, claims.csrf, deps) : null };
  });
  return router;
}
