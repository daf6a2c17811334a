import type { Context, Middleware } from 'koa';
import type { Employee } from '../../models/org/employee.model.js';
import { readEmployee, rememberActingEmployee } from '../../models/org/permissions.js';
import { sessionStillValid } from '../../models/org/sessions.js';
import { AppError } from '../../models/shared/app-error.js';
import type { Actor, DomainContext } from '../../models/shared/domain-context.js';
import type { AppDeps } from '../app.js';
import { CONSOLE_COOKIE, csrfHolds, verifyConsoleToken } from '../auth/console-session.js';
import { verifySessionToken } from '../auth/session.js';

interface SessionSubject {
  sub: string;
  /** The employee's session version the session was issued under (models/org/sessions.ts). */
  ver?: number;
}

/** The employee id of the request's session: the mini-app's bearer token, or the console's cookie. */
function sessionSubject(ctx: Context, deps: Pick<AppDeps, 'clock' | 'sessionSecret'>): SessionSubject | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
  if (bearer) {
    return verifySessionToken(deps.sessionSecret, bearer, deps.clock.now());
  }
  const cookie = ctx.cookies.get(CONSOLE_COOKIE);
  const claims = cookie ? verifyConsoleToken(deps.sessionSecret, cookie, deps.clock.now()) : null;
  if (claims && !csrfHolds(ctx, claims)) {
    throw new AppError('CSRF_FAILED', '请求来源校验失败，请刷新页面后重试');
  }
  return claims ? { sub: claims.sub, ver: claims.ver } : null;
}

/**
 * Requires a session of an active employee — `Authorization: Bearer <session token>` (mini-app) or the
 * console's cookie with its CSRF token — and puts the employee on ctx.state.employee. Expired, forged,
 * revoked (logout, role change) or resigned sessions are refused with 401. It runs before the request body
 * is read (see mount()).
 */
export function authenticate(deps: Pick<AppDeps, 'clock' | 'sessionSecret'>): Middleware {
  return async (ctx, next) => {
    const session = sessionSubject(ctx, deps);
    const subject = session?.sub;
    if (!session || !subject || !/^[a-f\d]{24}$/i.test(subject)) {
      throw new AppError('UNAUTHENTICATED', '登录已过期或无效，请重新登录');
    }
    const employee = await readEmployee(subject);
    if (!employee || employee.status !== 'active') {
      throw new AppError('UNAUTHENTICATED', '账号不可用（已离职或不存在），请联系管理员');
    }
    // Logged out, or the role changed since this session was issued.
    if (!sessionStillValid(employee, session.ver)) {
      throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    }
    ctx.state.employee = employee;
    await next();
  };
}

/** The authenticated employee of this request. */
export function currentEmployee(ctx: Context): Employee {
  const employee = ctx.state.employee as Employee | undefined;
  if (!employee) {
    throw new AppError('UNAUTHENTICATED', '请先登录');
  }
  return employee;
}

/** The domain context for the authenticated employee acting now. */
export function employeeDomainContext(ctx: Context, deps: Pick<AppDeps, 'clock' | 'config'>): DomainContext {
  let actor = ctx.state.actor as Actor | undefined;
  if (!actor) {
    const employee = currentEmployee(ctx);
    // One actor per request, carrying the employee the session check read, so no domain function reads it again.
    actor = { kind: 'employee', employeeId: employee._id, role: employee.role };
    rememberActingEmployee(actor, employee);
    ctx.state.actor = actor;
  }
  return { actor, now: deps.clock.now(), config: deps.config };
}
